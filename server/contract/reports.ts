import { z } from 'zod';
import { appraisalViewSchema } from './appraisals';
import { reportTalkSchema } from './talks';
import { reportServiceRequestSchema } from './service-requests';
import { branchRefSchema, memberRefSchema, optionalText, standingSchema } from './schemas';

/** The contract of the periodic feedback report the inflow branch sends home, and its thread. */

export const REPORT_PERIODS = ['month', 'quarter', 'half_year', 'year'] as const;
export const reportPeriodSchema = z.enum(REPORT_PERIODS);
export type ReportPeriodKind = z.infer<typeof reportPeriodSchema>;

export const periodSchema = z.object({
  /** `2026-Q4`, `2026-M11`, `2026-H2`, `2026-Y`. */
  key: z.string(),
  kind: reportPeriodSchema,
  /** First and last calendar day, Shanghai. */
  start: z.string(),
  end: z.string(),
  label: z.string(),
});
export type Period = z.infer<typeof periodSchema>;

export const reportFiguresSchema = z.object({
  /** Expected activities held in the branch in the period after the member was placed. */
  meetingsHeld: z.number(),
  meetingsAttended: z.number(),
  leaves: z.number(),
  /** Volunteer hours in all: the branch's volunteer services attended, and the services to residents below. */
  volunteerHours: z.number(),
  /**
   * The part of `volunteerHours` that came from services to residents through the member's skill
   * card (亮身份), confirmed by the resident helped; 0 on revisions from before they were counted.
   */
  serviceHours: z.number().default(0),
  /**
   * Study hours done in this period (counted from the placement day when the member was placed
   * during it). Null on revisions submitted before the period's hours were counted.
   */
  studyHoursInPeriod: z.number().nullable(),
  /**
   * The day the year's study is counted from: 1 January, or the day the member was placed in
   * the branch when that is later. Null on revisions submitted before (they counted from 1 January).
   */
  studyCountedFrom: z.string().nullable(),
  /** Study hours done from `studyCountedFrom` to the period's end (or today, while it runs). */
  studyHoursThisYear: z.number(),
  /** What the branch's plan made due from the month of `studyCountedFrom` to the period's end. */
  studyHoursDueThisYear: z.number(),
  /** The year's target (the plan's, else the setting in force at the branch). */
  studyTargetHours: z.number(),
  /** The last day the member took part in organizational life, or null. */
  lastLifeOn: z.string().nullable(),
  /** The talks held with the member in the period (without their notes); empty on reports from before talks were recorded. */
  talks: z.array(reportTalkSchema).default([]),
  /**
   * The service requests the member shared with home, asked by the period's end and open in it,
   * with who helps and what was done; empty on reports from before services were recorded.
   */
  serviceRequests: z.array(reportServiceRequestSchema).default([]),
  computedAt: z.string(),
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

export const ASSESSMENT_GRADES = ['good', 'fair', 'needs_attention'] as const;
export const assessmentSchema = z.object({
  /** 思想 thinking, 表现 conduct, 需求 needs (what the member needs help with). */
  thinking: optionalText(300),
  conduct: optionalText(300),
  needs: optionalText(300),
  comment: optionalText(500),
  grade: z.enum(ASSESSMENT_GRADES).nullable().default(null),
});
export type Assessment = z.infer<typeof assessmentSchema>;

export const reportStatusSchema = z.enum(['draft', 'submitted']);
export type ReportStatus = z.infer<typeof reportStatusSchema>;

export const reportSummarySchema = z.object({
  reportId: z.string(),
  member: memberRefSchema.extend({ standing: standingSchema }),
  branch: branchRefSchema,
  outflow: z.object({ orgId: z.string(), name: z.string() }),
  period: periodSchema,
  /**
   * When the member was in the branch for part of the period only (placed, or left, inside it):
   * `在本支部的时段：2026年7月27日至2026年11月1日`, the part this report counts; null for the whole period.
   */
  shareLabel: z.string().nullable(),
  dueOn: z.string(),
  status: reportStatusSchema,
  /** How many times it has been submitted; a correction makes a new revision. */
  revision: z.number(),
  /** A correction of a submitted report is being written (never true for the outflow side, which reads the last revision). */
  correcting: z.boolean(),
  overdue: z.boolean(),
  submittedAt: z.string().nullable(),
  readAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  replyCount: z.number(),
  version: z.number(),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

export const reportRevisionSchema = z.object({
  revision: z.number(),
  figures: reportFiguresSchema,
  assessment: assessmentSchema,
  appraisal: appraisalViewSchema.nullable(),
  submittedAt: z.string(),
  submittedByName: z.string().nullable(),
  correctionReason: z.string().nullable(),
});
export type ReportRevision = z.infer<typeof reportRevisionSchema>;

export const reportViewSchema = reportSummarySchema.extend({
  /** Which side the caller reads from: the branch writes, the outflow side reads and answers. */
  side: z.enum(['inflow', 'outflow', 'above']),
  /** The draft being written (inflow side only; null for the outflow side). */
  draft: z
    .object({
      figures: reportFiguresSchema,
      assessment: assessmentSchema,
      appraisal: appraisalViewSchema.nullable(),
      /** The year whose democratic appraisal goes home with this report (recorded from the editor for this year). */
      appraisalYear: z.number(),
      correctionReason: z.string().nullable(),
    })
    .nullable(),
  /** What was submitted, newest first; the outflow side sees only these. */
  revisions: z.array(reportRevisionSchema),
  readByName: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  /** The confirmation on record covers the newest submitted revision. */
  acknowledgedNewest: z.boolean(),
  /** What the caller may do with this report now, so a screen derives no rule. */
  can: z.object({
    /** Write the draft or the correction (the branch, while it is a draft). */
    edit: z.boolean(),
    /** Start a correction (the branch, once submitted). */
    correct: z.boolean(),
    /** 确认收到 (the outflow side, until the newest revision is confirmed). */
    acknowledge: z.boolean(),
    /** Post in the thread (either side; an organization above both only looks). */
    reply: z.boolean(),
  }),
});
export type ReportView = z.infer<typeof reportViewSchema>;

export const replyViewSchema = z.object({
  replyId: z.string(),
  reportId: z.string(),
  side: z.enum(['inflow', 'outflow']),
  authorName: z.string(),
  orgName: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
export type ReplyView = z.infer<typeof replyViewSchema>;

/** One choice of the inbox's period filter: the key `report.inbox` filters on and the label people read. */
export const periodChoiceSchema = periodSchema.pick({ key: true, label: true });
export type PeriodChoice = z.infer<typeof periodChoiceSchema>;
