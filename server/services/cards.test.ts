import { COLLECTIONS } from '../store/indexes';
import { type Harness, type Tree, BACKENDS, SYSTEM_ADMIN, profile, registerMember } from '../../test/support/harness';
import { ASSESSMENT, placedWorld, submitNow, openDraft, ME } from '../../test/support/report-world';
import { refused } from '../../test/support/study-world';
import type { ActionInput } from '../contract';
import { CARD_SCAN_PAGE, cardReviewIdFor, cardScene } from './cards';

async function reviews(h: Harness) {
  return (await h.deps.store.find(COLLECTIONS.cardReviews, { where: {}, limit: 100 })).items;
}

describe.each(BACKENDS)('the activity card on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  let reportId: string;

  beforeEach(async () => {
    ({ h, tree, memberId, reportId } = await placedWorld(backend));
  });
  afterEach(() => h.close());

  it('shows the member their card with its code and the participation the branch reported', async () => {
    await openDraft(h, memberId, '2026-Q3');
    await submitNow(h, reportId, tree.people.secretaryA);
    const card = await h.ok(ME, 'card.mine', {});
    expect(card).toMatchObject({
      memberId,
      name: '王海军',
      standing: 'full',
      status: 'placed',
      outflow: { name: '新港村党支部' },
      inflowBranch: { orgId: tree.branchA.orgId, name: '新桥社区第一党支部' },
      contact: null,
      side: 'self',
      canReview: false,
      scene: cardScene(memberId),
      page: CARD_SCAN_PAGE,
      reviews: [],
    });
    expect(card.scene.length).toBeLessThanOrEqual(32);
    expect(card.participation).toEqual([
      expect.objectContaining({ periodKey: '2026-Q3', branchName: '新桥社区第一党支部', grade: ASSESSMENT.grade }),
    ]);
    // Not the written assessment: the card carries what the paper card's section holds.
    expect(JSON.stringify(card)).not.toContain(ASSESSMENT.needs);
  });

  it('answers a scan for the two sides and the branch being checked in to, and not-found for anyone else', async () => {
    const scene = cardScene(memberId);
    expect(await h.ok(tree.people.secretaryA, 'card.scan', { scene })).toMatchObject({ side: 'inflow', canReview: false });
    expect(await h.ok(tree.people.villageSecretary, 'card.scan', { scene })).toMatchObject({ side: 'outflow', canReview: true });
    for (const openid of [tree.people.secretaryB, tree.people.otherHomeAdmin, tree.people.hometownSecretary]) {
      refused(await h.call(openid, 'card.scan', { scene }), 'NOT_FOUND', 'scene');
      refused(await h.call(openid, 'card.get', { memberId }), 'NOT_FOUND', 'memberId');
    }
    refused(await h.call(tree.people.secretaryA, 'card.scan', { scene: 'b=o_123' }), 'INVALID_CODE', 'scene');
    refused(await h.call(tree.people.secretaryA, 'card.scan', { scene: 'm=nobody' }), 'NOT_FOUND', 'scene');

    // A newcomer checking in to branch B: its secretary has a reason to scan.
    await registerMember(h, 'card_newcomer', profile(tree.village.orgId, { name: '吴平' }));
    await h.ok('card_newcomer', 'checkin.submit', { orgId: tree.branchB.orgId, via: 'scan' });
    const newcomer = await h.ok('card_newcomer', 'card.mine', {});
    expect(await h.ok(tree.people.secretaryB, 'card.scan', { scene: newcomer.scene })).toMatchObject({
      name: '吴平',
      status: 'pending',
      inflowBranch: null,
      side: 'inflow',
    });
    refused(await h.call(tree.people.secretaryA, 'card.scan', { scene: newcomer.scene }), 'NOT_FOUND', 'scene');
  });

  it('records the yearly review once per year by the outflow side, with the appraisal, then only with its version', async () => {
    await h.ok(tree.people.secretaryA, 'appraisal.record', { memberId, year: 2026, result: 'excellent', version: null });
    const input: ActionInput<'card.review'> = { memberId, year: 2026, result: 'passed', note: '按时报到', version: null };
    const first = await h.ok(tree.people.villageSecretary, 'card.review', input);
    expect(first).toEqual({
      reviewId: cardReviewIdFor(memberId, 2026),
      year: 2026,
      result: 'passed',
      note: '按时报到',
      appraisal: { result: 'excellent', recordedByName: '李秀英' },
      recordedOn: '2026-10-01',
      recordedByName: '吴村书',
      version: 1,
    });
    expect(await h.ok(tree.people.villageSecretary, 'card.review', input)).toEqual(first);
    refused(await h.call(tree.people.homeAdmin, 'card.review', { ...input, result: 'deferred' }), 'CONFLICT', 'version');
    const changed = await h.ok(tree.people.homeAdmin, 'card.review', { ...input, result: 'deferred', version: 1 });
    expect(changed).toMatchObject({ result: 'deferred', version: 2, recordedByName: '陈立新' });
    expect(await reviews(h)).toHaveLength(1);
    expect((await h.ok(ME, 'card.mine', {})).reviews).toEqual([changed]);
  });
});

describe('activity card rules (embedded store)', () => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;

  beforeEach(async () => {
    ({ h, tree, memberId } = await placedWorld('sqlite'));
  });
  afterEach(() => h.close());

  it('lets only the outflow side review, refuses bad input by its field, and writes nothing then', async () => {
    const review = (openid: string, input: Partial<ActionInput<'card.review'>>) =>
      h.call(openid, 'card.review', { memberId, year: 2026, result: 'passed', version: null, ...input });
    refused(await review(tree.people.secretaryA, {}), 'FORBIDDEN');
    refused(await review(tree.people.cityAdmin, {}), 'FORBIDDEN');
    refused(await review(ME, {}), 'FORBIDDEN');
    refused(await review(SYSTEM_ADMIN, {}), 'FORBIDDEN');
    refused(await review(tree.people.otherHomeAdmin, {}), 'NOT_FOUND', 'memberId');
    refused(await review(tree.people.secretaryB, {}), 'NOT_FOUND', 'memberId');
    refused(await review(tree.people.villageSecretary, { year: 2027 }), 'BAD_REQUEST', 'year');
    refused(await review(tree.people.villageSecretary, { result: 'maybe' as 'passed' }), 'BAD_REQUEST', 'result');
    refused(await review(tree.people.villageSecretary, { note: '长'.repeat(301) }), 'BAD_REQUEST', 'note');
    refused(await review(tree.people.villageSecretary, { version: 2 }), 'CONFLICT');
    expect(await reviews(h)).toEqual([]);
  });
});
