import { FIGURE_KEYS, type FigureCounts } from '../contract';
import { DEMO_OPENIDS, seedDemoData } from '../dev/demo-data';
import { orgFigures } from '../jobs/org-figures';
import { createJobContext, runJobs } from '../jobs/run-jobs';
import { BACKENDS, type Harness, SYSTEM_ADMIN, type Tree, createHarness } from '../../test/support/harness';
import { type JourneyWorld, RIDER, journeyWorld } from '../../test/support/journey-world';
import { KilledError, killedAfterUpdates } from '../../test/jobs/support';
import { memberSweep } from '../jobs/member-sweep';
import { placedWorld } from '../../test/support/report-world';
import type { StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { ensureSystemAdmins } from './roles';
import type { MemberRecord, OrganizationRecord, OrgFiguresRecord, ToFindRecord } from './records';
import { contributionsOf, emptyCounts, listedFigures, memberFigures, orgFiguresIdFor } from './subtree-figures';
import { pathIds, underPath } from './organizations';

const DAY = 24 * 60 * 60 * 1000;

async function all<T extends object>(h: Harness, collection: string): Promise<StoredDocument<T>[]> {
  const found: StoredDocument<T>[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: StoredDocument<T>[]; nextCursor: string | null } = await h.deps.store.find<T>(collection, {
      where: {},
      limit: 1000,
      cursor,
    });
    found.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/**
 * The figures counted the plain way: every member and movement-list record evaluated, and each
 * organization's count those with any path through it (own: attached to it directly). No parts,
 * tallies or roll-up.
 */
async function directCounts(h: Harness): Promise<Map<string, { own: FigureCounts; subtree: FigureCounts }>> {
  const ctx = createJobContext(h.deps, {});
  const [orgs, members, listed] = await Promise.all([
    all<OrganizationRecord>(h, COLLECTIONS.organizations),
    all<MemberRecord>(h, COLLECTIONS.members),
    all<ToFindRecord>(h, COLLECTIONS.toFind),
  ]);
  const evaluated = [
    ...(await Promise.all(members.map((member) => memberFigures(ctx, member)))),
    ...listed.map((record) => ({ paths: [record.orgPath], figures: listedFigures(record) })),
  ];
  const counts = new Map(orgs.map((org) => [org._id, { own: emptyCounts(), subtree: emptyCounts() }]));
  for (const { paths, figures } of evaluated) {
    const through = new Set(paths.flatMap(pathIds));
    const attached = new Set(paths.map((path) => pathIds(path).pop() as string));
    for (const orgId of through) for (const key of figures) (counts.get(orgId) as { subtree: FigureCounts }).subtree[key] += 1;
    for (const orgId of attached) for (const key of figures) (counts.get(orgId) as { own: FigureCounts }).own[key] += 1;
  }
  return counts;
}

async function runFigures(h: Harness, chunkSize: number) {
  return runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [orgFigures], chunkSize });
}

async function expectKeptMatchDirect(h: Harness): Promise<void> {
  const direct = await directCounts(h);
  const kept = await all<OrgFiguresRecord>(h, COLLECTIONS.orgFigures);
  expect(kept.length).toBe(direct.size);
  for (const doc of kept) {
    expect({ orgId: doc.orgId, own: doc.own, subtree: doc.subtree }).toEqual({ orgId: doc.orgId, ...direct.get(doc.orgId) });
  }
}

describe('how a member adds to the counts', () => {
  it('counts a member once in every organization above any of their paths', () => {
    // Inflow /a/b/c/, outflow /a/d/, check-in /a/b/e/: a is above all three, b above two.
    const { own, weight } = contributionsOf(['/a/b/c/', '/a/d/', '/a/b/e/']);
    expect(Object.fromEntries(own)).toEqual({ c: 1, d: 1, e: 1 });
    const subtree = (orgId: string) =>
      [...weight]
        .filter(([id]) => ['a', 'b', 'c', 'd', 'e'].includes(id) && (id === orgId || below(id, orgId)))
        .reduce((s, [, w]) => s + w, 0);
    const tree: Record<string, string[]> = { a: ['b', 'd'], b: ['c', 'e'], c: [], d: [], e: [] };
    const below = (id: string, ancestor: string): boolean => tree[ancestor].some((child) => child === id || below(id, child));
    expect(['a', 'b', 'c', 'd', 'e'].map(subtree)).toEqual([1, 1, 1, 1, 1]);
  });

  it('paths in two trees meet nowhere', () => {
    const { weight } = contributionsOf(['/x/y/', '/p/']);
    expect(Object.fromEntries(weight)).toEqual({ y: 1, p: 1 });
  });
});

