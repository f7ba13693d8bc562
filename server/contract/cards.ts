import { z } from 'zod';
import { appraisalResultSchema } from './appraisals';
import { ASSESSMENT_GRADES } from './reports';
import { genderSchema, idSchema, memberStatusSchema, standingSchema, yearSchema } from './schemas';
import { contactViewSchema } from './talks';

/**
 * The contract of the digital 流动党员活动证: the member's card, its QR code, the participation
 * section filled from the reports as submitted, and the yearly review (年审) by the outflow side.
 */

export const CARD_REVIEW_RESULTS = ['passed', 'deferred'] as const;
export const cardReviewResultSchema = z.enum(CARD_REVIEW_RESULTS);
export type CardReviewResult = z.infer<typeof cardReviewResultSchema>;

export const cardReviewViewSchema = z.object({
  reviewId: z.string(),
  year: z.number(),
  result: cardReviewResultSchema,
  note: z.string(),
  /** The inflow branch's democratic appraisal of that year, as it stood when the review was recorded. */
  appraisal: z.object({ result: appraisalResultSchema, recordedByName: z.string().nullable() }).nullable(),
  recordedOn: z.string(),
  recordedByName: z.string().nullable(),
  version: z.number(),
});
export type CardReviewView = z.infer<typeof cardReviewViewSchema>;

export const cardParticipationSchema = z.object({
  /** One row per report: a member who moved in a period has one from each branch. */
  reportId: z.string(),
  periodKey: z.string(),
  /** The year the period belongs to (the year of its last day), which the 年审 of that year reads. */
  year: z.number(),
  periodLabel: z.string(),
  branchName: z.string(),
  meetingsHeld: z.number(),
  meetingsAttended: z.number(),
  leaves: z.number(),
  /** Study hours in the period; null on revisions sent before the period's hours were counted. */
  studyHoursInPeriod: z.number().nullable(),
  /** Study hours of the year so far (from the placement day), as the report counted them. */
  studyHoursThisYear: z.number(),
  volunteerHours: z.number(),
  grade: z.enum(ASSESSMENT_GRADES).nullable(),
  submittedAt: z.string(),
});
export type CardParticipation = z.infer<typeof cardParticipationSchema>;

export const cardViewSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  gender: genderSchema,
  standing: standingSchema,
  status: memberStatusSchema,
  joinedPartyOn: z.string(),
  outflow: z.object({ name: z.string() }),
  inflowBranch: z.object({ orgId: z.string(), name: z.string() }).nullable(),
  contact: contactViewSchema.nullable(),
  /** Newest period first, the latest submitted revision of each report. */
  participation: z.array(cardParticipationSchema),
  /** Newest year first. */
  reviews: z.array(cardReviewViewSchema),
  /** Who reads it: the member, the inflow side (or the branch the member checks in to), the outflow side. */
  side: z.enum(['self', 'inflow', 'outflow']),
  /** The outflow side may record this year's 年审 (or change it with its version). */
  canReview: z.boolean(),
});
export type CardView = z.infer<typeof cardViewSchema>;

export const cardReviewInputSchema = z.object({
  memberId: idSchema,
  year: yearSchema,
  result: cardReviewResultSchema,
  note: z.string().trim().max(300, '不能超过 300 个字').default(''),
  /** The review's version when loaded, or null for the first review of the year. */
  version: z.number().int().positive().nullable(),
});
