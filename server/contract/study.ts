import { z } from 'zod';
import { branchRefSchema, hoursSchema, memberRefSchema, standingSchema, text } from './schemas';

/** The contract of classified management and study at the inflow branch. */

/** Regular hours → offline study with a partner (结对学习); irregular → 自主选学. */
export const studyModeSchema = z.enum(['paired', 'self_selected']);
export type StudyMode = z.infer<typeof studyModeSchema>;

export const studyPlanItemInputSchema = z.object({
  /** Absent for a new item; kept for an existing one so members' records stay attached. */
  itemId: z
    .string()
    .regex(/^i[0-9a-z]{1,12}$/, '学习内容编号不正确')
    .nullish(),
  title: text(60),
  hours: hoursSchema,
  /** The month (1–12) by which the item should be done. */
  dueMonth: z.number().int().min(1, '月份为 1–12').max(12, '月份为 1–12'),
});

export const studyPlanItemSchema = z.object({ itemId: z.string(), title: z.string(), hours: z.number(), dueMonth: z.number() });
export type StudyPlanItem = z.infer<typeof studyPlanItemSchema>;

export const studyPlanViewSchema = z.object({
  planId: z.string(),
  branch: branchRefSchema,
  year: z.number(),
  targetHours: z.number(),
  items: z.array(studyPlanItemSchema),
  totalHours: z.number(),
  publishedAt: z.string(),
  version: z.number(),
});
export type StudyPlanView = z.infer<typeof studyPlanViewSchema>;

export const studyEntryStatusSchema = z.enum(['planned', 'done']);
export const studyEntrySchema = z.object({
  item: studyPlanItemSchema,
  status: studyEntryStatusSchema.nullable(),
  /** The month (1–12) the member chose for it. */
  plannedMonth: z.number().nullable(),
  doneOn: z.string().nullable(),
  /** Due month passed (or planned month passed) and not done. */
  behind: z.boolean(),
});

export const studyProgressSchema = z.object({
  year: z.number(),
  hoursDone: z.number(),
  targetHours: z.number(),
  /** Hours of plan items due by the end of this month. */
  hoursDueSoFar: z.number(),
  behindCount: z.number(),
  behind: z.boolean(),
});
export type StudyProgress = z.infer<typeof studyProgressSchema>;

export const branchStudyRowSchema = z.object({
  member: memberRefSchema.extend({ standing: standingSchema }),
  workPattern: z.enum(['regular', 'irregular']),
  studyMode: studyModeSchema,
  partner: memberRefSchema.nullable(),
  progress: studyProgressSchema,
  memberVersion: z.number(),
});
