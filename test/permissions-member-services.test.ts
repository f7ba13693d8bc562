import type { ActionResult } from '../server/contract';
import { COLLECTIONS } from '../server/store/indexes';
import { deskCall, signInDesk } from './support/desk';
import { createHarness, nextRequestId, placeMember, seedTree } from './support/harness';
import { PEOPLE, type PermissionRow, type PermissionWorld, describePermissionTable, openidsOf } from './support/permission-table';

/**
 * Who may do what with services for members (服务诉求) and the policy handbook (政策手册): every
 * row is an action about a member placed in branch A (or the district's handbook), every column
 * a person in the tree, plus a resident (a WeChat user with no member record) and the desk
 * sessions of the district's admin and of branch A's secretary. A refusal must leave every
 * request, handbook entry and message as it was.
 */

const MEMBER = 'm_service_self';
const MEMBER_B = 'm_service_branch_b';
const RESIDENT = 'resident_no_record';

const COLUMNS = [...PEOPLE, 'resident', 'cityAdminDesk', 'secretaryADesk'] as const;
type Column = (typeof COLUMNS)[number];

interface World extends PermissionWorld<Column> {
  memberId: string;
  serviceId: string;
  serviceVersion: number;
  entryId: string;
  entryVersion: number;
  desks: Record<'cityAdminDesk' | 'secretaryADesk', string>;
}

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '王军' });
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId, { name: '孙丽' });
  const asked = await h.ok(MEMBER, 'service.ask', {
    kind: 'schooling',
    title: '孩子暑假托管',
    detail: '想找离家近的暑托班',
    requestId: nextRequestId(),
  });
  const entry = await h.ok(tree.people.cityAdmin, 'handbook.publish', {
    orgId: tree.city.orgId,
    requestId: nextRequestId(),
    topic: 'employment',
    title: '灵活就业社保补贴',
    body: '按规定缴纳社会保险的灵活就业困难人员可申请补贴。',
    source: '苏州市人力资源和社会保障局',
    sourceDate: '2026-03-02',
  });
  const [cityDesk, secretaryDesk] = [await signInDesk(h, tree.people.cityAdmin), await signInDesk(h, tree.people.secretaryA)];
  const people = openidsOf(tree, { self: MEMBER, memberB: MEMBER_B });
  return {
    h,
    tree,
    memberId,
    serviceId: asked.serviceId,
    serviceVersion: asked.version,
    entryId: entry.entryId,
    entryVersion: entry.version,
    desks: { cityAdminDesk: cityDesk.sessionId, secretaryADesk: secretaryDesk.sessionId },
    // A desk column's "openid" is its session, marked so that `call` routes it through the desk.
    openid: (column) =>
      column === 'resident'
        ? RESIDENT
        : column === 'cityAdminDesk' || column === 'secretaryADesk'
          ? `desk:${column}`
          : people(column),
  };
}

/** Calls as a WeChat user, or as a desk session for the desk columns. */
function call(w: World, openid: string, action: Parameters<World['h']['call']>[1], input: never): Promise<ActionResult<unknown>> {
  if (openid.startsWith('desk:')) {
    const column = openid.slice(5) as keyof World['desks'];
    return deskCall(w.h, w.desks[column], action, input);
  }
  return w.h.call(openid, action, input);
}

async function state(w: World) {
  const all = async (collection: string) => (await w.h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
  return {
    requests: await all(COLLECTIONS.serviceRequests),
    entries: await all(COLLECTIONS.handbookEntries),
    messages: await all(COLLECTIONS.messages),
  };
}

type Row = PermissionRow<World, Column>;

const MANAGERS_OF_A: Column[] = ['secretaryA', 'cityAdmin', 'systemAdmin', 'cityAdminDesk', 'secretaryADesk'];
const DISTRICT_ADMINS: Column[] = ['cityAdmin', 'systemAdmin', 'cityAdminDesk'];

const step = (w: World) => ({ serviceId: w.serviceId, version: w.serviceVersion });

const ROWS: Row[] = [
  {
    name: 'service.ask for oneself',
    allowed: ['self', 'memberB'],
    run: (w, openid) =>
      call(w, openid, 'service.ask', {
        kind: 'work',
        title: '找工作',
        detail: '想找白班',
        requestId: nextRequestId(),
      } as never),
  },
  {
    name: 'service.ask on behalf of a member of branch A',
    allowed: ['self', ...MANAGERS_OF_A],
    run: (w, openid) =>
      call(w, openid, 'service.ask', {
        memberId: w.memberId,
        kind: 'housing',
        title: '租房',
        detail: '押金纠纷',
        requestId: nextRequestId(),
      } as never),
  },
  {
    name: 'service.take of a request of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => call(w, openid, 'service.take', step(w) as never),
  },
  {
    name: 'service.answer of a request of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => call(w, openid, 'service.answer', { ...step(w), text: '已联系' } as never),
  },
  {
    name: 'service.handOn of a request of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => call(w, openid, 'service.handOn', { ...step(w), helper: { unit: '街道人社所' } } as never),
  },
  {
    name: 'service.close of a request of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => call(w, openid, 'service.close', { ...step(w), outcome: '已办好' } as never),
  },
  {
    name: 'service.get of a request of branch A',
    allowed: ['self', ...MANAGERS_OF_A],
    run: (w, openid) => call(w, openid, 'service.get', { serviceId: w.serviceId } as never),
  },
  {
    name: 'service.mine',
    allowed: ['self', 'memberB'],
    run: (w, openid) => call(w, openid, 'service.mine', {} as never),
  },
  {
    name: 'service.list of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => call(w, openid, 'service.list', { orgId: w.tree.branchA.orgId } as never),
  },
  {
    name: 'handbook.publish for the district',
    allowed: DISTRICT_ADMINS,
    run: (w, openid) =>
      call(w, openid, 'handbook.publish', {
        orgId: w.tree.city.orgId,
        requestId: nextRequestId(),
        topic: 'housing',
        title: '公租房申请',
        body: '符合条件的新市民可申请公共租赁住房。',
        source: '姑苏区住房和城乡建设局',
        sourceDate: '2026-05-01',
      } as never),
  },
  {
    name: 'handbook.update of a district entry',
    allowed: DISTRICT_ADMINS,
    run: (w, openid) =>
      call(w, openid, 'handbook.update', {
        entryId: w.entryId,
        version: w.entryVersion,
        topic: 'employment',
        title: '灵活就业社保补贴（修订）',
        body: '按规定缴纳社会保险的灵活就业困难人员可申请补贴。',
        source: '苏州市人力资源和社会保障局',
        sourceDate: '2026-03-02',
      } as never),
  },
  {
    name: 'handbook.withdraw of a district entry',
    allowed: DISTRICT_ADMINS,
    run: (w, openid) =>
      call(w, openid, 'handbook.withdraw', { entryId: w.entryId, version: w.entryVersion, note: '已被新政策替代' } as never),
  },
  {
    name: "handbook.list of branch A's place: policy is public",
    allowed: COLUMNS,
    run: (w, openid) => call(w, openid, 'handbook.list', { orgId: w.tree.branchA.orgId } as never),
  },
  {
    name: 'handbook.get of a district entry: policy is public',
    allowed: COLUMNS,
    run: (w, openid) => call(w, openid, 'handbook.get', { entryId: w.entryId } as never),
  },
];

const REFUSALS = ['FORBIDDEN', 'NOT_FOUND', 'NOT_REGISTERED'];

describePermissionTable({ rows: ROWS, people: COLUMNS, world, state, refusals: REFUSALS });
