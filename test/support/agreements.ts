import type { ActionInput } from '../../server/contract';
import { type Harness, type Tree, nextRequestId } from './harness';

/**
 * The test tree's joint-management agreement: 姑苏区委 (the inflow party, where the members
 * live) and 靖江市委 (the outflow party), with the 靖江 hometown branch below 姑苏区委 as their
 * joint branch, proposed by the city admin; override any field.
 */
export function agreementInput(
  tree: Tree,
  overrides: Partial<ActionInput<'agreement.propose'>> = {},
): ActionInput<'agreement.propose'> {
  return {
    ownOrgId: tree.city.orgId,
    partnerOrgId: tree.home.orgId,
    ownSide: 'inflow',
    title: '姑苏区—靖江市流动党员双向共管协议',
    termStart: '2026-01-01',
    termEnd: '2028-12-31',
    meetingCadence: 'quarterly',
    contact: { name: '周建华', phone: '0512-65230001' },
    jointOrgIds: [tree.hometownBranch.orgId],
    requestId: nextRequestId(),
    ...overrides,
  };
}

export const OUTFLOW_CONTACT = { name: '陈立新', phone: '0523-84812345' };

/** The agreement proposed by the city admin and confirmed by the home admin: in force. */
export async function agreementInForce(h: Harness, tree: Tree, overrides: Partial<ActionInput<'agreement.propose'>> = {}) {
  const proposed = await h.ok(tree.people.cityAdmin, 'agreement.propose', agreementInput(tree, overrides));
  return h.ok(tree.people.homeAdmin, 'agreement.confirm', {
    agreementId: proposed.agreementId,
    version: proposed.version,
    contact: OUTFLOW_CONTACT,
  });
}

/** A joint meeting of the agreement on 2026-12-10 at 14:30 Shanghai time; override any field. */
export function jointMeetingInput(
  agreementId: string,
  overrides: Partial<ActionInput<'jointMeeting.schedule'>> = {},
): ActionInput<'jointMeeting.schedule'> {
  return {
    agreementId,
    requestId: nextRequestId(),
    topic: '第四季度联席会议：流动党员报到和反馈情况',
    place: '姑苏区委组织部三楼会议室',
    date: '2026-12-10',
    startTime: '14:30',
    durationMinutes: 120,
    ...overrides,
  };
}
