import type { HandbookEntryView } from '../../server/contract/handbook';
import type {
  ActionOutput,
  ActivityView,
  CardView,
  AppraisalView,
  AttendanceView,
  CheckinView,
  MemberView,
  MessageView,
  MoveRequestMine,
  MoveRequestView,
  NearbyPlace,
  OrgView,
  PlaceView,
  ReplyView,
  ReportFigures,
  ReportSummary,
  ReportView,
  RoleView,
  StudyPlanView,
  StudyProgress,
} from '../../server/contract';

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
    contact: null,
    dissolved: null,
    ...overrides,
  };
}

/** 新桥社区第一党支部's own place, 平江路. */
export function placeView(overrides: Partial<PlaceView> = {}): PlaceView {
  return {
    placeId: 'pl_o_xinqiao1',
    kind: 'organization',
    centreKind: null,
    name: '新桥社区第一党支部',
    organization: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部', kind: 'branch' },
    branchKind: 'community',
    region: { province: '江苏省', city: '苏州市', district: '姑苏区' },
    address: '平江街道新桥路 18 号',
    point: { latitude: 31.318652, longitude: 120.629987 },
    hours: '周一至周五 9:00—17:30',
    contact: '0512-65230000',
    checkinScene: 'b=o_xinqiao1',
    version: 1,
    ...overrides,
  };
}

