/**
 * Moving an organization in the tree: the action checks and records the move, the jobs function
 * rewrites every copied path in resumable chunks. Killed half-way and run again, every copy ends
 * exactly where one uninterrupted run puts it. On both stores.
 */
import { PATH_COPIES } from '../../server/jobs/org-repath';
import { runAllJobs } from '../../server/jobs/run-all';
import type { ServiceDeps } from '../../server/services/context';
import type { LifeFlagRecord, OrganizationRecord } from '../../server/services/records';
import type { DocumentStore } from '../../server/store/document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import { BACKENDS, type Harness, SYSTEM_ADMIN, type Tree, nextRequestId } from '../support/harness';
import { addActivity, addAppraisal, attend, openDraft, placedWorld, submitNow } from '../support/report-world';
import { KilledError, all, killedAfterUpdates } from './support';

jest.setTimeout(120_000);

/** A world with something under every kind of copied path: a placed member, a submitted report, life, study, settings, a flag. */
async function busyWorld(backend: (typeof BACKENDS)[number]) {
  const { h, tree, memberId, reportId } = await placedWorld(backend);
  await openDraft(h, memberId, '2026-Q3');
  await submitNow(h, reportId, tree.people.secretaryA);
  const activity = await addActivity(h, tree.branchA, '2026-09-05 19:00', 'general_meeting');
  await attend(h, activity, memberId, 'present');
  await addAppraisal(h, tree, memberId, 2026);
  await h.ok(tree.people.secretaryA, 'study.savePlan', {
    branchId: tree.branchA.orgId,
    year: 2026,
    targetHours: 32,
    items: [{ title: '学习党章', hours: 4, dueMonth: 12 }],
    version: null,
  });
  await h.ok(tree.people.cityAdmin, 'settings.update', {
    orgId: tree.community.orgId,
    changes: { reportDueDays: 20 },
    version: null,
  });
  await h.ok(tree.people.homeAdmin, 'settings.update', {
    orgId: tree.village.orgId,
    changes: { reportDueDays: 30 },
    version: null,
  });
  const path = async (orgId: string) =>
    (await h.deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, orgId))?.path ?? '';
  const flag: LifeFlagRecord = {
    memberId,
    memberName: '王海军',
    branchId: tree.branchA.orgId,
    branchPath: await path(tree.branchA.orgId),
    outflowPath: await path(tree.village.orgId),
    level: 'warning',
    since: '2026-07-10',
    months: 3,
    raisedAt: '2026-10-10T02:00:00.000Z',
  };
  await h.deps.store.insert<LifeFlagRecord>(COLLECTIONS.lifeFlags, { _id: `lf_${memberId}_warning_2026-07-10`, ...flag });
  return { h, tree, memberId, reportId, path };
}

/** Every copied path in the store, by collection, field and record. */
async function copies(store: DocumentStore): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const { collection, field } of PATH_COPIES) {
    for (const doc of await all<Record<string, unknown>>(store, collection)) {
      const value = doc[field];
      out.set(`${collection}.${field}.${doc._id}`, typeof value === 'string' ? value : null);
    }
  }
  return out;
}

/** What every copy must read after moving `from` to `to`: the moved prefix replaced once, the rest unchanged. */
function expectedAfter(before: Map<string, string | null>, from: string, to: string): Map<string, string | null> {
  return new Map(
    [...before].map(([key, value]) => [key, value && value.startsWith(from) ? `${to}${value.slice(from.length)}` : value]),
  );
}

/** Any field holding an old path, in any collection, whether the list of copies names it or not. */
async function leftovers(store: DocumentStore, from: string): Promise<string[]> {
  const found: string[] = [];
  for (const collection of Object.values(COLLECTIONS)) {
    for (const doc of await all<Record<string, unknown>>(store, collection)) {
      for (const [field, value] of Object.entries(doc)) {
        if (typeof value === 'string' && value.startsWith(from) && /path$/i.test(field))
          found.push(`${collection}.${field}.${doc._id}`);
      }
    }
  }
  return found;
}

const runToEnd = (deps: ServiceDeps) => runAllJobs(deps, { deadline: Number.POSITIVE_INFINITY, nightly: false, chunkSize: 2 });

