import { DEFAULT_SETTINGS } from '../server/contract/settings';
import { periodFromKey } from '../server/lib/periods';
import type { AppraisalRecord, MemberRecord } from '../server/services/records';
import { openReportDraft } from '../server/services/reports/drafts';
import { COLLECTIONS } from '../server/store/indexes';
import { createHarness, placeMember, seedTree } from './support/harness';
import {
  PEOPLE,
  type Person,
  type PermissionRow,
  type PermissionWorld,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may do what with the feedback report on one member: every row is an action, every column
 * a person in the tree. The member lives in branch A's area and belongs to the village at home.
 * Each cell runs in a fresh world; a refusal must also leave the records as they were.
 */

const MEMBER = 'm_report_member';
const MEMBER_B = 'm_report_member_b';

type Stage = 'draft' | 'submitted';

interface World extends PermissionWorld<Person> {
  memberId: string;
  reportId: string;
  /** The report's version as the row's caller would have loaded it. */
  version: number;
}

/**
 * The member placed in branch A in July, another placed in branch B; the third quarter's report
 * opened by the job, with last year's appraisal waiting to go home; `submitted` sends it once.
 */
async function world(stage: Stage): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  h.clock.set('2026-07-10T02:00:00.000Z');
  const memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId);
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId);
  h.clock.set('2026-10-01T02:00:00.000Z');
  const appraisal: AppraisalRecord = {
    memberId,
    branchId: tree.branchA.orgId,
    branchPath: '',
    year: 2025,
    result: 'qualified',
    note: '',
    recordedOn: '2025-12-20',
    recordedBy: tree.people.secretaryA,
    recordedByName: '李秀英',
    sentInReportId: null,
  };
  await h.deps.store.insert<AppraisalRecord>(COLLECTIONS.appraisals, { _id: `ap_${memberId}_2025`, ...appraisal });
  const member = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
  const period = periodFromKey('2026-Q3');
  if (!member || !period) throw new Error('world not built');
  const { reportId } = await openReportDraft(h.deps, member, period, { inflow: DEFAULT_SETTINGS, outflow: DEFAULT_SETTINGS });
  let { version } = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
  if (stage === 'submitted') {
    version = (
      await h.ok(tree.people.secretaryA, 'report.submit', {
        reportId,
        version,
        assessment: { conduct: '表现良好', comment: '表现良好', grade: 'good' },
      })
    ).version;
  }
  h.clock.set('2026-10-08T02:00:00.000Z');
  return { h, tree, memberId, reportId, version, openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }) };
}

interface Row extends PermissionRow<World> {
  stage: Stage;
}

/** Everything a report action may change: the report, its inbox entries, the appraisal it carries, replies and messages. */
async function fingerprint(w: World) {
  const { store } = w.h.deps;
  return [
    await store.get(COLLECTIONS.reports, w.reportId),
    await store.find(COLLECTIONS.inboxEntries, { where: {}, limit: 100 }),
    await store.get(COLLECTIONS.appraisals, `ap_${w.memberId}_2025`),
    await store.find(COLLECTIONS.replies, { where: {}, limit: 100 }),
    await store.find(COLLECTIONS.messages, { where: {}, limit: 100 }),
    await store.count(COLLECTIONS.reports, {}),
  ];
}

const INFLOW: Person[] = ['secretaryA', 'cityAdmin'];
const OUTFLOW: Person[] = ['homeAdmin', 'villageSecretary'];

