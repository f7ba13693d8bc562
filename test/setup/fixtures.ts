import type { ActionOutput, CheckinView, MemberView, OrgView, RoleView } from '../../server/contract';

/** Contract-typed sample records for page tests; override what the test is about. */

export function orgView(overrides: Partial<OrgView> = {}): OrgView {
  return {
    orgId: 'o_xinqiao1',
    name: '新桥社区第一党支部',
    kind: 'branch',
    parentId: 'o_xinqiao',
    region: { province: '江苏省', city: '苏州市', district: '姑苏区' },
    branchKind: 'community',
    hometown: null,
    industry: null,
    address: '新桥路 18 号',
    ...overrides,
  };
}

export function memberView(overrides: Partial<MemberView> = {}): MemberView {
  return {
    memberId: 'm_1',
    name: '王建国',
    gender: 'male',
    phoneMasked: '138****5678',
    idCardMasked: '3212**********1234',
    standing: 'full',
    joinedPartyOn: '2010-07-01',
    outflow: {
      orgId: 'o_jj_village',
      name: '靖江市新桥镇某村党支部',
      region: { province: '江苏省', city: '泰州市', district: '靖江市' },
    },
    leftOn: '2021-03',
    leaveReason: 'work',
    residence: { region: { province: '江苏省', city: '苏州市', district: '姑苏区' }, addressMasked: '新桥路****' },
    workplace: '苏州某物流公司',
    occupation: '货车司机',
    industry: 'logistics',
    workPattern: 'irregular',
    skills: ['水电维修'],
    status: 'registered',
    inflowBranch: null,
    placedAt: null,
    registeredAt: '2025-01-02T02:00:00.000Z',
    version: 3,
    ...overrides,
  };
}

export function checkinView(overrides: Partial<CheckinView> = {}): CheckinView {
  return {
    checkinId: 'c_1_1',
    memberId: 'm_1',
    memberName: '王建国',
    memberStanding: 'full',
    memberOutflowName: '靖江市新桥镇某村党支部',
    branch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
    status: 'pending',
    via: 'scan',
    submittedAt: '2025-03-01T06:05:00.000Z',
    decidedAt: null,
    decidedByName: null,
    reason: null,
    placedBranch: null,
    version: 1,
    ...overrides,
  };
}

export function roleView(overrides: Partial<RoleView> = {}): RoleView {
  return { role: 'secretary', orgId: 'o_xinqiao1', orgName: '新桥社区第一党支部', orgKind: 'branch', ...overrides };
}

export function sessionMe(overrides: Partial<ActionOutput<'session.me'>> = {}): ActionOutput<'session.me'> {
  return {
    roles: [],
    member: null,
    consent: { currentVersion: 'v1', agreedVersion: null },
    ...overrides,
  };
}