describe.each(BACKENDS)('moving an organization on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let reportId: string;
  let path: (orgId: string) => Promise<string>;
  beforeEach(async () => {
    ({ h, tree, reportId, path } = await busyWorld(backend));
  });
  afterEach(() => h.close());

  it('moves the outflow village under another county: every copy, the inbox and who may read follow', async () => {
    const from = await path(tree.village.orgId);
    const before = await copies(h.deps.store);
    const job = await h.ok(SYSTEM_ADMIN, 'org.move', {
      orgId: tree.village.orgId,
      newParentId: tree.otherHome.orgId,
      requestId: nextRequestId(),
    });
    expect(job).toMatchObject({ kind: 'org_repath', status: 'queued' });
    await runToEnd(h.deps);
    const to = await path(tree.village.orgId);
    expect(to).toBe(`${await path(tree.otherHome.orgId)}${tree.village.orgId}/`);
    expect(await copies(h.deps.store)).toEqual(expectedAfter(before, from, to));
    expect(await leftovers(h.deps.store, from)).toEqual([]);
    expect(await h.ok(SYSTEM_ADMIN, 'job.get', { jobId: job.jobId })).toMatchObject({
      status: 'done',
      processed: job.total ?? expect.any(Number),
    });
    expect((await h.deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, tree.village.orgId))?.parentId).toBe(
      tree.otherHome.orgId,
    );

    // The report leaves the old county's inbox and reaches the new one's; the village still reads it.
    const inbox = async (openid: string, orgId: string) =>
      (await h.ok(openid, 'report.inbox', { orgId })).items.map((r) => r.reportId);
    expect(await inbox(tree.people.otherHomeAdmin, tree.otherHome.orgId)).toEqual([reportId]);
    expect(await inbox(tree.people.homeAdmin, tree.home.orgId)).toEqual([]);
    expect(await h.call(tree.people.homeAdmin, 'report.get', { reportId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await h.ok(tree.people.villageSecretary, 'report.get', { reportId })).toMatchObject({ side: 'outflow' });
  });

  it('killed half-way and run again, moves the inflow community exactly as one run does', async () => {
    const from = await path(tree.community.orgId);
    const before = await copies(h.deps.store);
    const job = await h.ok(tree.people.cityAdmin, 'org.move', {
      orgId: tree.community.orgId,
      newParentId: tree.chamber.orgId,
      requestId: nextRequestId(),
    });
    for (const n of [3, 4]) {
      await expect(runToEnd({ ...h.deps, store: killedAfterUpdates(h.deps.store, n) })).rejects.toBeInstanceOf(KilledError);
    }
    expect(await h.ok(tree.people.cityAdmin, 'job.get', { jobId: job.jobId })).toMatchObject({ status: 'running' });
    await runToEnd(h.deps);
    const to = `${await path(tree.chamber.orgId)}${tree.community.orgId}/`;
    expect(await copies(h.deps.store)).toEqual(expectedAfter(before, from, to));
    expect(await leftovers(h.deps.store, from)).toEqual([]);
    expect(await h.ok(tree.people.cityAdmin, 'job.get', { jobId: job.jobId })).toMatchObject({ status: 'done' });
    // The branch secretary still manages the branch where it now is.
    expect((await h.ok(tree.people.secretaryA, 'branch.members', { branchId: tree.branchA.orgId })).items).toHaveLength(1);
  });
});

describe('who may move an organization, and one move at a time', () => {
  let h: Harness;
  let tree: Tree;
  beforeEach(async () => {
    ({ h, tree } = await busyWorld('sqlite'));
  });
  afterEach(() => h.close());

  it('refuses those without authority over both places and impossible moves, writing nothing', async () => {
    const state = async () => [await all(h.deps.store, COLLECTIONS.jobRequests), await all(h.deps.store, COLLECTIONS.uniqueKeys)];
    const before = await state();
    const move = (openid: string, orgId: string, newParentId: string) =>
      h.call(openid, 'org.move', { orgId, newParentId, requestId: nextRequestId() });
    const refusal = (code: string) => ({ ok: false, error: expect.objectContaining({ code }) });
    expect(await move(tree.people.secretaryA, tree.branchA.orgId, tree.chamber.orgId)).toEqual(refusal('FORBIDDEN'));
    // An organization, or a new parent, that the caller does not manage answers as a missing one.
    const missing = (field: string) => ({ ok: false, error: { code: 'NOT_FOUND', message: '找不到这个党组织', field } });
    expect(await move(tree.people.cityAdmin, tree.village.orgId, tree.community.orgId)).toEqual(missing('orgId'));
    expect(await move(tree.people.homeAdmin, tree.village.orgId, tree.otherHome.orgId)).toEqual(missing('newParentId'));
    expect(await move(tree.people.cityAdmin, tree.community.orgId, tree.branchB.orgId)).toEqual(refusal('BAD_REQUEST'));
    expect(await move(SYSTEM_ADMIN, tree.city.orgId, tree.community.orgId)).toEqual(refusal('BAD_REQUEST'));
    expect(await move(tree.people.cityAdmin, tree.branchA.orgId, tree.community.orgId)).toEqual(refusal('BAD_REQUEST'));
    expect(await state()).toEqual(before);
  });

  it('a second move waits for the first; the first asked again is the same job', async () => {
    const requestId = nextRequestId();
    const first = await h.ok(SYSTEM_ADMIN, 'org.move', {
      orgId: tree.village.orgId,
      newParentId: tree.otherHome.orgId,
      requestId,
    });
    expect(
      await h.ok(SYSTEM_ADMIN, 'org.move', { orgId: tree.village.orgId, newParentId: tree.otherHome.orgId, requestId }),
    ).toEqual(first);
    const second = { orgId: tree.community.orgId, newParentId: tree.chamber.orgId, requestId: nextRequestId() };
    expect(await h.call(tree.people.cityAdmin, 'org.move', second)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CONFLICT' }),
    });
    await runToEnd(h.deps);
    expect(await h.ok(tree.people.cityAdmin, 'org.move', second)).toMatchObject({ status: 'queued' });
  });
});
