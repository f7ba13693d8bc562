/**
 * A list's cursor comes back from the client, so it is input like any other: a tampered,
 * malformed or foreign one answers BAD_REQUEST on `cursor` (never INTERNAL) on every list
 * action, on both stores, and changes nothing.
 */
import { ACTIONS, type ActionInput, type ActionName } from '../server/contract';
import { runJobs } from '../server/jobs/run-jobs';
import { agreementInForce, jointMeetingInput } from './support/agreements';
import {
  BACKENDS,
  type Harness,
  SYSTEM_ADMIN,
  type Tree,
  createHarness,
  meeting,
  placeMember,
  seedTree,
} from './support/harness';

jest.setTimeout(60_000);

/** The list actions: every action whose input takes a cursor. */
const LIST_ACTIONS = (Object.keys(ACTIONS) as ActionName[]).filter((name) => {
  const input: unknown = ACTIONS[name].input;
  return typeof input === 'object' && input !== null && 'shape' in input && 'cursor' in (input.shape as object);
});

/** Cursors a client might send back after tampering, or by mistake. */
const TAMPERED_CURSORS = [
  'W251bGxd', // base64 of [null]
  'garbage!!',
  '%%%',
  Buffer.from('[1,2]').toString('base64url'),
  Buffer.from('{"q":"x","v":["a","b"]}').toString('base64url'),
  Buffer.from('[{"$gt":""},"a"]').toString('base64url'),
  Buffer.from('[1e999,"a"]').toString('base64url'),
];

interface World {
  h: Harness;
  tree: Tree;
  memberId: string;
  activityId: string;
  reportId: string;
  agreementId: string;
}

/** Two members placed in branch A in July, a meeting, and the third quarter's report on one of them sent home. */
async function world(backend: (typeof BACKENDS)[number]): Promise<World> {
  const h = await createHarness(backend);
  try {
    return await populate(h);
  } catch (error) {
    await h.close();
    throw error;
  }
}

async function populate(h: Harness): Promise<World> {
  const tree = await seedTree(h);
  h.clock.set('2026-07-10T02:00:00.000Z');
  const memberId = await placeMember(h, tree, 'm_cursor_1', tree.branchA.orgId);
  await placeMember(h, tree, 'm_cursor_2', tree.branchA.orgId, { name: '王建军' });
  const activity = await h.ok(tree.people.secretaryA, 'activity.create', meeting(tree, { date: '2026-07-20' }));
  h.clock.set('2026-10-08T02:00:00.000Z');
  await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
  const drafts = await h.ok(tree.people.secretaryA, 'report.toWrite', { branchId: tree.branchA.orgId });
  const draft = drafts.items.find((report) => report.member.memberId === memberId);
  if (!draft) throw new Error('the sweep drafted no report');
  const { version } = await h.ok(tree.people.secretaryA, 'report.get', { reportId: draft.reportId });
  await h.ok(tree.people.secretaryA, 'report.submit', {
    reportId: draft.reportId,
    version,
    assessment: { conduct: '表现良好', comment: '表现好', grade: 'good' },
  });
  const agreement = await agreementInForce(h, tree);
  await h.ok(tree.people.cityAdmin, 'jointMeeting.schedule', jointMeetingInput(agreement.agreementId));
  return { h, tree, memberId, activityId: activity.activityId, reportId: draft.reportId, agreementId: agreement.agreementId };
}

type CallAs<K extends ActionName> = (w: World) => { openid: string; input: ActionInput<K> };

