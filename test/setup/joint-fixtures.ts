import type {
  ActivityView,
  AppraisalView,
  AttendanceView,
  MessageView,
  ReplyView,
  ReportFigures,
  ReportSummary,
  ReportView,
  StudyPlanView,
  StudyProgress,
} from '../../server/contract/joint';

/** Contract-typed samples of the joint-management views for page tests; override what the test is about. */

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
    studyHoursDone: 20,
    studyHoursDue: 20,
    studyTargetHours: 32,
    lastLifeOn: '2026-09-20',
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
    dueOn: '2026-10-15',
    status: 'draft',
    revision: 0,
    overdue: false,
    submittedAt: null,
    readAt: null,
    acknowledgedAt: null,
    replyCount: 0,
    version: 1,
    ...overrides,
  };
}

export function reportView(overrides: Partial<ReportView> = {}): ReportView {
  return {
    ...reportSummary(),
    side: 'inflow',
    draft: {
      figures: reportFigures(),
      assessment: { thinking: '', conduct: '', needs: '', comment: '', grade: null },
      appraisal: null,
      correctionReason: null,
    },
    revisions: [],
    readByName: null,
    acknowledgedByName: null,
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
    ...overrides,
  };
}
