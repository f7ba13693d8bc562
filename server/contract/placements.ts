import { z } from 'zod';
import { branchRefSchema, dateSchema, idSchema, optionalText, placementEndReasonSchema } from './schemas';

export {
  PLACEMENT_END_REASONS,
  type PlacementEndReason,
  placementEndReasonSchema,
  previousPlacementSchema,
  type PreviousPlacement,
} from './schemas';

/**
 * The contract of placements as periods: a member's time in one inflow branch, from the
 * approved check-in to the day they left it or came home (返回登记, 流动结束).
 */

/** The reasons a member or a secretary may give; `returned_home` is what 返回登记 records. */
export const leaveReasonOfPlacementSchema = placementEndReasonSchema.exclude(['returned_home']);

export const placementViewSchema = z.object({
  placementId: z.string(),
  memberId: z.string(),
  branch: branchRefSchema,
  /** ISO timestamp (UTC) of the approval. */
  startedAt: z.string(),
  /** The last day in the branch (`YYYY-MM-DD`, Shanghai), or null while it lasts. */
  endedOn: z.string().nullable(),
  endReason: placementEndReasonSchema.nullable(),
  /** Where the member went, as they or the secretary said it. */
  destination: z.string().nullable(),
  /** Who recorded the end: the member, the branch, or the outflow side. */
  endedBy: z.enum(['member', 'branch', 'outflow']).nullable(),
  endedByName: z.string().nullable(),
  version: z.number(),
});
export type PlacementView = z.infer<typeof placementViewSchema>;

/** One sign-in at the home branch (返乡报到, 集中补学, or any of its life). */
export const homeLifeEntrySchema = z.object({
  activityId: z.string(),
  branch: branchRefSchema,
  topic: z.string(),
  heldOn: z.string(),
});
export type HomeLifeEntry = z.infer<typeof homeLifeEntrySchema>;

export const placementLeaveInputSchema = z.object({
  memberId: idSchema,
  /** The branch being left: what the caller saw, so a stale screen cannot end another placement. */
  branchId: idSchema,
  endedOn: dateSchema,
  reason: leaveReasonOfPlacementSchema,
  destination: optionalText(60),
});

export const placementReturnInputSchema = z.object({
  memberId: idSchema,
  returnedOn: dateSchema,
});

export const placementHistorySchema = z.object({
  /** Newest first. */
  items: z.array(placementViewSchema),
  /** 返回登记: the day the outflow side recorded the member home, or null. */
  returnedOn: z.string().nullable(),
  /** The member's recent sign-ins at the home branch, newest first. */
  homeLife: z.array(homeLifeEntrySchema),
  /** What the caller may record now, so a screen derives no rule. */
  can: z.object({ leave: z.boolean(), recordReturn: z.boolean() }),
});
