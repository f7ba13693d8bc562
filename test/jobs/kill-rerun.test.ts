/**
 * Killed half-way and run again, the jobs neither duplicate nor miss anything; spread over many
 * short invocations they end where one long run ends. On both stores: the CloudBase adapter
 * runs through the real node-sdk against the fake CloudBase server.
 */
import { memberSweep } from '../../server/jobs/member-sweep';
import { overdueReminders } from '../../server/jobs/overdue-reminders';
import { runJobs } from '../../server/jobs/run-jobs';
import type { ServiceDeps } from '../../server/services/context';
import type { JobRunRecord, LifeFlagRecord, MemberRecord, OrganizationRecord, ReportRecord } from '../../server/services/records';
import { reportIdFor } from '../../server/services/reports/drafts';
import type { StoredDocument } from '../../server/store/document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import { BACKENDS, type Backend, type Harness, createHarness, seedTree } from '../support/harness';
import {
  KilledError,
  all,
  killedAfterInserts,
  killedAfterReportInserts,
  messagesOf,
  oneChunkPerInvocation,
  placedMemberRecord,
  reportsOf,
  runUntilComplete,
  shanghai,
} from './support';

jest.setTimeout(120_000);

/** Kept small on CloudBase: every store call there is an HTTP round trip to the fake server. */
const MEMBERS: Record<Backend, number> = { sqlite: 40, cloudbase: 12 };
/** After how many new drafts each of the two killed invocations dies (CloudBase has only six to write). */
const KILLS: Record<Backend, [number, number]> = { sqlite: [3, 4], cloudbase: [2, 2] };

type Tree = Awaited<ReturnType<typeof seedTree>>;

/**
 * Placed members written directly, the same ids on every harness: a third placed in August
 * (owed the Q3 report, and silent for three months by November: warned), a third placed in
 * October (owed nothing yet), and every fourth from an outflow organization not on the system.
 */
async function seedMembers(h: Harness, tree: Tree, count: number): Promise<string[]> {
  const org = async (orgId: string) => {
    const doc = await h.deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, orgId);
    if (!doc) throw new Error(`no organization ${orgId}`);
    return { orgId, name: doc.name, path: doc.path };
  };
  const branches = [
    await org(tree.branchA.orgId),
    await org(tree.branchB.orgId),
    await org(tree.hometownBranch.orgId),
    await org(tree.industryBranch.orgId),
  ];
  const village = await org(tree.village.orgId);
  const owed: string[] = [];
  for (let i = 0; i < count; i += 1) {
    // Ids out of insertion order, so the sweep's id order is not the seeding order.
    const id = `m_${((i * 7919) % 10007).toString(36).padStart(4, '0')}${i}`;
    const listed = i % 4 !== 3;
    const placedAt = i % 3 === 2 ? shanghai('2026-10-12T09:00:00') : shanghai('2026-08-03T09:00:00');
    const record = placedMemberRecord(h.deps, {
      id,
      name: `党员${i}`,
      branch: branches[i % branches.length],
      outflow: listed
        ? { orgId: village.orgId, name: village.name, path: village.path }
        : { orgId: null, name: '某村党支部', path: null },
      placedAt,
    });
    await h.deps.store.insert<MemberRecord>(COLLECTIONS.members, record);
    if (listed && i % 3 !== 2) owed.push(id);
  }
  return owed;
}

interface Outcome {
  reports: string[];
  figures: Record<string, unknown>;
  flags: string[];
  messages: string[];
  messageCount: number;
}

/**
 * What the jobs left behind, comparable across harnesses: organization ids are random per tree,
 * so they are spelled by their place in the tree (member ids are the same everywhere).
 */
async function outcome(deps: ServiceDeps, tree: Tree): Promise<Outcome> {
  const names = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) if ('orgId' in value) names.set(value.orgId, `<${key}>`);
  const neutral = (text: string) => text.replace(/o_[0-9a-z]{12}/g, (id) => names.get(id) ?? id);
  const reports = await reportsOf(deps.store);
  const messages = await messagesOf(deps.store);
  const flags = await all<LifeFlagRecord>(deps.store, COLLECTIONS.lifeFlags);
  const byId = (a: StoredDocument<ReportRecord>, b: StoredDocument<ReportRecord>) => a._id.localeCompare(b._id);
  return {
    reports: reports.map((report) => report._id).sort(),
    figures: Object.fromEntries(
      [...reports]
        .sort(byId)
        .map((report) => [report._id, { ...report.draftFigures, dueOn: report.dueOn, periodKey: report.periodKey }]),
    ),
    flags: flags.map((flag) => flag._id).sort(),
    messages: messages.map((message) => neutral(`${message._id}|${message.orgId}|${message.kind}|${message.body}`)).sort(),
    messageCount: messages.length,
  };
}

