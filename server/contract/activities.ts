import { z } from 'zod';
import { branchRefSchema, dateSchema, hoursSchema, idSchema, requestIdSchema, text, timeOfDaySchema } from './schemas';

/** The contract of organizational life at the inflow branch: activities and attendance. */

/** 三会一课 plus the themed party day and volunteer service. */
export const ACTIVITY_KINDS = [
  'general_meeting',
  'committee_meeting',
  'group_meeting',
  'party_lecture',
  'themed_day',
  'volunteer_service',
  // At the home branch, for members who come home for Spring Festival or National Day.
  'homecoming_report',
  'makeup_study',
] as const;
export const activityKindSchema = z.enum(ACTIVITY_KINDS);
export type ActivityKind = z.infer<typeof activityKindSchema>;
/**
 * 返乡报到 and 集中补学: held by a home branch for its members who flowed out (back for Spring
 * Festival or National Day, or returned for good), not for the members placed in it.
 */
export const HOME_LIFE_KINDS: readonly ActivityKind[] = ['homecoming_report', 'makeup_study'];
/**
 * The kinds every placed member is expected at, which the report counts as "held". The branch
 * committee meeting is for committee members; volunteer service is counted in hours instead.
 */
export const EXPECTED_ACTIVITY_KINDS: readonly ActivityKind[] = [
  'general_meeting',
  'group_meeting',
  'party_lecture',
  'themed_day',
];

export const activityStatusSchema = z.enum(['scheduled', 'cancelled']);
export const attendanceStatusSchema = z.enum(['present', 'leave', 'absent']);
export type AttendanceStatus = z.infer<typeof attendanceStatusSchema>;
export const attendanceViaSchema = z.enum(['scan', 'secretary']);

export const activityViewSchema = z.object({
  activityId: z.string(),
  branch: branchRefSchema,
  kind: activityKindSchema,
  topic: z.string(),
  place: z.string(),
  /** ISO timestamps (UTC); screens show them in Shanghai time. */
  startsAt: z.string(),
  endsAt: z.string(),
  signInOpensAt: z.string(),
  signInClosesAt: z.string(),
  /** Hours credited to each attendee of a volunteer service; 0 for other kinds. */
  volunteerHours: z.number(),
  status: activityStatusSchema,
  cancelReason: z.string().nullable(),
  presentCount: z.number(),
  leaveCount: z.number(),
  createdByName: z.string().nullable(),
  version: z.number(),
});
export type ActivityView = z.infer<typeof activityViewSchema>;

export const attendanceViewSchema = z.object({
  attendanceId: z.string(),
  activityId: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  status: attendanceStatusSchema,
  via: attendanceViaSchema,
  /** The reason given for leave (请假). */
  reason: z.string().nullable(),
  volunteerHours: z.number(),
  recordedAt: z.string(),
  recordedByName: z.string().nullable(),
  version: z.number(),
});
export type AttendanceView = z.infer<typeof attendanceViewSchema>;

/**
 * Whether this caller can sign in to this activity now, and if not why, so the sign-in page
 * says it before any tap: open; not yet open (until `opensAt`); closed; cancelled; not placed
 * in the activity's branch (or not registered); already signed in.
 */
export const SIGN_IN_STATES = ['open', 'not_yet_open', 'closed', 'cancelled', 'not_placed', 'signed_in'] as const;
export type SignInState = (typeof SIGN_IN_STATES)[number];
export const signInViewSchema = z.object({
  state: z.enum(SIGN_IN_STATES),
  /** The sign-in window (ISO timestamps, UTC), for the page to say when it opens or closed. */
  opensAt: z.string(),
  closesAt: z.string(),
});
export type SignInView = z.infer<typeof signInViewSchema>;

export const activityCreateInputSchema = z
  .object({
    branchId: idSchema,
    requestId: requestIdSchema,
    kind: activityKindSchema,
    topic: text(60),
    place: text(60),
    date: dateSchema,
    startTime: timeOfDaySchema,
    durationMinutes: z.number().int().min(15, '至少 15 分钟').max(720, '不能超过 12 小时'),
    /** Volunteer service only; defaults to the duration. */
    volunteerHours: hoursSchema.nullish(),
  })
  .superRefine((input, ctx) => {
    if (input.kind !== 'volunteer_service' && input.volunteerHours) {
      ctx.addIssue({ code: 'custom', path: ['volunteerHours'], message: '只有志愿服务记录服务时长' });
    }
  });