describe.each(BACKENDS)('figures by subtree on %s', (backend) => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness(backend);
    await ensureSystemAdmins(h.deps.store, h.deps.pii, h.deps.clock, [DEMO_OPENIDS.systemAdmin]);
    await seedDemoData(h.deps);
  }, 120_000);
  afterAll(() => h.close());

  it('the night run keeps for every organization what a direct count over every member gives, whatever the chunk size', async () => {
    const summary = await runFigures(h, 3);
    expect(summary.jobs[0].status).toBe('finished');
    await expectKeptMatchDirect(h);
    const counted = await all<OrgFiguresRecord>(h, COLLECTIONS.orgFigures);
    const total = counted.filter((doc) => doc.parentId === null).reduce((sum, doc) => sum + doc.subtree.registered, 0);
    // Every member has an outflow or an inflow on the tree, or is not counted in any subtree.
    expect(total).toBeGreaterThan(0);
    // The plain count of the store agrees for the record's own figures, at every root.
    for (const root of counted.filter((doc) => doc.parentId === null)) {
      const where = { $or: [underPath('inflowPath', root.path), underPath('outflowPath', root.path)] };
      const placed = await h.deps.store.count(COLLECTIONS.members, { ...where, status: 'placed' });
      expect(root.subtree.placed).toBe(placed);
    }
    // The movement list, counted straight over to_find for every organization: listed, 待找, and
    // known = registered + listed but not linked to a registered member.
    for (const doc of counted) {
      const below = underPath('orgPath', doc.path);
      const [listed, open, unlinked] = await Promise.all([
        h.deps.store.count(COLLECTIONS.toFind, below),
        h.deps.store.count(COLLECTIONS.toFind, { ...below, status: 'open' }),
        h.deps.store.count(COLLECTIONS.toFind, { ...below, memberId: null }),
      ]);
      expect({ org: doc.name, listed: doc.subtree.listed, toFind: doc.subtree.toFind, known: doc.subtree.known }).toEqual({
        org: doc.name,
        listed,
        toFind: open,
        known: doc.subtree.registered + unlinked,
      });
    }
    // The demo's imported list has records linked to registered members and 待找 ones.
    const demoList = await all<ToFindRecord>(h, COLLECTIONS.toFind);
    expect(demoList.some((record) => record.status === 'linked')).toBe(true);
    expect(demoList.some((record) => record.status === 'open')).toBe(true);
    // Every figure appears somewhere in the demo, so none is counted as zero by mistake, but one:
    // the demo's reports go home days after the jobs opened them, past their due day whenever the
    // demo is seeded (on-time reports are counted in the report figures test below).
    const sums = counted
      .filter((doc) => doc.parentId === null)
      .reduce((sum, doc) => {
        for (const key of FIGURE_KEYS) sum[key] += doc.subtree[key];
        return sum;
      }, emptyCounts());
    expect(FIGURE_KEYS.filter((key) => sums[key] === 0)).toEqual(['reportSentOnTime']);
  });

  it('figures.get answers the kept document and its children; figures.members lists the members behind a figure', async () => {
    await runFigures(h, 50);
    const roots = (await all<OrgFiguresRecord>(h, COLLECTIONS.orgFigures)).filter((doc) => doc.parentId === null);
    const root = roots.sort((a, b) => b.subtree.registered - a.subtree.registered)[0];
    const view = await h.ok(DEMO_OPENIDS.systemAdmin, 'figures.get', { orgId: root.orgId });
    expect(view.organization.subtree).toEqual(root.subtree);
    expect(view.asOf).toBe(root.asOf);
    const childSum = view.children.items.reduce((sum, child) => sum + child.subtree.registered, 0);
    expect(childSum + view.organization.own.registered).toBeGreaterThanOrEqual(view.organization.subtree.registered);

    const listed = await h.ok(DEMO_OPENIDS.systemAdmin, 'figures.members', { orgId: root.orgId, figure: 'placed', limit: 100 });
    expect(listed.items.length).toBe(root.subtree.placed);
    expect(listed.items.every((member) => member.status === 'placed' && member.idCardMasked.includes('*'))).toBe(true);
    const doc = await h.deps.store.get<OrgFiguresRecord>(COLLECTIONS.orgFigures, orgFiguresIdFor(root.orgId));
    expect(doc?.asOf).toBe(listed.asOf);

    // The records behind 待找 and 名单, masked as the to_find views mask them, paged.
    const withList = roots.sort((a, b) => b.subtree.listed - a.subtree.listed)[0];
    expect(withList.subtree.toFind).toBeGreaterThan(0);
    const firstPage = await h.ok(DEMO_OPENIDS.systemAdmin, 'figures.members', {
      orgId: withList.orgId,
      figure: 'toFind',
      limit: 1,
    });
    expect(firstPage.items).toHaveLength(1);
    const open: typeof firstPage.items = [...firstPage.items];
    let cursor = firstPage.nextCursor;
    while (cursor) {
      const page = await h.ok(DEMO_OPENIDS.systemAdmin, 'figures.members', {
        orgId: withList.orgId,
        figure: 'toFind',
        cursor,
        limit: 1,
      });
      open.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(open).toHaveLength(withList.subtree.toFind);
    const stored = await all<ToFindRecord>(h, COLLECTIONS.toFind);
    for (const row of open) {
      const record = stored.find((candidate) => candidate._id === row.toFindId);
      expect(record?.status).toBe('open');
      expect(row).toMatchObject({
        memberId: null,
        status: null,
        toFindStatus: 'open',
        name: record?.listed.name,
        idCardMasked: record?.listed.idCardMasked,
        phoneMasked: record?.listed.phoneMasked,
      });
      expect(row.idCardMasked).toContain('*');
    }
    const listedRows = await h.ok(DEMO_OPENIDS.systemAdmin, 'figures.members', {
      orgId: withList.orgId,
      figure: 'listed',
      limit: 100,
    });
    expect(listedRows.items).toHaveLength(withList.subtree.listed);
    const linked = listedRows.items.filter((row) => row.toFindStatus === 'linked');
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((row) => row.memberId !== null)).toBe(true);
  });

  it('a run killed again and again, in the members and in the movement list, finishes with the direct counts', async () => {
    // The next night, with one 待找 found meanwhile, so the list's rows and counts change.
    const open = (await all<ToFindRecord>(h, COLLECTIONS.toFind)).find((record) => record.status === 'open');
    if (!open) throw new Error('the demo has a 待找 record');
    await h.deps.store.update(COLLECTIONS.toFind, open._id, open.version, { status: 'lost' });
    h.clock.advance(DAY);
    let kills = 0;
    let finished = false;
    // Each invocation dies after a few writes; what it wrote stays, so the next one gets further.
    while (!finished && kills < 2000) {
      const killed = { ...h.deps, store: killedAfterUpdates(h.deps.store, 5) };
      try {
        const summary = await runJobs(killed, { deadline: Number.POSITIVE_INFINITY, jobs: [orgFigures], chunkSize: 4 });
        finished = summary.jobs[0].status === 'finished';
      } catch (error) {
        if (!(error instanceof KilledError)) throw error;
        kills += 1;
      }
    }
    expect(finished).toBe(true);
    expect(kills).toBeGreaterThan(1);
    await expectKeptMatchDirect(h);
  }, 300_000);
});

