import dayjs from 'dayjs';
import type { ActionInput } from '../contract';
import { periodContaining } from '../lib/periods';
import { TIMEZONE } from '../lib/time';
import type { DemoActor, DemoPhase } from './demo-data';

/**
 * The demo's journeys past "placed": a member who moved from one branch to another in the
 * middle of a quarter (both branches owe their share of it), then left again and is checking in
 * to a third (that branch sees the previous placement), and a member whose return home the
 * outflow side recorded (返回登记), who then signed in at the home branch's 返乡报到.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface JourneyDemoPlaces {
  now: Date;
  start: Date;
  /**
   * The branch the moving member leaves in the middle of a quarter, the one that places them in
   * the same quarter (and which they leave again), and the one they check in to last.
   */
  leftBranch: string;
  midQuarterBranch: string;
  nextBranch: string;
  /** The branch the returning member was placed in, and the home branch they come back to. */
  returnedFrom: string;
  homeBranch: string;
}

export interface JourneyDemoPeople {
  moved: string;
  returned: string;
  /** Secretaries of `leftBranch` and `returnedFrom`, an admin above `midQuarterBranch`, and an admin of the home side. */
  leftSecretary: string;
  midQuarterAdmin: string;
  returnedSecretary: string;
  homeAdmin: string;
}

function shanghaiDay(at: Date): string {
  return dayjs(at).tz(TIMEZONE).format('YYYY-MM-DD');
}

export async function seedJourneys(
  act: DemoActor,
  phase: DemoPhase,
  register: (openid: string, profile: ActionInput<'member.register'>) => Promise<unknown>,
  profileOf: (name: string, gender: 'male' | 'female', sequence: number) => ActionInput<'member.register'>,
  places: JourneyDemoPlaces,
  people: JourneyDemoPeople,
): Promise<void> {
  const { now, start } = places;
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  // Run again after a kill, each step looks first at what is there.
  const memberOf = async (openid: string, profile: () => ActionInput<'member.register'>) => {
    const me = await act(openid, 'session.me', {});
    if (me.member) return me.member;
    await register(openid, profile());
    const registered = (await act(openid, 'session.me', {})).member;
    if (!registered) throw new Error(`Demo data: ${openid} did not register`);
    return registered;
  };
  const placeOnce = async (openid: string, memberId: string, branchId: string, secretary: string) => {
    const history = await act(openid, 'placement.history', { memberId }, start);
    if (history.items.length > 0) return;
    const request = await act(openid, 'checkin.submit', { orgId: branchId, via: 'scan' }, start);
    await act(
      secretary,
      'checkin.decide',
      { checkinId: request.checkinId, version: request.version, decision: 'approve' },
      start,
    );
  };

  await phase('a member who moved mid-quarter, moved on again and checks in anew', async () => {
    const moved = await memberOf(people.moved, () => profileOf('周永福', 'male', 201));
    await placeOnce(people.moved, moved.memberId, places.leftBranch, people.leftSecretary);
    // A quarter well inside the story (the village reports quarterly): left on its 20th day,
    // placed again on its 26th, so both branches owe their share of it.
    const quarter = periodContaining('quarter', shanghaiDay(daysAgo(100)));
    const quarterDay = (n: number) => new Date(new Date(`${quarter.start}T10:00:00+08:00`).getTime() + n * DAY_MS);
    // Run again after a kill, each step looks at the history first.
    const history = async () => (await act(people.moved, 'placement.history', { memberId: moved.memberId })).items;
    const leave = async (branchId: string, at: Date, reason: 'changed_job' | 'moved_city', destination: string) => {
      const placement = (await history()).find((item) => item.branch.orgId === branchId);
      if (!placement || placement.endedOn) return;
      await act(
        people.moved,
        'placement.leave',
        { memberId: moved.memberId, branchId, endedOn: shanghaiDay(at), reason, destination },
        at,
      );
    };
    await leave(places.leftBranch, quarterDay(20), 'moved_city', '搬到古城区另一头');
    if (!(await history()).some((item) => item.branch.orgId === places.midQuarterBranch)) {
      const request = await act(people.moved, 'checkin.submit', { orgId: places.midQuarterBranch, via: 'scan' }, quarterDay(25));
      await act(
        people.midQuarterAdmin,
        'checkin.decide',
        { checkinId: request.checkinId, version: request.version, decision: 'approve' },
        quarterDay(26),
      );
    }
    await leave(places.midQuarterBranch, daysAgo(30), 'changed_job', '到靖江商会会员企业上班');
    // The same request again is the same request.
    await act(people.moved, 'checkin.submit', { orgId: places.nextBranch, via: 'suggestion' }, daysAgo(20));
  });

  await phase('a member recorded home, at the home branch', async () => {
    const returned = await memberOf(people.returned, () => profileOf('钱桂芳', 'female', 202));
    await placeOnce(people.returned, returned.memberId, places.returnedFrom, people.returnedSecretary);
    const returnedOn = daysAgo(60);
    await act(
      people.homeAdmin,
      'placement.return',
      { memberId: returned.memberId, returnedOn: shanghaiDay(returnedOn) },
      returnedOn,
    );
    const held = new Date(`${shanghaiDay(daysAgo(50))}T09:00:00+08:00`);
    const homecoming = await act(
      people.homeAdmin,
      'activity.create',
      {
        branchId: places.homeBranch,
        requestId: 'demo-homecoming-report',
        kind: 'homecoming_report',
        topic: '返乡党员报到座谈会',
        place: '新港村党群服务中心',
        date: shanghaiDay(held),
        startTime: '09:00',
        durationMinutes: 120,
      },
      daysAgo(55),
    );
    await act(
      people.returned,
      'activity.signIn',
      { activityId: homecoming.activityId },
      new Date(held.getTime() + 5 * 60 * 1000),
    );
  });
}
