import { COLLECTIONS } from '../../store/indexes';
import { type Harness, type Tree } from '../../../test/support/harness';
import {
  AFTER_Q3,
  AFTER_Q4,
  ME,
  addActivity,
  attend,
  memberDoc,
  openDraft,
  period,
  placedWorld,
  reportDoc,
} from '../../../test/support/report-world';
import type { StudyEntryRecord, StudyPlanRecord } from '../records';
import { computeFigures, newFiguresCache } from './figures';
import { reportIdFor } from './drafts';
import { DEFAULT_SETTINGS } from '../../contract';
import type { ReportFigures } from '../../contract/reports';

describe('report figures', () => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  let reportId: string;

  beforeEach(async () => {
    ({ h, tree, memberId, reportId } = await placedWorld());
  });
  afterEach(() => h.close());

  async function seedQuarter() {
    const A = tree.branchA;
    const before = await addActivity(h, A, '2026-07-05 19:00', 'general_meeting');
    const general = await addActivity(h, A, '2026-07-15 19:00', 'general_meeting');
    const group = await addActivity(h, A, '2026-08-12 19:00', 'group_meeting');
    await addActivity(h, A, '2026-08-26 19:00', 'party_lecture');
    const lastDay = await addActivity(h, A, '2026-09-30 23:30', 'themed_day');
    const nextQuarter = await addActivity(h, A, '2026-10-01 00:30', 'themed_day');
    const cancelled = await addActivity(h, A, '2026-09-10 19:00', 'party_lecture', { cancelled: true });
    const committee = await addActivity(h, A, '2026-09-03 19:00', 'committee_meeting');
    const service1 = await addActivity(h, A, '2026-08-20 09:00', 'volunteer_service', { volunteerHours: 3 });
    const service2 = await addActivity(h, A, '2026-09-06 09:00', 'volunteer_service', { volunteerHours: 1.5 });
    const service3 = await addActivity(h, A, '2026-09-13 09:00', 'volunteer_service', { volunteerHours: 2 });
    const cancelledService = await addActivity(h, A, '2026-09-20 09:00', 'volunteer_service', {
      volunteerHours: 5,
      cancelled: true,
    });
    const elsewhere = await addActivity(h, tree.branchB, '2026-08-01 19:00', 'general_meeting');
    await attend(h, before, memberId, 'present');
    await attend(h, general, memberId, 'present');
    await attend(h, group, memberId, 'leave');
    await attend(h, lastDay, memberId, 'present');
    await attend(h, nextQuarter, memberId, 'present');
    await attend(h, cancelled, memberId, 'leave');
    await attend(h, committee, memberId, 'present');
    await attend(h, service1, memberId, 'present');
    await attend(h, service2, memberId, 'present');
    await attend(h, service3, memberId, 'leave');
    await attend(h, cancelledService, memberId, 'present');
    await attend(h, elsewhere, memberId, 'present');

    const plan: StudyPlanRecord = {
      branchId: A.orgId,
      branchName: A.name,
      branchPath: '',
      year: 2026,
      targetHours: 32,
      items: [3, 6, 9, 12].map((month) => ({ itemId: `i${month}`, title: `第${month}月学习`, hours: 4, dueMonth: month })),
      publishedAt: '2026-01-05T02:00:00.000Z',
      publishedBy: tree.people.secretaryA,
      updatedAt: '2026-01-05T02:00:00.000Z',
    };
    await h.deps.store.insert<StudyPlanRecord>(COLLECTIONS.studyPlans, { _id: `sp_${A.orgId}_2026`, ...plan });
    const entry = (itemId: string, doneOn: string): StudyEntryRecord => ({
      memberId,
      branchId: A.orgId,
      year: 2026,
      itemId,
      title: '学习',
      hours: 4,
      status: 'done',
      plannedMonth: null,
      doneOn,
      note: null,
      recordedBy: ME,
      updatedAt: `${doneOn}T02:00:00.000Z`,
    });
    for (const [itemId, doneOn] of [
      ['i3', '2026-03-10'],
      ['i6', '2026-08-01'],
      ['i9', '2026-10-01'],
    ] as const) {
      await h.deps.store.insert<StudyEntryRecord>(COLLECTIONS.studyEntries, {
        _id: `se_${memberId}_2026_${itemId}`,
        ...entry(itemId, doneOn),
      });
    }
  }

  it('counts meetings held after placement, attendance, leave, volunteer hours, study and the last day of organizational life', async () => {
    await seedQuarter();
    const outcome = await openDraft(h, memberId, '2026-Q3');
    expect(outcome).toEqual({ reportId, created: true, createdAt: h.clock.now().toISOString() });
    const stored = await reportDoc(h, reportId);
    expect(stored?.draftFigures).toEqual({
      // Held: the general meeting, group meeting, party lecture and the themed day at 23:30 on the
      // last day; not the meeting before placement, the cancelled lecture, the committee meeting,
      // the other branch's meeting or the themed day half an hour into the next quarter.
      meetingsHeld: 4,
      meetingsAttended: 2,
      leaves: 1,
      volunteerHours: 4.5,
      // No service to residents was confirmed: all of it is the branch's volunteer services.
      serviceHours: 0,
      // Study counts from the placement on 10 July: the March item done before it is not the
      // branch's, nor are the items due in March and June. Done by the period's end: August's
      // entry; the one done on 1 October belongs to the next period. Due: September's item.
      studyHoursInPeriod: 4,
      studyCountedFrom: '2026-07-10',
      studyHoursThisYear: 4,
      studyHoursDueThisYear: 4,
      studyTargetHours: 32,
      lastLifeOn: '2026-09-30',
      talks: [],
      serviceRequests: [],
      computedAt: AFTER_Q3,
    });
    const view = await h.ok(tree.people.secretaryA, 'report.get', { reportId });
    expect(view.draft?.figures).toEqual(stored?.draftFigures);

    // The next quarter: its own hours (the item done on 1 October), and the year so far since the placement.
    h.clock.set(AFTER_Q4);
    const q4 = await computeFigures(h.deps, await memberDoc(h, memberId), period('2026-Q4'), DEFAULT_SETTINGS);
    expect(q4).toMatchObject({
      studyHoursInPeriod: 4,
      studyCountedFrom: '2026-07-10',
      studyHoursThisYear: 8,
      studyHoursDueThisYear: 8,
    });
  });

  it('a member placed in an earlier year is counted from 1 January; a report submitted before shows its year figures only', async () => {
    await seedQuarter();
    h.clock.set('2027-04-01T02:00:00.000Z');
    const nextYear = await computeFigures(h.deps, await memberDoc(h, memberId), period('2027-Q1'), DEFAULT_SETTINGS);
    expect(nextYear).toMatchObject({ studyCountedFrom: '2027-01-01', studyHoursInPeriod: 0, studyHoursThisYear: 0 });

    // A revision frozen before the study figures said what they count.
    const { reportId: oldId } = await openDraft(h, memberId, '2026-Q3');
    const old = await reportDoc(h, oldId);
    if (!old) throw new Error('no draft');
    const counted = old.draftFigures as ReportFigures;
    const frozen = {
      meetingsHeld: counted.meetingsHeld,
      meetingsAttended: counted.meetingsAttended,
      leaves: counted.leaves,
      volunteerHours: counted.volunteerHours,
      studyHoursDone: 8,
      studyHoursDue: 12,
      studyTargetHours: 32,
      lastLifeOn: counted.lastLifeOn,
      computedAt: counted.computedAt,
    };
    await h.deps.store.update(COLLECTIONS.reports, oldId, old.version, {
      status: 'submitted',
      revision: 1,
      submittedAt: '2026-10-08T02:00:00.000Z',
      revisions: [
        {
          revision: 1,
          figures: frozen,
          assessment: old.draftAssessment,
          appraisalId: null,
          appraisal: null,
          submittedAt: '2026-10-08T02:00:00.000Z',
          submittedBy: tree.people.secretaryA,
          submittedByName: '李秀英',
          correctionReason: null,
        },
      ],
    });
    const view = await h.ok(tree.people.homeAdmin, 'report.get', { reportId: oldId });
    expect(view.revisions[0].figures).toMatchObject({
      studyHoursInPeriod: null,
      studyCountedFrom: null,
      studyHoursThisYear: 8,
      studyHoursDueThisYear: 12,
    });
  });

  it('counts only what has started by now, and shares one read of the branch in a batch', async () => {
    await seedQuarter();
    h.clock.set('2026-08-20T00:00:00.000Z');
    const cache = newFiguresCache();
    const figures = await computeFigures(h.deps, await memberDoc(h, memberId), period('2026-Q3'), DEFAULT_SETTINGS, cache);
    // Judged on 20 August: what was done since the placement by then; nothing due in July or August.
    expect(figures).toMatchObject({
      meetingsHeld: 2,
      meetingsAttended: 1,
      leaves: 1,
      studyHoursInPeriod: 4,
      studyHoursThisYear: 4,
      studyHoursDueThisYear: 0,
    });
    expect(cache.activities.size).toBe(1);
    expect(cache.plans.size).toBe(1);
  });

  it('a silent period reports the last day of organizational life before it; no plan falls back to the target setting', async () => {
    const meeting = await addActivity(h, tree.branchB, '2026-07-20 19:00', 'general_meeting');
    await attend(h, meeting, memberId, 'present');
    h.clock.set('2026-12-01T02:00:00.000Z');
    await openDraft(h, memberId, '2026-M11');
    expect((await reportDoc(h, reportIdFor(memberId, '2026-M11')))?.draftFigures).toMatchObject({
      meetingsHeld: 0,
      meetingsAttended: 0,
      lastLifeOn: '2026-07-20',
      studyHoursInPeriod: 0,
      studyHoursThisYear: 0,
      studyHoursDueThisYear: 0,
      studyTargetHours: 32,
    });
  });
});
