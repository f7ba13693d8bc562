import { z } from 'zod';
import { branchRefSchema, dateSchema, idSchema, standingSchema } from './schemas';

/**
 * The contract of two-side joint management (双向共管): organizational life at the inflow
 * branch, classified study, and the periodic feedback report that goes home.
 */

const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);
const optionalText = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`).default('');

/**
 * A client-chosen key for one create request: the same key from the same person makes the
 * same record, so a retried tap never duplicates it.
 */
export const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, '请求编号格式不正确');
export const yearSchema = z.number().int().min(2020, '年份不正确').max(2100, '年份不正确');
/** A time of day in Shanghai, `HH:mm`. */
export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');
/** Hours in half-hour steps. */
export const hoursSchema = z
  .number()
  .min(0.5, '至少 0.5 小时')
  .max(200, '不能超过 200 小时')
  .refine((value) => Number.isInteger(value * 2), '按半小时填写，如 1.5');

// ---- organizational life ---------------------------------------------------------------

/** 三会一课 plus the themed party day and volunteer service. */
export const ACTIVITY_KINDS = [
  'general_meeting',
  'committee_meeting',
  'group_meeting',
  'party_lecture',
  'themed_day',
  'volunteer_service',
] as const;
export const activityKindSchema = z.enum(ACTIVITY_KINDS);
export type ActivityKind = z.infer<typeof activityKindSchema>;
/**
 * The kinds every placed member is expected at, which the report counts as "held". The branch
 * committee meeting is for committee members; volunteer service is counted in hours instead.
 */
export const EXPECTED_ACTIVITY_KINDS: readonly ActivityKind[] = [
  'general_meeting',
  'group_meeting',
  'party_lecture',
  'themed_day',
];

export const activityStatusSchema = z.enum(['scheduled', 'cancelled']);
export const attendanceStatusSchema = z.enum(['present', 'leave', 'absent']);
export type AttendanceStatus = z.infer<typeof attendanceStatusSchema>;
export const attendanceViaSchema = z.enum(['scan', 'secretary']);

export const activityViewSchema = z.object({
  activityId: z.string(),
  branch: branchRefSchema,
  kind: activityKindSchema,
  topic: z.string(),
  place: z.string(),
  /** ISO timestamps (UTC); screens show them in Shanghai time. */
  startsAt: z.string(),
  endsAt: z.string(),
  signInOpensAt: z.string(),
  signInClosesAt: z.string(),
  /** Hours credited to each attendee of a volunteer service; 0 for other kinds. */
  volunteerHours: z.number(),
  status: activityStatusSchema,
  cancelReason: z.string().nullable(),
  presentCount: z.number(),
  leaveCount: z.number(),
  createdByName: z.string().nullable(),
  version: z.number(),
});
export type ActivityView = z.infer<typeof activityViewSchema>;

export const attendanceViewSchema = z.object({
  attendanceId: z.string(),
  activityId: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  status: attendanceStatusSchema,
  via: attendanceViaSchema,
  /** The reason given for leave (请假). */
  reason: z.string().nullable(),
  volunteerHours: z.number(),
  recordedAt: z.string(),
  recordedByName: z.string().nullable(),
  version: z.number(),
});
export type AttendanceView = z.infer<typeof attendanceViewSchema>;

export const activityCreateInputSchema = z
  .object({
    branchId: idSchema,
    requestId: requestIdSchema,
    kind: activityKindSchema,
    topic: text(60),
    place: text(60),
    date: dateSchema,
    startTime: timeOfDaySchema,
    durationMinutes: z.number().int().min(15, '至少 15 分钟').max(720, '不能超过 12 小时'),
    /** Volunteer service only; defaults to the duration. */
    volunteerHours: hoursSchema.nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.kind !== 'volunteer_service' && input.volunteerHours) {
      ctx.addIssue({ code: 'custom', path: ['volunteerHours'], message: '只有志愿服务记录服务时长' });
    }
  });

// ---- classified management and study ---------------------------------------------------

/** Regular hours → offline study with a partner (结对学习); irregular → 自主选学. */
export const studyModeSchema = z.enum(['paired', 'self_selected']);
export type StudyMode = z.infer<typeof studyModeSchema>;

export const studyPlanItemInputSchema = z.object({
  /** Absent for a new item; kept for an existing one so members' records stay attached. */
  itemId: z
    .string()
    .regex(/^i[0-9a-z]{1,12}$/, '学习内容编号不正确')
    .nullish(),
  title: text(60),
  hours: hoursSchema,
  /** The month (1–12) by which the item should be done. */
  dueMonth: z.number().int().min(1, '月份为 1–12').max(12, '月份为 1–12'),
});

export const studyPlanItemSchema = z.object({ itemId: z.string(), title: z.string(), hours: z.number(), dueMonth: z.number() });
export type StudyPlanItem = z.infer<typeof studyPlanItemSchema>;

export const studyPlanViewSchema = z.object({
  planId: z.string(),
  branch: branchRefSchema,
  year: z.number(),
  targetHours: z.number(),
  items: z.array(studyPlanItemSchema),
  totalHours: z.number(),
  publishedAt: z.string(),
  version: z.number(),
});
export type StudyPlanView = z.infer<typeof studyPlanViewSchema>;

export const studyEntryStatusSchema = z.enum(['planned', 'done']);
export const studyEntrySchema = z.object({
  item: studyPlanItemSchema,
  status: studyEntryStatusSchema.nullable(),
  /** The month (1–12) the member chose for it. */
  plannedMonth: z.number().nullable(),
  doneOn: z.string().nullable(),
  /** Due month passed (or planned month passed) and not done. */
  behind: z.boolean(),
});

export const studyProgressSchema = z.object({
  year: z.number(),
  hoursDone: z.number(),
  targetHours: z.number(),
  /** Hours of plan items due by the end of this month. */
  hoursDueSoFar: z.number(),
  behindCount: z.number(),
  behind: z.boolean(),
});
export type StudyProgress = z.infer<typeof studyProgressSchema>;

export const memberRefSchema = z.object({ memberId: z.string(), name: z.string() });

export const branchStudyRowSchema = z.object({
  member: memberRefSchema.extend({ standing: standingSchema }),
  workPattern: z.enum(['regular', 'irregular']),
  studyMode: studyModeSchema,
  partner: memberRefSchema.nullable(),
  progress: studyProgressSchema,
  memberVersion: z.number(),
});

export const APPRAISAL_RESULTS = ['excellent', 'qualified', 'basically_qualified', 'unqualified'] as const;
export const appraisalResultSchema = z.enum(APPRAISAL_RESULTS);
export type AppraisalResult = z.infer<typeof appraisalResultSchema>;
export const appraisalViewSchema = z.object({
  appraisalId: z.string(),
  memberId: z.string(),
  year: z.number(),
  result: appraisalResultSchema,
  note: z.string(),
  recordedOn: z.string(),
  recordedByName: z.string().nullable(),
  version: z.number(),
});
export type AppraisalView = z.infer<typeof appraisalViewSchema>;

// ---- the feedback that goes home -------------------------------------------------------

export const REPORT_PERIODS = ['month', 'quarter', 'half_year', 'year'] as const;
export const reportPeriodSchema = z.enum(REPORT_PERIODS);
export type ReportPeriodKind = z.infer<typeof reportPeriodSchema>;

export const periodSchema = z.object({
  /** `2026-Q4`, `2026-M11`, `2026-H2`, `2026-Y`. */
  key: z.string(),
  kind: reportPeriodSchema,
  /** First and last calendar day, Shanghai. */
  start: z.string(),
  end: z.string(),
  label: z.string(),
});
export type Period = z.infer<typeof periodSchema>;

export const reportFiguresSchema = z.object({
  /** Expected activities held in the branch in the period after the member was placed. */
  meetingsHeld: z.number(),
  meetingsAttended: z.number(),
  leaves: z.number(),
  volunteerHours: z.number(),
  /** Study hours done this year up to the period's end, against the plan due so far and the year's target. */
  studyHoursDone: z.number(),
  studyHoursDue: z.number(),
  studyTargetHours: z.number(),
  /** The last day the member took part in organizational life, or null. */
  lastLifeOn: z.string().nullable(),
  computedAt: z.string(),
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

export const ASSESSMENT_GRADES = ['good', 'fair', 'needs_attention'] as const;
export const assessmentSchema = z.object({
  /** 思想 thinking, 表现 conduct, 需求 needs (what the member needs help with). */
  thinking: optionalText(300),
  conduct: optionalText(300),
  needs: optionalText(300),
  comment: optionalText(500),
  grade: z.enum(ASSESSMENT_GRADES).nullable().default(null),
});
export type Assessment = z.infer<typeof assessmentSchema>;

export const reportStatusSchema = z.enum(['draft', 'submitted']);
export type ReportStatus = z.infer<typeof reportStatusSchema>;

export const reportSummarySchema = z.object({
  reportId: z.string(),
  member: memberRefSchema.extend({ standing: standingSchema }),
  branch: branchRefSchema,
  outflow: z.object({ orgId: z.string(), name: z.string() }),
  period: periodSchema,
  dueOn: z.string(),
  status: reportStatusSchema,
  /** How many times it has been submitted; a correction makes a new revision. */
  revision: z.number(),
  overdue: z.boolean(),
  submittedAt: z.string().nullable(),
  readAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  replyCount: z.number(),
  version: z.number(),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

export const reportRevisionSchema = z.object({
  revision: z.number(),
  figures: reportFiguresSchema,
  assessment: assessmentSchema,
  appraisal: appraisalViewSchema.nullable(),
  submittedAt: z.string(),
  submittedByName: z.string().nullable(),
  correctionReason: z.string().nullable(),
});
export type ReportRevision = z.infer<typeof reportRevisionSchema>;

export const reportViewSchema = reportSummarySchema.extend({
  /** Which side the caller reads from: the branch writes, the outflow side reads and answers. */
  side: z.enum(['inflow', 'outflow', 'above']),
  /** The draft being written (inflow side only; null for the outflow side). */
  draft: z
    .object({
      figures: reportFiguresSchema,
      assessment: assessmentSchema,
      appraisal: appraisalViewSchema.nullable(),
      correctionReason: z.string().nullable(),
    })
    .nullable(),
  /** What was submitted, newest first; the outflow side sees only these. */
  revisions: z.array(reportRevisionSchema),
  readByName: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
});
export type ReportView = z.infer<typeof reportViewSchema>;

export const replyViewSchema = z.object({
  replyId: z.string(),
  reportId: z.string(),
  side: z.enum(['inflow', 'outflow']),
  authorName: z.string(),
  orgName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type ReplyView = z.infer<typeof replyViewSchema>;

// ---- settings and messages -------------------------------------------------------------

/** Every threshold of the rule clocks, with the defaults DOMAIN.md gives. */
export const settingsSchema = z.object({
  /** How often the branch reports home (set by the outflow side for the members it sends). */
  reportPeriod: reportPeriodSchema,
  /** Days after a period's end by which its report is due. */
  reportDueDays: z.number().int().min(1).max(90),
  /** Study hours a year. */
  studyTargetHours: z.number().min(1).max(200),
  /** Months without organizational life before the secretary and the outflow side are warned. */
  noLifeWarnMonths: z.number().int().min(1).max(12),
  /** Months without organizational life before the admin above the branch is told. */
  noLifeEscalateMonths: z.number().int().min(1).max(24),
  /** Minutes before the start when sign-in opens. */
  signInEarlyMinutes: z.number().int().min(0).max(240),
  /** Days between reminders about the same overdue report. */
  reminderEveryDays: z.number().int().min(1).max(60),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  reportPeriod: 'quarter',
  reportDueDays: 15,
  studyTargetHours: 32,
  noLifeWarnMonths: 3,
  noLifeEscalateMonths: 6,
  signInEarlyMinutes: 30,
  reminderEveryDays: 7,
};

export const MESSAGE_KINDS = [
  'report_overdue',
  'report_received',
  'report_replied',
  'report_acknowledged',
  'life_warning',
  'life_escalation',
] as const;
export const messageKindSchema = z.enum(MESSAGE_KINDS);
export type MessageKind = z.infer<typeof messageKindSchema>;

export const messageViewSchema = z.object({
  messageId: z.string(),
  kind: messageKindSchema,
  title: z.string(),
  body: z.string(),
  /** Where the screen leads: a report, a member, or nothing. */
  reportId: z.string().nullable(),
  memberId: z.string().nullable(),
  createdAt: z.string(),
});
export type MessageView = z.infer<typeof messageViewSchema>;
