import type { ActionInput, ActionName, ActionOutput, ActionResult, Region } from '../../server/contract';
import { createLocalDeps } from '../../server/dev/local-deps';
import { cloudbaseBlobs } from '../../server/files/cloudbase-blobs';
import { createFileStore } from '../../server/files/file-store';
import { PiiProtector } from '../../server/lib/pii';
import { type CheckinCodeRenderer, type ServiceDeps, wechatCaller } from '../../server/services/context';
import { createLocalDeskTickets } from '../../server/services/desk-sessions';
import { ensureSystemAdmins } from '../../server/services/roles';
import { CloudbaseDocumentStore } from '../../server/store/cloudbase/cloudbase-document-store';
import { INDEXES } from '../../server/store/indexes';
import { fakeCloudbaseApp } from '../fake-cloudbase/fake-cloudbase-app';
import { type FakeCloudbase, startFakeCloudbase } from '../fake-cloudbase/fake-cloudbase-server';
import { demoIdCard } from '../../server/dev/demo-data';
import { dispatch } from '../../server/router/router';
import type { Clock } from '../../server/lib/time';
import { RecordingNotifier } from '../../server/notify/recording-notifier';

/** A fixed master key: tests need repeatable hashes, never a real secret. */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7);
export const SYSTEM_ADMIN = 'test_system_admin';

