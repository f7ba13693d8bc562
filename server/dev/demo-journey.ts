import dayjs from 'dayjs';
import type { TransferView } from '../contract/transfers';
import { TIMEZONE } from '../lib/time';
import type { DemoActor } from './demo-data';

/**
 * The demo's members beyond "placed": one marked 失联 (the one the no-life clock escalated), one
 * lost and found again, and a transfer of the organization relationship in every state
 * (proposed and waiting, agreed and waiting for the letter, refused, completed), so each screen
 * and each reminder has something to show. Safe to run again after a kill: every step looks
 * first at what is there.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const REASON = '在苏州居住、工作已满半年，工作稳定，本人同意转接';

interface JourneyPeople {
  transferred: string;
  communitySecretary: string;
  hometownSecretary: string;
  outflowAdmin: string;
}

function dayOf(at: Date): string {
  return dayjs(at).tz(TIMEZONE).format('YYYY-MM-DD');
}

export async function seedJourney(act: DemoActor, now: Date, people: JourneyPeople): Promise<void> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const memberIdOf = async (openid: string) => (await act(openid, 'session.me', {})).member?.memberId ?? '';
  const versionOf = async (memberId: string, at: Date) =>
    (await act(people.outflowAdmin, 'member.get', { memberId }, at)).version;
  const lostOf = (memberId: string) => act(people.outflowAdmin, 'lostContact.get', { memberId });

  // dev_member_12 never came to the branch's life: after the clock's proposal the branch marks them 失联.
  const silent = await memberIdOf('dev_member_12');
  if ((await lostOf(silent)).episodes.length === 0) {
    await act(
      people.hometownSecretary,
      'lostContact.mark',
      {
        memberId: silent,
        version: await versionOf(silent, daysAgo(3)),
        lastContactOn: dayOf(daysAgo(150)),
        reason: 'residence_changed',
      },
      daysAgo(3),
    );
  }

  // dev_member_06 was lost for a month and found again: the history keeps both steps.
  const found = await memberIdOf('dev_member_06');
  let lost = await lostOf(found);
  if (lost.episodes.length === 0) {
    await act(
      people.outflowAdmin,
      'lostContact.mark',
      {
        memberId: found,
        version: await versionOf(found, daysAgo(60)),
        lastContactOn: dayOf(daysAgo(75)),
        reason: 'other',
        note: '手机停机，家人也联系不上',
      },
      daysAgo(60),
    );
    lost = await lostOf(found);
  }
  if (lost.current) {
    await act(
      people.communitySecretary,
      'lostContact.found',
      {
        memberId: found,
        version: await versionOf(found, daysAgo(30)),
        foundOn: dayOf(daysAgo(30)),
        how: '上门走访，本人换了手机号',
      },
      daysAgo(30),
    );
  }

  /** Takes one member's transfer as far as `until`, from wherever an earlier run left it. */
  const transfer = async (
    openid: string,
    secretary: string,
    until: 'proposed' | 'refused' | 'agreed' | 'completed',
    proposedDaysAgo: number,
  ) => {
    const memberId = await memberIdOf(openid);
    const latest = async (): Promise<TransferView | undefined> =>
      (await act(people.outflowAdmin, 'transfer.ofMember', { memberId })).items[0];
    let current = await latest();
    if (!current) {
      await act(secretary, 'transfer.propose', { memberId, reason: REASON }, daysAgo(proposedDaysAgo));
      current = await latest();
    }
    if (!current || until === 'proposed') return;
    if (current.status === 'proposed') {
      const at = daysAgo(proposedDaysAgo - 5);
      const decision =
        until === 'refused'
          ? { decision: 'refuse' as const, reason: '本人明年回村任职，暂不转接' }
          : { decision: 'agree' as const };
      await act(
        people.outflowAdmin,
        'transfer.decide',
        { transferId: current.transferId, version: current.version, ...decision },
        at,
      );
      current = await latest();
    }
    if (!current || until !== 'completed' || current.status !== 'agreed') return;
    const letterDate = dayOf(daysAgo(20));
    await act(
      secretary,
      'transfer.complete',
      {
        transferId: current.transferId,
        version: current.version,
        letterNumber: `JS${letterDate.replace(/-/g, '')}0017`,
        letterDate,
      },
      daysAgo(18),
    );
  };
  // Proposed three weeks ago and still waiting for the outflow side: past the reminder days.
  await transfer('dev_member_02', people.communitySecretary, 'proposed', 21);
  await transfer('dev_member_04', people.communitySecretary, 'refused', 40);
  // Agreed, waiting for the receiving branch to record the letter.
  await transfer('dev_member_08', people.hometownSecretary, 'agreed', 30);
  // Completed: a regular member of the hometown branch in Suzhou now.
  await transfer(people.transferred, people.hometownSecretary, 'completed', 50);
}
