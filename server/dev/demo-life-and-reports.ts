import { previousPeriod } from '../lib/periods';
import dayjs from 'dayjs';
import { TIMEZONE, shanghaiDate } from '../lib/time';
import { runJobs } from '../jobs/run-jobs';
import type { ActivityKind } from '../contract/activities';
import { findAppraisal } from '../services/appraisals';
import type { ServiceDeps } from '../services/context';
import { memberIdFor } from '../services/members';
import { reportIdFor } from '../services/reports/drafts';
import type { DEMO_OPENIDS, DemoActor, DemoPhase } from './demo-data';

/**
 * The demo's life at the branches and the reports home: half a year of organizational life in two branches
 * (made through the same actions, each at the time it happened), a study plan with progress,
 * pairing, an appraisal, then the jobs open last period's reports; two are submitted, one is
 * read and answered from the hometown side. A member who never came is flagged by the clock.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface LifeAndReportsDemoPlaces {
  now: Date;
  /** When the story starts: the tree, the members and their placements date from then. */
  start: Date;
  xinqiao1: string;
  jingjiangBranch: string;
  dingyuanCommittee: string;
}

type Openids = typeof DEMO_OPENIDS;

const KINDS: readonly { kind: ActivityKind; topic: string; place: string }[] = [
  { kind: 'themed_day', topic: '主题党日：重温入党誓词', place: '党群服务中心二楼' },
  { kind: 'group_meeting', topic: '党小组会：交流本月工作和学习', place: '党员活动室' },
  { kind: 'party_lecture', topic: '党课：新时代的流动党员', place: '党群服务中心报告厅' },
  { kind: 'volunteer_service', topic: '志愿服务：为社区老人义务维修家电', place: '社区广场' },
  { kind: 'general_meeting', topic: '支部党员大会：通报支部工作', place: '党群服务中心二楼' },
];

const LEAVE_REASONS = ['在外地出车', '上夜班', '孩子生病', '回老家办事'];

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A Shanghai calendar date and time for `at`, as the activity form sends them. */
function shanghaiParts(at: Date): { date: string; time: string } {
  const local = dayjs(at).tz(TIMEZONE);
  return { date: local.format('YYYY-MM-DD'), time: local.format('HH:mm') };
}

/** 19:00 Shanghai on the day of `at`. */
function eveningOf(at: Date): Date {
  const { date } = shanghaiParts(at);
  return new Date(`${date}T19:00:00+08:00`);
}

