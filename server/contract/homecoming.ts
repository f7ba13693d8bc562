import { z } from 'zod';
import { attendanceStatusSchema, signInViewSchema } from './activities';
import {
  branchRefSchema,
  cursorSchema,
  dateSchema,
  idSchema,
  memberRefSchema,
  optionalText,
  pageOf,
  requestIdSchema,
  text,
  timeOfDaySchema,
} from './schemas';

/**
 * 返乡: the outflow organization brings its outgoing members back into the hometown's work.
 *
 * - 智囊团 (think-tank): an outflow organization (a village branch, a town or county committee)
 *   invites an outgoing member (one whose relationship it or an organization below it holds);
 *   the member accepts or declines on the phone. A declined invitation may be sent again.
 * - 返乡党员圆桌会 (round-table): scheduled by the organization for its think-tank, timed like
 *   an activity (the sign-in window opens the organization's `signInEarlyMinutes` before the
 *   start). A member in the room scans the round-table's sign-in code; a member far away joins
 *   the video or phone call and enters the six-digit 远程参会码 the host reads out, which marks
 *   them present from afar. The officials also mark attendance by hand (leave, absent, joined
 *   by a call without the code), keep the minutes, and record each suggestion made, which they
 *   then follow to its outcome (adopted, in progress, done, not taken; who and when). The
 *   member who made a suggestion sees every step.
 * - 村级岗位人选 (candidates for village posts: 第一书记, 村级后备干部): proposed, talked to,
 *   appointed or declined, recorded by the outflow side only; the member does not see the
 *   deliberation. Appointing a first secretary brings the member home for good: it records the
 *   return (返回登记, placement.return) on the appointment day, which ends the mobile status and
 *   any placement; a reserve cadre keeps working away and stays an outgoing member.
 *
 * The inflow side and anyone else outside the organization's subtree get the answer a missing
 * id gets, for every one of these records.
 */

export const THINK_TANK_STATUSES = ['invited', 'accepted', 'declined'] as const;
export const thinkTankStatusSchema = z.enum(THINK_TANK_STATUSES);
export type ThinkTankStatus = z.infer<typeof thinkTankStatusSchema>;

export const thinkTankInvitationViewSchema = z.object({
  invitationId: z.string(),
  org: branchRefSchema,
  member: memberRefSchema,
  status: thinkTankStatusSchema,
  /** What the organization wrote with the invitation (the field it hopes the member helps with). */
  note: z.string(),
  invitedAt: z.string(),
  invitedByName: z.string().nullable(),
  answeredAt: z.string().nullable(),
  version: z.number(),
});
export type ThinkTankInvitationView = z.infer<typeof thinkTankInvitationViewSchema>;

/** In the room (scanned the code, or marked by an official) or from afar (the join code, or a call). */
export const ATTENDANCE_MODES = ['in_person', 'remote'] as const;
export const attendanceModeSchema = z.enum(ATTENDANCE_MODES);
export type AttendanceMode = z.infer<typeof attendanceModeSchema>;
export const roundTableViaSchema = z.enum(['scan', 'join_code', 'official']);
export type RoundTableVia = z.infer<typeof roundTableViaSchema>;

export const roundTableViewSchema = z.object({
  roundTableId: z.string(),
  org: branchRefSchema,
  topic: z.string(),
  place: z.string(),
  /** ISO timestamps (UTC); screens show them in Shanghai time. */
  startsAt: z.string(),
  endsAt: z.string(),
  signInOpensAt: z.string(),
  signInClosesAt: z.string(),
  /** The 远程参会码 the host reads out; only the organization's officials see it (null for members). */
  joinCode: z.string().nullable(),
  presentCount: z.number(),
  remoteCount: z.number(),
  leaveCount: z.number(),
  minutes: z.string(),
  minutesByName: z.string().nullable(),
  minutesAt: z.string().nullable(),
  createdByName: z.string().nullable(),
  version: z.number(),
});
export type RoundTableView = z.infer<typeof roundTableViewSchema>;

