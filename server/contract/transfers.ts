import { z } from 'zod';
import { branchRefSchema, dateSchema, idSchema, memberRefSchema, optionalText, text } from './schemas';

/**
 * The contract of 应转尽转: the formal transfer of a settled member's organization relationship
 * (组织关系转接), proposed by the inflow branch, agreed or refused by the outflow side, done in the
 * national system and its completion recorded here.
 */

export const TRANSFER_STATUSES = ['proposed', 'agreed', 'refused', 'completed'] as const;
export const transferStatusSchema = z.enum(TRANSFER_STATUSES);
export type TransferStatus = z.infer<typeof transferStatusSchema>;

/** The number on the 介绍信 the national system issued: letters, digits and hyphens. */
export const letterNumberSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{4,38}[A-Za-z0-9]$/, '介绍信编号应为 6 至 40 位字母或数字（可含“-”）');

const stepSchema = z.object({ on: z.string(), at: z.string(), byName: z.string().nullable() });

export const transferViewSchema = z.object({
  transferId: z.string(),
  member: memberRefSchema,
  /** The receiving branch: the member's inflow branch. */
  branch: branchRefSchema,
  outflow: z.object({ orgId: z.string(), name: z.string() }),
  status: transferStatusSchema,
  reason: z.string(),
  proposed: stepSchema,
  /** The outflow side's answer: agreed, or refused with why. */
  decided: stepSchema.extend({ refusalReason: z.string().nullable() }).nullable(),
  completed: stepSchema.extend({ letterNumber: z.string(), letterDate: z.string() }).nullable(),
  /** What the caller may do next: the page shows only these. */
  can: z.object({ decide: z.boolean(), complete: z.boolean() }),
  version: z.number(),
});
export type TransferView = z.infer<typeof transferViewSchema>;

export const transferCandidateSchema = z.object({
  member: memberRefSchema,
  placedAt: z.string(),
  placedMonths: z.number(),
  occupation: z.string(),
  workplace: z.string(),
});
export type TransferCandidate = z.infer<typeof transferCandidateSchema>;

export const transferProposeInputSchema = z.object({
  memberId: idSchema,
  /** Why now: settled how long, what work. */
  reason: text(200),
});

export const transferDecideInputSchema = z
  .object({
    transferId: idSchema,
    version: z.number().int().positive(),
    decision: z.enum(['agree', 'refuse']),
    reason: optionalText(200),
  })
  .superRefine((input, ctx) => {
    if (input.decision === 'refuse' && !input.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: '不同意转接时请写明理由' });
    }
  });

export const transferCompleteInputSchema = z.object({
  transferId: idSchema,
  version: z.number().int().positive(),
  letterNumber: letterNumberSchema,
  letterDate: dateSchema,
});
