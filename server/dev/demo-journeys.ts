import dayjs from 'dayjs';
import type { ActionInput } from '../contract';
import { TIMEZONE } from '../lib/time';
import type { DemoActor, DemoPhase } from './demo-data';

/**
 * The demo's journeys past "placed": a member who left a branch and is checking in to another
 * (the new branch sees the previous placement), and a member whose return home the outflow side
 * recorded (返回登记), who then signed in at the home branch's 返乡报到.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export interface JourneyDemoPlaces {
  now: Date;
  start: Date;
  /** The branch the moving member leaves, and the one they check in to next. */
  leftBranch: string;
  nextBranch: string;
  /** The branch the returning member was placed in, and the home branch they come back to. */
  returnedFrom: string;
  homeBranch: string;
}

export interface JourneyDemoPeople {
  moved: string;
  returned: string;
  /** Secretaries of `leftBranch` and `returnedFrom`, and an admin of the home side. */
  leftSecretary: string;
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

  await phase('a member who moved on and checks in anew', async () => {
    const moved = await memberOf(people.moved, () => profileOf('周永福', 'male', 201));
    await placeOnce(people.moved, moved.memberId, places.leftBranch, people.leftSecretary);
    const leftOn = daysAgo(30);
    // The same leave again answers with the period it ended.
    await act(
      people.moved,
      'placement.leave',
      {
        memberId: moved.memberId,
        branchId: places.leftBranch,
        endedOn: shanghaiDay(leftOn),
        reason: 'changed_job',
        destination: '到靖江商会会员企业上班',
      },
      leftOn,
    );
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
