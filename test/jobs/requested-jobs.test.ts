/**
 * Work started on demand: an action records a request, the jobs function runs it in resumable
 * chunks, and a run killed mid-chunk is resumed by the next invocation without doing anything
 * twice. On both stores.
 */
import { z } from 'zod';
import { createJobsMain } from '../../server/jobs/jobs-main';
import { type RequestedJob, MAX_REQUEST_FAILURES, requestedJob, runRequestedJobs } from '../../server/jobs/requested-jobs';
import { AppError } from '../../server/services/app-error';
import { wechatCaller } from '../../server/services/context';
import { jobRequestIdFor, requestJob } from '../../server/services/job-requests';
import type { JobRequestRecord, MemberRecord } from '../../server/services/records';
import type { DocumentStore } from '../../server/store/document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import { insertIfAbsent } from '../../server/store/saving';
import { BACKENDS, type Harness, SYSTEM_ADMIN, createHarness, seedTree } from '../support/harness';
import { KilledError, all, killedAfterInserts, placedMemberRecord, shanghai } from './support';

jest.setTimeout(60_000);

const MARKS = 'test_marks';
const REQUESTER = 'o_requester_1';

/**
 * A job kind of the tests' own: marks each member of one branch once, in id order, a chunk at a
 * time. The mark's id is the member's, so a redone chunk writes nothing new.
 */
const markBranch: RequestedJob = requestedJob('mark_branch', z.object({ branchId: z.string() }), async (ctx, params, cursor) => {
  const { store } = ctx.deps;
  const where = { inflowBranchId: params.branchId, status: 'placed' };
  const page = await store.find<MemberRecord>(COLLECTIONS.members, {
    where: cursor === null ? where : { ...where, _id: { $gt: cursor } },
    orderBy: [{ field: '_id', direction: 'asc' }],
    limit: ctx.chunkSize,
  });
  for (const member of page.items) await insertIfAbsent(store, MARKS, { _id: `mark_${member._id}`, memberId: member._id });
  const last = page.items[page.items.length - 1];
  return {
    cursor: last ? last._id : cursor,
    done: page.nextCursor === null,
    processed: page.items.length,
    created: page.items.length,
    total: await store.count(COLLECTIONS.members, where),
  };
});

async function seedBranch(h: Harness, count: number): Promise<string> {
  const tree = await seedTree(h);
  const branch = await h.deps.store.get<{ name: string; path: string }>(COLLECTIONS.organizations, tree.branchA.orgId);
  if (!branch) throw new Error('no branch');
  for (let i = 0; i < count; i += 1) {
    await h.deps.store.insert<MemberRecord>(
      COLLECTIONS.members,
      placedMemberRecord(h.deps, {
        id: `m_req_${String(i).padStart(3, '0')}`,
        name: `党员${i}`,
        branch: { orgId: tree.branchA.orgId, name: branch.name, path: branch.path },
        outflow: { orgId: null, name: '某村党支部', path: null },
        placedAt: shanghai('2026-08-03T09:00:00'),
      }),
    );
  }
  return tree.branchA.orgId;
}

const ctxOf = (h: Harness, openid = REQUESTER) => ({ deps: h.deps, caller: wechatCaller(openid) });
const requestOf = (store: DocumentStore, id: string) => store.get<JobRequestRecord>(COLLECTIONS.jobRequests, id);
const run = (h: Harness, store: DocumentStore = h.deps.store, kinds: readonly RequestedJob[] = [markBranch]) =>
  runRequestedJobs({ ...h.deps, store }, { deadline: Number.POSITIVE_INFINITY, chunkSize: 4, kinds });

describe.each(BACKENDS)('requested jobs on %s', (backend) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(backend);
  });
  afterEach(() => h.close());

  it('a request is recorded once per request id, and run to the end with its progress', async () => {
    const branchId = await seedBranch(h, 10);
    const first = await requestJob(ctxOf(h), 'mark_branch', 'req-000001', { branchId });
    const again = await requestJob(ctxOf(h), 'mark_branch', 'req-000001', { branchId });
    expect(again._id).toBe(first._id);
    expect(first).toMatchObject({ status: 'queued', processed: 0, total: null, cursor: null });
    expect(first._id).toBe(jobRequestIdFor(REQUESTER, 'mark_branch', 'req-000001'));

    const summary = await run(h);
    expect(summary).toEqual({
      complete: true,
      requests: [{ jobId: first._id, kind: 'mark_branch', status: 'done', chunks: 3, processed: 10 }],
    });
    expect(await requestOf(h.deps.store, first._id)).toMatchObject({ status: 'done', processed: 10, total: 10, error: null });
    expect(await h.deps.store.count(MARKS, {})).toBe(10);
    // Finished work is not picked up again.
    expect((await run(h)).requests).toEqual([]);
  });

  it('killed mid-chunk, the next invocation resumes from the saved cursor and marks everyone exactly once', async () => {
    const branchId = await seedBranch(h, 10);
    const { _id: jobId } = await requestJob(ctxOf(h), 'mark_branch', 'req-000002', { branchId });
    // The first chunk (4) is saved; the second dies after two of its marks.
    const killed = killedAfterInserts(h.deps.store, MARKS, 6);
    await expect(run(h, killed)).rejects.toBeInstanceOf(KilledError);
    expect(await h.deps.store.count(MARKS, {})).toBe(6);
    expect(await requestOf(h.deps.store, jobId)).toMatchObject({ status: 'running', processed: 4, failures: 0 });

    const resumed = await run(h);
    expect(resumed.requests).toEqual([{ jobId, kind: 'mark_branch', status: 'done', chunks: 2, processed: 6 }]);
    const marks = await all<{ memberId: string }>(h.deps.store, MARKS);
    expect(marks.map((mark) => mark.memberId).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `m_req_${String(i).padStart(3, '0')}`),
    );
    expect(await requestOf(h.deps.store, jobId)).toMatchObject({ status: 'done', processed: 10, total: 10 });
  });

  it('stops at the deadline between chunks and leaves the rest to the next invocation', async () => {
    const branchId = await seedBranch(h, 10);
    const { _id: jobId } = await requestJob(ctxOf(h), 'mark_branch', 'req-000003', { branchId });
    let now = 0;
    const options = { chunkSize: 4, kinds: [markBranch], wallTime: () => (now += 1) };
    // The deadline lets the first chunk start, and no second one.
    const first = await runRequestedJobs(h.deps, { ...options, deadline: 3 });
    expect(first).toEqual({
      complete: false,
      requests: [{ jobId, kind: 'mark_branch', status: 'out_of_time', chunks: 1, processed: 4 }],
    });
    const rest = await runRequestedJobs(h.deps, { ...options, deadline: Number.POSITIVE_INFINITY });
    expect(rest.requests).toEqual([{ jobId, kind: 'mark_branch', status: 'done', chunks: 2, processed: 6 }]);
    expect(await h.deps.store.count(MARKS, {})).toBe(10);
  });
});

