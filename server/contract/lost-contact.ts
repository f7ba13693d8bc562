import { z } from 'zod';

/**
 * The contract of 失联: a member neither side can reach, marked by a person, and found again.
 * Imports zod only: the member view in schemas.ts carries the mark.
 */

/** 务工经商, 居住地改变, 出国(境), 其他 (with a note). */
export const LOST_CONTACT_REASONS = ['work_business', 'residence_changed', 'abroad', 'other'] as const;
export const lostContactReasonSchema = z.enum(LOST_CONTACT_REASONS);
export type LostContactReason = z.infer<typeof lostContactReasonSchema>;

/** Which side recorded a step: the inflow branch (or an admin above it), the outflow organization, or above both. */
export const sideSchema = z.enum(['inflow', 'outflow', 'above']);

/** The member's open 失联 mark, shown to both sides. */
export const lostContactViewSchema = z.object({
  /** The last day of organizational life or contact. */
  since: z.string(),
  reason: lostContactReasonSchema,
  note: z.string(),
  markedOn: z.string(),
  markedByName: z.string().nullable(),
  markedSide: sideSchema,
});
export type LostContactView = z.infer<typeof lostContactViewSchema>;

/** The no-life clock's proposal: so many months without organizational life; a person decides. */
export const lostContactProposalSchema = z.object({ since: z.string(), months: z.number() });

/** One episode: marked, and found again (or still open). */
export const lostContactEpisodeSchema = lostContactViewSchema.extend({
  episodeId: z.string(),
  foundOn: z.string().nullable(),
  foundHow: z.string().nullable(),
  foundByName: z.string().nullable(),
  foundSide: sideSchema.nullable(),
});
export type LostContactEpisode = z.infer<typeof lostContactEpisodeSchema>;
