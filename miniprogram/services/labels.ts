import type {
  ActionOutput,
  BranchKind,
  CheckinStatus,
  CheckinVia,
  Gender,
  Industry,
  LeaveReason,
  MemberStatus,
  PlacementEndReason,
  OrgKind,
  Role,
  Standing,
  WorkPattern,
} from '../../server/contract';
import type { ActivityKind, AttendanceStatus } from '../../server/contract/activities';
import type { AppraisalResult } from '../../server/contract/appraisals';
import type { LostContactReason } from '../../server/contract/lost-contact';
import type { MessageKind } from '../../server/contract/messages';
import type { TransferStatus } from '../../server/contract/transfers';
import type { CentreKind } from '../../server/contract/places';
import type { ReportPeriodKind, ReportStatus } from '../../server/contract/reports';
import type { StudyMode } from '../../server/contract/study';
import type { CardReviewResult } from '../../server/contract/cards';
import type { ContactView, TalkCause } from '../../server/contract/talks';
import type { ASSESSMENT_GRADES } from '../../server/contract/reports';
import type { AgreementSide, AgreementStatus, MeetingCadence } from '../../server/contract/joint-management';
import type { ServiceKind, ServiceStatus, ServiceStepKind } from '../../server/contract/service-requests';
import type { HandbookOldReason, HandbookTopic } from '../../server/contract/handbook';

/** Chinese labels for the contract's enums; a value added on the server without a label here fails to compile. */

export type SuggestionReason = ActionOutput<'checkin.suggest'>['suggestions'][number]['reason'];

/** GB/T 4754 门类 names, with everyday examples in brackets so a member finds their own quickly. */
export const INDUSTRY_LABELS: Record<Industry, string> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业（工厂、车间）',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业（建筑工地、装修）',
  F: '批发和零售业（商店、个体经营）',
  G: '交通运输、仓储和邮政业（货车、快递、外卖）',
  H: '住宿和餐饮业（饭店、宾馆）',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业（银行、保险、证券）',
  K: '房地产业（物业、中介）',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业（环卫、园林）',
  O: '居民服务、修理和其他服务业（家政、维修、美发）',
  P: '教育',
  Q: '卫生和社会工作（医院、养老）',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织（机关、社区）',
  T: '国际组织',
};

export const GENDER_LABELS: Record<Gender, string> = { male: '男', female: '女' };

export const STANDING_LABELS: Record<Standing, string> = { full: '正式党员', probationary: '预备党员' };

export const LEAVE_REASON_LABELS: Record<LeaveReason, string> = {
  work: '外出务工',
  business: '外出经商',
  study: '外出上学',
  family: '随迁、投靠亲属',
  other: '其他原因',
};

export const WORK_PATTERN_LABELS: Record<WorkPattern, string> = { regular: '固定作息', irregular: '不固定作息' };

export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  registered: '已登记，尚未报到',
  pending: '报到待审批',
  placed: '已纳入支部管理',
  returned: '已返回家乡（流动结束）',
  transferred: '组织关系已转入本地支部',
};

export const PLACEMENT_END_REASON_LABELS: Record<PlacementEndReason, string> = {
  moved_city: '去了别的城市',
  went_home: '回家乡了',
  changed_job: '换了工作',
  other: '其他原因',
  returned_home: '返回登记（流动结束）',
};

export const CHECKIN_STATUS_LABELS: Record<CheckinStatus, string> = {
  pending: '待审批',
  approved: '已同意',
  rejected: '未同意',
  withdrawn: '已撤回',
};

/** t-tag theme per check-in status. */
export const CHECKIN_STATUS_THEMES: Record<CheckinStatus, 'warning' | 'success' | 'danger' | 'default'> = {
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'default',
};

export const CHECKIN_VIA_LABELS: Record<CheckinVia, string> = {
  scan: '扫码报到',
  search: '搜索报到',
  suggestion: '推荐报到',
  nearby: '附近报到',
};

export const SUGGESTION_REASON_LABELS: Record<SuggestionReason, string> = {
  hometown: '家乡流动党员党支部',
  industry: '行业党支部',
  community: '居住地社区党支部',
};

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  committee: '党委',
  general_branch: '党总支',
  branch: '党支部',
};

/** A party-service centre's kind, as on its sign. */
export const CENTRE_KIND_LABELS: Record<CentreKind, string> = {
  party_service_centre: '党群服务中心',
  red_station: '红色驿站',
};

export const BRANCH_KIND_LABELS: Record<BranchKind, string> = {
  community: '社区党支部',
  hometown: '流动党员党支部',
  industry: '行业党支部',
  enterprise: '企业党支部',
};

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: '系统管理员',
  org_admin: '组织管理员',
  secretary: '支部书记',
};

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, string> = {
  general_meeting: '支部党员大会',
  committee_meeting: '支委会',
  group_meeting: '党小组会',
  party_lecture: '党课',
  themed_day: '主题党日',
  volunteer_service: '志愿服务',
  homecoming_report: '返乡报到',
  makeup_study: '集中补学',
};

export const ATTENDANCE_STATUS_LABELS: Record<AttendanceStatus, string> = { present: '出席', leave: '请假', absent: '缺席' };