describe('requested jobs: failures, and who may follow them', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness('sqlite');
  });
  afterEach(() => h.close());

  it('a refusal or bad params fail at once; an error that may pass is retried, then given up', async () => {
    const refusing = requestedJob('refusing', z.object({}), async () => {
      throw new AppError('FORBIDDEN', '不能这样做');
    });
    let attempts = 0;
    const flaky = requestedJob('flaky', z.object({}), async () => {
      attempts += 1;
      throw new Error('store unavailable');
    });
    const kinds = [markBranch, refusing, flaky];
    const badParams = await requestJob(ctxOf(h), 'mark_branch', 'req-000010', { branch: 'typo' });
    const refused = await requestJob(ctxOf(h), 'refusing', 'req-000011', {});
    const unknown = await requestJob(ctxOf(h), 'no_such_kind', 'req-000012', {});
    h.clock.advance(1000);
    const failing = await requestJob(ctxOf(h), 'flaky', 'req-000013', {});

    const first = await run(h, h.deps.store, kinds);
    expect(first.complete).toBe(false);
    expect(first.requests.map((request) => request.status)).toEqual(['failed', 'failed', 'failed', 'retrying']);
    expect(await requestOf(h.deps.store, badParams._id)).toMatchObject({ status: 'failed', failures: 1 });
    expect(await requestOf(h.deps.store, refused._id)).toMatchObject({ status: 'failed', error: '不能这样做' });
    expect(await requestOf(h.deps.store, unknown._id)).toMatchObject({ status: 'failed' });
    for (let invocation = 2; invocation <= MAX_REQUEST_FAILURES; invocation += 1) await run(h, h.deps.store, kinds);
    expect(attempts).toBe(MAX_REQUEST_FAILURES);
    expect(await requestOf(h.deps.store, failing._id)).toMatchObject({
      status: 'failed',
      failures: MAX_REQUEST_FAILURES,
      error: 'store unavailable',
    });
    expect((await run(h, h.deps.store, kinds)).requests).toEqual([]);
  });

  it('job.get shows the requester and the system admin the progress, and anyone else nothing', async () => {
    const branchId = await seedBranch(h, 3);
    const { _id: jobId } = await requestJob(ctxOf(h), 'mark_branch', 'req-000020', { branchId });
    expect(await h.ok(REQUESTER, 'job.get', { jobId })).toMatchObject({ jobId, kind: 'mark_branch', status: 'queued' });
    await run(h);
    expect(await h.ok(SYSTEM_ADMIN, 'job.get', { jobId })).toMatchObject({ status: 'done', processed: 3, total: 3 });
    const stranger = await h.call('o_stranger_1', 'job.get', { jobId });
    const missing = await h.call(REQUESTER, 'job.get', { jobId: 'jr_000000000000000000000000' });
    expect(stranger).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND', field: 'jobId' }) });
    expect(missing).toEqual(stranger);
  });

  it("the jobs function's minute tick runs requested work only; the nightly tick runs both", async () => {
    const main = createJobsMain({ getDeps: async () => h.deps, log: () => undefined });
    const tick = (TriggerName: string) => ({ Type: 'Timer', TriggerName, Time: '2026-11-25T02:00:00Z' });
    expect(await main(tick('requests'), {})).toMatchObject({
      ok: true,
      data: { complete: true, jobs: [], requested: { requests: [] } },
    });
    expect(await main(tick('nightly'), {})).toMatchObject({
      ok: true,
      data: {
        jobs: [
          { job: 'member_sweep' },
          { job: 'overdue_reminders' },
          { job: 'transfer_reminders' },
          { job: 'service_reminders' },
          { job: 'activity_reminders' },
          { job: 'org_figures' },
          { job: 'desk_session_sweep' },
          { job: 'record_backfills' },
        ],
        requested: { complete: true },
      },
    });
  });
});
