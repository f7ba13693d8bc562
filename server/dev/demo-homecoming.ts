import dayjs from 'dayjs';
import type { ActionInput } from '../contract';
import { TIMEZONE } from '../lib/time';
import type { DemoActor } from './demo-data';

/**
 * 返乡 in the demo: 郁金铭, from 新港村 and placed in 新桥社区第一党支部, joins 靖江市委's
 * think-tank, attends a round-table from Suzhou by the join code, makes two suggestions (one
 * done, one adopted), and is proposed, talked to and appointed first secretary of 新港村党支部,
 * which records his return home. 赵志强 is in the think-tank too (on leave at that meeting);
 * 王海军 is invited and has not answered, and is proposed as a reserve cadre. A round-table
 * is coming in five days. Every step looks at what is there first, so a rerun after a kill
 * finishes the story without writing anything twice.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface HomecomingDemoPeople {
  /** 郁金铭. */
  homecoming: string;
  /** 赵志强, placed in 新桥社区第一党支部. */
  placed: string;
  /** 王海军, registered and not placed. */
  registered: string;
  /** 陈立新, admin of 中共靖江市委员会. */
  outflowAdmin: string;
  communitySecretary: string;
}

export interface HomecomingDemoPlaces {
  now: Date;
  start: Date;
  jjCommittee: string;
  village: string;
  xinqiao1: string;
}

type Register = (openid: string, profile: ActionInput<'member.register'>) => Promise<void>;
type CheckIn = (
  openid: string,
  input: ActionInput<'checkin.submit'>,
  decide: { by: string; decision: 'approve' },
) => Promise<void>;

function dayOf(at: Date): string {
  return dayjs(at).tz(TIMEZONE).format('YYYY-MM-DD');
}

/** A moment on a Shanghai day. */
function at(day: string, time: string): Date {
  return dayjs.tz(`${day} ${time}`, TIMEZONE).toDate();
}

