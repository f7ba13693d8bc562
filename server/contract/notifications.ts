import { z } from 'zod';
import { requestIdSchema } from './schemas';

/**
 * The contract of WeChat subscribe messages (订阅消息): the moments someone is told, the
 * templates (topics) the mini-program asks the user to accept, and what a user answered.
 */

/**
 * Every moment a subscribe message is sent for: a closed set, so a new moment is added here
 * first. Each kind goes out under one topic ({@link NOTIFICATION_TOPIC_OF}).
 */
export const NOTIFICATION_KINDS = [
  // to the member
  'checkin_decided',
  'activity_tomorrow',
  'placement_ended',
  'service_step',
  // to the secretaries of a branch (or the admins of an organization)
  'checkin_waiting',
  'report_due',
  'report_overdue',
  'member_flagged',
  'talk_due',
  'transfer_step',
  'service_waiting',
  // to the outflow side (member_left also to the branch a member left on their own)
  'member_left',
  'report_received',
  'report_replied',
  'return_recorded',
  'lost_contact_recorded',
  // 亮身份: a resident's request to the member, the member's answer to the resident, a card to approve
  'help_requested',
  'help_answered',
  'skill_card_waiting',
] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/**
 * The subscribe-message templates the product uses, one per kind of news. The user accepts a
 * template, not a moment; WeChat lets a page ask for at most three at a time.
 */
export const NOTIFICATION_TOPICS = [
  /** 报到审核结果: the member's check-in decided. */
  'checkin_result',
  /** 活动提醒: an activity of the member's branch tomorrow. */
  'activity_reminder',
  /** 流动状态变更: the member's placement ended. */
  'placement_update',
  /** 服务诉求进度: a step of the member's service request (taken, answered, handed on, closed). */
  'service_progress',
  /** 待办提醒: something waits for a secretary or an organization's admin. */
  'todo_reminder',
  /** 反馈报告通知: a report or a reply reached the other side. */
  'report_update',
  /** 党员状态变更: a member leaving a branch, a return home, 失联, a transfer step, for the two sides. */
  'member_update',
  /** 志愿服务进度: a resident's request answered by the member. */
  'help_update',
] as const;
export const notificationTopicSchema = z.enum(NOTIFICATION_TOPICS);
export type NotificationTopic = z.infer<typeof notificationTopicSchema>;

export const NOTIFICATION_TOPIC_OF: Record<NotificationKind, NotificationTopic> = {
  checkin_decided: 'checkin_result',
  activity_tomorrow: 'activity_reminder',
  placement_ended: 'placement_update',
  service_step: 'service_progress',
  checkin_waiting: 'todo_reminder',
  report_due: 'todo_reminder',
  report_overdue: 'todo_reminder',
  member_flagged: 'todo_reminder',
  talk_due: 'todo_reminder',
  transfer_step: 'todo_reminder',
  service_waiting: 'todo_reminder',
  report_received: 'report_update',
  report_replied: 'report_update',
  member_left: 'member_update',
  return_recorded: 'member_update',
  lost_contact_recorded: 'member_update',
  help_requested: 'todo_reminder',
  help_answered: 'help_update',
  skill_card_waiting: 'todo_reminder',
};

/**
 * What a message says, in three fields every template maps to its own keys (`thing1`, `time2`…,
 * configured with the template ids): what it is about, what happened, and when.
 */
export const notificationFieldsSchema = z.object({
  /** Who or what, e.g. the member's name or the activity's title (a `thing`: 20 characters). */
  subject: z.string().min(1).max(200),
  /** What happened or what to do (a `thing`: 20 characters). */
  detail: z.string().min(1).max(200),
  /** When: an ISO timestamp or a `YYYY-MM-DD` day. */
  time: z.string().min(10).max(30),
});
export type NotificationFields = z.infer<typeof notificationFieldsSchema>;

/** Who is told: one WeChat user, or whoever manages an organization (its secretaries and admins). */
export const notificationRecipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), openid: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('org'), orgId: z.string().min(1).max(40) }),
]);
export type NotificationRecipient = z.infer<typeof notificationRecipientSchema>;

/** The moment the outbox is told about, by the service that caused it. */
export const notificationEventSchema = z.object({
  kind: notificationKindSchema,
  /**
   * The cause's own deterministic id (the check-in, the report, the reminder window…): with the
   * kind and the recipient it makes the outbox id, so a retry or a rerun writes one entry.
   */
  causeId: z.string().regex(/^[A-Za-z0-9_.:-]{1,120}$/),
  to: notificationRecipientSchema,
  fields: notificationFieldsSchema,
  /** The mini-program page the message opens, with its query. */
  page: z.string().min(1).max(128),
  /** When the cause happened (the outbox entry's creation time). */
  at: z.string(),
});
export type NotificationEvent = z.infer<typeof notificationEventSchema>;

/** What the user answered for one template in `wx.requestSubscribeMessage`. */
export const subscribeAnswerSchema = z.enum(['accept', 'reject', 'ban', 'filter']);
export type SubscribeAnswer = z.infer<typeof subscribeAnswerSchema>;

export const notifyTemplatesOutputSchema = z.object({
  /** The templates this environment configures; a topic without one is never asked for. */
  templates: z.array(z.object({ topic: notificationTopicSchema, templateId: z.string() })),
});

export const notifySubscribeInputSchema = z.object({
  /** `wx.requestSubscribeMessage`'s answer as it came: template id → answer (`errMsg` removed). */
  answers: z.record(z.string().min(1).max(128), subscribeAnswerSchema),
  requestId: requestIdSchema,
});

export const notifySubscribeOutputSchema = z.object({
  /** The topics this answer allows one more message for each. */
  accepted: z.array(notificationTopicSchema),
});
