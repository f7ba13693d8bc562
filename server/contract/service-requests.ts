import { z } from 'zod';
import { branchRefSchema, cursorSchema, idSchema, memberRefSchema, optionalText, pageOf, requestIdSchema, text } from './schemas';

/**
 * The contract of services for members and their families (服务诉求): a member, or the branch
 * on the member's behalf, asks for help; the branch (or an organization above it) takes it,
 * answers, hands it to whoever can help, and closes it with what was done. The member reads
 * every step; the report home carries the requests the member chose to share with home.
 *
 * "Whoever can help" is a named helper: a unit (街道人社所, 区教育局暑托班, 社区卫生服务中心…),
 * a person there and a contact, written down by the branch. Almost all of this help comes from
 * offices and services outside the party organization tree, so pointing at an organization of
 * the tree would name the wrong people; and the request stays the branch's until it is closed
 * (the branch follows it up and writes the outcome), so nobody else's record changes hands.
 */

export const SERVICE_KINDS = ['work', 'housing', 'schooling', 'medical', 'legal', 'other'] as const;
export const serviceKindSchema = z.enum(SERVICE_KINDS);
export type ServiceKind = z.infer<typeof serviceKindSchema>;

/** asked (待受理) → taken (办理中) → handed_on (已转交) → closed (已办结); answers keep the status. */
export const SERVICE_STATUSES = ['asked', 'taken', 'handed_on', 'closed'] as const;
export const serviceStatusSchema = z.enum(SERVICE_STATUSES);
export type ServiceStatus = z.infer<typeof serviceStatusSchema>;

export const SERVICE_STEP_KINDS = ['asked', 'taken', 'answered', 'handed_on', 'closed'] as const;
export const serviceStepKindSchema = z.enum(SERVICE_STEP_KINDS);
export type ServiceStepKind = z.infer<typeof serviceStepKindSchema>;

/** A mainland phone number or a landline with its area code, as a helper's desk gives it. */
const contactPhoneSchema = z
  .string()
  .trim()
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}|\d{5,8})$/, '电话格式不正确（手机号，或带区号的座机）');

export const serviceHelperSchema = z.object({
  /** The office or service that helps: 街道人社所, 区教育局暑期托管班… */
  unit: text(40),
  /** The person there, when known. */
  person: optionalText(20),
  phone: z.union([z.literal(''), contactPhoneSchema]).default(''),
});
export type ServiceHelper = z.infer<typeof serviceHelperSchema>;

export const serviceStepViewSchema = z.object({
  kind: serviceStepKindSchema,
  at: z.string(),
  /** Who did it: the member, or the name of the secretary or admin. */
  byName: z.string(),
  /** The answer, the note on handing on, or what was done; empty for asked and taken. */
  text: z.string(),
  helper: serviceHelperSchema.nullable(),
});
export type ServiceStepView = z.infer<typeof serviceStepViewSchema>;

export const serviceRequestViewSchema = z.object({
  serviceId: z.string(),
  member: memberRefSchema,
  /** The branch that answers for it: the member's inflow branch when it was asked. */
  branch: branchRefSchema,
  kind: serviceKindSchema,
  title: z.string(),
  detail: z.string(),
  /** The member's choice: the request and its outcome go home with the report. */
  shareWithHome: z.boolean(),
  /** Asked by the member, or by the branch on the member's behalf. */
  askedBy: z.enum(['member', 'branch']),
  askedAt: z.string(),
  status: serviceStatusSchema,
  /** The first answer, hand-on or close: the reminders stop then. */
  answeredAt: z.string().nullable(),
  /** Oldest first. */
  steps: z.array(serviceStepViewSchema),
  /** Who helps now (the latest hand-on), or null. */
  helper: serviceHelperSchema.nullable(),
  /** What was done, once closed. */
  outcome: z.string().nullable(),
  /** What the caller may do now: a screen shows only these. */
  can: z.object({ take: z.boolean(), answer: z.boolean(), handOn: z.boolean(), close: z.boolean() }),
  version: z.number(),
});
export type ServiceRequestView = z.infer<typeof serviceRequestViewSchema>;

/** A report's line on one request the member shared with home: no detail, which stays with the branch. */
export const reportServiceRequestSchema = z.object({
  askedOn: z.string(),
  kind: serviceKindSchema,
  title: z.string(),
  status: serviceStatusSchema,
  helperUnit: z.string().nullable(),
  outcome: z.string().nullable(),
  closedOn: z.string().nullable(),
});
export type ReportServiceRequest = z.infer<typeof reportServiceRequestSchema>;

const stepBase = { serviceId: idSchema, version: z.number().int().positive() };
const listLimit = z.number().int().min(1).max(50).default(20);

export const SERVICE_REQUEST_ACTIONS = {
  'service.ask': {
    summary:
      '提出服务诉求（就业、住房、子女上学、就医、法律、其他）：党员本人，或所在支部书记、上级管理员代为提出；同一 requestId 重试不重复；支部收到提醒',
    input: z.object({
      /** Absent: the caller asks for themself. Given: the branch asks on this member's behalf. */
      memberId: idSchema.nullish(),
      kind: serviceKindSchema,
      title: text(40),
      detail: text(500),
      shareWithHome: z.boolean().default(true),
      requestId: requestIdSchema,
    }),
    output: serviceRequestViewSchema,
  },
  'service.take': {
    summary: '受理服务诉求（支部书记或上级管理员）；两人同时受理只有一人成功',
    input: z.object(stepBase),
    output: serviceRequestViewSchema,
  },
  'service.answer': {
    summary: '答复服务诉求：党员看到答复；可多次答复；已办结的不能再答复',
    input: z.object({ ...stepBase, text: text(500) }),
    output: serviceRequestViewSchema,
  },
  'service.handOn': {
    summary: '转交能帮忙的单位或个人（单位、联系人、电话），诉求仍由本支部跟进到办结',
    input: z.object({ ...stepBase, helper: serviceHelperSchema, text: optionalText(300) }),
    output: serviceRequestViewSchema,
  },
  'service.close': {
    summary: '办结服务诉求，写明办了什么；党员看到结果，选择告知家乡的随反馈报告带回',
    input: z.object({ ...stepBase, outcome: text(300) }),
    output: serviceRequestViewSchema,
  },
  'service.get': {
    summary: '一条服务诉求及每一步（党员本人、所在支部书记或上级管理员）',
    input: z.object({ serviceId: idSchema }),
    output: serviceRequestViewSchema,
  },
  'service.mine': {
    summary: '本人的服务诉求，最新的在前；分页',
    input: z.object({ cursor: cursorSchema, limit: listLimit }),
    output: pageOf(serviceRequestViewSchema),
  },
  'service.list': {
    summary: '组织及下级支部收到的服务诉求：未办结的在前，最新的在前；可只看未办结的；分页',
    input: z.object({ orgId: idSchema, openOnly: z.boolean().default(false), cursor: cursorSchema, limit: listLimit }),
    output: pageOf(serviceRequestViewSchema),
  },
} as const;
