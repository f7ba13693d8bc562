import { type ActionInput, type ActionName, type ActionOutput, idCardCheckCharacter } from '../contract';
import dayjs from 'dayjs';
import { TIMEZONE } from '../lib/time';
import { dispatch } from '../router/router';
import { type ServiceDeps, wechatCaller } from '../services/context';
import { COLLECTIONS } from '../store/indexes';
import { insertOrGet } from '../store/saving';
import { seedMovementList } from './demo-imports';
import { seedJourney } from './demo-journey';
import { seedJourneys } from './demo-journeys';
import { seedOrgTree } from './demo-org-tree';
import { seedJointManagement } from './demo-joint-management';
import { seedLifeAndReports } from './demo-life-and-reports';
import { seedSkillCards } from './demo-skill-cards';
import { seedPlaces } from './demo-places';
import { seedHomecoming } from './demo-homecoming';
import { seedMemberServices } from './demo-member-services';

/**
 * Demo data for `npm start`: an organization tree with branches of every kind, officials for
 * each role and members in every state, so every screen has something to show. It is made
 * through the same actions the mini-program calls, so it obeys every rule.
 */

/** The OPENIDs to put in the X-Dev-Openid header (or the mini-program's dev config) to act as each person. */
export const DEMO_OPENIDS = {
  systemAdmin: 'dev_admin',
  suzhouAdmin: 'dev_suzhou_admin',
  communitySecretary: 'dev_secretary_xinqiao',
  /** Admin of 中共新桥社区委员会: the community's own check-in code and the requests it places. */
  communityAdmin: 'dev_xinqiao_admin',
  hometownSecretary: 'dev_secretary_jingjiang',
  outflowAdmin: 'dev_jingjiang_admin',
  newcomer: 'dev_member_new',
  registered: 'dev_member_registered',
  pending: 'dev_member_pending',
  placed: 'dev_member_placed',
  rejected: 'dev_member_rejected',
  /** 赵志强's new WeChat account, asking for his record back. */
  newPhone: 'dev_member_newphone',
  /**
   * Moved from 新桥社区第一党支部 to 第三党支部 in the middle of a quarter (both branches report
   * their share of it), left that too and is checking in to 靖江市驻苏州流动党员党支部.
   */
  moved: 'dev_member_moved',
  /** Recorded home by 靖江市委 (返回登记), signed in at the village's 返乡报到. */
  returned: 'dev_member_returned',
  /** Scanned the community committee's code; its admin placed him in 第三党支部. */
  committeeCheckin: 'dev_member_wangjun',
  /** Checked in to 第一党支部, which forwarded the request up to the community committee. */
  forwarded: 'dev_member_forwarded',
  /** Settled in Suzhou: the organization relationship was transferred to the hometown branch there. */
  transferred: 'dev_member_transferred',
  /** Secretary of 新桥社区第三党支部. */
  thirdSecretary: 'dev_secretary_xinqiao3',
  /** Admin of 姑苏区道路货运行业党委. */
  freightAdmin: 'dev_freight_admin',
  /** Placed in 新桥社区第二党支部, which was merged into 第一党支部: moved there with it. */
  mergedMember: 'dev_member_merged',
  /** 郁金铭: in 靖江市委's think-tank, back home as first secretary of 新港村 (返乡). */
  homecoming: 'dev_member_yujinming',
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Shanghai month `months` before `at`, `YYYY-MM`. */
function monthsBefore(at: Date, months: number): string {
  return dayjs(at).tz(TIMEZONE).startOf('month').subtract(months, 'month').format('YYYY-MM');
}

/** 赵志强's ID number: his registration, and the request from his new phone to move the record. */
const PLACED_ID_CARD = demoIdCard('321282', '1979-01-25', 35);

const SEED_MARKER = { collection: COLLECTIONS.uniqueKeys, id: 'demo_seeded' };

/**
 * Where the seeding stands. Written before the first action, so the story keeps the moment of
 * the first start (`anchor`) however much later an interrupted seeding is taken up again; moved
 * on after every phase; finished last. A marker from before it had phases (no `finishedAt`) was
 * written at the end, so it means finished too.
 */
interface DemoSeedRecord {
  owner: 'demo';
  anchor: string;
  phase: string | null;
  createdAt: string;
  finishedAt?: string | null;
}

/** A valid ID number for a birth date and sequence (odd sequence: male; even: female). */
export function demoIdCard(areaCode: string, birth: string, sequence: number): string {
  const first17 = `${areaCode}${birth.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return `${first17}${idCardCheckCharacter(first17)}`;
}

export async function isDemoSeeded(deps: ServiceDeps): Promise<boolean> {
  const marker = await deps.store.get<DemoSeedRecord>(SEED_MARKER.collection, SEED_MARKER.id);
  return marker !== null && marker.finishedAt !== null;
}

/** Runs actions as if it were `at`: the demo's history is made through the rules, at the times it happened. */
export type DemoActor = <K extends ActionName>(
  openid: string,
  action: K,
  input: ActionInput<K>,
  at?: Date,
) => Promise<ActionOutput<K>>;

/** How far back the demo's story starts: long enough for a past reporting period and the six-month clock. */
export const DEMO_HISTORY_DAYS = 200;

/** Writes down each phase as it is done; a phase runs again in full after a kill, so each one is safe to repeat. */
export type DemoPhase = <T>(name: string, work: () => Promise<T>) => Promise<T>;

export interface SeedDemoOptions {
  /** Hears each phase as it starts (npm start prints them). */
  log?: (line: string) => void;
}

/**
 * Seeds the demo unless it is there. Killed at any point, the next start completes the same demo:
 * every step is made idempotent by a deterministic id (organizations, activities and replies
 * carry a requestId; members, check-ins, reports and messages have ids from their cause) or by
 * looking first at what is there (a registration, a decision, a plan, a submitted report).
 */
export async function seedDemoData(deps: ServiceDeps, options: SeedDemoOptions = {}): Promise<void> {
  const log = options.log ?? (() => undefined);
  const opened = await insertOrGet<DemoSeedRecord>(deps.store, SEED_MARKER.collection, {
    _id: SEED_MARKER.id,
    owner: 'demo',
    anchor: deps.clock.now().toISOString(),
    phase: null,
    createdAt: deps.clock.now().toISOString(),
    finishedAt: null,
  });
  let marker = opened.doc;
  if (marker.finishedAt !== null) return;
  if (!opened.created) log(`resuming the seeding begun on ${marker.anchor} (last phase done: ${marker.phase ?? 'none'})`);
  const now = new Date(marker.anchor);
  const start = new Date(now.getTime() - DEMO_HISTORY_DAYS * DAY_MS);
  const mark = async (patch: Partial<DemoSeedRecord>) => {
    const version = await deps.store.update(SEED_MARKER.collection, marker._id, marker.version, patch);
    marker = { ...marker, ...patch, version };
  };
  const phase: DemoPhase = async (name, work) => {
    log(name);
    const result = await work();
    await mark({ phase: name });
    return result;
  };

  const actAt: DemoActor = async (openid, action, input, at = now) => {
    const result = await dispatch({ ...deps, clock: { now: () => new Date(at) } }, wechatCaller(openid), action, input);
    if (!result.ok) throw new Error(`Demo data: ${action} as ${openid} failed: ${result.error.code} ${result.error.message}`);
    return result.data as ActionOutput<typeof action>;
  };
  // The tree, the people and their check-ins date from the start of the story.
  const act = <K extends ActionName>(openid: string, action: K, input: ActionInput<K>) => actAt(openid, action, input, start);
  const admin = DEMO_OPENIDS.systemAdmin;
  const suzhou = { province: '江苏省', city: '苏州市', district: '姑苏区' };
  // Numbered in the order they are made, so every start makes the same ids.
  let orgNumber = 0;
  const org = (input: ActionInput<'org.create'>) =>
    act(admin, 'org.create', { ...input, requestId: `demo-org-${String((orgNumber += 1)).padStart(2, '0')}` });

  const { szCommittee, community, xinqiao1, xinqiao3, jingjiangBranch, freight, jjCommittee, village, dyCommittee, dyVillage } =
    await phase('the organization tree', async () => {
      // Inflow side: Suzhou.
      const szCommittee = await org({ parentId: null, name: '中共苏州市姑苏区委员会', kind: 'committee', region: suzhou });
      const street = await org({
        parentId: szCommittee.orgId,
        name: '中共姑苏区平江街道工作委员会',
        kind: 'committee',
        region: suzhou,
      });
      const community = await org({
        parentId: street.orgId,
        name: '中共新桥社区委员会',
        kind: 'committee',
        region: suzhou,
        address: '平江街道新桥路 18 号',
      });
      const xinqiao1 = await org({
        parentId: community.orgId,
        name: '新桥社区第一党支部',
        kind: 'branch',
        branchKind: 'community',
        region: suzhou,
      });
      const xinqiao3 = await org({
        parentId: community.orgId,
        name: '新桥社区第三党支部',
        kind: 'branch',
        branchKind: 'community',
        region: suzhou,
      });
      const chamber = await org({ parentId: szCommittee.orgId, name: '苏州市靖江商会党委', kind: 'committee', region: suzhou });
      const jingjiangBranch = await org({
        parentId: chamber.orgId,
        name: '靖江市驻苏州流动党员党支部',
        kind: 'branch',
        branchKind: 'hometown',
        hometown: { province: '江苏省', city: '泰州市', district: '靖江市' },
        region: suzhou,
      });
      const freight = await org({
        parentId: szCommittee.orgId,
        name: '姑苏区道路货运行业党委',
        kind: 'committee',
        region: suzhou,
      });
      await org({
        parentId: freight.orgId,
        name: '道路货运行业第四流动党员党支部',
        kind: 'branch',
        branchKind: 'industry',
        industry: 'G',
        region: suzhou,
      });
      await org({
        parentId: freight.orgId,
        name: '快递外卖行业流动党员党支部',
        kind: 'branch',
        branchKind: 'industry',
        industry: 'G',
        region: suzhou,
      });
      await org({
        parentId: szCommittee.orgId,
        name: '苏州古城精工有限公司党支部',
        kind: 'branch',
        branchKind: 'enterprise',
        region: suzhou,
      });

      // Outflow side: Jingjiang (Taizhou) and Dingyuan (Anhui).
      const jingjiang = { province: '江苏省', city: '泰州市', district: '靖江市' };
      const jjCommittee = await org({ parentId: null, name: '中共靖江市委员会', kind: 'committee', region: jingjiang });
      const xingang = await org({
        parentId: jjCommittee.orgId,
        name: '中共靖江市新港园区工作委员会',
        kind: 'committee',
        region: jingjiang,
      });
      const village = await org({
        parentId: xingang.orgId,
        name: '新港村党支部',
        kind: 'branch',
        branchKind: 'community',
        region: jingjiang,
      });
      const dingyuan = { province: '安徽省', city: '滁州市', district: '定远县' };
      const dyCommittee = await org({ parentId: null, name: '中共定远县委员会', kind: 'committee', region: dingyuan });
      const dyVillage = await org({
        parentId: dyCommittee.orgId,
        name: '定城镇东门村党支部',
        kind: 'branch',
        branchKind: 'community',
        region: dingyuan,
      });
      return {
        szCommittee,
        community,
        xinqiao1,
        xinqiao3,
        jingjiangBranch,
        freight,
        jjCommittee,
        village,
        dyCommittee,
        dyVillage,
      };
    });

  await phase('the officials', async () => {
    await act(admin, 'role.grant', {
      openid: DEMO_OPENIDS.suzhouAdmin,
      role: 'org_admin',
      orgId: szCommittee.orgId,
      holderName: '周建华',
    });
    await act(admin, 'role.grant', {
      openid: DEMO_OPENIDS.communitySecretary,
      role: 'secretary',
      orgId: xinqiao1.orgId,
      holderName: '李秀英',
    });
    await act(admin, 'role.grant', {
      openid: DEMO_OPENIDS.hometownSecretary,
      role: 'secretary',
      orgId: jingjiangBranch.orgId,
      holderName: '张国平',
    });
    await act(admin, 'role.grant', {
      openid: DEMO_OPENIDS.outflowAdmin,
      role: 'org_admin',
      orgId: jjCommittee.orgId,
      holderName: '陈立新',
    });
  });

  const notice = await act(admin, 'consent.notice', {});
  /** Agrees and registers, once: a rerun finds the member and goes on. */
  const register = async (openid: string, profile: ActionInput<'member.register'>) => {
    await act(openid, 'consent.accept', { version: notice.version });
    if (!(await act(openid, 'session.me', {})).member) await act(openid, 'member.register', profile);
  };
  /** Checks in, and has the request decided when `decide` is given, once: a decided request is left as it is. */
  const checkIn = async (
    openid: string,
    input: ActionInput<'checkin.submit'>,
    decide?: { by: string; decision: 'approve'; placeBranchId?: string } | { by: string; decision: 'reject'; reason: string },
  ) => {
    const { current } = await act(openid, 'checkin.mine', {});
    if (current && current.status !== 'pending') return;
    const request = current ?? (await act(openid, 'checkin.submit', input));
    if (!decide) return;
    const { by, ...decision } = decide;
    await act(by, 'checkin.decide', { checkinId: request.checkinId, version: request.version, ...decision });
  };
  const base = {
    standing: 'full' as const,
    leaveReason: 'work' as const,
    residence: { region: suzhou, address: '平江街道新桥路 26 号 3 幢 201 室' },
    skills: [] as string[],
  };
  await phase('the members and their check-ins', async () => {
    await register(DEMO_OPENIDS.registered, {
      ...base,
      name: '王海军',
      gender: 'male',
      idCard: demoIdCard('321282', '1986-04-12', 13),
      phone: '13905231234',
      joinedPartyOn: '2010-07-01',
      outflow: { kind: 'listed', orgId: village.orgId },
      leftOn: '2024-03',
      workplace: '美团外卖姑苏站',
      occupation: '外卖骑手',
      industry: 'G',
      workPattern: 'irregular',
      skills: ['电动车维修'],
    });
    await register(DEMO_OPENIDS.pending, {
      ...base,
      name: '刘芳',
      gender: 'female',
      idCard: demoIdCard('321282', '1990-09-03', 24),
      phone: '13862001188',
      joinedPartyOn: '2014-06-20',
      outflow: { kind: 'listed', orgId: village.orgId },
      leftOn: '2023-08',
      workplace: '新华书店观前街店',
      occupation: '店员',
      industry: 'F',
      workPattern: 'regular',
      skills: ['图书整理', '少儿阅读辅导'],
    });
    await checkIn(DEMO_OPENIDS.pending, { orgId: xinqiao1.orgId, via: 'scan' });

    await register(DEMO_OPENIDS.placed, {
      ...base,
      name: '赵志强',
      gender: 'male',
      idCard: PLACED_ID_CARD,
      phone: '13773009876',
      joinedPartyOn: '2003-12-01',
      outflow: { kind: 'listed', orgId: village.orgId },
      leftOn: '2019-05',
      leaveReason: 'business',
      workplace: '苏州靖兴建材商行',
      occupation: '个体经营',
      industry: 'F',
      workPattern: 'regular',
      skills: ['水电维修', '家电维修'],
    });
    await checkIn(
      DEMO_OPENIDS.placed,
      { orgId: jingjiangBranch.orgId, via: 'suggestion' },
      { by: DEMO_OPENIDS.hometownSecretary, decision: 'approve' },
    );

    await register(DEMO_OPENIDS.rejected, {
      ...base,
      name: '孙丽',
      gender: 'female',
      idCard: demoIdCard('341125', '1995-11-08', 42),
      phone: '15955007766',
      standing: 'probationary',
      // Probationary: joined the party a few months before the story starts.
      joinedPartyOn: new Date(start.getTime() - 90 * DAY_MS).toISOString().slice(0, 10),
      outflow: { kind: 'listed', orgId: dyVillage.orgId },
      leftOn: '2025-02',
      workplace: '苏州古城精工有限公司',
      occupation: '质检员',
      industry: 'C',
      workPattern: 'regular',
    });
    await checkIn(
      DEMO_OPENIDS.rejected,
      { orgId: xinqiao3.orgId, via: 'search' },
      {
        by: DEMO_OPENIDS.systemAdmin,
        decision: 'reject',
        reason: '您的居住地址不在新桥社区，请向工作单位所在的企业党支部报到',
      },
    );

    // A fuller pending list and branch roster for the secretaries' screens.
    const surnames = ['陈', '杨', '黄', '吴', '徐', '朱', '马', '胡', '郭', '何', '高', '林'];
    const givenNames = ['建国', '玉兰', '立军', '春梅', '志刚', '海燕', '晓东', '桂英', '卫东', '秀兰', '明亮', '红霞'];
    for (let i = 0; i < 12; i += 1) {
      const openid = `dev_member_${String(i + 1).padStart(2, '0')}`;
      const male = i % 2 === 0;
      await register(openid, {
        ...base,
        name: `${surnames[i]}${givenNames[i]}`,
        gender: male ? 'male' : 'female',
        idCard: demoIdCard('321282', `19${70 + i}-0${1 + (i % 9)}-1${i % 9}`, 100 + i * 2 + (male ? 1 : 0)),
        phone: `139${String(10000000 + i * 7919).slice(0, 8)}`,
        joinedPartyOn: `20${String(5 + i).padStart(2, '0')}-07-01`,
        outflow: { kind: 'listed', orgId: village.orgId },
        leftOn: monthsBefore(start, 3 + i),
        // Drivers, shopkeepers, and one bank clerk (金融业, which the old short list of industries lacked).
        workplace: i % 3 === 0 ? '姑苏区物流园' : i === 4 ? '苏州银行观前支行' : '平江路商业街',
        occupation: i % 3 === 0 ? '货车司机' : i === 4 ? '柜员' : '商户',
        industry: i % 3 === 0 ? 'G' : i === 4 ? 'J' : 'F',
        workPattern: i % 3 === 0 ? 'irregular' : 'regular',
      });
      const branchId = i < 6 ? xinqiao1.orgId : jingjiangBranch.orgId;
      const secretary = i < 6 ? DEMO_OPENIDS.communitySecretary : DEMO_OPENIDS.hometownSecretary;
      await checkIn(openid, { orgId: branchId, via: 'scan' }, i % 2 === 1 ? { by: secretary, decision: 'approve' } : undefined);
    }
  });

  await phase("a committee's own code and a forwarded request", async () => {
    // The code on the wall is the community's: 王军 scans the committee's code and its admin places
    // him in the third branch. 吴晓梅 asked the first branch, whose secretary passed the request up
    // to the committee (she lives in another branch's blocks); it waits there. Both are recent, so
    // the no-life clock and last period's reports are not about them.
    const recently = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const registerAt = async (openid: string, at: Date, profile: ActionInput<'member.register'>) => {
      await actAt(openid, 'consent.accept', { version: notice.version }, at);
      if (!(await actAt(openid, 'session.me', {}, at)).member) await actAt(openid, 'member.register', profile, at);
    };
    await act(admin, 'role.grant', {
      openid: DEMO_OPENIDS.communityAdmin,
      role: 'org_admin',
      orgId: community.orgId,
      holderName: '黄卫国',
    });
    await registerAt(DEMO_OPENIDS.committeeCheckin, recently(12), {
      ...base,
      name: '王军',
      gender: 'male',
      idCard: demoIdCard('321282', '1983-05-16', 57),
      phone: '13814006622',
      joinedPartyOn: '2008-06-30',
      outflow: { kind: 'listed', orgId: village.orgId },
      leftOn: monthsBefore(now, 8),
      workplace: '苏州顺丰速运姑苏营业部',
      occupation: '快递员',
      industry: 'G',
      workPattern: 'irregular',
    });
    const wallCode = await actAt(DEMO_OPENIDS.committeeCheckin, 'checkin.mine', {}, recently(12));
    if (!wallCode.current || wallCode.current.status === 'pending') {
      const request =
        wallCode.current ??
        (await actAt(DEMO_OPENIDS.committeeCheckin, 'checkin.submit', { orgId: community.orgId, via: 'scan' }, recently(12)));
      await actAt(
        DEMO_OPENIDS.communityAdmin,
        'checkin.decide',
        { checkinId: request.checkinId, version: request.version, decision: 'approve', placeBranchId: xinqiao3.orgId },
        recently(11),
      );
    }
    await registerAt(DEMO_OPENIDS.forwarded, recently(3), {
      ...base,
      name: '吴晓梅',
      gender: 'female',
      idCard: demoIdCard('321282', '1992-10-21', 68),
      phone: '13951007733',
      joinedPartyOn: '2016-07-01',
      outflow: { kind: 'listed', orgId: village.orgId },
      leftOn: monthsBefore(now, 2),
      residence: { region: suzhou, address: '平江街道大儒巷 40 号 1 幢 302 室' },
      workplace: '平江路社区养老服务中心',
      occupation: '护理员',
      industry: 'Q',
      workPattern: 'regular',
    });
    const asked = await actAt(DEMO_OPENIDS.forwarded, 'checkin.mine', {}, recently(3));
    const request =
      asked.current ??
      (await actAt(DEMO_OPENIDS.forwarded, 'checkin.submit', { orgId: xinqiao1.orgId, via: 'search' }, recently(3)));
    if (request.status === 'pending' && request.forwards.length === 0) {
      await actAt(
        DEMO_OPENIDS.communitySecretary,
        'checkin.forward',
        {
          checkinId: request.checkinId,
          version: request.version,
          toOrgId: community.orgId,
          reason: '申请人住在大儒巷，不在第一党支部的片区，请社区党委安排',
        },
        recently(2),
      );
    }

    // Takes no part in the demo's organizational life: the later phases, run again after a kill,
    // would meet a member no longer mobile.
    await register(DEMO_OPENIDS.transferred, {
      ...base,
      name: '钱淑芬',
      gender: 'female',
      idCard: demoIdCard('321282', '1984-06-18', 52),
      phone: '13962517788',
      joinedPartyOn: '2008-06-30',
      outflow: { kind: 'listed', orgId: village.orgId },
      leftOn: monthsBefore(start, 30),
      workplace: '苏州靖江商会',
      occupation: '会计',
      industry: 'F',
      workPattern: 'regular',
    });
    await checkIn(
      DEMO_OPENIDS.transferred,
      { orgId: jingjiangBranch.orgId, via: 'search' },
      { by: DEMO_OPENIDS.hometownSecretary, decision: 'approve' },
    );
  });

  await seedJourneys(
    actAt,
    phase,
    register,
    (name, gender, sequence) => ({
      ...base,
      name,
      gender,
      idCard: demoIdCard('321282', gender === 'male' ? '1983-06-18' : '1988-10-05', sequence),
      phone: `137${String(20000000 + sequence * 131).slice(0, 8)}`,
      joinedPartyOn: '2012-07-01',
      outflow: { kind: 'listed', orgId: village.orgId },
      leftOn: monthsBefore(start, 6),
      workplace: '平江路商业街',
      occupation: '商户',
      industry: 'F',
      workPattern: 'regular',
    }),
    {
      now,
      start,
      leftBranch: xinqiao1.orgId,
      midQuarterBranch: xinqiao3.orgId,
      nextBranch: jingjiangBranch.orgId,
      returnedFrom: jingjiangBranch.orgId,
      homeBranch: village.orgId,
    },
    {
      moved: DEMO_OPENIDS.moved,
      returned: DEMO_OPENIDS.returned,
      leftSecretary: DEMO_OPENIDS.communitySecretary,
      midQuarterAdmin: DEMO_OPENIDS.communityAdmin,
      returnedSecretary: DEMO_OPENIDS.hometownSecretary,
      homeAdmin: DEMO_OPENIDS.outflowAdmin,
    },
  );

  await seedLifeAndReports(
    deps,
    actAt,
    phase,
    {
      now,
      start,
      xinqiao1: xinqiao1.orgId,
      jingjiangBranch: jingjiangBranch.orgId,
      dingyuanCommittee: dyCommittee.orgId,
    },
    DEMO_OPENIDS,
  );
  await phase('失联 and the transfers of organization relationships', () => seedJourney(actAt, now, DEMO_OPENIDS));

  await phase('a request to move a record to a new phone', async () => {
    // 赵志强 changed phones: from the new WeChat account he asks for his record back, for an admin of either side.
    const asked = new Date(now.getTime() - DAY_MS);
    await actAt(DEMO_OPENIDS.newPhone, 'consent.accept', { version: notice.version }, asked);
    await actAt(DEMO_OPENIDS.newPhone, 'account.requestMove', { idCard: PLACED_ID_CARD, name: '赵志强' }, asked);
  });

  await seedOrgTree(
    deps,
    actAt,
    phase,
    register,
    {
      ...base,
      name: '陶红梅',
      gender: 'female',
      idCard: demoIdCard('321282', '1987-03-09', 78),
      phone: '13962008899',
      joinedPartyOn: '2011-07-01',
      outflow: { kind: 'listed', orgId: village.orgId },
      leftOn: monthsBefore(start, 12),
      workplace: '平江路商业街',
      occupation: '商户',
      industry: 'F',
      workPattern: 'regular',
    },
    { start, now, community: community.orgId, xinqiao1: xinqiao1.orgId, xinqiao3: xinqiao3.orgId, freight: freight.orgId },
    {
      suzhouAdmin: DEMO_OPENIDS.suzhouAdmin,
      communityAdmin: DEMO_OPENIDS.communityAdmin,
      thirdSecretary: DEMO_OPENIDS.thirdSecretary,
      freightAdmin: DEMO_OPENIDS.freightAdmin,
      mergedMember: DEMO_OPENIDS.mergedMember,
    },
  );

  await phase("组织找党员: last month's movement list, matched, 待找 and one visited", () =>
    seedMovementList(deps, now, {
      importer: DEMO_OPENIDS.suzhouAdmin,
      importOrgId: szCommittee.orgId,
      branchId: xinqiao1.orgId,
      branchSecretary: DEMO_OPENIDS.communitySecretary,
      registered: [
        { name: '王海军', idCard: demoIdCard('321282', '1986-04-12', 13) },
        { name: '赵志强', idCard: PLACED_ID_CARD },
      ],
      unregistered: [
        { name: '孙立国', idCard: demoIdCard('341125', '1987-02-14', 71), phone: '13955012345' },
        { name: '周美华', idCard: demoIdCard('341125', '1991-07-09', 82), phone: '13955016789' },
        { name: '吴德胜', idCard: demoIdCard('341125', '1979-11-30', 93), phone: '13955010246' },
        { name: '郑小燕', idCard: demoIdCard('341125', '1994-03-22', 64), phone: '13955013579' },
      ],
    }),
  );

  await seedSkillCards(
    actAt,
    phase,
    register,
    (name, gender, sequence) => ({
      ...base,
      name,
      gender,
      idCard: demoIdCard('321282', gender === 'male' ? '1978-03-12' : '1985-08-20', sequence),
      phone: `136${String(30000000 + sequence * 137).slice(0, 8)}`,
      joinedPartyOn: '2009-07-01',
      outflow: { kind: 'listed', orgId: village.orgId },
      leftOn: monthsBefore(start, 10),
      residence: { region: suzhou, address: '平江街道芳华路 8 号 2 幢 301 室' },
      workplace: '芳华路商业街',
      occupation: '个体经营',
      industry: 'F',
      workPattern: 'regular',
    }),
    admin,
    { now, szCommittee: szCommittee.orgId },
  );

  await seedPlaces(
    actAt,
    phase,
    {
      szCommittee: szCommittee.orgId,
      community: community.orgId,
      xinqiao1: xinqiao1.orgId,
      xinqiao3: xinqiao3.orgId,
      jingjiangBranch: jingjiangBranch.orgId,
      freight: freight.orgId,
      village: village.orgId,
    },
    { suzhouAdmin: DEMO_OPENIDS.suzhouAdmin, outflowAdmin: DEMO_OPENIDS.outflowAdmin },
    now,
  );

  await phase('返乡: the think-tank, a round-table and its suggestions, a first secretary back home', () =>
    seedHomecoming(
      actAt,
      register,
      checkIn,
      {
        ...base,
        name: '郁金铭',
        gender: 'male',
        idCard: demoIdCard('321282', '1985-09-16', 89),
        phone: '13962156688',
        joinedPartyOn: '2009-06-28',
        outflow: { kind: 'listed', orgId: village.orgId },
        leftOn: monthsBefore(start, 60),
        workplace: '苏州工业园区一家电商公司',
        occupation: '电商运营',
        industry: 'I',
        workPattern: 'regular',
        skills: ['电商直播', '网店运营'],
      },
      { now, start, jjCommittee: jjCommittee.orgId, village: village.orgId, xinqiao1: xinqiao1.orgId },
      {
        homecoming: DEMO_OPENIDS.homecoming,
        placed: DEMO_OPENIDS.placed,
        registered: DEMO_OPENIDS.registered,
        outflowAdmin: DEMO_OPENIDS.outflowAdmin,
        communitySecretary: DEMO_OPENIDS.communitySecretary,
      },
    ),
  );
  await seedJointManagement(
    actAt,
    phase,
    register,
    { start, now, systemAdmin: admin, dyCommittee: dyCommittee.orgId, dyVillage: dyVillage.orgId },
    (birth, sequence) => demoIdCard('341125', birth, sequence),
  );

  await phase("服务诉求: 王军's family's day-care place and job, and the district's 政策手册", () =>
    seedMemberServices(
      actAt,
      { now, district: szCommittee.orgId, community: community.orgId },
      { member: DEMO_OPENIDS.committeeCheckin, secretary: DEMO_OPENIDS.thirdSecretary, districtAdmin: DEMO_OPENIDS.suzhouAdmin },
    ),
  );

  await mark({ finishedAt: deps.clock.now().toISOString() });
  log('ready');
}
