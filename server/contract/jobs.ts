import { z } from 'zod';

/** The contract of work started on demand (an import, moving an organization) and run by the jobs function. */

export const JOB_REQUEST_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const jobRequestStatusSchema = z.enum(JOB_REQUEST_STATUSES);
export type JobRequestStatus = z.infer<typeof jobRequestStatusSchema>;

export const jobRequestViewSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  status: jobRequestStatusSchema,
  /** Items done so far, and how many there are when the job knows. */
  processed: z.number(),
  total: z.number().nullable(),
  /** Why it failed (or why its last attempt did), in words for the person who asked. */
  error: z.string().nullable(),
  /** What the items came to so far, by outcome (an import's created, matched, 待找 …); empty for other work. */
  tally: z.record(z.string(), z.number()),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobRequestView = z.infer<typeof jobRequestViewSchema>;