/** What the two runs of 8 November say they did. */
async function runCounts(deps: ServiceDeps) {
  const sweep = await deps.store.get<JobRunRecord>(COLLECTIONS.jobRuns, 'member_sweep_2026-11-08');
  const reminders = await deps.store.get<JobRunRecord>(COLLECTIONS.jobRuns, 'overdue_reminders_2026-11-08');
  return {
    sweep: { processed: sweep?.processed, created: sweep?.created, finished: sweep?.finishedAt !== null },
    reminders: { created: reminders?.created, finished: reminders?.finishedAt !== null },
  };
}

/** What is in the store: every member swept once, one draft per report, one reminder per overdue message. */
async function storeCounts(deps: ServiceDeps) {
  const messages = await messagesOf(deps.store);
  return {
    sweep: {
      processed: await deps.store.count(COLLECTIONS.members, { status: 'placed' }),
      created: (await reportsOf(deps.store)).length,
      finished: true,
    },
    reminders: { created: messages.filter((message) => message.kind === 'report_overdue').length, finished: true },
  };
}

describe.each(BACKENDS)('on %s', (backend) => {
  const harnesses: Harness[] = [];
  async function freshWorld(): Promise<{ h: Harness; tree: Tree; owed: string[] }> {
    const h = await createHarness(backend);
    harnesses.push(h);
    const tree = await seedTree(h);
    const owed = await seedMembers(h, tree, MEMBERS[backend]);
    h.clock.set(shanghai('2026-11-08T01:10:00'));
    return { h, tree, owed };
  }
  afterEach(async () => {
    // Every run below has settled before this: runJobs awaits all its writes, even when it fails.
    for (const h of harnesses.splice(0)) await h.close();
  });

  it('killed mid-chunk after some drafts were written, then run again: one draft per owed member, none missing, nobody told twice', async () => {
    const reference = await freshWorld();
    await runJobs(reference.h.deps, { deadline: Number.POSITIVE_INFINITY, chunkSize: 5 });
    const expected = await outcome(reference.h.deps, reference.tree);
    expect(expected.reports).toEqual(reference.owed.map((id) => reportIdFor(id, '2026-Q3')).sort());
    // Silent since August 3rd: warned, to the branch and to the village.
    expect(expected.flags).toHaveLength(MEMBERS[backend] - Math.floor(MEMBERS[backend] / 3));
    expect(expected.messageCount).toBeGreaterThan(expected.flags.length);

    const { h, tree } = await freshWorld();
    const [firstKill, secondKill] = KILLS[backend];
    const killed = killedAfterReportInserts(h.deps.store, firstKill);
    await expect(
      runJobs({ ...h.deps, store: killed }, { deadline: Number.POSITIVE_INFINITY, chunkSize: 5, concurrency: 3 }),
    ).rejects.toThrow(KilledError);
    // Some drafts made it before the kill; the run's cursor is still where the chunk began.
    expect(killed.inserted()).toBe(firstKill);
    expect(await h.deps.store.count(COLLECTIONS.reports, {})).toBe(firstKill);
    const stuck = await h.deps.store.get<JobRunRecord>(COLLECTIONS.jobRuns, 'member_sweep_2026-11-08');
    expect(stuck).toMatchObject({ finishedAt: null });

    // A second kill, later in the run, on the resumed invocation.
    const killedAgain = killedAfterReportInserts(h.deps.store, secondKill);
    await expect(
      runJobs({ ...h.deps, store: killedAgain }, { deadline: Number.POSITIVE_INFINITY, chunkSize: 5, concurrency: 3 }),
    ).rejects.toThrow(KilledError);
    expect(await h.deps.store.count(COLLECTIONS.reports, {})).toBe(firstKill + secondKill);

    const { last } = await runUntilComplete(h.deps, { chunkSize: 5 });
    expect(last.jobs[0]).toMatchObject({ job: 'member_sweep', status: 'finished', total: { processed: MEMBERS[backend] } });
    const after = await outcome(h.deps, tree);
    expect(after).toEqual(expected);
    // The run's own record tells the truth too: every draft the killed invocations wrote counts.
    expect(await runCounts(h.deps)).toEqual(await storeCounts(h.deps));
    // Exactly one draft per owed member, counted by member rather than by id.
    const perMember = new Map<string, number>();
    for (const report of await reportsOf(h.deps.store)) perMember.set(report.memberId, (perMember.get(report.memberId) ?? 0) + 1);
    expect([...perMember.keys()].sort()).toEqual([...reference.owed].sort());
    expect([...perMember.values()].every((count) => count === 1)).toBe(true);
  });

  it('killed while posting the overdue reminders, then run again: the run counts every reminder it posted', async () => {
    const { h } = await freshWorld();
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, chunkSize: 5, jobs: [memberSweep] });
    const before = (await messagesOf(h.deps.store)).length;
    // One reminder gets out, then the function dies while telling the next branch of the chunk.
    const killed = killedAfterInserts(h.deps.store, COLLECTIONS.messages, 1);
    await expect(
      runJobs({ ...h.deps, store: killed }, { deadline: Number.POSITIVE_INFINITY, chunkSize: 20, concurrency: 1 }),
    ).rejects.toThrow(KilledError);
    expect((await messagesOf(h.deps.store)).length).toBe(before + 1);

    await runUntilComplete(h.deps, { chunkSize: 20 });
    const counts = await storeCounts(h.deps);
    expect(counts.reminders.created).toBe(3); // one per branch with owed members
    expect(await runCounts(h.deps)).toEqual(counts);
  });

  it('two invocations at once (a manual run during a timer run): one advances the run, the other stands aside, nothing is doubled', async () => {
    const reference = await freshWorld();
    await runJobs(reference.h.deps, { deadline: Number.POSITIVE_INFINITY, chunkSize: 4 });
    const expected = await outcome(reference.h.deps, reference.tree);

    const { h, tree } = await freshWorld();
    const [a, b] = await Promise.all([
      runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, chunkSize: 4 }),
      runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, chunkSize: 4 }),
    ]);
    const statuses = [...a.jobs, ...b.jobs].filter((job) => job.job === 'member_sweep').map((job) => job.status);
    expect(statuses).toContain('contended');
    // The one that stood aside did not go on to the reminders, which must count the finished sweep's drafts.
    const loser = a.jobs[0].status === 'contended' ? a : b;
    expect(loser).toMatchObject({ complete: false });
    expect(loser.jobs.map((job) => job.job)).toEqual(['member_sweep']);
    // Whoever stood aside left the rest to the other; one more tick finishes anything left over.
    await runUntilComplete(h.deps, { chunkSize: 4 });
    expect(await outcome(h.deps, tree)).toEqual(expected);
    const run = await h.deps.store.get<JobRunRecord>(COLLECTIONS.jobRuns, 'member_sweep_2026-11-08');
    expect(run).toMatchObject({ processed: MEMBERS[backend], created: expected.reports.length });
  });

  it('with a deadline that allows one chunk per invocation, many invocations end exactly where one run ends', async () => {
    // The night's two jobs; the one-off backfills have their own test.
    const jobs = [memberSweep, overdueReminders];
    const reference = await freshWorld();
    await runJobs(reference.h.deps, { deadline: Number.POSITIVE_INFINITY, chunkSize: 3, jobs });
    const expected = await outcome(reference.h.deps, reference.tree);

    const { h, tree } = await freshWorld();
    const wall = oneChunkPerInvocation();
    const { invocations, last } = await runUntilComplete(h.deps, {
      jobs,
      chunkSize: 3,
      wallTime: wall.wallTime,
      deadline: wall.deadline,
    });
    // One sweep chunk per invocation, then the reminders' chunks (the Q3 drafts were due on October 15th).
    const sweepChunks = Math.ceil(MEMBERS[backend] / 3);
    expect(last.jobs.map((job) => job.status)).toEqual(['already_finished', 'finished']);
    expect(invocations).toBe(sweepChunks + last.jobs[1].total.chunks);
    expect(last.jobs[1].total.created).toBe(3); // one reminder per branch with owed members
    expect(await outcome(h.deps, tree)).toEqual(expected);
    const run = await h.deps.store.get<JobRunRecord>(COLLECTIONS.jobRuns, 'member_sweep_2026-11-08');
    expect(run).toMatchObject({ processed: MEMBERS[backend], created: expected.reports.length, chunks: sweepChunks });
  });
});
