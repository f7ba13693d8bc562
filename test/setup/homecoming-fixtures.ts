import type { CandidateView, RoundTableView, SuggestionView, ThinkTankInvitationView } from '../../server/contract/homecoming';

/** Views of 返乡 as the server sends them, for the pages' tests; override any field. */

const county = { orgId: 'o_jj', name: '中共靖江市委员会' };

export function invitationView(overrides: Partial<ThinkTankInvitationView> = {}): ThinkTankInvitationView {
  return {
    invitationId: 'tt_yu',
    org: county,
    member: { memberId: 'm_yu', name: '郁金铭' },
    status: 'invited',
    note: '请为家乡特色农产品的销路出出主意',
    invitedAt: '2026-09-26T02:00:00.000Z',
    invitedByName: '陈立新',
    answeredAt: null,
    version: 1,
    ...overrides,
  };
}

export function roundTableView(overrides: Partial<RoundTableView> = {}): RoundTableView {
  return {
    roundTableId: 'rt_1',
    org: county,
    topic: '新港村特色产业发展献计',
    place: '新港村村委会会议室（线上同步）',
    startsAt: '2026-11-28T11:00:00.000Z',
    endsAt: '2026-11-28T13:00:00.000Z',
    signInOpensAt: '2026-11-28T10:30:00.000Z',
    signInClosesAt: '2026-11-28T13:00:00.000Z',
    joinCode: '482913',
    presentCount: 0,
    remoteCount: 0,
    leaveCount: 0,
    minutes: '',
    minutesByName: null,
    minutesAt: null,
    createdByName: '陈立新',
    version: 1,
    ...overrides,
  };
}

export function suggestionView(overrides: Partial<SuggestionView> = {}): SuggestionView {
  return {
    suggestionId: 'sg_1',
    roundTable: { roundTableId: 'rt_1', topic: '新港村特色产业发展献计', heldOn: '2026-10-26' },
    org: county,
    member: { memberId: 'm_yu', name: '郁金铭' },
    content: '在村里建一个农产品直播间',
    status: 'recorded',
    steps: [{ status: 'recorded', note: '', byName: '陈立新', at: '2026-10-26T13:30:00.000Z' }],
    next: [],
    version: 1,
    ...overrides,
  };
}

export function candidateView(overrides: Partial<CandidateView> = {}): CandidateView {
  return {
    candidateId: 'vc_fs_m_yu',
    org: county,
    member: { memberId: 'm_yu', name: '郁金铭' },
    post: 'first_secretary',
    postOrg: { orgId: 'o_village', name: '新港村党支部' },
    status: 'proposed',
    steps: [
      { step: 'proposed', on: '2026-11-05', note: '在外创业有成', byName: '陈立新', recordedAt: '2026-11-05T02:00:00.000Z' },
    ],
    endsMobility: true,
    memberStatus: 'placed',
    next: ['talked', 'appointed', 'declined'],
    version: 1,
    ...overrides,
  };
}