/** Each list action as someone who may read it, so the cursor is the only thing wrong. */
const LIST_CALLS: { [K in ActionName]?: CallAs<K> } = {
  'org.list': () => ({ openid: SYSTEM_ADMIN, input: {} }),
  'checkin.pending': (w) => ({ openid: w.tree.people.secretaryA, input: { orgId: w.tree.branchA.orgId } }),
  'branch.members': (w) => ({ openid: w.tree.people.secretaryA, input: { branchId: w.tree.branchA.orgId } }),
  'outflow.members': (w) => ({ openid: w.tree.people.homeAdmin, input: { orgId: w.tree.home.orgId } }),
  'outflow.notices': (w) => ({ openid: w.tree.people.homeAdmin, input: { orgId: w.tree.home.orgId } }),
  'activity.list': (w) => ({ openid: w.tree.people.secretaryA, input: { branchId: w.tree.branchA.orgId, when: 'past' } }),
  'activity.attendance': (w) => ({ openid: w.tree.people.secretaryA, input: { activityId: w.activityId } }),
  'study.branch': (w) => ({ openid: w.tree.people.secretaryA, input: { branchId: w.tree.branchA.orgId, year: 2026 } }),
  'report.toWrite': (w) => ({
    openid: w.tree.people.secretaryA,
    input: { branchId: w.tree.branchA.orgId, status: 'submitted' },
  }),
  'report.inbox': (w) => ({ openid: w.tree.people.homeAdmin, input: { orgId: w.tree.home.orgId } }),
  'report.thread': (w) => ({ openid: w.tree.people.secretaryA, input: { reportId: w.reportId } }),
  'report.history': (w) => ({ openid: w.tree.people.homeAdmin, input: { memberId: w.memberId } }),
  'talk.due': (w) => ({ openid: w.tree.people.secretaryA, input: { branchId: w.tree.branchA.orgId } }),
  'toFind.list': (w) => ({ openid: w.tree.people.cityAdmin, input: { orgId: w.tree.city.orgId } }),
  'message.list': (w) => ({ openid: w.tree.people.secretaryA, input: { orgId: w.tree.branchA.orgId } }),
  'account.moveRequests': (w) => ({ openid: w.tree.people.homeAdmin, input: { orgId: w.tree.home.orgId } }),
  'transfer.candidates': (w) => ({ openid: w.tree.people.secretaryA, input: { branchId: w.tree.branchA.orgId } }),
  'transfer.list': (w) => ({ openid: w.tree.people.homeAdmin, input: { orgId: w.tree.home.orgId, side: 'outflow' } }),
  'org.children': (w) => ({ openid: w.tree.people.cityAdmin, input: { orgId: w.tree.city.orgId } }),
  'org.search': (w) => ({ openid: w.tree.people.cityAdmin, input: { orgId: w.tree.city.orgId, query: '支部' } }),
  'post.list': (w) => ({ openid: w.tree.people.cityAdmin, input: { orgId: w.tree.city.orgId } }),
  'post.candidates': (w) => ({ openid: w.tree.people.cityAdmin, input: { orgId: w.tree.city.orgId, query: '王' } }),
  'figures.get': (w) => ({ openid: w.tree.people.cityAdmin, input: { orgId: w.tree.city.orgId } }),
  'figures.members': (w) => ({ openid: w.tree.people.cityAdmin, input: { orgId: w.tree.city.orgId, figure: 'placed' } }),
  'skillCard.pending': (w) => ({ openid: w.tree.people.secretaryA, input: { orgId: w.tree.branchA.orgId } }),
  'skillCard.community': (w) => ({ openid: 'wx_any_resident', input: { place: { orgId: w.tree.community.orgId } } }),
  'help.mine': () => ({ openid: 'wx_any_resident', input: {} }),
  'help.incoming': () => ({ openid: 'm_cursor_1', input: {} }),
  'thinkTank.list': (w) => ({ openid: w.tree.people.homeAdmin, input: { orgId: w.tree.home.orgId } }),
  'roundTable.list': (w) => ({ openid: w.tree.people.homeAdmin, input: { orgId: w.tree.home.orgId, when: 'upcoming' } }),
  'candidate.list': (w) => ({ openid: w.tree.people.homeAdmin, input: { orgId: w.tree.home.orgId } }),
  'agreement.list': (w) => ({ openid: w.tree.people.homeAdmin, input: { orgId: w.tree.home.orgId } }),
  'jointMeeting.list': (w) => ({ openid: w.tree.people.homeAdmin, input: { agreementId: w.agreementId } }),
  'service.mine': () => ({ openid: 'm_cursor_1', input: {} }),
  'service.list': (w) => ({ openid: w.tree.people.secretaryA, input: { orgId: w.tree.branchA.orgId } }),
  'handbook.list': (w) => ({ openid: 'm_cursor_1', input: { orgId: w.tree.branchA.orgId } }),
};

/** A genuine cursor of another list: of organizations by name, or (for org.list itself) of a branch's members. */
async function foreignCursors(w: World): Promise<{ orgs: string; members: string }> {
  const orgs = await w.h.ok(SYSTEM_ADMIN, 'org.list', { limit: 1 });
  const members = await w.h.ok(w.tree.people.secretaryA, 'branch.members', { branchId: w.tree.branchA.orgId, limit: 1 });
  if (!orgs.nextCursor || !members.nextCursor) throw new Error('the world is too small for a second page');
  return { orgs: orgs.nextCursor, members: members.nextCursor };
}

it('the table covers every list action', () => {
  expect(Object.keys(LIST_CALLS).sort()).toEqual([...LIST_ACTIONS].sort());
});

describe.each(BACKENDS)('on %s', (backend) => {
  let w: World;
  beforeAll(async () => {
    w = await world(backend);
  });
  afterAll(() => w.h.close());

  it('every list action answers a tampered or foreign cursor with BAD_REQUEST on cursor', async () => {
    const foreign = await foreignCursors(w);
    for (const action of LIST_ACTIONS) {
      const { openid, input } = (LIST_CALLS[action] as CallAs<typeof action>)(w);
      const plain = await w.h.call(openid, action, input);
      expect({ action, ok: plain.ok }).toEqual({ action, ok: true });
      // org.children pages the same organizations in the same order as org.list: its foreign cursor is a roster's.
      const foreignCursor = action === 'org.list' || action === 'org.children' ? foreign.members : foreign.orgs;
      for (const cursor of [...TAMPERED_CURSORS, foreignCursor]) {
        const result = await w.h.call(openid, action, { ...input, cursor });
        expect({ action, cursor, result }).toEqual({
          action,
          cursor,
          result: { ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String), field: 'cursor' } },
        });
      }
    }
  });

  it("a list's own cursors still page through it, each item once", async () => {
    const whole = await w.h.ok(SYSTEM_ADMIN, 'org.list', { limit: 50 });
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { orgId: string }[]; nextCursor: string | null } = await w.h.ok(SYSTEM_ADMIN, 'org.list', {
        limit: 1,
        cursor,
      });
      paged.push(...page.items.map((org) => org.orgId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(whole.items.map((org) => org.orgId));
    expect(paged.length).toBeGreaterThan(1);
  });
});