export const roundTableAttendanceViewSchema = z.object({
  memberId: z.string(),
  memberName: z.string(),
  status: attendanceStatusSchema,
  mode: attendanceModeSchema,
  via: roundTableViaSchema,
  reason: z.string().nullable(),
  recordedAt: z.string(),
  recordedByName: z.string().nullable(),
  version: z.number(),
});
export type RoundTableAttendanceView = z.infer<typeof roundTableAttendanceViewSchema>;

/** Recorded (待研究) until the organization decides; done and not taken are final. */
export const SUGGESTION_STATUSES = ['recorded', 'adopted', 'in_progress', 'done', 'not_taken'] as const;
export const suggestionStatusSchema = z.enum(SUGGESTION_STATUSES);
export type SuggestionStatus = z.infer<typeof suggestionStatusSchema>;
/** The steps an official may record after each status. */
export const SUGGESTION_NEXT: Record<SuggestionStatus, readonly SuggestionStatus[]> = {
  recorded: ['adopted', 'in_progress', 'not_taken'],
  adopted: ['in_progress', 'done', 'not_taken'],
  in_progress: ['in_progress', 'done', 'not_taken'],
  done: [],
  not_taken: [],
};

export const suggestionStepSchema = z.object({
  status: suggestionStatusSchema,
  note: z.string(),
  byName: z.string().nullable(),
  at: z.string(),
});

export const suggestionViewSchema = z.object({
  suggestionId: z.string(),
  roundTable: z.object({ roundTableId: z.string(), topic: z.string(), heldOn: z.string() }),
  org: branchRefSchema,
  member: memberRefSchema,
  content: z.string(),
  status: suggestionStatusSchema,
  /** Oldest first: the first step is the suggestion being recorded. */
  steps: z.array(suggestionStepSchema),
  /** The statuses the caller may move it to next (none for the member who made it). */
  next: z.array(suggestionStatusSchema),
  version: z.number(),
});
export type SuggestionView = z.infer<typeof suggestionViewSchema>;

export const VILLAGE_POSTS = ['first_secretary', 'reserve_cadre'] as const;
export const villagePostSchema = z.enum(VILLAGE_POSTS);
export type VillagePost = z.infer<typeof villagePostSchema>;
/** The posts whose appointment brings the member home for good (the return is recorded). */
export const POSTS_ENDING_MOBILITY: readonly VillagePost[] = ['first_secretary'];

export const CANDIDATE_STATUSES = ['proposed', 'talked', 'appointed', 'declined'] as const;
export const candidateStatusSchema = z.enum(CANDIDATE_STATUSES);
export type CandidateStatus = z.infer<typeof candidateStatusSchema>;
export const candidateStepKindSchema = z.enum(['talked', 'appointed', 'declined']);
export type CandidateStepKind = z.infer<typeof candidateStepKindSchema>;
/** The steps that may follow each status; appointed and declined are final (a talk may be held again). */
export const CANDIDATE_NEXT: Record<CandidateStatus, readonly CandidateStepKind[]> = {
  proposed: ['talked', 'appointed', 'declined'],
  talked: ['talked', 'appointed', 'declined'],
  appointed: [],
  declined: [],
};

export const candidateStepViewSchema = z.object({
  step: candidateStatusSchema,
  /** The day it happened (Shanghai). */
  on: z.string(),
  note: z.string(),
  byName: z.string().nullable(),
  recordedAt: z.string(),
});

export const candidateViewSchema = z.object({
  candidateId: z.string(),
  org: branchRefSchema,
  member: memberRefSchema,
  post: villagePostSchema,
  /** The village organization whose post it is. */
  postOrg: branchRefSchema,
  status: candidateStatusSchema,
  steps: z.array(candidateStepViewSchema),
  /** Appointment to this post records the member's return home. */
  endsMobility: z.boolean(),
  /** The member's standing now: still away (registered, pending, placed), returned or transferred. */
  memberStatus: z.string(),
  next: z.array(candidateStepKindSchema),
  version: z.number(),
});
export type CandidateView = z.infer<typeof candidateViewSchema>;