const ROWS: Row[] = [
  {
    name: 'report.get of a submitted report',
    stage: 'submitted',
    allowed: [...INFLOW, ...OUTFLOW, 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'report.get', { reportId: w.reportId }),
  },
  {
    name: 'report.get of a draft never sent',
    stage: 'draft',
    allowed: [...INFLOW, 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'report.get', { reportId: w.reportId }),
  },
  {
    name: 'report.saveDraft',
    stage: 'draft',
    allowed: INFLOW,
    run: (w, openid) =>
      w.h.call(openid, 'report.saveDraft', { reportId: w.reportId, version: w.version, assessment: { thinking: '稳定' } }),
  },
  {
    name: 'report.submit',
    stage: 'draft',
    allowed: INFLOW,
    run: (w, openid) =>
      w.h.call(openid, 'report.submit', {
        reportId: w.reportId,
        version: w.version,
        assessment: { thinking: '稳定', comment: '表现良好', grade: 'good' },
      }),
  },
  {
    name: 'report.correct',
    stage: 'submitted',
    allowed: INFLOW,
    run: (w, openid) => w.h.call(openid, 'report.correct', { reportId: w.reportId, version: w.version, reason: '漏记一次到会' }),
  },
  {
    name: 'report.acknowledge',
    stage: 'submitted',
    allowed: OUTFLOW,
    run: (w, openid) => w.h.call(openid, 'report.acknowledge', { reportId: w.reportId, version: w.version }),
  },
  {
    name: 'report.thread',
    stage: 'submitted',
    allowed: [...INFLOW, ...OUTFLOW, 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'report.thread', { reportId: w.reportId }),
  },
  {
    name: 'report.reply',
    stage: 'submitted',
    allowed: [...INFLOW, ...OUTFLOW],
    run: (w, openid) =>
      w.h.call(openid, 'report.reply', { reportId: w.reportId, requestId: 'req_perm_0001', body: '收到，谢谢' }),
  },
  {
    name: 'report.history of the member',
    stage: 'submitted',
    allowed: [...INFLOW, ...OUTFLOW, 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'report.history', { memberId: w.memberId }),
  },
  {
    name: 'report.toWrite of branch A',
    stage: 'draft',
    allowed: [...INFLOW, 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'report.toWrite', { branchId: w.tree.branchA.orgId }),
  },
  {
    name: 'report.inbox of the village',
    stage: 'submitted',
    allowed: [...OUTFLOW, 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'report.inbox', { orgId: w.tree.village.orgId }),
  },
  {
    name: 'report.inbox of the hometown committee',
    stage: 'submitted',
    allowed: ['homeAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'report.inbox', { orgId: w.tree.home.orgId }),
  },
];

const REFUSALS = ['FORBIDDEN', 'NOT_FOUND'];

describePermissionTable({ rows: ROWS, people: PEOPLE, world: (row) => world(row.stage), state: fingerprint, refusals: REFUSALS });

it('an allowed inbox holds the report; an organization beside it holds nothing of it', async () => {
  const w = await world('submitted');
  try {
    const village = await w.h.ok(w.tree.people.villageSecretary, 'report.inbox', { orgId: w.tree.village.orgId });
    expect(village.items.map((r) => r.reportId)).toEqual([w.reportId]);
    const county = await w.h.ok(w.tree.people.homeAdmin, 'report.inbox', { orgId: w.tree.home.orgId });
    expect(county.items).toEqual(village.items);
    const beside = await w.h.ok(w.tree.people.otherHomeAdmin, 'report.inbox', { orgId: w.tree.otherHome.orgId });
    expect(beside.items).toEqual([]);
  } finally {
    await w.h.close();
  }
});

it('the side the report is read from is the one the caller manages', async () => {
  const w = await world('submitted');
  try {
    const sides: Partial<Record<Person, string>> = {};
    for (const person of [...INFLOW, ...OUTFLOW, 'systemAdmin'] as Person[]) {
      sides[person] = (await w.h.ok(w.openid(person), 'report.get', { reportId: w.reportId })).side;
    }
    expect(sides).toEqual({
      secretaryA: 'inflow',
      cityAdmin: 'inflow',
      homeAdmin: 'outflow',
      villageSecretary: 'outflow',
      systemAdmin: 'above',
    });
  } finally {
    await w.h.close();
  }
});
