import { COLLECTIONS } from '../store/indexes';
import { runJobs } from '../jobs/run-jobs';
import { BACKENDS, type Harness, type Tree, SYSTEM_ADMIN } from '../../test/support/harness';
import {
  type JourneyWorld,
  journeyFingerprint as fingerprint,
  journeyWorld as world,
  memberVersion,
  refused,
} from '../../test/support/journey-world';
import type { MessageRecord } from './records';
import { transferIdFor } from './transfers';

const DAY = 24 * 3600_000;
const REASON = '在苏州居住、工作已满两年，工作稳定';

async function kindsTo(h: Harness, orgId: string): Promise<string[]> {
  const page = await h.deps.store.find<MessageRecord>(COLLECTIONS.messages, {
    where: { orgId },
    orderBy: [{ field: 'createdAt', direction: 'asc' }],
    limit: 100,
  });
  return page.items.map((m) => m.kind);
}

describe.each(BACKENDS)('组织关系转接 on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let ids: JourneyWorld['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await world(backend));
  });
  afterEach(() => h.close());

  it('proposed, agreed, completed: the member becomes a regular member of the branch and reports stop', async () => {
    // Seven months after placement the settled member (steady work) is a candidate; the rider is not.
    h.clock.advance(7 * 31 * DAY);
    const candidates = await h.ok(tree.people.secretaryA, 'transfer.candidates', { branchId: tree.branchA.orgId });
    expect(candidates.items.map((c) => c.member.memberId)).toEqual([ids.settled]);
    expect(candidates.items[0].placedMonths).toBeGreaterThanOrEqual(7);

    const proposed = await h.ok(tree.people.secretaryA, 'transfer.propose', { memberId: ids.settled, reason: REASON });
    expect(proposed).toMatchObject({
      transferId: transferIdFor(ids.settled, 1),
      status: 'proposed',
      proposed: { byName: '李秀英' },
      decided: null,
      can: { decide: false, complete: false },
    });
    // A retry answers with the same transfer; the candidate has left the list.
    expect(await h.ok(tree.people.secretaryA, 'transfer.propose', { memberId: ids.settled, reason: REASON })).toEqual(proposed);
    expect(await h.deps.store.count(COLLECTIONS.transfers, {})).toBe(1);
    expect((await h.ok(tree.people.secretaryA, 'transfer.candidates', { branchId: tree.branchA.orgId })).items).toEqual([]);
    expect(await kindsTo(h, tree.village.orgId)).toEqual(['transfer_proposed']);

    // The outflow side sees it waiting for its decision, and agrees.
    const waiting = await h.ok(tree.people.villageSecretary, 'transfer.list', { orgId: tree.village.orgId, side: 'outflow' });
    expect(waiting.items).toEqual([
      expect.objectContaining({ transferId: proposed.transferId, can: { decide: true, complete: false } }),
    ]);
    const agreed = await h.ok(tree.people.villageSecretary, 'transfer.decide', {
      transferId: proposed.transferId,
      version: proposed.version,
      decision: 'agree',
    });
    expect(agreed).toMatchObject({ status: 'agreed', decided: { byName: '吴村书', refusalReason: null } });
    expect(await kindsTo(h, tree.branchA.orgId)).toEqual(['transfer_agreed']);

    // Done in the national system; the receiving branch records the letter.
    const completion = {
      transferId: proposed.transferId,
      version: agreed.version,
      letterNumber: 'JS2027-000123',
      letterDate: '2027-07-01',
    };
    h.clock.set('2027-07-02T02:00:00.000Z');
    const completed = await h.ok(tree.people.secretaryA, 'transfer.complete', completion);
    expect(completed).toMatchObject({
      status: 'completed',
      completed: { letterNumber: 'JS2027-000123', letterDate: '2027-07-01', byName: '李秀英' },
      can: { decide: false, complete: false },
    });
    expect(await h.ok(tree.people.secretaryA, 'transfer.complete', completion)).toEqual(completed);
    expect(await kindsTo(h, tree.village.orgId)).toEqual(['transfer_proposed', 'transfer_completed']);

    const member = await h.ok(tree.people.secretaryA, 'member.get', { memberId: ids.settled });
    expect(member).toMatchObject({ status: 'transferred', inflowBranch: { orgId: tree.branchA.orgId } });
    // Still on the branch's roster, gone from the outflow side's outgoing members, still in its records.
    const roster = await h.ok(tree.people.secretaryA, 'branch.members', { branchId: tree.branchA.orgId });
    expect(roster.items.map((m) => m.memberId)).toContain(ids.settled);
    const outgoing = await h.ok(tree.people.homeAdmin, 'outflow.members', { orgId: tree.home.orgId });
    expect(outgoing.items.map((m) => m.memberId)).not.toContain(ids.settled);
    const history = await h.ok(tree.people.villageSecretary, 'transfer.ofMember', { memberId: ids.settled });
    expect(history).toMatchObject({ items: [{ status: 'completed' }], canPropose: false });

    // The sweep drafts no report for the periods after the transfer.
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
    const drafts = await h.deps.store.find(COLLECTIONS.reports, { where: { memberId: ids.settled }, limit: 10 });
    expect(drafts.items).toEqual([]);
    expect((await h.deps.store.find(COLLECTIONS.reports, { where: { memberId: ids.rider }, limit: 10 })).items.length).toBe(1);
  });

  it('two people deciding at once: one wins, CONFLICT for the other', async () => {
    const proposed = await h.ok(tree.people.secretaryA, 'transfer.propose', { memberId: ids.settled, reason: REASON });
    const decide = (openid: string, decision: 'agree' | 'refuse') =>
      h.call(openid, 'transfer.decide', {
        transferId: proposed.transferId,
        version: proposed.version,
        decision,
        reason: '本人尚未决定',
      });
    const results = await Promise.all([decide(tree.people.villageSecretary, 'agree'), decide(tree.people.homeAdmin, 'refuse')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT' }) });
    expect(await h.deps.store.count(COLLECTIONS.messages, { kind: { $in: ['transfer_agreed', 'transfer_refused'] } })).toBe(1);
  });

  it('refused with a reason: the branch is told why and may propose again later', async () => {
    const proposed = await h.ok(tree.people.secretaryA, 'transfer.propose', { memberId: ids.settled, reason: REASON });
    const refusedOne = await h.ok(tree.people.homeAdmin, 'transfer.decide', {
      transferId: proposed.transferId,
      version: proposed.version,
      decision: 'refuse',
      reason: '本人明年回乡任职',
    });
    expect(refusedOne).toMatchObject({ status: 'refused', decided: { byName: '陈立新', refusalReason: '本人明年回乡任职' } });
    const told = await h.deps.store.find<MessageRecord>(COLLECTIONS.messages, { where: { kind: 'transfer_refused' }, limit: 5 });
    expect(told.items.map((m) => [m.orgId, m.body.includes('本人明年回乡任职')])).toEqual([[tree.branchA.orgId, true]]);
    refused(
      await h.call(tree.people.secretaryA, 'transfer.complete', {
        transferId: proposed.transferId,
        version: refusedOne.version,
        letterNumber: 'JS2026-000001',
        letterDate: '2026-11-25',
      }),
      'TRANSFER_NOT_AGREED',
    );
    const second = await h.ok(tree.people.secretaryA, 'transfer.propose', { memberId: ids.settled, reason: '再次提议' });
    expect(second.transferId).toBe(transferIdFor(ids.settled, 2));
  });

  it('reminds whoever holds the next step when it waits too long, once per window', async () => {
    const proposed = await h.ok(tree.people.secretaryA, 'transfer.propose', { memberId: ids.settled, reason: REASON });
    const waitingTo = async (orgId: string) => (await kindsTo(h, orgId)).filter((k) => k === 'transfer_waiting').length;
    h.clock.advance(10 * DAY);
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
    expect(await waitingTo(tree.village.orgId)).toBe(0);
    h.clock.advance(5 * DAY); // 15 days: past the 14-day default
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
    expect(await waitingTo(tree.village.orgId)).toBe(1);

    const agreed = await h.ok(tree.people.villageSecretary, 'transfer.decide', {
      transferId: proposed.transferId,
      version: proposed.version,
      decision: 'agree',
    });
    h.clock.advance(15 * DAY);
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
    expect(await waitingTo(tree.branchA.orgId)).toBe(1);
    expect(await waitingTo(tree.village.orgId)).toBe(1);
    await h.ok(tree.people.secretaryA, 'transfer.complete', {
      transferId: proposed.transferId,
      version: agreed.version,
      letterNumber: 'JS2026-000777',
      letterDate: '2026-12-20',
    });
    h.clock.advance(30 * DAY);
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
    expect(await waitingTo(tree.branchA.orgId)).toBe(1);
  });
});

