import { z } from 'zod';
import { reportPeriodSchema } from './reports';

/** The contract of an organization's settings: the thresholds of the rule clocks. */

/** Every threshold of the rule clocks, with the defaults DOMAIN.md gives. */
export const settingsSchema = z.object({
  /** How often the branch reports home (set by the outflow side for the members it sends). */
  reportPeriod: reportPeriodSchema,
  /** Days after a period's end by which its report is due. */
  reportDueDays: z.number().int().min(1).max(90),
  /** Study hours a year. */
  studyTargetHours: z.number().min(1).max(200),
  /** Months without organizational life before the secretary and the outflow side are warned. */
  noLifeWarnMonths: z.number().int().min(1).max(12),
  /** Months without organizational life before the admin above the branch is told. */
  noLifeEscalateMonths: z.number().int().min(1).max(24),
  /** Minutes before the start when sign-in opens. */
  signInEarlyMinutes: z.number().int().min(0).max(240),
  /** Days between reminders about the same overdue report. */
  reminderEveryDays: z.number().int().min(1).max(60),
  /** Months placed in one branch before a member with steady work is a candidate for transfer (应转尽转). */
  transferAfterMonths: z.number().int().min(3).max(36),
  /** Days a transfer step may wait before whoever holds it is reminded (and again every as many days). */
  transferReminderDays: z.number().int().min(1).max(60),
  /** Days after placement within which the contact talks with the newcomer (入网谈话). */
  placementTalkDays: z.number().int().min(1).max(180),
  /** Days before Spring Festival in which the talk before the year-end return home is due. */
  yearEndTalkWindowDays: z.number().int().min(7).max(90),
  /** Consecutive absences without leave after which a talk is due. */
  absenceTalkAfter: z.number().int().min(2).max(10),
  /** Days a member's service request may wait for an answer before the branch is reminded. */
  serviceAnswerDays: z.number().int().min(1).max(30),
  /** Days without an answer before the organization above the branch is told. */
  serviceEscalateDays: z.number().int().min(2).max(60),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  reportPeriod: 'quarter',
  reportDueDays: 15,
  studyTargetHours: 32,
  noLifeWarnMonths: 3,
  noLifeEscalateMonths: 6,
  signInEarlyMinutes: 30,
  reminderEveryDays: 7,
  transferAfterMonths: 6,
  transferReminderDays: 14,
  placementTalkDays: 30,
  yearEndTalkWindowDays: 30,
  absenceTalkAfter: 2,
  serviceAnswerDays: 3,
  serviceEscalateDays: 7,
};
