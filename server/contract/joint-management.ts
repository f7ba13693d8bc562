import { z } from 'zod';
import { attendanceStatusSchema } from './activities';
import { cursorSchema, dateSchema, idSchema, pageOf, requestIdSchema, text, timeOfDaySchema, optionalText } from './schemas';

/**
 * 共管协议: two organizations (the inflow place where the members live and work, the outflow
 * place they come from) record a joint-management agreement, each side's admin confirming the
 * same terms; joint organizations set up together are administered by both sides while it is in
 * force; joint meetings of both sides' officials have attendance and minutes both sides read.
 */

/** The two parties of an agreement, by what they are to its members. */
export const agreementSideSchema = z.enum(['inflow', 'outflow']);
export type AgreementSide = z.infer<typeof agreementSideSchema>;

/** How often the two sides meet. */
export const MEETING_CADENCES = ['monthly', 'quarterly', 'half_yearly', 'yearly'] as const;
export const meetingCadenceSchema = z.enum(MEETING_CADENCES);
export type MeetingCadence = z.infer<typeof meetingCadenceSchema>;

/**
 * `proposed` until both sides have confirmed the current terms (a change makes it `proposed`
 * again); `in_force` from then until its last day; `expired` after it (derived from the term).
 */
export const agreementStatusSchema = z.enum(['proposed', 'in_force', 'expired']);
export type AgreementStatus = z.infer<typeof agreementStatusSchema>;

/** An official each side names for the other to call: a work phone, not personal data. */
export const agreementContactSchema = z.object({
  name: text(20),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9][0-9-]{6,19}$/, '请填写联系电话（数字和短横线）'),
});
export type AgreementContact = z.infer<typeof agreementContactSchema>;

/** The terms both sides confirm; a change to any of them needs both confirmations again. */
const agreementTermsSchema = z.object({
  title: text(60),
  termStart: dateSchema,
  termEnd: dateSchema,
  meetingCadence: meetingCadenceSchema,
  /** The caller's own side's contact person (the other side names theirs when confirming). */
  contact: agreementContactSchema,
  /** Joint organizations (联合党支部 …) set up together, at or below one of the two parties. */
  jointOrgIds: z.array(idSchema).max(10, '最多 10 个联合党组织').default([]),
});

function checkTerm(input: { termStart: string; termEnd: string }, ctx: z.RefinementCtx): void {
  if (input.termEnd < input.termStart) {
    ctx.addIssue({ code: 'custom', path: ['termEnd'], message: '到期日期不能早于开始日期' });
  }
}

export const agreementProposeInputSchema = agreementTermsSchema
  .extend({
    /** The organization the caller administers, one party. */
    ownOrgId: idSchema,
    /** The other party. */
    partnerOrgId: idSchema,
    /** What the caller's organization is to the members covered. */
    ownSide: agreementSideSchema,
    requestId: requestIdSchema,
  })
  .superRefine(checkTerm);

export const agreementReviseInputSchema = agreementTermsSchema
  .extend({ agreementId: idSchema, version: z.number().int().positive() })
  .superRefine(checkTerm);

const partyViewSchema = z.object({ orgId: z.string(), name: z.string() });
const confirmationViewSchema = z.object({ at: z.string(), byName: z.string().nullable() }).nullable();

/**
 * The agreement's own figures, counted when asked (see services/joint-management.ts for why):
 * members covered by its scope, of them placed in a branch of the inflow party, the feedback
 * reports from the inflow party's branches to the outflow party on them (sent, read), and the
 * joint meetings held.
 */
export const agreementFiguresSchema = z.object({
  covered: z.number().int().min(0),
  checkedIn: z.number().int().min(0),
  reportsSent: z.number().int().min(0),
  reportsRead: z.number().int().min(0),
  meetingsHeld: z.number().int().min(0),
  asOf: z.string(),
});
export type AgreementFigures = z.infer<typeof agreementFiguresSchema>;

export const agreementViewSchema = z.object({
  agreementId: z.string(),
  title: z.string(),
  status: agreementStatusSchema,
  /** Counts the changes: both sides confirmed revision n, or one side still has to. */
  revision: z.number().int().positive(),
  inflow: partyViewSchema,
  outflow: partyViewSchema,
  /** Who the agreement is about, in words (the figures count exactly these). */
  scope: z.string(),
  termStart: z.string(),
  termEnd: z.string(),
  meetingCadence: meetingCadenceSchema,
  contacts: z.object({ inflow: agreementContactSchema.nullable(), outflow: agreementContactSchema.nullable() }),
  jointOrgs: z.array(partyViewSchema.extend({ coAdministeredBy: agreementSideSchema })),
  confirmations: z.object({ inflow: confirmationViewSchema, outflow: confirmationViewSchema }),
  proposedBy: agreementSideSchema,
  /** Where the caller stands: one party's admin, or above both (looks only). */
  mySide: z.enum(['inflow', 'outflow', 'above']),
  can: z.object({ confirm: z.boolean(), revise: z.boolean(), scheduleMeeting: z.boolean() }),
  version: z.number(),
});
export type AgreementView = z.infer<typeof agreementViewSchema>;

