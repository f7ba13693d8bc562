import { z } from 'zod';
import {
  branchKindSchema,
  branchRefSchema,
  checkinViaSchema,
  checkinViewSchema,
  cursorSchema,
  dateSchema,
  hometownSchema,
  hoursSchema,
  idSchema,
  industrySchema,
  memberRefSchema,
  memberViewSchema,
  openidSchema,
  orgKindSchema,
  orgRefSchema,
  orgViewSchema,
  pageOf,
  regionSchema,
  registerInputSchema,
  requestIdSchema,
  roleSchema,
  roleViewSchema,
  updateProfileInputSchema,
  optionalText,
  text,
  yearSchema,
} from './schemas';
import {
  activityCreateInputSchema,
  activityKindSchema,
  activityViewSchema,
  attendanceStatusSchema,
  attendanceViewSchema,
  signInViewSchema,
} from './activities';
import { appraisalResultSchema, appraisalViewSchema } from './appraisals';
import { jobRequestViewSchema } from './jobs';
import {
  lostContactEpisodeSchema,
  lostContactProposalSchema,
  lostContactReasonSchema,
  lostContactViewSchema,
} from './lost-contact';
import { messageViewSchema } from './messages';
import { placementHistorySchema, placementLeaveInputSchema, placementReturnInputSchema, placementViewSchema } from './placements';
import { notifySubscribeInputSchema, notifySubscribeOutputSchema, notifyTemplatesOutputSchema } from './notifications';
import { assessmentSchema, periodChoiceSchema, replyViewSchema, reportViewSchema, reportSummarySchema } from './reports';
import { settingsSchema } from './settings';
import { cardReviewInputSchema, cardReviewViewSchema, cardViewSchema } from './cards';
import {
  contactCandidatesSchema,
  contactChoiceSchema,
  contactViewSchema,
  talkDueViewSchema,
  talkRecordInputSchema,
  talkViewSchema,
} from './talks';
import {
  transferCandidateSchema,
  transferCompleteInputSchema,
  transferDecideInputSchema,
  transferProposeInputSchema,
  transferViewSchema,
} from './transfers';
import {
  branchStudyRowSchema,
  studyEntrySchema,
  studyModeSchema,
  studyPlanItemInputSchema,
  studyPlanViewSchema,
  studyProgressSchema,
} from './study';
import { ACCOUNT_MOVE_ACTIONS } from './account-moves';
import { IMPORT_ACTIONS } from './imports';
import { ORG_TREE_ACTIONS, orgEntrySchema, roleGrantInputSchema, roleRevokeInputSchema } from './org-tree';
import { DESK_SESSION_ACTIONS } from './desk-sessions';
import { SUBTREE_FIGURES_ACTIONS } from './subtree-figures';
import { SKILL_CARD_ACTIONS } from './skill-cards';
import { PLACE_ACTIONS } from './places';
import { HOMECOMING_ACTIONS } from './homecoming';
import { JOINT_MANAGEMENT_ACTIONS } from './joint-management';
import { SERVICE_REQUEST_ACTIONS } from './service-requests';
import { HANDBOOK_ACTIONS } from './handbook';

const empty = z.object({}).strict();

/**
 * Every action the `api` function answers: its input schema (validated on the server), its
 * output schema (checked before it leaves, so a bad output is our bug, not the caller's) and
 * a one-line description for docs/api.md. The single source of truth for both sides.
 */