/** A clock the test moves by hand. Starts 2026-11-25 10:00 in Shanghai. */
export class ManualClock implements Clock {
  private current = new Date('2026-11-25T02:00:00.000Z');
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * The stores the rules are proven on: the embedded one, and the real CloudBase adapter with the
 * real node-sdk talking to the fake CloudBase server (so transactions, compare-and-set and
 * paging run through the production code path).
 */
export const BACKENDS = ['sqlite', 'cloudbase'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface Harness {
  deps: ServiceDeps;
  clock: ManualClock;
  /** The fake CloudBase server behind the adapter; `null` on SQLite. */
  fake: FakeCloudbase | null;
  /** What the outbox sent; its `answer` scripts WeChat's replies. */
  notifier: RecordingNotifier;
  /** Calls an action as this OPENID and returns the raw envelope. */
  call<K extends ActionName>(openid: string, action: K, input: ActionInput<K>): Promise<ActionResult<ActionOutput<K>>>;
  /** Calls an action and fails the test unless it succeeds. */
  ok<K extends ActionName>(openid: string, action: K, input: ActionInput<K>): Promise<ActionOutput<K>>;
  close(): Promise<void>;
}

const echoRenderer: CheckinCodeRenderer = {
  render: async (scene, page) => `data:image/png;base64,${Buffer.from(`${page}?scene=${scene}`).toString('base64')}`,
};

async function cloudbaseDeps(
  clock: Clock,
  notifier: RecordingNotifier,
): Promise<{ deps: ServiceDeps; fake: FakeCloudbase; close(): Promise<void> }> {
  const fake = await startFakeCloudbase();
  const app = fakeCloudbaseApp(fake);
  const store = new CloudbaseDocumentStore(app);
  await store.ensureIndexes(INDEXES);
  const pii = new PiiProtector(TEST_MASTER_KEY);
  await ensureSystemAdmins(store, pii, clock, [SYSTEM_ADMIN]);
  return {
    deps: {
      store,
      files: createFileStore(store, cloudbaseBlobs(app), clock),
      pii,
      clock,
      codeRenderer: echoRenderer,
      notifier,
      // The ticket is the platform's business; what the cloud harness proves is the store.
      deskTickets: createLocalDeskTickets(TEST_MASTER_KEY),
    },
    fake,
    close: async () => {
      await store.close();
      await fake.close();
    },
  };
}

export async function createHarness(backend: Backend = 'sqlite'): Promise<Harness> {
  const clock = new ManualClock();
  const notifier = new RecordingNotifier();
  const { deps, fake, close } =
    backend === 'cloudbase'
      ? await cloudbaseDeps(clock, notifier)
      : await createLocalDeps({
          filename: ':memory:',
          masterKey: TEST_MASTER_KEY,
          systemAdminOpenids: [SYSTEM_ADMIN],
          clock,
          codeRenderer: echoRenderer,
          notifier,
        }).then((local) => ({ deps: local, fake: null, close: () => local.store.close() }));
  const silent = () => undefined;
  const call = async <K extends ActionName>(openid: string, action: K, input: ActionInput<K>) =>
    (await dispatch(deps, wechatCaller(openid), action, input, silent)) as ActionResult<ActionOutput<K>>;
  return {
    deps,
    clock,
    fake,
    notifier,
    call,
    async ok(openid, action, input) {
      const result = await call(openid, action, input);
      if (!result.ok) throw new Error(`${action} as ${openid} failed: ${JSON.stringify(result.error)}`);
      return result.data;
    },
    close,
  };
}

export const SUZHOU: Region = { province: '江苏省', city: '苏州市', district: '姑苏区' };
export const JINGJIANG: Region = { province: '江苏省', city: '泰州市', district: '靖江市' };

/** A small tree: two inflow branches under one community, a hometown branch, an outflow village. */
export async function seedTree(h: Harness) {
  const org = (input: ActionInput<'org.create'>) => h.ok(SYSTEM_ADMIN, 'org.create', input);
  const city = await org({ parentId: null, name: '中共苏州市姑苏区委员会', kind: 'committee', region: SUZHOU });
  const community = await org({ parentId: city.orgId, name: '新桥社区党委', kind: 'committee', region: SUZHOU });
  const branchA = await org({
    parentId: community.orgId,
    name: '新桥社区第一党支部',
    kind: 'branch',
    branchKind: 'community',
    region: SUZHOU,
  });
  const branchB = await org({
    parentId: community.orgId,
    name: '新桥社区第三党支部',
    kind: 'branch',
    branchKind: 'community',
    region: SUZHOU,
  });
  const chamber = await org({ parentId: city.orgId, name: '靖江商会党委', kind: 'committee', region: SUZHOU });
  const hometownBranch = await org({
    parentId: chamber.orgId,
    name: '靖江市驻苏州流动党员党支部',
    kind: 'branch',
    branchKind: 'hometown',
    hometown: { province: '江苏省', city: '泰州市', district: '靖江市' },
    region: SUZHOU,
  });
  const industryBranch = await org({
    parentId: city.orgId,
    name: '快递外卖行业流动党员党支部',
    kind: 'branch',
    branchKind: 'industry',
    industry: 'G',
    region: SUZHOU,
  });
  const home = await org({ parentId: null, name: '中共靖江市委员会', kind: 'committee', region: JINGJIANG });
  const village = await org({
    parentId: home.orgId,
    name: '新港村党支部',
    kind: 'branch',
    branchKind: 'community',
    region: JINGJIANG,
  });
  const otherHome = await org({
    parentId: null,
    name: '中共定远县委员会',
    kind: 'committee',
    region: { province: '安徽省', city: '滁州市', district: '定远县' },
  });

  const people = {
    cityAdmin: 'test_city_admin',
    secretaryA: 'test_secretary_a',
    secretaryB: 'test_secretary_b',
    hometownSecretary: 'test_secretary_hometown',
    homeAdmin: 'test_home_admin',
    villageSecretary: 'test_village_secretary',
    otherHomeAdmin: 'test_other_home_admin',
  };
  await h.ok(SYSTEM_ADMIN, 'role.grant', {
    openid: people.cityAdmin,
    role: 'org_admin',
    orgId: city.orgId,
    holderName: '周建华',
  });
  await h.ok(SYSTEM_ADMIN, 'role.grant', {
    openid: people.secretaryA,
    role: 'secretary',
    orgId: branchA.orgId,
    holderName: '李秀英',
  });
  await h.ok(SYSTEM_ADMIN, 'role.grant', {
    openid: people.secretaryB,
    role: 'secretary',
    orgId: branchB.orgId,
    holderName: '王明',
  });
  await h.ok(SYSTEM_ADMIN, 'role.grant', {
    openid: people.hometownSecretary,
    role: 'secretary',
    orgId: hometownBranch.orgId,
    holderName: '张国平',
  });
  await h.ok(SYSTEM_ADMIN, 'role.grant', {
    openid: people.homeAdmin,
    role: 'org_admin',
    orgId: home.orgId,
    holderName: '陈立新',
  });
  await h.ok(SYSTEM_ADMIN, 'role.grant', {
    openid: people.villageSecretary,
    role: 'secretary',
    orgId: village.orgId,
    holderName: '吴村书',
  });
  await h.ok(SYSTEM_ADMIN, 'role.grant', {
    openid: people.otherHomeAdmin,
    role: 'org_admin',
    orgId: otherHome.orgId,
    holderName: '马定远',
  });
  return { city, community, branchA, branchB, chamber, hometownBranch, industryBranch, home, village, otherHome, people };
}

export type Tree = Awaited<ReturnType<typeof seedTree>>;

let sequence = 1;

/** A valid registration for a member from the test village; override any field. */
export function profile(
  outflowOrgId: string,
  overrides: Partial<ActionInput<'member.register'>> = {},
): ActionInput<'member.register'> {
  sequence += 2;
  return {
    name: '王海军',
    gender: 'male',
    idCard: demoIdCard('321282', '1986-04-12', sequence % 1000),
    phone: '13905231234',
    standing: 'full',
    joinedPartyOn: '2010-07-01',
    outflow: { kind: 'listed', orgId: outflowOrgId },
    leftOn: '2024-03',
    leaveReason: 'work',
    residence: { region: SUZHOU, address: '平江街道新桥路 26 号 3 幢 201 室' },
    workplace: '美团外卖姑苏站',
    occupation: '外卖骑手',
    industry: 'G',
    workPattern: 'irregular',
    skills: ['电动车维修'],
    ...overrides,
  };
}

/** Agrees to the notice and registers. */
export async function registerMember(h: Harness, openid: string, input: ActionInput<'member.register'>) {
  const notice = await h.ok(openid, 'consent.notice', {});
  await h.ok(openid, 'consent.accept', { version: notice.version });
  return h.ok(openid, 'member.register', input);
}

/**
 * Places a member in `branchId` as in real life: registers a member of the test village (any
 * profile field overridden), checks in to the branch and has the system admin approve it.
 * Returns the member id. A test that cares who approves decides the check-in itself.
 */
export async function placeMember(
  h: Harness,
  tree: Tree,
  openid: string,
  branchId: string,
  overrides: Partial<ActionInput<'member.register'>> = {},
): Promise<string> {
  const member = await registerMember(h, openid, profile(tree.village.orgId, overrides));
  const request = await h.ok(openid, 'checkin.submit', { orgId: branchId, via: 'scan' });
  await h.ok(SYSTEM_ADMIN, 'checkin.decide', { checkinId: request.checkinId, version: request.version, decision: 'approve' });
  return member.memberId;
}

let requestSequence = 0;
/** A fresh idempotency key for a create action. */
export const nextRequestId = () => `req-${String((requestSequence += 1)).padStart(6, '0')}`;

/** A valid general meeting of branch A, 28 November 2026 at 19:00 Shanghai time; override any field. */
export function meeting(tree: Tree, overrides: Partial<ActionInput<'activity.create'>> = {}): ActionInput<'activity.create'> {
  return {
    branchId: tree.branchA.orgId,
    requestId: nextRequestId(),
    kind: 'general_meeting',
    topic: '学习党的二十届四中全会精神',
    place: '新桥社区党群服务中心二楼',
    date: '2026-11-28',
    startTime: '19:00',
    durationMinutes: 90,
    ...overrides,
  };
}