const listInput = z.object({
  orgId: idSchema,
  cursor: cursorSchema,
  limit: z.number().int().min(1).max(50).default(20),
});
const versionSchema = z.number().int().positive();

export const HOMECOMING_ACTIONS = {
  'thinkTank.invite': {
    summary:
      '流出地党组织邀请本组织（或下级组织）的外出党员加入智囊团；已婉拒的可再次邀请（version 为看到的版本，没有时为 null）；重试不重复',
    input: z.object({
      orgId: idSchema,
      memberId: idSchema,
      note: optionalText(100),
      version: versionSchema.nullable(),
    }),
    output: thinkTankInvitationViewSchema,
  },
  'thinkTank.list': {
    summary: '一个流出地党组织的智囊团：邀请过的外出党员及其答复（最新邀请在前）；分页',
    input: listInput,
    output: pageOf(thinkTankInvitationViewSchema),
  },
  'thinkTank.respond': {
    summary: '党员本人接受或婉拒智囊团邀请；同一答复重试只记一次，已答复后改变答复需再次邀请',
    input: z.object({ invitationId: idSchema, answer: z.enum(['accept', 'decline']), version: versionSchema }),
    output: thinkTankInvitationViewSchema,
  },
  'homecoming.mine': {
    summary: '党员本人的返乡参与：收到的智囊团邀请、所在智囊团的圆桌会（近期和即将召开）、本人提出的建议及其办理情况',
    input: z.object({}).strict(),
    output: z.object({
      invitations: z.array(thinkTankInvitationViewSchema),
      roundTables: z.array(
        z.object({
          roundTable: roundTableViewSchema,
          mine: roundTableAttendanceViewSchema.nullable(),
          signIn: signInViewSchema,
        }),
      ),
      suggestions: z.array(suggestionViewSchema),
    }),
  },
  'roundTable.create': {
    summary: '流出地党组织安排返乡党员圆桌会（主题、地点或会议方式、时间），生成远程参会码；同一 requestId 重试不重复创建',
    input: z.object({
      orgId: idSchema,
      requestId: requestIdSchema,
      topic: text(60),
      place: text(60),
      date: dateSchema,
      startTime: timeOfDaySchema,
      durationMinutes: z.number().int().min(15, '至少 15 分钟').max(480, '不能超过 8 小时'),
    }),
    output: roundTableViewSchema,
  },
  'roundTable.list': {
    summary: '一个流出地党组织的圆桌会：即将召开（按时间先后）或已召开（按时间倒序）；分页',
    input: listInput.extend({ when: z.enum(['upcoming', 'past']) }),
    output: pageOf(roundTableViewSchema),
  },
  'roundTable.get': {
    summary:
      '一次圆桌会：组织方看到远程参会码、智囊团成员逐一的出席情况、纪要和建议；已接受邀请的智囊团成员看到会议、本人出席、纪要和建议',
    input: z.object({ roundTableId: idSchema }),
    output: z.object({
      roundTable: roundTableViewSchema,
      /** Officials: every think-tank member with their attendance (null when none yet). Members: empty. */
      sheet: z.array(z.object({ member: memberRefSchema, attendance: roundTableAttendanceViewSchema.nullable() })),
      mine: roundTableAttendanceViewSchema.nullable(),
      signIn: signInViewSchema.nullable(),
      suggestions: z.array(suggestionViewSchema),
      canManage: z.boolean(),
    }),
  },
  'roundTable.code': {
    summary: '圆桌会现场签到码：小程序码的场景值与图片',
    input: z.object({ roundTableId: idSchema }),
    output: z.object({ roundTable: roundTableViewSchema, scene: z.string(), page: z.string(), imageDataUrl: z.string() }),
  },
  'roundTable.signIn': {
    summary:
      '智囊团成员在签到时段内签到：在会场扫现场签到码（scene），或远程参会时输入主持人告知的 6 位远程参会码；重复签到只算一次',
    input: z.discriminatedUnion('how', [
      z.object({ how: z.literal('scan'), scene: z.string().min(1).max(64) }),
      z.object({
        how: z.literal('join_code'),
        roundTableId: idSchema,
        joinCode: z
          .string()
          .trim()
          .regex(/^\d{6}$/, '远程参会码是 6 位数字'),
      }),
    ]),
    output: z.object({
      roundTable: roundTableViewSchema,
      attendance: roundTableAttendanceViewSchema,
      alreadySignedIn: z.boolean(),
    }),
  },
  'roundTable.mark': {
    summary: '组织方登记一名智囊团成员出席（现场或远程）、请假（须写明原因）或缺席',
    input: z
      .object({
        roundTableId: idSchema,
        memberId: idSchema,
        status: attendanceStatusSchema,
        mode: attendanceModeSchema.default('in_person'),
        reason: optionalText(100),
        /** The version of the attendance the official saw, or null when there was none. */
        expectedVersion: versionSchema.nullable(),
      })
      .superRefine((input, ctx) => {
        if (input.status === 'leave' && !input.reason) {
          ctx.addIssue({ code: 'custom', path: ['reason'], message: '请假请写明原因' });
        }
      }),
    output: roundTableAttendanceViewSchema,
  },
  'roundTable.saveMinutes': {
    summary: '组织方在会议开始后记录或修改会议纪要（version 为看到的会议版本）',
    input: z.object({ roundTableId: idSchema, minutes: text(2000), version: versionSchema }),
    output: roundTableViewSchema,
  },
  'suggestion.add': {
    summary: '组织方记录圆桌会上一名智囊团成员提出的建议（待研究）；同一 requestId 重试不重复',
    input: z.object({ roundTableId: idSchema, memberId: idSchema, requestId: requestIdSchema, content: text(300) }),
    output: suggestionViewSchema,
  },
  'suggestion.follow': {
    summary: '组织方登记建议的办理：采纳、办理中、已办结、不予采纳（写明情况）；记下谁、何时；提建议的党员可以看到',
    input: z
      .object({
        suggestionId: idSchema,
        status: suggestionStatusSchema.exclude(['recorded']),
        note: optionalText(200),
        version: versionSchema,
      })
      .superRefine((input, ctx) => {
        if ((input.status === 'not_taken' || input.status === 'done') && !input.note) {
          ctx.addIssue({ code: 'custom', path: ['note'], message: '请写明办理结果或不予采纳的原因' });
        }
      }),
    output: suggestionViewSchema,
  },
  'candidate.propose': {
    summary:
      '流出地党组织提名外出党员为村级岗位人选（第一书记、村级后备干部），岗位所在村须在本组织之下；同一党员同一岗位只有一条，已婉拒的可再次提名',
    input: z.object({
      orgId: idSchema,
      memberId: idSchema,
      post: villagePostSchema,
      postOrgId: idSchema,
      note: optionalText(200),
      version: versionSchema.nullable(),
    }),
    output: candidateViewSchema,
  },
  'candidate.step': {
    summary:
      '登记人选的进展：已谈话、已任命、本人婉拒（日期不晚于今天）；任命为第一书记同时登记返回家乡（流动结束，结束流入地管理）；重试不重复',
    input: z.object({
      candidateId: idSchema,
      step: candidateStepKindSchema,
      on: dateSchema,
      note: optionalText(200),
      version: versionSchema,
    }),
    output: candidateViewSchema,
  },
  'candidate.list': {
    summary: '一个流出地党组织提名的村级岗位人选及其进展（最新提名在前）；分页',
    input: listInput,
    output: pageOf(candidateViewSchema),
  },
} as const;