export const ACTIONS = {
  'session.me': {
    summary: '当前用户：角色、党员档案（脱敏）与告知同意状态',
    input: empty,
    output: z.object({
      roles: z.array(roleViewSchema),
      member: memberViewSchema.nullable(),
      consent: z.object({ currentVersion: z.string(), agreedVersion: z.string().nullable() }),
    }),
  },
  'consent.notice': {
    summary: '个人信息收集告知书（当前版本）',
    input: empty,
    output: z.object({
      version: z.string(),
      title: z.string(),
      sections: z.array(z.object({ heading: z.string(), body: z.string() })),
    }),
  },
  'consent.accept': {
    summary: '同意告知书；记录版本与时间（重复提交不重复记录）',
    input: z.object({ version: z.string().min(1).max(40) }),
    output: z.object({ version: z.string(), agreedAt: z.string() }),
  },
  'member.register': {
    summary: '党员登记（需先同意告知书；同一身份证号只能登记一次）',
    input: registerInputSchema,
    output: memberViewSchema,
  },
  'member.updateProfile': {
    summary: '修改本人档案（只传要改的字段）',
    input: updateProfileInputSchema.extend({ version: z.number().int().positive() }),
    output: memberViewSchema,
  },
  'member.get': {
    summary: '查看一名党员（脱敏）：本人、所在支部书记、上级管理员或流出地组织',
    input: z.object({ memberId: idSchema }),
    output: memberViewSchema,
  },
  'member.revealSensitive': {
    summary: '查看完整身份证号、手机号或住址；每次查看都记入审计日志',
    input: z.object({ memberId: idSchema, field: z.enum(['idCard', 'phone', 'address']) }),
    output: z.object({ field: z.enum(['idCard', 'phone', 'address']), value: z.string() }),
  },
  'org.list': {
    summary: '查找组织：按上级、名称关键字、类型、所在城市；分页',
    input: z.object({
      parentId: idSchema.nullish(),
      query: z.string().trim().max(30).nullish(),
      kind: orgKindSchema.nullish(),
      city: z.string().trim().max(20).nullish(),
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: pageOf(orgViewSchema),
  },
  'org.get': {
    summary: '组织详情（带版本，修改时带上；已撤销的注明接续组织）',
    input: z.object({ orgId: idSchema }),
    output: orgEntrySchema,
  },
  'org.create': {
    summary: '新建组织（上级组织的管理员或系统管理员）；带 requestId 时重试不重复创建',
    input: z
      .object({
        parentId: idSchema.nullable(),
        name: z.string().trim().min(2).max(60),
        kind: orgKindSchema,
        region: regionSchema,
        branchKind: branchKindSchema.nullish(),
        hometown: hometownSchema.nullish(),
        industry: industrySchema.nullish(),
        address: z.string().trim().max(80).nullish(),
        contact: z.string().trim().max(60).nullish(),
        /** The same requestId from the same caller creates one organization, however often it is sent. */
        requestId: requestIdSchema.nullish(),
      })
      .superRefine((org, ctx) => {
        if (org.kind === 'branch' && !org.branchKind) {
          ctx.addIssue({ code: 'custom', path: ['branchKind'], message: '党支部需要选择类型' });
        }
        if (org.kind !== 'branch' && org.branchKind) {
          ctx.addIssue({ code: 'custom', path: ['branchKind'], message: '只有党支部有支部类型' });
        }
        if (org.branchKind === 'hometown' && !org.hometown) {
          ctx.addIssue({ code: 'custom', path: ['hometown'], message: '流动党员党支部需要填写党员的家乡' });
        }
        if (org.branchKind === 'industry' && !org.industry) {
          ctx.addIssue({ code: 'custom', path: ['industry'], message: '行业党支部需要选择行业' });
        }
      }),
    output: orgViewSchema,
  },
  'role.grant': {
    summary:
      '任命组织管理员或支部书记：选一名本组织管理的党员、输入对方手机上的任职码，或按 OPENID；管理员对本组织及下级有效；重复任命不重复记录',
    input: roleGrantInputSchema,
    output: roleViewSchema,
  },
  'role.revoke': {
    summary: '撤销任命：按任职（编号和看到的版本，两人同时撤销只有一人成功）或按 OPENID；记录撤销人和原因',
    input: roleRevokeInputSchema,
    output: z.object({ revoked: z.boolean() }),
  },
  'checkin.suggest': {
    summary: '为本人推荐报到支部：家乡流动党员党支部、行业党支部、居住地社区党支部',
    input: empty,
    output: z.object({
      suggestions: z.array(z.object({ branch: orgViewSchema, reason: z.enum(['hometown', 'industry', 'community']) })),
    }),
  },
  'checkin.resolveCode': {
    summary: '扫描报到码后，解析出要报到的党组织（党支部，或党委、党总支）',
    input: z.object({ scene: z.string().min(1).max(64) }),
    output: orgViewSchema,
  },
  'checkin.submit': {
    summary:
      '向一个党组织提交报到申请：党支部由本支部书记审批；党委、党总支由其管理员审批并安排到下属支部（同一时间只能有一个待审批申请；重复提交返回同一申请）',
    input: z.object({ orgId: idSchema, via: checkinViaSchema }),
    output: checkinViewSchema,
  },
  'checkin.withdraw': {
    summary: '撤回本人待审批的报到申请',
    input: z.object({ checkinId: idSchema }),
    output: checkinViewSchema,
  },
  'checkin.mine': {
    summary: '本人的报到申请：当前一条（含转交记录）和历史记录',
    input: empty,
    output: z.object({ current: checkinViewSchema.nullable(), history: z.array(checkinViewSchema) }),
  },
  'checkin.pending': {
    summary: '待审批的报到申请：支部书记看本支部，管理员看本组织及下级全部；按提交时间先后分页',
    input: z.object({ orgId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(checkinViewSchema),
  },
  'checkin.choices': {
    summary:
      '审批一条报到申请时可选的去处：可以安排到的支部（书记只有本支部；管理员是本组织下的支部，最多 50 个），可以转交的组织（同一上级下的其他支部、上级组织）',
    input: z.object({ checkinId: idSchema }),
    output: z.object({ placeIn: z.array(branchRefSchema), forwardTo: z.array(orgRefSchema) }),
  },
  'checkin.decide': {
    summary:
      '审批报到：同意（安排到审批人负责范围内的支部：书记只能安排到本支部，管理员可安排到本组织下的任一支部；向党委、党总支的申请须选定其下属支部）或不同意（须写明理由）',
    input: z
      .object({
        checkinId: idSchema,
        version: z.number().int().positive(),
        decision: z.enum(['approve', 'reject']),
        reason: z.string().trim().max(200).nullish(),
        placeBranchId: idSchema.nullish(),
      })
      .superRefine((input, ctx) => {
        if (input.decision === 'reject' && !input.reason) {
          ctx.addIssue({ code: 'custom', path: ['reason'], message: '不同意时请写明理由' });
        }
      }),
    output: checkinViewSchema,
  },
  'checkin.forward': {
    summary: '转交报到申请：交给同一上级下的其他支部或上级组织审批；转交记录保留在申请上，党员可以看到',
    input: z.object({
      checkinId: idSchema,
      version: z.number().int().positive(),
      toOrgId: idSchema,
      reason: z.string().trim().max(200).nullish(),
    }),
    output: checkinViewSchema,
  },
  'branch.members': {
    summary: '支部党员名单（脱敏）',
    input: z.object({ branchId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(memberViewSchema),
  },
  'org.checkinCode': {
    summary: '党组织报到码（党支部、党委、党总支都可以有）：小程序码的场景值与图片',
    input: z.object({ orgId: idSchema }),
    output: z.object({
      organization: orgRefSchema,
      scene: z.string(),
      page: z.string(),
      imageDataUrl: z.string(),
    }),
  },
  'outflow.members': {
    summary: '流出地组织：本组织及下级的外出党员（脱敏）和他们现在在哪里',
    input: z.object({ orgId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(memberViewSchema),
  },
  'outflow.notices': {
    summary: '流出地组织收到的通知：外出党员已被流入地支部接收',
    input: z.object({ orgId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(
      z.object({
        noticeId: z.string(),
        kind: z.literal('member_placed'),
        memberId: z.string(),
        memberName: z.string(),
        branch: branchRefSchema,
        branchRegion: regionSchema,
        createdAt: z.string(),
      }),
    ),
  },

  // ---- placements as periods -----------------------------------------------------------
  'placement.leave': {
    summary:
      '离开流入地支部：本人或该支部书记（及上级管理员）登记离开的日期、原因和去向；当期报告统计到最后一天（重复提交不重复记录）',
    input: placementLeaveInputSchema,
    output: placementViewSchema,
  },
  'placement.return': {
    summary: '返回登记（流动结束）：流出地党组织登记党员返回的日期；在流入地的安置随之结束',
    input: placementReturnInputSchema,
    output: z.object({ member: memberViewSchema, ended: placementViewSchema.nullable() }),
  },
  'placement.history': {
    summary: '党员历次安置（流入地支部、起止时间、离开原因）和在家乡支部的签到；本人、两地组织可查看',
    input: z.object({ memberId: idSchema }),
    output: placementHistorySchema,
  },

  // ---- organizational life -------------------------------------------------------------
  'activity.kinds': {
    summary: '支部可以安排的活动类型：返乡报到、集中补学只由有党员外出流动的流出地支部安排',
    input: z.object({ branchId: idSchema }),
    output: z.object({ kinds: z.array(activityKindSchema) }),
  },
  'activity.create': {
    summary:
      '支部书记安排组织生活（三会一课、主题党日、志愿服务；流出地支部还有返乡报到、集中补学，其他支部安排时 BAD_REQUEST 指向 kind）：时间、地点、主题；同一 requestId 重试不重复创建',
    input: activityCreateInputSchema,
    output: activityViewSchema,
  },
  'activity.cancel': {
    summary: '取消一项尚未开始的活动（须写明原因）',
    input: z.object({
      activityId: idSchema,
      version: z.number().int().positive(),
      reason: z.string().trim().min(1, '请写明取消原因').max(100),
    }),
    output: activityViewSchema,
  },
  'activity.list': {
    summary: '支部的活动：即将开展（按时间先后）或已开展（按时间倒序）；分页',
    input: z.object({
      branchId: idSchema,
      when: z.enum(['upcoming', 'past']),
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: pageOf(activityViewSchema),
  },
  'activity.code': {
    summary: '活动签到码：小程序码的场景值与图片',
    input: z.object({ activityId: idSchema }),
    output: z.object({ activity: activityViewSchema, scene: z.string(), page: z.string(), imageDataUrl: z.string() }),
  },
  'activity.resolveCode': {
    summary: '扫描签到码后，解析出活动、本人的签到情况，以及本人现在能否签到（signIn.state）、何时开始',
    input: z.object({ scene: z.string().min(1).max(64) }),
    output: z.object({ activity: activityViewSchema, mine: attendanceViewSchema.nullable(), signIn: signInViewSchema }),
  },
  'activity.signIn': {
    summary: '党员在签到时段内扫码签到；重复签到只算一次，时段外签到会被拒绝',
    input: z.object({ activityId: idSchema }),
    output: z.object({ attendance: attendanceViewSchema, alreadySignedIn: z.boolean() }),
  },
  'activity.attendance': {
    summary:
      '活动的签到表：本支部党员逐一列出出席、请假或缺席（返乡报到、集中补学列出从本支部外出流动的党员：已返回的和回乡过节的）；分页',
    input: z.object({ activityId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(100).default(50) }),
    output: z.object({
      activity: activityViewSchema,
      /** Who the sheet lists: the members placed in the branch, or (返乡报到, 集中补学) its members who flowed out. */
      lists: z.enum(['placed', 'flowed_out']),
      rows: z.array(z.object({ member: memberRefSchema, attendance: attendanceViewSchema.nullable() })),
      nextCursor: z.string().nullable(),
    }),
  },
  'activity.mark': {
    summary: '支部书记登记出席、请假（须写明原因）或缺席；志愿服务可改服务时长',
    input: z
      .object({
        activityId: idSchema,
        memberId: idSchema,
        status: attendanceStatusSchema,
        reason: z.string().trim().max(100).nullish(),
        volunteerHours: hoursSchema.nullish(),
        /** The version of the attendance record the secretary saw, or null when there was none. */
        expectedVersion: z.number().int().positive().nullable(),
      })
      .superRefine((input, ctx) => {
        if (input.status === 'leave' && !input.reason) {
          ctx.addIssue({ code: 'custom', path: ['reason'], message: '请假请写明原因' });
        }
      }),
    output: attendanceViewSchema,
  },
  'life.mine': {
    summary: '本人的组织生活：即将开展的活动、参加记录、今年的志愿服务时长',
    input: empty,
    output: z.object({
      branch: branchRefSchema.nullable(),
      upcoming: z.array(z.object({ activity: activityViewSchema, mine: attendanceViewSchema.nullable() })),
      history: z.array(z.object({ activity: activityViewSchema, mine: attendanceViewSchema.nullable() })),
      attendedThisYear: z.number(),
      /** The branch's volunteer services attended and the services to residents confirmed this year. */
      volunteerHoursThisYear: z.number(),
      /** The part of it from services to residents through the member's skill card. */
      serviceHoursThisYear: z.number(),
      lastLifeOn: z.string().nullable(),
    }),
  },

  // ---- classified management and study -------------------------------------------------
  'study.plan': {
    summary: '支部的年度学习计划（未发布时为空）',
    input: z.object({ branchId: idSchema, year: yearSchema }),
    output: z.object({ plan: studyPlanViewSchema.nullable(), defaultTargetHours: z.number() }),
  },
  'study.savePlan': {
    summary: '支部书记发布或修改年度学习计划（学习内容、学时、完成月份）',
    input: z.object({
      branchId: idSchema,
      year: yearSchema,
      targetHours: hoursSchema,
      items: z.array(studyPlanItemInputSchema).min(1, '至少一项学习内容').max(40, '最多 40 项'),
      /** The plan's version when it was loaded, or null for a new plan. */
      version: z.number().int().positive().nullable(),
    }),
    output: studyPlanViewSchema,
  },
  'study.branch': {
    summary: '支部党员的分类与学习进度：结对学习或自主选学、结对对象、学时；分页',
    input: z.object({
      branchId: idSchema,
      year: yearSchema,
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: pageOf(branchStudyRowSchema),
  },
  'study.classify': {
    summary: '支部书记为党员分类：结对学习（作息规律）或自主选学（作息不固定）',
    input: z.object({ memberId: idSchema, studyMode: studyModeSchema }),
    output: branchStudyRowSchema,
  },
  'study.pair': {
    summary: '支部书记为两名结对学习的党员结对（同一支部；各自只能有一个结对对象）',
    input: z.object({ memberId: idSchema, partnerId: idSchema }),
    output: z.object({ member: branchStudyRowSchema, partner: branchStudyRowSchema }),
  },
  'study.unpair': {
    summary: '解除结对',
    input: z.object({ memberId: idSchema }),
    output: branchStudyRowSchema,
  },
  'study.mine': {
    summary: '本人的学习计划与进度：已学学时、全年目标、落后的内容',
    input: z.object({ year: yearSchema.nullish() }),
    output: z.object({
      branch: branchRefSchema.nullable(),
      studyMode: studyModeSchema.nullable(),
      partner: memberRefSchema.nullable(),
      plan: studyPlanViewSchema.nullable(),
      entries: z.array(studyEntrySchema),
      progress: studyProgressSchema.nullable(),
      /**
       * What the member may choose in the plan's year, so a screen derives no rule: the months
       * still open for 计划 (this month to December), and the days a study may be recorded on
       * (1 January to today, or to 31 December). Null without a plan.
       */
      choices: z
        .object({ months: z.array(z.number().int().min(1).max(12)), studiedFrom: z.string(), studiedTo: z.string() })
        .nullable(),
    }),
  },
  'study.schedule': {
    summary: '自主选学：本人选定某项学习内容在哪个月学',
    input: z.object({ year: yearSchema, itemId: z.string().min(1).max(20), plannedMonth: z.number().int().min(1).max(12) }),
    output: studyEntrySchema,
  },
  'study.record': {
    summary: '登记完成一项学习内容：本人登记，或所在支部书记（及上级组织管理员）为本支部党员登记，结对学习和自主选学的党员都可以',
    input: z.object({
      year: yearSchema,
      itemId: z.string().min(1).max(20),
      studiedOn: dateSchema,
      note: z.string().trim().max(200).nullish(),
      /**
       * Set by the member's secretary (or an admin above) recording for a member of the branch, on
       * either study mode; absent when members record their own.
       */
      memberId: idSchema.nullish(),
    }),
    output: studyEntrySchema,
  },
  'appraisal.record': {
    summary: '支部书记登记党员的年度民主评议结果（随当期反馈报告送回流出地）',
    input: z.object({
      memberId: idSchema,
      year: yearSchema,
      result: appraisalResultSchema,
      note: z.string().trim().max(200).default(''),
      /** The appraisal's version when loaded, or null for the first record of the year. */
      version: z.number().int().positive().nullable(),
    }),
    output: appraisalViewSchema,
  },

  // ---- the feedback that goes home -----------------------------------------------------
  'report.toWrite': {
    summary: '支部要写的反馈报告：待提交（按截止日期先后）或已提交；分页',
    input: z.object({
      branchId: idSchema,
      status: z.enum(['draft', 'submitted']).default('draft'),
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: pageOf(reportSummarySchema),
  },
  'report.get': {
    summary: '反馈报告全文：流入地看草稿和已提交版本，流出地只看已提交版本（打开即记为已读）',
    input: z.object({ reportId: idSchema }),
    output: reportViewSchema,
  },
  'report.saveDraft': {
    summary: '支部书记保存反馈报告草稿中的评价（思想、表现、需求、意见）',
    input: z.object({ reportId: idSchema, version: z.number().int().positive(), assessment: assessmentSchema }),
    output: reportViewSchema,
  },
  'report.submit': {
    summary: '提交反馈报告：须有总体评价和综合意见（否则 ASSESSMENT_REQUIRED），按最新记录重新统计后定稿，提交后不能再改',
    input: z.object({ reportId: idSchema, version: z.number().int().positive(), assessment: assessmentSchema }),
    output: reportViewSchema,
  },
  'report.correct': {
    summary: '更正已提交的报告：另起一个新版本（原版本保留），须写明更正原因',
    input: z.object({
      reportId: idSchema,
      version: z.number().int().positive(),
      reason: z.string().trim().min(1, '请写明更正原因').max(200),
    }),
    output: reportViewSchema,
  },
  'report.inbox': {
    summary: '流出地组织的反馈收件箱：未读在前，按期次、按党员；分页',
    input: z.object({
      orgId: idSchema,
      unreadOnly: z.boolean().default(false),
      periodKey: z
        .string()
        .regex(/^\d{4}-(M(0[1-9]|1[0-2])|Q[1-4]|H[12]|Y)$/, '期次格式不正确')
        .nullish(),
      memberId: idSchema.nullish(),
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: pageOf(reportSummarySchema).extend({
      /** The periods the filter offers: the latest ended periods of the organization's reporting period, newest first. */
      periods: z.array(periodChoiceSchema),
    }),
  },
  'report.acknowledge': {
    summary: '流出地组织确认收到反馈报告',
    input: z.object({ reportId: idSchema, version: z.number().int().positive() }),
    output: reportViewSchema,
  },
  'report.thread': {
    summary: '反馈报告下的往来留言：只有两地党组织（及其上级）可见；按时间先后分页',
    input: z.object({ reportId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(30) }),
    output: pageOf(replyViewSchema),
  },
  'report.reply': {
    summary: '在反馈报告下留言（流出地说明党员家中情况、家庭需求；流入地回复）；同一 requestId 不重复',
    input: z.object({
      reportId: idSchema,
      requestId: requestIdSchema,
      body: z.string().trim().min(1, '请填写留言内容').max(500, '不能超过 500 个字'),
    }),
    output: replyViewSchema,
  },
  'report.history': {
    summary: '一名党员历期的反馈报告（流出地或流入地组织查看）',
    input: z.object({ memberId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: z.object({
      member: memberRefSchema.extend({ standing: z.enum(['full', 'probationary']) }),
      ...pageOf(reportSummarySchema).shape,
    }),
  },

  // ---- the contact person and the talks -------------------------------------------------
  'contact.candidates': {
    summary: '可以担任联系人的人：党员所在支部的书记、管理员和本支部党员（只有流入地支部一侧可以查看）',
    input: z.object({ memberId: idSchema }),
    output: contactCandidatesSchema,
  },
  'contact.set': {
    summary: '为纳入管理的党员指定流入地支部的联系人（书记、支委或本支部党员）；带版本号，同时修改时一方成功',
    input: z.object({ memberId: idSchema, choice: contactChoiceSchema, version: z.number().int().positive().nullable() }),
    output: z.object({ contact: contactViewSchema, version: z.number() }),
  },
  'talk.list': {
    summary: '党员的联系人、谈心谈话记录和应谈未谈的谈话；谈话备注只有两地党组织可见，党员本人看到谈话但看不到备注',
    input: z.object({ memberId: idSchema }),
    output: z.object({
      member: memberRefSchema,
      side: z.enum(['self', 'inflow', 'outflow', 'above']),
      contact: contactViewSchema.nullable(),
      /** The stored contact's version (also when it belongs to an earlier placement), for contact.set. */
      contactVersion: z.number().nullable(),
      talks: z.array(talkViewSchema),
      due: z.array(talkDueViewSchema),
      canRecord: z.boolean(),
    }),
  },
  'talk.record': {
    summary: '流入地支部记录一次谈心谈话（纳入管理时、年底返乡前、多次缺席后或其他）；同一 requestId 不重复',
    input: talkRecordInputSchema,
    output: talkViewSchema,
  },
  'talk.due': {
    summary: '支部应谈未谈的谈话（由后台任务算出），按应谈日期先后分页',
    input: z.object({ branchId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(talkDueViewSchema),
  },

  // ---- the digital activity card --------------------------------------------------------
  'card.mine': {
    summary: '我的流动党员活动证：基本情况、两地组织、联系人、参加组织生活情况（来自已报送的反馈报告）、年审，以及活动证二维码',
    input: empty,
    output: cardViewSchema.extend({ scene: z.string(), page: z.string(), imageDataUrl: z.string() }),
  },
  'card.get': {
    summary: '查看一名党员的活动证（流入地、正在报到的支部、流出地组织；其他人得到“找不到”）',
    input: z.object({ memberId: idSchema }),
    output: cardViewSchema,
  },
  'card.scan': {
    summary: '书记扫活动证二维码查看党员情况（只显示脱敏信息；与该党员无关的组织得到“找不到”）',
    input: z.object({ scene: z.string().min(1).max(64) }),
    output: cardViewSchema,
  },
  'card.review': {
    summary: '流出地党组织办理活动证年审（每名党员每年一次，附流入地民主评议结果）；带版本号',
    input: cardReviewInputSchema,
    output: cardReviewViewSchema,
  },

  // ---- settings and messages -----------------------------------------------------------
  'settings.get': {
    summary: '组织的规则设置（本组织设置的值，和上级或默认值合并后的生效值）',
    input: z.object({ orgId: idSchema }),
    output: z.object({ own: settingsSchema.partial(), effective: settingsSchema, version: z.number().nullable() }),
  },
  'settings.update': {
    summary: '组织管理员修改本组织及下级的规则设置（反馈周期、截止天数、学时目标、预警月数等）',
    input: z.object({ orgId: idSchema, changes: settingsSchema.partial(), version: z.number().int().positive().nullable() }),
    output: z.object({ own: settingsSchema.partial(), effective: settingsSchema, version: z.number().nullable() }),
  },
  'message.list': {
    summary:
      '组织收到的提醒：本组织及下级组织收到的报告逾期、收到反馈、收到留言、组织生活预警与上报（下级的注明发给哪个组织）；按时间倒序分页',
    input: z.object({ orgId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(messageViewSchema),
  },
  'org.move': {
    summary: '调整组织隶属：把组织（连同下级组织）移到另一个上级组织下；复制在各记录中的组织路径由后台任务分批改写，返回任务进度',
    input: z.object({ orgId: idSchema, newParentId: idSchema, requestId: requestIdSchema }),
    output: jobRequestViewSchema,
  },
  'job.get': {
    summary: '按需任务（如导入、调整组织隶属）的进度：排队、进行中、完成或失败；只有发起人和系统管理员可以查看',
    input: z.object({ jobId: idSchema }),
    output: jobRequestViewSchema,
  },

  // ---- a member's record moving to a new WeChat account ----------------------------------
  ...ACCOUNT_MOVE_ACTIONS,

  // ---- the organization department's desk: the tree and the people in posts ---------------
  ...ORG_TREE_ACTIONS,

  // ---- 失联 and 应转尽转 -------------------------------------------------------------------
  'lostContact.get': {
    summary: '党员的失联情况：当前标记、组织生活时钟的失联建议、历次失联与找到的记录，以及本人现在能否标记或登记找到',
    input: z.object({ memberId: idSchema }),
    output: z.object({
      current: lostContactViewSchema.nullable(),
      proposal: lostContactProposalSchema.nullable(),
      episodes: z.array(lostContactEpisodeSchema),
      can: z.object({ mark: z.boolean(), found: z.boolean() }),
    }),
  },
  'lostContact.mark': {
    summary: '流入地支部或流出地党组织（及其上级）标记党员失联：最后联系日期、原因（其他须写明）；另一方收到提醒',
    input: z
      .object({
        memberId: idSchema,
        /** The member record's version as shown, so two people marking at once cannot both win. */
        version: z.number().int().positive(),
        lastContactOn: dateSchema,
        reason: lostContactReasonSchema,
        note: optionalText(200),
      })
      .superRefine((input, ctx) => {
        if (input.reason === 'other' && !input.note) {
          ctx.addIssue({ code: 'custom', path: ['note'], message: '原因选“其他”时请写明情况' });
        }
      }),
    output: memberViewSchema,
  },
  'lostContact.found': {
    summary: '登记已找到失联党员：找到的日期、怎样联系上的；失联记录保留在历史中',
    input: z.object({
      memberId: idSchema,
      version: z.number().int().positive(),
      foundOn: dateSchema,
      how: text(200),
    }),
    output: memberViewSchema,
  },
  'transfer.candidates': {
    summary: '应转尽转：在本支部纳入管理满规定月数、作息固定且没有进行中转接的党员；分页',
    input: z.object({ branchId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(transferCandidateSchema),
  },
  'transfer.propose': {
    summary: '流入地支部提议转接组织关系（每名党员同时只有一条进行中的转接；重复提交返回同一条）；流出地收到提醒',
    input: transferProposeInputSchema,
    output: transferViewSchema,
  },
  'transfer.decide': {
    summary: '流出地党组织同意转接，或不同意（须写明理由）；流入地支部收到提醒',
    input: transferDecideInputSchema,
    output: transferViewSchema,
  },
  'transfer.complete': {
    summary:
      '在全国党员管理信息系统办结后，接收支部登记介绍信编号和日期；须流出地已同意；党员转为本支部正式党员，不再是流动党员，不再生成反馈报告',
    input: transferCompleteInputSchema,
    output: transferViewSchema,
  },
  'transfer.list': {
    summary:
      '组织的组织关系转接：作为流入地（本组织及下级支部提议的）或流出地（要本组织决定的）；进行中的在前，按提议时间倒序分页',
    input: z.object({
      orgId: idSchema,
      side: z.enum(['inflow', 'outflow']),
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: pageOf(transferViewSchema),
  },
  'transfer.ofMember': {
    summary: '一名党员的组织关系转接记录（两地党组织查看），以及本人现在能否提议转接',
    input: z.object({ memberId: idSchema }),
    output: z.object({ items: z.array(transferViewSchema), canPropose: z.boolean() }),
  },
  // ---- WeChat subscribe messages ---------------------------------------------------------
  'notify.templates': {
    summary: '本环境配置的订阅消息模板（按主题）：小程序在用户点按后据此请求订阅',
    input: empty,
    output: notifyTemplatesOutputSchema,
  },
  'notify.subscribe': {
    summary: '记录用户对订阅消息请求的回答：每个“允许”可以发送一条该主题的消息；拒绝不记次数；同一请求编号重试只记一次',
    input: notifySubscribeInputSchema,
    output: notifySubscribeOutputSchema,
  },
  // ---- the desk's imports and 组织找党员 ----------------------------------------------------
  ...IMPORT_ACTIONS,
  // ---- the desk's sign-in from the phone ---------------------------------------------
  ...DESK_SESSION_ACTIONS,

  // ---- the desk's figures by subtree and the export ---------------------------------------
  ...SUBTREE_FIGURES_ACTIONS,

  // ---- 亮身份: skill cards and the help residents ask through them ---------------------------
  ...SKILL_CARD_ACTIONS,
  // ---- places on the map and the 归队码 -----------------------------------------------------
  ...PLACE_ACTIONS,
  // ---- 返乡: the think-tank, round-tables and suggestions, candidates for village posts ----
  ...HOMECOMING_ACTIONS,
  // ---- 共管协议: the two places working together ----------------------------------------------
  ...JOINT_MANAGEMENT_ACTIONS,
  // ---- services for members and their families, and the policy handbook -------------------
  ...SERVICE_REQUEST_ACTIONS,
  ...HANDBOOK_ACTIONS,
} as const satisfies Record<string, { summary: string; input: z.ZodType; output: z.ZodType }>;

export type Actions = typeof ACTIONS;
export type ActionName = keyof Actions;
/** What a caller sends (defaults may be omitted). */
export type ActionInput<K extends ActionName> = z.input<Actions[K]['input']>;
/** What a handler receives after validation. */
export type ParsedInput<K extends ActionName> = z.output<Actions[K]['input']>;
/** What the caller receives. */
export type ActionOutput<K extends ActionName> = z.output<Actions[K]['output']>;

/** The event the `api` function receives. */
export const apiEventSchema = z.object({ action: z.string().min(1).max(64), input: z.unknown().optional() });

export function isActionName(name: string): name is ActionName {
  return Object.prototype.hasOwnProperty.call(ACTIONS, name);
}