export const ATTENDANCE_STATUS_THEMES: Record<AttendanceStatus, 'success' | 'warning' | 'danger'> = {
  present: 'success',
  leave: 'warning',
  absent: 'danger',
};

export const STUDY_MODE_LABELS: Record<StudyMode, string> = { paired: '结对学习', self_selected: '自主选学' };

export const APPRAISAL_RESULT_LABELS: Record<AppraisalResult, string> = {
  excellent: '优秀',
  qualified: '合格',
  basically_qualified: '基本合格',
  unqualified: '不合格',
};

export type AssessmentGrade = (typeof ASSESSMENT_GRADES)[number];
export const ASSESSMENT_GRADE_LABELS: Record<AssessmentGrade, string> = { good: '好', fair: '较好', needs_attention: '需关注' };

export const REPORT_PERIOD_LABELS: Record<ReportPeriodKind, string> = {
  month: '每月',
  quarter: '每季度',
  half_year: '每半年',
  year: '每年',
};

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { draft: '待提交', submitted: '已提交' };

export const MESSAGE_KIND_LABELS: Record<MessageKind, string> = {
  report_overdue: '报告逾期',
  report_received: '收到反馈',
  report_replied: '收到留言',
  report_acknowledged: '对方已确认',
  life_warning: '组织生活预警',
  life_escalation: '组织生活上报',
  placement_ended: '党员离开支部',
  member_returned: '党员返回家乡',
  talk_due: '谈心谈话提醒',
  lost_contact_proposed: '是否失联',
  lost_contact_marked: '党员失联',
  lost_contact_found: '失联党员已找到',
  transfer_proposed: '转接提议',
  transfer_agreed: '同意转接',
  transfer_refused: '不同意转接',
  transfer_completed: '转接办结',
  transfer_waiting: '转接待办',
  service_asked: '服务诉求',
  service_unanswered: '诉求未答复',
  service_escalated: '诉求超时上报',
};

export const LOST_CONTACT_REASON_LABELS: Record<LostContactReason, string> = {
  work_business: '务工经商',
  residence_changed: '居住地改变',
  abroad: '出国(境)',
  other: '其他',
};

export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  proposed: '已提议，等流出地答复',
  agreed: '流出地已同意，等办结登记',
  refused: '流出地不同意',
  completed: '已办结',
};

export const TRANSFER_STATUS_THEMES: Record<TransferStatus, 'warning' | 'primary' | 'success' | 'default'> = {
  proposed: 'warning',
  agreed: 'primary',
  refused: 'default',
  completed: 'success',
};

export const TALK_CAUSE_LABELS: Record<TalkCause, string> = {
  placement: '纳入管理谈话',
  year_end: '返乡前谈话',
  absence: '缺席后谈话',
  other: '其他谈话',
};

export const CONTACT_KIND_LABELS: Record<ContactView['kind'], string> = {
  secretary: '支部书记',
  org_admin: '组织管理员',
  member: '支部党员',
};

export const CARD_REVIEW_RESULT_LABELS: Record<CardReviewResult, string> = { passed: '年审通过', deferred: '暂缓通过' };

export interface Option<K extends string> {
  value: K;
  label: string;
}

/** Picker / radio options in the order the label map lists them. */
export function optionsOf<K extends string>(labels: Record<K, string>): Option<K>[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  proposed: '待确认',
  in_force: '生效中',
  expired: '已到期',
};

export const AGREEMENT_STATUS_THEMES: Record<AgreementStatus, 'warning' | 'success' | 'default'> = {
  proposed: 'warning',
  in_force: 'success',
  expired: 'default',
};

export const MEETING_CADENCE_LABELS: Record<MeetingCadence, string> = {
  monthly: '每月一次',
  quarterly: '每季度一次',
  half_yearly: '每半年一次',
  yearly: '每年一次',
};

export const AGREEMENT_SIDE_LABELS: Record<AgreementSide, string> = {
  inflow: '流入地',
  outflow: '流出地',
};

export const SERVICE_KIND_LABELS: Record<ServiceKind, string> = {
  work: '就业',
  housing: '住房',
  schooling: '子女上学',
  medical: '就医',
  legal: '法律',
  other: '其他',
};

export const SERVICE_STATUS_LABELS: Record<ServiceStatus, string> = {
  asked: '待受理',
  taken: '办理中',
  handed_on: '已转交',
  closed: '已办结',
};

export const SERVICE_STEP_LABELS: Record<ServiceStepKind, string> = {
  asked: '提出诉求',
  taken: '支部受理',
  answered: '答复',
  handed_on: '转交办理',
  closed: '办结',
};

export const HANDBOOK_TOPIC_LABELS: Record<HandbookTopic, string> = {
  employment: '就业创业',
  medical_schooling: '就医就学',
  housing: '住房',
  member_rights: '党员权益',
  social_security: '社会保障',
  other: '其他',
};

export const HANDBOOK_OLD_LABELS: Record<HandbookOldReason, string> = {
  withdrawn: '旧政策',
  expired: '已过期',
  dated: '发布较早',
};