export const jointMeetingStatusSchema = z.enum(['scheduled', 'held']);
export type JointMeetingStatus = z.infer<typeof jointMeetingStatusSchema>;

/** One official at a joint meeting, of either side. */
export const jointAttendeeSchema = z
  .object({
    side: agreementSideSchema,
    name: text(20),
    post: optionalText(30),
    status: attendanceStatusSchema,
    reason: optionalText(60),
  })
  .superRefine((row, ctx) => {
    if (row.status === 'leave' && !row.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '请假请写明原因' });
    }
  });
export type JointAttendee = z.infer<typeof jointAttendeeSchema>;

const readViewSchema = z.object({ at: z.string(), byName: z.string().nullable() }).nullable();

export const jointMeetingViewSchema = z.object({
  meetingId: z.string(),
  agreementId: z.string(),
  agreementTitle: z.string(),
  topic: z.string(),
  place: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: jointMeetingStatusSchema,
  attendance: z.array(
    z.object({
      side: agreementSideSchema,
      name: z.string(),
      post: z.string(),
      status: attendanceStatusSchema,
      reason: z.string(),
    }),
  ),
  minutes: z.object({ text: z.string(), at: z.string(), byName: z.string().nullable(), side: agreementSideSchema }).nullable(),
  /** Each side's reading of the current minutes. */
  reads: z.object({ inflow: readViewSchema, outflow: readViewSchema }),
  /** A party's admin records attendance and minutes from the meeting's start. */
  can: z.object({ record: z.boolean() }),
  version: z.number(),
});
export type JointMeetingView = z.infer<typeof jointMeetingViewSchema>;

export const JOINT_MANAGEMENT_ACTIONS = {
  'agreement.propose': {
    summary:
      '一方组织管理员提出共管协议：双方组织、哪一方是流入地（范围：流出地组织及下级的外出党员中，住在流入地或在流入地支部纳入管理的）、期限、本方联系人、联席会议频次、联合党组织；本方视为已确认，对方确认后生效；同一 requestId 不重复',
    input: agreementProposeInputSchema,
    output: agreementViewSchema,
  },
  'agreement.confirm': {
    summary: '另一方组织管理员确认共管协议当前条款并填写本方联系人（带版本号；两人同时操作只有一人成功）；双方都确认后生效',
    input: z.object({ agreementId: idSchema, version: z.number().int().positive(), contact: agreementContactSchema }),
    output: agreementViewSchema,
  },
  'agreement.revise': {
    summary: '一方修改共管协议条款（带版本号）：修改后须对方重新确认，确认前联合党组织暂停由两地共同管理',
    input: agreementReviseInputSchema,
    output: agreementViewSchema,
  },
  'agreement.list': {
    summary: '组织参与的共管协议（本组织及下级是一方的）；只有双方组织的管理员及上级可见；分页',
    input: z.object({ orgId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(agreementViewSchema),
  },
  'agreement.get': {
    summary: '共管协议详情和它的统计（覆盖党员、已报到纳入管理、反馈报告报送与已阅、已召开联席会议，查看时统计）',
    input: z.object({ agreementId: idSchema }),
    output: agreementViewSchema.extend({ figures: agreementFiguresSchema }),
  },
  'jointMeeting.schedule': {
    summary: '协议生效期间，任一方管理员安排联席会议（时间、地点、议题）；同一 requestId 不重复',
    input: z.object({
      agreementId: idSchema,
      requestId: requestIdSchema,
      topic: text(60),
      place: text(60),
      date: dateSchema,
      startTime: timeOfDaySchema,
      durationMinutes: z.number().int().min(15, '至少 15 分钟').max(480, '不能超过 8 小时'),
    }),
    output: jointMeetingViewSchema,
  },
  'jointMeeting.list': {
    summary: '协议下的联席会议，按时间倒序分页',
    input: z.object({ agreementId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(jointMeetingViewSchema),
  },
  'jointMeeting.get': {
    summary: '联席会议详情：出席情况和会议纪要；一方管理员打开已有纪要即记为本方已阅',
    input: z.object({ meetingId: idSchema }),
    output: jointMeetingViewSchema,
  },
  'jointMeeting.record': {
    summary:
      '会议开始后，任一方管理员登记两地出席人员（出席、请假须写原因、缺席）和会议纪要（带版本号）；纪要改动后对方须重新阅读',
    input: z.object({
      meetingId: idSchema,
      version: z.number().int().positive(),
      attendance: z.array(jointAttendeeSchema).min(1, '至少登记一名出席人员').max(40, '最多 40 人'),
      minutes: text(2000),
    }),
    output: jointMeetingViewSchema,
  },
} as const;