export async function seedHomecoming(
  act: DemoActor,
  register: Register,
  checkIn: CheckIn,
  profile: ActionInput<'member.register'>,
  places: HomecomingDemoPlaces,
  people: HomecomingDemoPeople,
): Promise<void> {
  const { now } = places;
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const county = people.outflowAdmin;

  await register(people.homecoming, profile);
  await checkIn(
    people.homecoming,
    { orgId: places.xinqiao1, via: 'scan' },
    { by: people.communitySecretary, decision: 'approve' },
  );
  const memberIdOf = async (openid: string) => {
    const me = await act(openid, 'session.me', {});
    if (!me.member) throw new Error(`Demo data: ${openid} is not registered`);
    return me.member.memberId;
  };
  const [yuId, zhaoId, wangId] = await Promise.all(
    [people.homecoming, people.placed, people.registered].map((openid) => memberIdOf(openid)),
  );

  // ---- the think-tank
  const invite = (memberId: string, note: string) =>
    act(county, 'thinkTank.invite', { orgId: places.jjCommittee, memberId, note, version: null }, daysAgo(60));
  for (const [openid, memberId, note] of [
    [people.homecoming, yuId, '您在苏州做电商多年，请为家乡特色农产品的销路出出主意'],
    [people.placed, zhaoId, '请为村里的物流运输出出主意'],
  ] as const) {
    const invitation = await invite(memberId, note);
    if (invitation.status === 'invited') {
      await act(
        openid,
        'thinkTank.respond',
        { invitationId: invitation.invitationId, answer: 'accept', version: invitation.version },
        daysAgo(58),
      );
    }
  }
  await invite(wangId, '请为家乡发展出出主意');

  // ---- a round-table held a month ago, attended from afar
  const heldDay = dayOf(daysAgo(30));
  const held = await act(
    county,
    'roundTable.create',
    {
      orgId: places.jjCommittee,
      requestId: 'demo-round-table-01',
      topic: '新港村特色产业发展献计',
      place: '新港村村委会会议室（线上同步）',
      date: heldDay,
      startTime: '19:00',
      durationMinutes: 120,
    },
    daysAgo(35),
  );
  const during = at(heldDay, '19:10');
  await act(
    people.homecoming,
    'roundTable.signIn',
    { how: 'join_code', roundTableId: held.roundTableId, joinCode: held.joinCode ?? '' },
    during,
  );
  const sheet = await act(county, 'roundTable.get', { roundTableId: held.roundTableId }, during);
  const zhao = sheet.sheet.find((row) => row.member.memberId === zhaoId);
  if (zhao && !zhao.attendance) {
    await act(
      county,
      'roundTable.mark',
      { roundTableId: held.roundTableId, memberId: zhaoId, status: 'leave', reason: '单位加班', expectedVersion: null },
      during,
    );
  }
  const after = at(heldDay, '21:30');
  if (!sheet.roundTable.minutes) {
    const current = await act(county, 'roundTable.get', { roundTableId: held.roundTableId }, after);
    await act(
      county,
      'roundTable.saveMinutes',
      {
        roundTableId: held.roundTableId,
        minutes:
          '应到 2 人，远程参会 1 人（郁金铭），请假 1 人（赵志强）。会议围绕新港梨等特色农产品的销路展开讨论，郁金铭介绍了苏州电商直播的做法，提出两条建议，会议记录在案，交村两委研究。',
        version: current.roundTable.version,
      },
      after,
    );
  }

  const suggestion = (requestId: string, content: string) =>
    act(county, 'suggestion.add', { roundTableId: held.roundTableId, memberId: yuId, requestId, content }, after);
  const follow = async (
    first: { suggestionId: string },
    steps: { status: 'adopted' | 'in_progress' | 'done'; note: string; daysAgo: number }[],
  ) => {
    for (const step of steps) {
      const current = (await act(county, 'roundTable.get', { roundTableId: held.roundTableId })).suggestions.find(
        (s) => s.suggestionId === first.suggestionId,
      );
      if (!current || !current.next.includes(step.status) || current.steps.some((s) => s.status === step.status)) continue;
      await act(
        county,
        'suggestion.follow',
        { suggestionId: current.suggestionId, status: step.status, note: step.note, version: current.version },
        daysAgo(step.daysAgo),
      );
    }
  };
  const liveRoom = await suggestion(
    'demo-suggestion-01',
    '在村里建一个农产品直播间，请在外做电商的党员回来教乡亲们在网上卖新港梨',
  );
  await follow(liveRoom, [
    { status: 'adopted', note: '村两委会研究同意，列入今年为民办实事项目', daysAgo: 25 },
    { status: 'in_progress', note: '村委会二楼腾出一间房，设备已采购', daysAgo: 15 },
    { status: 'done', note: '直播间已建成，首场直播卖出新港梨 800 多斤', daysAgo: 5 },
  ]);
  const festival = await suggestion('demo-suggestion-02', '每年春节请在外的党员回村开一次座谈会，听听大家的想法');
  await follow(festival, [{ status: 'adopted', note: '园区党工委同意，今年春节前召开', daysAgo: 20 }]);

  // ---- the next round-table, in five days
  const nextDay = dayOf(new Date(now.getTime() + 5 * DAY_MS));
  await act(
    county,
    'roundTable.create',
    {
      orgId: places.jjCommittee,
      requestId: 'demo-round-table-02',
      topic: '春节返乡党员座谈会筹备',
      place: '靖江市新港园区党群服务中心（线上同步）',
      date: nextDay,
      startTime: '14:30',
      durationMinutes: 90,
    },
    daysAgo(2),
  );

  // ---- candidates for village posts: 郁金铭 appointed first secretary, 王海军 proposed as a reserve cadre
  const firstSecretary = await act(
    county,
    'candidate.propose',
    {
      orgId: places.jjCommittee,
      memberId: yuId,
      post: 'first_secretary',
      postOrgId: places.village,
      note: '在外创业有成，熟悉电商，在智囊团中建言得力',
      version: null,
    },
    daysAgo(20),
  );
  const steps: { step: 'talked' | 'appointed'; note: string; daysAgo: number }[] = [
    { step: 'talked', note: '园区党工委书记与本人谈话，本人愿意回村任职', daysAgo: 15 },
    { step: 'appointed', note: '经园区党工委研究，任命为新港村党支部第一书记', daysAgo: 3 },
  ];
  let candidate = firstSecretary;
  for (const step of steps) {
    if (candidate.steps.some((s) => s.step === step.step)) continue;
    candidate = await act(
      county,
      'candidate.step',
      {
        candidateId: candidate.candidateId,
        step: step.step,
        on: dayOf(daysAgo(step.daysAgo)),
        note: step.note,
        version: candidate.version,
      },
      daysAgo(step.daysAgo),
    );
  }
  await act(
    county,
    'candidate.propose',
    {
      orgId: places.jjCommittee,
      memberId: wangId,
      post: 'reserve_cadre',
      postOrgId: places.village,
      note: '年轻，有外卖站点管理经验',
      version: null,
    },
    daysAgo(10),
  );
}