describe.each(BACKENDS)('figures after moves, returns and transfers on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let ids: JourneyWorld['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await journeyWorld(backend));
  });
  afterEach(() => h.close());

  const figuresOf = async (orgId: string) => (await h.ok(SYSTEM_ADMIN, 'figures.get', { orgId })).organization;

  it('follows a member moving on, one returning home and one transferring, and a killed run resumes to the same counts', async () => {
    await runFigures(h, 2);
    await expectKeptMatchDirect(h);
    expect((await figuresOf(tree.branchA.orgId)).subtree).toMatchObject({ registered: 2, placed: 2, checkedIn: 2 });
    expect((await figuresOf(tree.village.orgId)).subtree).toMatchObject({ registered: 3, placed: 3 });
    // The city is above both inflow branches: each member once, though two of them share it.
    expect((await figuresOf(tree.city.orgId)).subtree.registered).toBe(3);

    // The rider leaves branch A and checks in to branch B; 孙丽 is home again; 李强 transfers to branch A.
    await h.ok(RIDER, 'placement.leave', {
      memberId: ids.rider,
      branchId: tree.branchA.orgId,
      endedOn: '2026-11-25',
      reason: 'moved_city',
      destination: '',
    });
    await h.ok(RIDER, 'checkin.submit', { orgId: tree.branchB.orgId, via: 'scan' });
    await h.ok(tree.people.villageSecretary, 'placement.return', { memberId: ids.otherBranch, returnedOn: '2026-11-25' });
    h.clock.advance(7 * 31 * DAY);
    const proposed = await h.ok(tree.people.secretaryA, 'transfer.propose', {
      memberId: ids.settled,
      reason: '已在本地稳定就业',
    });
    const agreed = await h.ok(tree.people.villageSecretary, 'transfer.decide', {
      transferId: proposed.transferId,
      version: proposed.version,
      decision: 'agree',
    });
    h.clock.set('2027-07-02T02:00:00.000Z');
    await h.ok(tree.people.secretaryA, 'transfer.complete', {
      transferId: proposed.transferId,
      version: agreed.version,
      letterNumber: 'JS2027-000123',
      letterDate: '2027-07-01',
    });

    // Killed part-way, twice, at different writes; then run to the end.
    for (const updates of [3, 9]) {
      const killed = { ...h.deps, store: killedAfterUpdates(h.deps.store, updates) };
      await expect(runJobs(killed, { deadline: Number.POSITIVE_INFINITY, jobs: [orgFigures], chunkSize: 1 })).rejects.toThrow(
        KilledError,
      );
    }
    expect((await runFigures(h, 1)).jobs[0].status).toBe('finished');
    await expectKeptMatchDirect(h);
    expect((await figuresOf(tree.village.orgId)).subtree).toMatchObject({
      registered: 3,
      placed: 0,
      returned: 1,
      transferred: 1,
    });
    const branchB = await figuresOf(tree.branchB.orgId);
    // The rider is counted where the check-in waits; 孙丽, home again, only at home.
    expect(branchB.own).toMatchObject({ registered: 1, checkedIn: 1, returned: 0, placed: 0 });
    const riderRow = await h.ok(tree.people.secretaryB, 'figures.members', { orgId: tree.branchB.orgId, figure: 'registered' });
    expect(riderRow.items.map((m) => m.name)).toEqual(['王海军']);
    // Run again the same day: the run is finished and nothing is counted twice.
    expect((await runFigures(h, 1)).jobs[0].status).toBe('already_finished');
    await expectKeptMatchDirect(h);
  });

  it('answers NOT_FOUND for an organization beside or above the caller, and for a figure list there', async () => {
    await runFigures(h, 10);
    const before = await h.deps.store.find(COLLECTIONS.orgFigures, { where: {}, limit: 100 });
    for (const [who, orgId] of [
      [tree.people.secretaryA, tree.branchB.orgId],
      [tree.people.secretaryA, tree.community.orgId],
      [tree.people.homeAdmin, tree.city.orgId],
      ['test_stranger', tree.village.orgId],
    ] as const) {
      expect(await h.call(who, 'figures.get', { orgId })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'NOT_FOUND', field: 'orgId' }),
      });
      expect(await h.call(who, 'figures.members', { orgId, figure: 'placed' })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'NOT_FOUND', field: 'orgId' }),
      });
    }
    expect(await h.deps.store.find(COLLECTIONS.orgFigures, { where: {}, limit: 100 })).toEqual(before);
    // A secretary sees their own branch's figures.
    expect((await h.ok(tree.people.secretaryA, 'figures.get', { orgId: tree.branchA.orgId })).organization.own.placed).toBe(2);
  });
});