describe('组织关系转接 rules (embedded store)', () => {
  let h: Harness;
  let tree: Tree;
  let ids: JourneyWorld['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await world('sqlite'));
  });
  afterEach(() => h.close());

  it('cannot be completed without the outflow side agreeing, nor with a bad letter, writing nothing', async () => {
    const proposed = await h.ok(tree.people.secretaryA, 'transfer.propose', { memberId: ids.settled, reason: REASON });
    const completion = {
      transferId: proposed.transferId,
      version: proposed.version,
      letterNumber: 'JS2026-000123',
      letterDate: '2026-11-25',
    };
    const before = await fingerprint(h);
    refused(await h.call(tree.people.secretaryA, 'transfer.complete', completion), 'TRANSFER_NOT_AGREED');
    expect(await fingerprint(h)).toEqual(before);

    const agreed = await h.ok(tree.people.villageSecretary, 'transfer.decide', {
      transferId: proposed.transferId,
      version: proposed.version,
      decision: 'agree',
    });
    const afterAgree = await fingerprint(h);
    const agreedCompletion = { ...completion, version: agreed.version };
    refused(
      await h.call(tree.people.secretaryA, 'transfer.complete', { ...agreedCompletion, letterNumber: '12' }),
      'BAD_REQUEST',
      'letterNumber',
    );
    refused(
      await h.call(tree.people.secretaryA, 'transfer.complete', { ...agreedCompletion, letterNumber: '苏组转第123号' }),
      'BAD_REQUEST',
      'letterNumber',
    );
    refused(
      await h.call(tree.people.secretaryA, 'transfer.complete', { ...agreedCompletion, letterDate: '2026-11-26' }),
      'BAD_REQUEST',
      'letterDate',
    );
    refused(
      await h.call(tree.people.secretaryA, 'transfer.complete', { ...agreedCompletion, letterDate: '2026-11-24' }),
      'BAD_REQUEST',
      'letterDate',
    );
    refused(await h.call(tree.people.secretaryA, 'transfer.complete', { ...agreedCompletion, version: 1 }), 'CONFLICT');
    // The outflow side does not record the receiving side's step.
    refused(await h.call(tree.people.villageSecretary, 'transfer.complete', agreedCompletion), 'NOT_FOUND', 'transferId');
    expect(await fingerprint(h)).toEqual(afterAgree);
  });

  it('cannot be proposed for a member not placed, twice, or by anyone but the inflow side', async () => {
    const { registerMember, profile } = await import('../../test/support/harness');
    const waiting = await registerMember(h, 'm_waiting_member', profile(tree.village.orgId, { name: '吴平' }));
    const before = await fingerprint(h);
    refused(
      await h.call(tree.people.villageSecretary, 'transfer.propose', { memberId: waiting.memberId, reason: REASON }),
      'NOT_PLACED',
    );
    refused(
      await h.call(tree.people.secretaryA, 'transfer.propose', { memberId: waiting.memberId, reason: REASON }),
      'NOT_FOUND',
    );
    refused(
      await h.call(tree.people.secretaryA, 'transfer.propose', { memberId: ids.settled, reason: '' }),
      'BAD_REQUEST',
      'reason',
    );
    for (const other of [tree.people.villageSecretary, tree.people.secretaryB, tree.people.otherHomeAdmin, 'm_settled']) {
      refused(await h.call(other, 'transfer.propose', { memberId: ids.settled, reason: REASON }), 'NOT_FOUND', 'memberId');
    }
    expect(await fingerprint(h)).toEqual(before);

    const first = await h.ok(tree.people.secretaryA, 'transfer.propose', { memberId: ids.settled, reason: REASON });
    const afterFirst = await fingerprint(h);
    refused(
      await h.call(tree.people.cityAdmin, 'transfer.propose', { memberId: ids.settled, reason: '另一条' }),
      'TRANSFER_ALREADY_OPEN',
    );
    refused(
      await h.call(tree.people.secretaryA, 'transfer.decide', {
        transferId: first.transferId,
        version: first.version,
        decision: 'agree',
      }),
      'NOT_FOUND',
      'transferId',
    );
    refused(
      await h.call(tree.people.villageSecretary, 'transfer.decide', {
        transferId: first.transferId,
        version: first.version,
        decision: 'refuse',
      }),
      'BAD_REQUEST',
      'reason',
    );
    expect(await fingerprint(h)).toEqual(afterFirst);
    // The system admin stands above both sides and may take either step.
    expect(
      await h.ok(SYSTEM_ADMIN, 'transfer.decide', { transferId: first.transferId, version: first.version, decision: 'agree' }),
    ).toMatchObject({ status: 'agreed' });
  });

  it('a member marked 失联 is not proposed until found', async () => {
    await h.ok(tree.people.secretaryA, 'lostContact.mark', {
      memberId: ids.settled,
      version: await memberVersion(h, ids.settled),
      lastContactOn: '2026-10-01',
      reason: 'work_business',
    });
    refused(
      await h.call(tree.people.secretaryA, 'transfer.propose', { memberId: ids.settled, reason: REASON }),
      'TRANSFER_NOT_POSSIBLE',
    );
    expect((await h.ok(tree.people.secretaryA, 'transfer.ofMember', { memberId: ids.settled })).canPropose).toBe(false);
  });
});