/** The red station at 苏州站, 350 m away. */
export function nearbyPlace(overrides: Partial<NearbyPlace> = {}): NearbyPlace {
  return {
    ...placeView({
      placeId: 'pc_station',
      kind: 'service_centre',
      centreKind: 'red_station',
      name: '苏州站红色驿站',
      organization: { orgId: 'o_xinqiao', name: '新桥社区党委', kind: 'committee' },
      branchKind: null,
      address: '苏站路 1 号北广场',
      point: { latitude: 31.330284, longitude: 120.610591 },
      hours: '每天 8:00—20:00',
      contact: '0512-67530000',
      checkinScene: 'b=o_xinqiao',
    }),
    distanceMetres: 352,
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
    industry: 'G',
    workPattern: 'irregular',
    skills: ['水电维修'],
    status: 'registered',
    inflowBranch: null,
    placedAt: null,
    lostContact: null,
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
    organization: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部', kind: 'branch' },
    forwards: [],
    status: 'pending',
    via: 'scan',
    submittedAt: '2025-03-01T06:05:00.000Z',
    decidedAt: null,
    decidedByName: null,
    reason: null,
    placedBranch: null,
    previousPlacement: null,
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

export function activityView(overrides: Partial<ActivityView> = {}): ActivityView {
  return {
    activityId: 'a_meeting1',
    branch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
    kind: 'general_meeting',
    topic: '学习党的二十届四中全会精神',
    place: '新桥社区党群服务中心二楼',
    startsAt: '2026-11-28T11:00:00.000Z',
    endsAt: '2026-11-28T12:30:00.000Z',
    signInOpensAt: '2026-11-28T10:30:00.000Z',
    signInClosesAt: '2026-11-28T12:30:00.000Z',
    volunteerHours: 0,
    status: 'scheduled',
    cancelReason: null,
    presentCount: 0,
    leaveCount: 0,
    createdByName: '李秀英',
    version: 1,
    ...overrides,
  };
}

export function attendanceView(overrides: Partial<AttendanceView> = {}): AttendanceView {
  return {
    attendanceId: 'at_a_meeting1_m_1',
    activityId: 'a_meeting1',
    memberId: 'm_1',
    memberName: '王建国',
    status: 'present',
    via: 'scan',
    reason: null,
    volunteerHours: 0,
    recordedAt: '2026-11-28T10:58:00.000Z',
    recordedByName: null,
    version: 1,
    ...overrides,
  };
}

export function studyPlanView(overrides: Partial<StudyPlanView> = {}): StudyPlanView {
  const items = overrides.items ?? [
    { itemId: 'i1', title: '党章学习', hours: 8, dueMonth: 3 },
    { itemId: 'i2', title: '党史专题', hours: 12, dueMonth: 7 },
    { itemId: 'i3', title: '二十届四中全会精神', hours: 12, dueMonth: 12 },
  ];
  return {
    planId: 'sp_o_xinqiao1_2026',
    branch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
    year: 2026,
    targetHours: 32,
    items,
    totalHours: items.reduce((sum, item) => sum + item.hours, 0),
    publishedAt: '2026-01-10T02:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function studyProgress(overrides: Partial<StudyProgress> = {}): StudyProgress {
  return { year: 2026, hoursDone: 20, targetHours: 32, hoursDueSoFar: 20, behindCount: 0, behind: false, ...overrides };
}

export function reportFigures(overrides: Partial<ReportFigures> = {}): ReportFigures {
  return {
    meetingsHeld: 6,
    meetingsAttended: 5,
    leaves: 1,
    volunteerHours: 4,
    serviceHours: 0,
    studyHoursInPeriod: 6,
    studyCountedFrom: '2026-03-02',
    studyHoursThisYear: 20,
    studyHoursDueThisYear: 20,
    studyTargetHours: 32,
    lastLifeOn: '2026-09-20',
    talks: [],
    serviceRequests: [],
    computedAt: '2026-10-01T18:00:00.000Z',
    ...overrides,
  };
}

export function appraisalView(overrides: Partial<AppraisalView> = {}): AppraisalView {
  return {
    appraisalId: 'ap_1_2026',
    memberId: 'm_1',
    year: 2026,
    result: 'qualified',
    note: '',
    recordedOn: '2026-09-15',
    recordedByName: '李秀英',
    version: 1,
    ...overrides,
  };
}

export function reportSummary(overrides: Partial<ReportSummary> = {}): ReportSummary {
  return {
    reportId: 'r_1_2026-Q3',
    member: { memberId: 'm_1', name: '王建国', standing: 'full' },
    branch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
    outflow: { orgId: 'o_jj_village', name: '新港村党支部' },
    period: { key: '2026-Q3', kind: 'quarter', start: '2026-07-01', end: '2026-09-30', label: '2026年第三季度' },
    shareLabel: null,
    dueOn: '2026-10-15',
    status: 'draft',
    revision: 0,
    correcting: false,
    overdue: false,
    submittedAt: null,
    readAt: null,
    acknowledgedAt: null,
    replyCount: 0,
    version: 1,
    ...overrides,
  };
}

/**
 * A report as the server shows it to one side. Unless a test says otherwise, what the caller
 * may do follows the side and status given, as the server's view says it (server/services/reports/views.ts).
 */
export function reportView(overrides: Partial<ReportView> = {}): ReportView {
  const side = overrides.side ?? 'inflow';
  const status = overrides.status ?? 'draft';
  const revision = overrides.revision ?? 0;
  const acknowledgedNewest = overrides.acknowledgedNewest ?? Boolean(overrides.acknowledgedAt);
  return {
    ...reportSummary(),
    correcting: status === 'draft' && revision > 0,
    side,
    draft: {
      figures: reportFigures(),
      assessment: { thinking: '', conduct: '', needs: '', comment: '', grade: null },
      appraisal: null,
      appraisalYear: 2026,
      correctionReason: null,
    },
    revisions: [],
    readByName: null,
    acknowledgedByName: null,
    acknowledgedNewest,
    can: {
      edit: side === 'inflow' && status === 'draft',
      correct: side === 'inflow' && status === 'submitted',
      acknowledge: side === 'outflow' && revision > 0 && !acknowledgedNewest,
      reply: side !== 'above',
    },
    ...overrides,
  };
}

export function replyView(overrides: Partial<ReplyView> = {}): ReplyView {
  return {
    replyId: 'rp_1',
    reportId: 'r_1_2026-Q3',
    side: 'outflow',
    authorName: '吴村书',
    orgName: '新港村党支部',
    body: '他母亲今年住院，家里希望他春节能回来。',
    createdAt: '2026-10-20T02:00:00.000Z',
    ...overrides,
  };
}

export function messageView(overrides: Partial<MessageView> = {}): MessageView {
  return {
    messageId: 'msg_1',
    kind: 'report_overdue',
    title: '有 2 份反馈报告已逾期',
    body: '2026年第三季度的反馈报告已过截止日期，请尽快提交。',
    reportId: null,
    memberId: null,
    createdAt: '2026-10-16T18:00:00.000Z',
    addressedTo: null,
    ...overrides,
  };
}

export function moveRequestMine(overrides: Partial<MoveRequestMine> = {}): MoveRequestMine {
  return {
    moveId: 'mv_1',
    status: 'pending',
    name: '王建国',
    submittedAt: '2026-11-25T02:00:00.000Z',
    decidedAt: null,
    reason: null,
    ...overrides,
  };
}

export function moveRequestView(overrides: Partial<MoveRequestView> = {}): MoveRequestView {
  return {
    moveId: 'mv_1',
    status: 'pending',
    submittedAt: '2026-11-25T02:00:00.000Z',
    member: {
      memberId: 'm_1',
      name: '王建国',
      idCardMasked: '321***********1234',
      phoneMasked: '138****5678',
      outflowName: '靖江市新桥镇某村党支部',
      inflowBranchName: '新桥社区第一党支部',
      registeredAt: '2025-03-02T01:00:00.000Z',
      updatedAt: '2026-06-10T01:00:00.000Z',
    },
    oldAccount: {
      openidMasked: 'oAbc****wxyz',
      agreedNoticeAt: '2025-03-02T00:58:00.000Z',
      roles: [],
      idLookupsToday: 0,
    },
    newAccount: {
      openidMasked: 'oXyz****abcd',
      agreedNoticeAt: '2026-11-25T01:55:00.000Z',
      roles: [],
      idLookupsToday: 1,
    },
    decidedAt: null,
    decidedByName: null,
    reason: null,
    version: 1,
    ...overrides,
  };
}

/** A placed member's activity card as the inflow branch reads it, with one reported period and one review. */
export function cardView(overrides: Partial<CardView> = {}): CardView {
  return {
    memberId: 'm_1',
    name: '王建国',
    gender: 'male',
    standing: 'full',
    status: 'placed',
    joinedPartyOn: '2010-07-01',
    outflow: { name: '靖江市新桥镇某村党支部' },
    inflowBranch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
    contact: { name: '李秀英', kind: 'secretary', memberId: null, setOn: '2026-03-05', setByName: '李秀英' },
    participation: [
      {
        reportId: 'r_1_2026-Q3',
        periodKey: '2026-Q3',
        year: 2026,
        periodLabel: '2026年第三季度',
        branchName: '新桥社区第一党支部',
        meetingsHeld: 6,
        meetingsAttended: 5,
        leaves: 1,
        studyHoursInPeriod: 8,
        studyHoursThisYear: 20,
        volunteerHours: 4,
        grade: 'good',
        submittedAt: '2026-10-08T02:00:00.000Z',
      },
    ],
    reviews: [
      {
        reviewId: 'cr_m_1_2025',
        year: 2025,
        result: 'passed',
        note: '按时报到',
        appraisal: { result: 'qualified', recordedByName: '李秀英' },
        recordedOn: '2026-01-10',
        recordedByName: '吴村书',
        version: 1,
      },
    ],
    side: 'inflow',
    canReview: false,
    ...overrides,
  };
}

/** A handbook entry in force, published by the district; override any field. */
export const handbookEntryView = (entryId: string, overrides: Partial<HandbookEntryView> = {}): HandbookEntryView => ({
  entryId,
  org: { orgId: 'o_gusu', name: '中共苏州市姑苏区委员会' },
  region: { province: '江苏省', city: '苏州市', district: '姑苏区' },
  topic: 'employment',
  title: '灵活就业社保补贴',
  body: '按规定缴纳社会保险的灵活就业困难人员可申请补贴。',
  source: '苏州市人力资源和社会保障局',
  sourceDate: '2026-03-02',
  sourceUrl: '',
  validUntil: null,
  old: null,
  publishedAt: '2026-03-05T02:00:00.000Z',
  publishedByName: '周建华',
  updatedAt: '2026-03-05T02:00:00.000Z',
  can: { edit: false },
  version: 1,
  ...overrides,
});