describe.each(BACKENDS)('report figures on %s', (backend) => {
  it('counts a report sent on time and read at home', async () => {
    // Placed in July: the Q3 draft opens on 1 October; branch A sends it on the 10th (due the 16th); the village reads it.
    const { h, tree, memberId, reportId } = await placedWorld(backend);
    try {
      await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [memberSweep] });
      h.clock.set('2026-10-10T02:00:00.000Z');
      const draft = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
      await h.ok(tree.people.secretaryA, 'report.submit', {
        reportId,
        version: draft.version,
        assessment: { thinking: '稳定', conduct: '积极', needs: '', comment: '表现好', grade: 'good' },
      });
      await h.ok(tree.people.villageSecretary, 'report.get', { reportId });
      h.clock.set('2026-10-20T02:00:00.000Z');
      await runFigures(h, 5);
      await expectKeptMatchDirect(h);
      const village = (await h.ok(SYSTEM_ADMIN, 'figures.get', { orgId: tree.village.orgId })).organization;
      expect(village.subtree).toMatchObject({ reportDue: 1, reportSent: 1, reportSentOnTime: 1, reportRead: 1 });
      const onTime = await h.ok(tree.people.villageSecretary, 'figures.members', {
        orgId: tree.village.orgId,
        figure: 'reportSentOnTime',
      });
      expect(onTime.items.map((m) => m.memberId)).toEqual([memberId]);
    } finally {
      await h.close();
    }
  });
});
