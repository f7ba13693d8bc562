import { z } from 'zod';
import {
  branchKindSchema,
  branchRefSchema,
  checkinViaSchema,
  checkinViewSchema,
  cursorSchema,
  hometownSchema,
  idSchema,
  industrySchema,
  memberViewSchema,
  openidSchema,
  orgKindSchema,
  orgViewSchema,
  pageOf,
  regionSchema,
  registerInputSchema,
  roleSchema,
  roleViewSchema,
  updateProfileInputSchema,
} from './schemas';

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
    summary: '组织详情',
    input: z.object({ orgId: idSchema }),
    output: orgViewSchema,
  },
  'org.create': {
    summary: '新建组织（上级组织的管理员或系统管理员）',
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
    summary: '任命组织管理员或支部书记（按 OPENID；管理员对本组织及下级有效）',
    input: z.object({
      openid: openidSchema,
      role: roleSchema.exclude(['system_admin']),
      orgId: idSchema,
      holderName: z.string().trim().min(2, '姓名至少 2 个字').max(20),
    }),
    output: roleViewSchema,
  },
  'role.revoke': {
    summary: '撤销任命',
    input: z.object({ openid: openidSchema, role: roleSchema.exclude(['system_admin']), orgId: idSchema }),
    output: z.object({ revoked: z.boolean() }),
  },
  'checkin.suggest': {
    summary: '为本人推荐报到支部：家乡流动党员党支部、行业党支部、居住地社区党支部',
    input: empty,
    output: z.object({
      suggestions: z.array(
        z.object({ branch: orgViewSchema, reason: z.enum(['hometown', 'industry', 'community']) }),
      ),
    }),
  },
  'checkin.resolveCode': {
    summary: '扫描报到码后，解析出要报到的支部',
    input: z.object({ scene: z.string().min(1).max(64) }),
    output: orgViewSchema,
  },
  'checkin.submit': {
    summary: '提交报到申请（同一时间只能有一个待审批申请；重复提交返回同一申请）',
    input: z.object({ branchId: idSchema, via: checkinViaSchema }),
    output: checkinViewSchema,
  },
  'checkin.withdraw': {
    summary: '撤回本人待审批的报到申请',
    input: z.object({ checkinId: idSchema }),
    output: checkinViewSchema,
  },
  'checkin.mine': {
    summary: '本人的报到申请：当前一条和历史记录',
    input: empty,
    output: z.object({ current: checkinViewSchema.nullable(), history: z.array(checkinViewSchema) }),
  },
  'checkin.pending': {
    summary: '待审批的报到申请：支部书记看本支部，管理员看下级全部；按提交时间先后分页',
    input: z.object({ orgId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(checkinViewSchema),
  },
  'checkin.decide': {
    summary: '审批报到：同意（可安排到同一上级组织下的其他支部）或不同意（须写明理由）',
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
  'branch.members': {
    summary: '支部党员名单（脱敏）',
    input: z.object({ branchId: idSchema, cursor: cursorSchema, limit: z.number().int().min(1).max(50).default(20) }),
    output: pageOf(memberViewSchema),
  },
  'branch.checkinCode': {
    summary: '支部报到码：小程序码的场景值与图片',
    input: z.object({ branchId: idSchema }),
    output: z.object({
      branch: branchRefSchema,
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
