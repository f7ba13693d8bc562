/**
 * The member sweep drafts exactly the reports owed: for the period that just ended under the
 * outflow organization's own setting (quarterly by default, monthly where the outflow side set
 * it), only for members placed by the period's end (a Shanghai calendar day, whatever TZ the
 * process has), and never for a member whose outflow organization is not on the system.
 */
import { runJobs } from '../../server/jobs/run-jobs';
import { dueDate, periodFromKey } from '../../server/lib/periods';
import { reportIdFor } from '../../server/services/reports/drafts';
import type { JobRunRecord, MemberRecord } from '../../server/services/records';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Harness, createHarness, seedTree } from '../support/harness';
import { all, placeMember, reportsOf, shanghai } from './support';

jest.setTimeout(60_000);

let h: Harness;
let tree: Awaited<ReturnType<typeof seedTree>>;

beforeEach(async () => {
  h = await createHarness('sqlite');
  tree = await seedTree(h);
});
afterEach(() => h.close());

it('drafts one report per owed member and period, by the outflow side’s period, and skips the rest', async () => {
  // The hometown side (靖江市委, so its village too) wants monthly reports; 定远县委 keeps the default, quarterly.
  await h.ok(tree.people.homeAdmin, 'settings.update', {
    orgId: tree.home.orgId,
    changes: { reportPeriod: 'month' },
    version: null,
  });

  const branches = [
    { orgId: tree.branchA.orgId, decider: tree.people.secretaryA },
    { orgId: tree.branchB.orgId, decider: tree.people.secretaryB },
    { orgId: tree.hometownBranch.orgId, decider: tree.people.hometownSecretary },
    { orgId: tree.industryBranch.orgId, decider: tree.people.cityAdmin },
  ];
  const monthly = { kind: 'listed' as const, orgId: tree.village.orgId };
  const quarterly = { kind: 'listed' as const, orgId: tree.otherHome.orgId };
  const unlisted = {
    kind: 'unlisted' as const,
    name: '某县某村党支部',
    region: { province: '河南省', city: '周口市', district: '沈丘县' },
  };
  const expected = new Map<string, string>(); // memberId → periodKey
  const notOwed: string[] = [];
  let n = 0;
  const place = async (at: string, outflow: typeof monthly | typeof unlisted, owes: string | null) => {
    h.clock.set(shanghai(at));
    const branch = branches[n % branches.length];
    n += 1;
    const memberId = await placeMember(h, `sweep_member_${n}`, outflow, branch.orgId, branch.decider, `党员${n}`);
    if (owes) expected.set(memberId, owes);
    else notOwed.push(memberId);
  };

  // Placed in August: owes September's quarter (Q3) or October's month.
  for (let i = 0; i < 5; i += 1) await place('2026-08-14T10:00:00', monthly, '2026-M10');
  for (let i = 0; i < 5; i += 1) await place('2026-08-14T11:00:00', quarterly, '2026-Q3');
  for (let i = 0; i < 4; i += 1) await place('2026-08-14T12:00:00', unlisted, null);
  // Placed in October: owes October's month; the quarter had ended.
  for (let i = 0; i < 5; i += 1) await place('2026-10-10T10:00:00', monthly, '2026-M10');
  for (let i = 0; i < 5; i += 1) await place('2026-10-10T11:00:00', quarterly, null);
  // Placed in November: owes nothing yet.
  for (let i = 0; i < 3; i += 1) await place('2026-11-03T10:00:00', monthly, null);
  for (let i = 0; i < 3; i += 1) await place('2026-11-03T11:00:00', quarterly, null);
  // The last hour of a period and the first of the next, in Shanghai: under UTC both are the earlier day.
  await place('2026-10-31T23:30:00', monthly, '2026-M10');
  await place('2026-11-01T00:30:00', monthly, null);
  await place('2026-09-30T23:30:00', quarterly, '2026-Q3');
  await place('2026-10-01T00:30:00', quarterly, null);
  expect(n).toBe(34);

  h.clock.set(shanghai('2026-11-08T01:00:00'));
  const summary = await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, chunkSize: 5 });
  expect(summary).toMatchObject({ today: '2026-11-08', complete: true });
  expect(summary.jobs[0]).toMatchObject({
    job: 'member_sweep',
    runKey: '2026-11-08',
    status: 'finished',
    processed: 34,
    created: expected.size,
  });

  const reports = await reportsOf(h.deps.store);
  expect(reports).toHaveLength(expected.size);
  expect(new Set(reports.map((report) => report._id))).toEqual(
    new Set([...expected].map(([memberId, periodKey]) => reportIdFor(memberId, periodKey))),
  );
  const members = new Map((await all<MemberRecord>(h.deps.store, COLLECTIONS.members)).map((member) => [member._id, member]));
  for (const report of reports) {
    const member = members.get(report.memberId);
    const period = periodFromKey(expected.get(report.memberId) ?? '');
    expect(period).not.toBeNull();
    expect(report).toMatchObject({
      status: 'draft',
      period,
      periodKey: period?.key,
      dueOn: period ? dueDate(period, 15) : null,
      branchId: member?.inflowBranchId,
      outflowOrgId: member?.outflow.orgId,
    });
  }
  for (const memberId of notOwed) expect(reports.some((report) => report.memberId === memberId)).toBe(false);

  // The same run again: finished, so nothing is read or written.
  const again = await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
  expect(again.jobs[0]).toMatchObject({
    status: 'already_finished',
    chunks: 0,
    total: { processed: 34, created: expected.size },
  });

  // A week later the next run opens nothing new for the same periods.
  h.clock.set(shanghai('2026-11-15T01:00:00'));
  const nextWeek = await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
  expect(nextWeek.jobs[0]).toMatchObject({ runKey: '2026-11-15', status: 'finished', processed: 34, created: 0 });
  expect(await h.deps.store.count(COLLECTIONS.reports, {})).toBe(expected.size);

  // On the 1st of December the monthly side is owed November, for everyone placed by then.
  h.clock.set(shanghai('2026-12-01T01:00:00'));
  const december = await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY });
  const monthlyByNovember = [...members.values()].filter((member) => member.outflow.orgId === tree.village.orgId).length;
  expect(december.jobs[0]).toMatchObject({ runKey: '2026-12-01', created: monthlyByNovember });

  const runs = await all<JobRunRecord>(h.deps.store, COLLECTIONS.jobRuns);
  expect(
    runs
      .filter((run) => run.job === 'member_sweep')
      .map((run) => run._id)
      .sort(),
  ).toEqual(['member_sweep_2026-11-08', 'member_sweep_2026-11-15', 'member_sweep_2026-12-01']);
});
