import { z } from 'zod';

/** The contract of the yearly democratic appraisal at the inflow branch. */

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
