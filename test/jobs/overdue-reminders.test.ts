/**
 * Overdue reminders: one message per branch per reminder window, with how many drafts are past
 * due and the earliest due day; counted right when a branch's drafts span chunks, when the work
 * spreads over invocations, and when a run is killed between two branches' messages.
 */
import { runJobs } from '../../server/jobs/run-jobs';
import { reminderWindowStart } from '../../server/jobs/run-keys';
import { periodFromKey } from '../../server/lib/periods';
import type { MessageRecord, OrganizationRecord, OutboxRecord, ReportRecord } from '../../server/services/records';
import { overdueReminders } from '../../server/jobs/overdue-reminders';
import type { DocumentStore, NewDocument, StoredDocument, TransactionStore } from '../../server/store/document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Harness, createHarness, seedTree } from '../support/harness';
import { KilledError, killedAfterInserts, messagesOf, oneChunkPerInvocation, runUntilComplete, shanghai } from './support';

jest.setTimeout(60_000);

let h: Harness;
let tree: Awaited<ReturnType<typeof seedTree>>;
let sequence = 0;

beforeEach(async () => {
  h = await createHarness('sqlite');
  tree = await seedTree(h);
});
afterEach(() => h.close());

/** A report as openReportDraft stores it, for a made-up member; only the fields the job reads matter. */
async function report(
  branchId: string,
  periodKey: string,
  dueOn: string,
  status: 'draft' | 'submitted' = 'draft',
): Promise<string> {
  const branch = await h.deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, branchId);
  const village = await h.deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, tree.village.orgId);
  const period = periodFromKey(periodKey);
  if (!branch || !village || !period) throw new Error('bad fixture');
  sequence += 1;
  const memberId = `m_overdue${sequence}`;
  const record: ReportRecord = {
    memberId,
    memberName: `党员${sequence}`,
    memberStanding: 'full',
    branchId,
    branchName: branch.name,
    branchPath: branch.path,
    outflowOrgId: village._id,
    outflowName: village.name,
    outflowPath: village.path,
    period,
    periodKey,
    periodEnd: period.end,
    dueOn,
    status,
    revision: status === 'submitted' ? 1 : 0,
    draftFigures: {
      meetingsHeld: 0,
      meetingsAttended: 0,
      leaves: 0,
      volunteerHours: 0,
      studyHoursDone: 0,
      studyHoursDue: 0,
      studyTargetHours: 32,
      lastLifeOn: null,
      talks: [],
      serviceRequests: [],
      computedAt: '2026-10-01T00:00:00.000Z',
    },
    draftAssessment: { thinking: '', conduct: '', needs: '', comment: '', grade: null },
    correctionReason: null,
    revisions: [],
    submittedAt: null,
    readRank: 0,
    readAt: null,
    readByName: null,
    acknowledgedAt: null,
    acknowledgedByName: null,
    replyCount: 0,
    createdAt: '2026-10-01T00:00:00.000Z',
  };
  const id = `r_overdue${sequence}_${periodKey}`;
  await h.deps.store.insert<ReportRecord>(COLLECTIONS.reports, { _id: id, ...record });
  return id;
}

/** Branch A: five overdue (due on three different days) and one not yet due; B: one; the hometown branch: two and one submitted. */
async function seedReports(): Promise<{ onlyB: string }> {
  for (const dueOn of ['2026-10-15', '2026-10-15', '2026-10-05', '2026-10-15', '2026-10-12'])
    await report(tree.branchA.orgId, dueOn === '2026-10-05' ? '2026-M08' : '2026-Q3', dueOn);
  await report(tree.branchA.orgId, '2026-M10', '2026-11-15');
  const onlyB = await report(tree.branchB.orgId, '2026-Q3', '2026-10-15');
  await report(tree.hometownBranch.orgId, '2026-Q3', '2026-10-15');
  await report(tree.hometownBranch.orgId, '2026-M09', '2026-10-15');
  await report(tree.hometownBranch.orgId, '2026-Q2', '2026-07-15', 'submitted');
  return { onlyB };
}

const byBranch = (messages: StoredDocument<MessageRecord>[], branchId: string) => messages.filter((m) => m.orgId === branchId);

