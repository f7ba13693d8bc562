import { z } from 'zod';

/** The contract of the messages to whoever manages an organization. */

export const MESSAGE_KINDS = [
  'report_overdue',
  'report_received',
  'report_replied',
  'report_acknowledged',
  'life_warning',
  'life_escalation',
  'lost_contact_proposed',
  'lost_contact_marked',
  'lost_contact_found',
  'transfer_proposed',
  'transfer_agreed',
  'transfer_refused',
  'transfer_completed',
  'transfer_waiting',
  'placement_ended',
  'member_returned',
  'talk_due',
  'service_asked',
  'service_unanswered',
  'service_escalated',
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
  /** The organization below the one listed that the message was sent to; null when sent to it. */
  addressedTo: z.object({ orgId: z.string(), name: z.string() }).nullable(),
});
export type MessageView = z.infer<typeof messageViewSchema>;
