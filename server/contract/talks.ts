import { z } from 'zod';
import { dateSchema, idSchema, memberRefSchema, requestIdSchema } from './schemas';

/**
 * The contract of the member's contact person in the inflow branch and the talks the practice
 * requires (谈心谈话): at placement, before the year-end return home, after repeated absence.
 */

export const TALK_CAUSES = ['placement', 'year_end', 'absence', 'other'] as const;
export const talkCauseSchema = z.enum(TALK_CAUSES);
export type TalkCause = z.infer<typeof talkCauseSchema>;
/** The causes the jobs remind of; `other` is a talk the branch held of its own accord. */
export type DueTalkCause = Exclude<TalkCause, 'other'>;

export const CONTACT_KINDS = ['secretary', 'org_admin', 'member'] as const;
export const contactViewSchema = z.object({
  name: z.string(),
  /** A role holder of the branch, or a member of the branch (a committee member, say). */
  kind: z.enum(CONTACT_KINDS),
  /** The member chosen, when the contact is a member of the branch. */
  memberId: z.string().nullable(),
  setOn: z.string(),
  setByName: z.string().nullable(),
});
export type ContactView = z.infer<typeof contactViewSchema>;

/** Who may be named: the branch's role holders, or a member placed in it. */
export const contactChoiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('role'), roleId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, '编号格式不正确') }),
  z.object({ kind: z.literal('member'), memberId: idSchema }),
]);

export const contactCandidatesSchema = z.object({
  roleHolders: z.array(z.object({ roleId: z.string(), name: z.string(), role: z.enum(['secretary', 'org_admin']) })),
  members: z.array(memberRefSchema),
});

export const talkViewSchema = z.object({
  talkId: z.string(),
  memberId: z.string(),
  cause: talkCauseSchema,
  heldOn: z.string(),
  /** Who talked with the member. */
  heldByName: z.string(),
  topic: z.string(),
  /** Only the two sides read it; null for the member, who sees that the talk was held and its topic. */
  note: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string(),
});
export type TalkView = z.infer<typeof talkViewSchema>;

export const talkDueViewSchema = z.object({
  dueId: z.string(),
  member: memberRefSchema,
  cause: talkCauseSchema.exclude(['other']),
  /** The day the cause arose (placement, the start of the year-end window, the first absence). */
  since: z.string(),
  dueBy: z.string(),
});
export type TalkDueView = z.infer<typeof talkDueViewSchema>;

export const talkRecordInputSchema = z.object({
  memberId: idSchema,
  requestId: requestIdSchema,
  cause: talkCauseSchema,
  heldOn: dateSchema,
  /** Who talked with the member; empty means the named contact (or the recorder when there is none). */
  heldByName: z.string().trim().max(20, '不能超过 20 个字').default(''),
  topic: z.string().trim().min(1, '请填写谈话主题').max(60, '不能超过 60 个字'),
  note: z.string().trim().max(500, '不能超过 500 个字').default(''),
});

/** A report's line on each talk held in its period: no note, which stays between the two sides' talk records. */
export const reportTalkSchema = z.object({
  heldOn: z.string(),
  cause: talkCauseSchema,
  heldByName: z.string(),
  topic: z.string(),
});
export type ReportTalk = z.infer<typeof reportTalkSchema>;