it('tells each branch once per window how many drafts are overdue and the earliest due day, however the drafts fall into chunks', async () => {
  // The hometown branch wants reminders every 3 days; the others keep the default 7.
  await h.ok(tree.people.cityAdmin, 'settings.update', {
    orgId: tree.hometownBranch.orgId,
    changes: { reminderEveryDays: 3 },
    version: null,
  });
  const { onlyB } = await seedReports();

  h.clock.set(shanghai('2026-10-20T01:00:00'));
  const wall = oneChunkPerInvocation();
  // Chunks of two drafts: branch A's five overdue drafts span three chunks.
  const { invocations } = await runUntilComplete(h.deps, {
    chunkSize: 2,
    jobs: [overdueReminders],
    wallTime: wall.wallTime,
    deadline: wall.deadline,
  });
  expect(invocations).toBeGreaterThan(1);

  let messages = await messagesOf(h.deps.store);
  expect(messages).toHaveLength(3);
  const week = reminderWindowStart('2026-10-20', 7);
  expect(week).toBe('2026-10-19'); // a Monday
  expect(byBranch(messages, tree.branchA.orgId)).toEqual([
    expect.objectContaining({
      _id: `msg_overdue_${tree.branchA.orgId}_${week}`,
      kind: 'report_overdue',
      body: expect.stringMatching(/有 5 份.*2026年10月5日/),
      reportId: null,
    }),
  ]);
  // One overdue draft: the message leads straight to it.
  expect(byBranch(messages, tree.branchB.orgId)).toEqual([
    expect.objectContaining({ reportId: onlyB, body: expect.stringContaining('2026年10月15日') }),
  ]);
  expect(byBranch(messages, tree.hometownBranch.orgId)).toEqual([
    expect.objectContaining({
      _id: `msg_overdue_${tree.hometownBranch.orgId}_${reminderWindowStart('2026-10-20', 3)}`,
      body: expect.stringMatching(/有 2 份/),
    }),
  ]);
  // The secretary sees it in the branch's messages.
  expect((await h.ok(tree.people.secretaryA, 'message.list', { orgId: tree.branchA.orgId })).items).toHaveLength(1);

  // Every day until the next window: the 7-day branches hear nothing more; the 3-day branch hears again when its window turns.
  for (const day of ['2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25']) {
    h.clock.set(shanghai(`${day}T01:00:00`));
    await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [overdueReminders] });
  }
  messages = await messagesOf(h.deps.store);
  expect(byBranch(messages, tree.branchA.orgId)).toHaveLength(1);
  expect(byBranch(messages, tree.branchB.orgId)).toHaveLength(1);
  const hometownWindows = new Set(
    ['2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25'].map((day) =>
      reminderWindowStart(day, 3),
    ),
  );
  expect(byBranch(messages, tree.hometownBranch.orgId)).toHaveLength(hometownWindows.size);

  // The next week: told again, with the count as it stands.
  h.clock.set(shanghai('2026-10-26T01:00:00'));
  await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [overdueReminders] });
  messages = await messagesOf(h.deps.store);
  expect(byBranch(messages, tree.branchA.orgId)).toHaveLength(2);
  expect(messages.find((m) => m._id === `msg_overdue_${tree.branchA.orgId}_2026-10-26`)?.body).toMatch(/有 5 份/);
});

it('killed between two branches’ messages and run again: every branch told exactly once, with the right count', async () => {
  await seedReports();
  h.clock.set(shanghai('2026-10-20T01:00:00'));
  // The container dies right after the first message is written.
  let written = 0;
  const dying = (tx: TransactionStore): TransactionStore => ({
    get: (c, id) => tx.get(c, id),
    update: (c, id, v, patch) => tx.update(c, id, v, patch),
    insert: async <T extends object>(c: string, doc: NewDocument<T>) => {
      if (c === COLLECTIONS.messages && written >= 1) throw new KilledError();
      const saved = await tx.insert<T>(c, doc);
      if (c === COLLECTIONS.messages) written += 1;
      return saved;
    },
  });
  const store = h.deps.store;
  const killed = Object.assign(Object.create(store) as DocumentStore, {
    insert: dying(store).insert,
    transaction: <T>(work: (tx: TransactionStore) => Promise<T>) => store.transaction((tx) => work(dying(tx))),
  });
  await expect(
    runJobs(
      { ...h.deps, store: killed },
      { deadline: Number.POSITIVE_INFINITY, chunkSize: 4, concurrency: 1, jobs: [overdueReminders] },
    ),
  ).rejects.toThrow(KilledError);
  expect(await messagesOf(h.deps.store)).toHaveLength(1);

  await runUntilComplete(h.deps, { chunkSize: 4, jobs: [overdueReminders] });
  const messages = await messagesOf(h.deps.store);
  expect(messages.map((m) => [m.orgId, m.body.match(/有 (\d+) 份/)?.[1] ?? '1']).sort()).toEqual(
    [
      [tree.branchA.orgId, '5'],
      [tree.branchB.orgId, '1'],
      [tree.hometownBranch.orgId, '2'],
    ].sort(),
  );
});

it('killed between a message and its outbox entry and run again: the entry is written, once', async () => {
  await seedReports();
  h.clock.set(shanghai('2026-10-20T01:00:00'));
  // The message and its outbox entry are written side by side; the container dies on the first entry.
  const dying = (tx: TransactionStore): TransactionStore => ({
    get: (c, id) => tx.get(c, id),
    update: (c, id, v, patch) => tx.update(c, id, v, patch),
    insert: async <T extends object>(c: string, doc: NewDocument<T>) => {
      if (c === COLLECTIONS.outbox) throw new KilledError();
      return tx.insert<T>(c, doc);
    },
  });
  const store = h.deps.store;
  const killed = Object.assign(Object.create(store) as DocumentStore, {
    insert: dying(store).insert,
    transaction: <T>(work: (tx: TransactionStore) => Promise<T>) => store.transaction((tx) => work(dying(tx))),
  });
  await expect(
    runJobs(
      { ...h.deps, store: killed },
      { deadline: Number.POSITIVE_INFINITY, chunkSize: 4, concurrency: 1, jobs: [overdueReminders] },
    ),
  ).rejects.toThrow(KilledError);
  const told = await messagesOf(h.deps.store);
  expect(told).toHaveLength(1);
  expect(await h.deps.store.count(COLLECTIONS.outbox, {})).toBe(0);

  await runUntilComplete(h.deps, { chunkSize: 4, jobs: [overdueReminders] });
  const messages = await messagesOf(h.deps.store);
  const entries = (await h.deps.store.find<{ causeId: string }>(COLLECTIONS.outbox, { where: {}, limit: 100 })).items;
  expect(entries.map((entry) => entry.causeId).sort()).toEqual(messages.map((m) => m._id).sort());
});