export async function seedLifeAndReports(
  deps: ServiceDeps,
  act: DemoActor,
  phase: DemoPhase,
  places: LifeAndReportsDemoPlaces,
  openids: Openids,
): Promise<void> {
  const { now, start } = places;
  const today = shanghaiDate({ now: () => now });
  const year = Number(today.slice(0, 4));
  const branches = [
    {
      branchId: places.xinqiao1,
      secretary: openids.communitySecretary,
      members: ['dev_member_02', 'dev_member_04', 'dev_member_06'],
    },
    {
      branchId: places.jingjiangBranch,
      secretary: openids.hometownSecretary,
      // dev_member_12 never comes: the no-life clock flags and escalates them.
      members: [openids.placed, 'dev_member_08', 'dev_member_10'],
    },
  ];

  // Half a year of organizational life: an activity every two weeks, and the next one ahead.
  await phase('half a year of organizational life', async () => {
    for (const branch of branches) {
      let index = 0;
      for (let day = start.getTime() + 10 * DAY_MS; day < now.getTime() + 14 * DAY_MS; day += 14 * DAY_MS) {
        const startsAt = eveningOf(new Date(day));
        const template = KINDS[index % KINDS.length];
        const { date, time } = shanghaiParts(startsAt);
        const activity = await act(
          branch.secretary,
          'activity.create',
          {
            branchId: branch.branchId,
            requestId: `demo-${branch.branchId}-${index}`,
            kind: template.kind,
            topic: template.topic,
            place: template.place,
            date,
            startTime: time,
            durationMinutes: 90,
          },
          new Date(startsAt.getTime() - 3 * DAY_MS),
        );
        if (startsAt.getTime() < now.getTime()) {
          const sheet = await act(branch.secretary, 'activity.attendance', { activityId: activity.activityId });
          for (const [k, openid] of branch.members.entries()) {
            const memberId = memberIdFor(deps, openid);
            const marked = sheet.rows.some((row) => row.member.memberId === memberId && row.attendance !== null);
            if (marked) continue;
            if ((index + k) % 5 === 4) {
              await act(
                branch.secretary,
                'activity.mark',
                {
                  activityId: activity.activityId,
                  memberId,
                  status: 'leave',
                  reason: LEAVE_REASONS[(index + k) % LEAVE_REASONS.length],
                  expectedVersion: null,
                },
                new Date(startsAt.getTime() - DAY_MS),
              );
            } else if ((index + k) % 7 !== 3) {
              await act(
                openid,
                'activity.signIn',
                { activityId: activity.activityId },
                new Date(startsAt.getTime() + 5 * 60 * 1000),
              );
            }
          }
        }
        index += 1;
      }
    }
  });

  // This year's study plan; irregular workers choose their own months, regular ones are paired.
  const planAt = new Date(Math.max(start.getTime(), new Date(`${year}-01-05T10:00:00+08:00`).getTime()));
  const items = [
    { title: '学习党章', hours: 6, dueMonth: 3 },
    { title: '党史专题学习', hours: 6, dueMonth: 5 },
    { title: '流动党员权利和义务', hours: 4, dueMonth: 7 },
    { title: '学习党的二十届四中全会精神', hours: 8, dueMonth: 10 },
    { title: '法律法规和安全生产知识', hours: 4, dueMonth: 11 },
    { title: '年度学习总结', hours: 4, dueMonth: 12 },
  ];
  await phase('the study plan, progress and a pair', async () => {
    for (const branch of branches) {
      const published = (await act(branch.secretary, 'study.plan', { branchId: branch.branchId, year })).plan;
      const plan =
        published ??
        (await act(
          branch.secretary,
          'study.savePlan',
          { branchId: branch.branchId, year, targetHours: 32, items, version: null },
          planAt,
        ));
      const thisMonth = Number(today.slice(5, 7));
      for (const [k, openid] of branch.members.entries()) {
        // The last member of each branch has fallen behind.
        const doneItems = plan.items.filter(
          (item) => item.dueMonth < thisMonth && !(k === branch.members.length - 1 && item.dueMonth >= 5),
        );
        const { entries } = await act(openid, 'study.mine', { year });
        const recorded = new Set(entries.filter((entry) => entry.doneOn !== null).map((entry) => entry.item.itemId));
        for (const item of doneItems) {
          const studiedOn = `${year}-${pad(item.dueMonth)}-12`;
          if (studiedOn > today || recorded.has(item.itemId)) continue;
          await act(openid, 'study.record', { year, itemId: item.itemId, studiedOn, note: null });
        }
      }
    }
    await act(openids.communitySecretary, 'study.pair', {
      memberId: memberIdFor(deps, 'dev_member_02'),
      partnerId: memberIdFor(deps, 'dev_member_06'),
    });
  });

  // The hometown side of Dingyuan asks for monthly reports on the members it sends out.
  await phase('the settings of the hometown side', async () => {
    const settings = await act(openids.systemAdmin, 'settings.get', { orgId: places.dingyuanCommittee });
    if (settings.own.reportPeriod === 'month') return;
    await act(openids.systemAdmin, 'settings.update', {
      orgId: places.dingyuanCommittee,
      changes: { reportPeriod: 'month' },
      version: settings.version,
    });
  });

  // Four days ago the jobs opened last period's drafts, flagged the member who never came and
  // reminded about overdue ones; since then two reports went home and one was answered.
  const jobsAt = new Date(now.getTime() - 4 * DAY_MS);
  const later = (hours: number) => new Date(jobsAt.getTime() + hours * 60 * 60 * 1000);
  // 靖江's branch named its secretary as 赵志强's contact and held the talk at placement, so the
  // jobs find it done; every other placed member's placement talk is still due (talk.due). Each
  // step is the same request again on a rerun (same choice, same requestId), so it writes nothing twice.
  const placedId = memberIdFor(deps, openids.placed);
  await phase('the contact and the placement talk', async () => {
    const talkedAt = new Date(jobsAt.getTime() - DAY_MS);
    const { roleHolders } = await act(openids.hometownSecretary, 'contact.candidates', { memberId: placedId }, talkedAt);
    await act(
      openids.hometownSecretary,
      'contact.set',
      { memberId: placedId, choice: { kind: 'role', roleId: roleHolders[0].roleId }, version: null },
      talkedAt,
    );
    await act(
      openids.hometownSecretary,
      'talk.record',
      {
        memberId: placedId,
        requestId: 'demo-talk-placement-1',
        cause: 'placement',
        heldOn: shanghaiDate({ now: () => talkedAt }),
        topic: '了解在苏州的工作和生活',
        note: '在物流园开货车，夜班多；孩子明年上小学，想了解入学政策。',
      },
      talkedAt,
    );
  });
  const jobsDeps = { ...deps, clock: { now: () => jobsAt } };
  await phase('the night jobs: drafts, reminders and the no-life clock', async () => {
    // The hometown branch's secretary once allowed a to-do reminder (the sheet after a tap), so
    // when the first jobs pass of `npm start` sends the outbox, one message goes out and everyone
    // else's (they accepted none) is dropped. The answer's request id counts once on a repeat.
    const { templates } = await act(openids.hometownSecretary, 'notify.templates', {}, jobsAt);
    const todo = templates.find((template) => template.topic === 'todo_reminder');
    if (todo) {
      await act(
        openids.hometownSecretary,
        'notify.subscribe',
        { answers: { [todo.templateId]: 'accept' }, requestId: 'demo_subscribe_0001' },
        jobsAt,
      );
    }
    await runJobs(jobsDeps, { deadline: Number.POSITIVE_INFINITY });
  });

  const period = previousPeriod('quarter', shanghaiDate({ now: () => jobsAt }));
  await phase('two reports home, one read and answered', async () => {
    // The year's democratic appraisal at the inflow branch goes home with the next report.
    const appraised = memberIdFor(deps, openids.placed);
    const appraisalYear = Number(period.end.slice(0, 4));
    if (!(await findAppraisal(deps, appraised, appraisalYear)))
      await act(
        openids.hometownSecretary,
        'appraisal.record',
        {
          memberId: appraised,
          year: appraisalYear,
          result: 'excellent',
          note: '热心为老乡服务，带头参加志愿服务',
          version: null,
        },
        later(10),
      );

    const placedReport = reportIdFor(memberIdFor(deps, openids.placed), period.key);
    const draft = await act(openids.hometownSecretary, 'report.get', { reportId: placedReport }, later(20));
    if (draft.status === 'draft')
      await act(
        openids.hometownSecretary,
        'report.submit',
        {
          reportId: placedReport,
          version: draft.version,
          assessment: {
            thinking: '思想稳定，关心家乡发展，积极参加支部学习',
            conduct: '按时参加组织生活，带头参加志愿服务，在老乡中口碑好',
            needs: '孩子明年在苏州上小学，希望了解入学政策',
            comment: '表现好，请家乡党组织放心',
            grade: 'good',
          },
        },
        later(20),
      );
    const opened = await act(openids.outflowAdmin, 'report.get', { reportId: placedReport }, later(40));
    if (opened.acknowledgedAt === null) {
      await act(openids.outflowAdmin, 'report.acknowledge', { reportId: placedReport, version: opened.version }, later(40));
    }
    await act(
      openids.outflowAdmin,
      'report.reply',
      {
        reportId: placedReport,
        requestId: 'demo-reply-home-1',
        body: '收到，谢谢支部。他父亲今年做了手术，家里希望他春节能回来看看，请支部帮忙留意他的思想状况。',
      },
      later(41),
    );
    await act(
      openids.hometownSecretary,
      'report.reply',
      {
        reportId: placedReport,
        requestId: 'demo-reply-inflow-1',
        body: '好的，我们会和他谈心，春节前帮他安排好返乡时间。',
      },
      later(60),
    );

    const secondReport = reportIdFor(memberIdFor(deps, 'dev_member_02'), period.key);
    const second = await act(openids.communitySecretary, 'report.get', { reportId: secondReport }, later(70));
    if (second.status === 'draft')
      await act(
        openids.communitySecretary,
        'report.submit',
        {
          reportId: secondReport,
          version: second.version,
          assessment: {
            thinking: '学习认真，能主动交流思想',
            conduct: '和结对党员一起完成学习计划，参加组织生活正常',
            needs: '',
            comment: '表现较好',
            grade: 'good',
          },
        },
        later(70),
      );
  });

  // The hometown side's yearly review of 赵志强's activity card, with the appraisal above.
  await phase('the yearly review of an activity card', async () => {
    await act(
      openids.outflowAdmin,
      'card.review',
      {
        memberId: placedId,
        year: Number(period.end.slice(0, 4)),
        result: 'passed',
        note: '按时报到，两地反馈表现良好',
        version: null,
      },
      later(80),
    );
  });
}
