import { z } from 'zod';
import { cursorSchema, idCardSchema, idSchema, pageOf, roleSchema } from './schemas';

/**
 * Moving a member's record to another WeChat account (a new phone, a new account): the member
 * asks from the new account with their ID number and name, an admin of the record's inflow or
 * outflow organization confirms or rejects it, and on confirm the new account holds the record.
 */

export const moveStatusSchema = z.enum(['pending', 'confirmed', 'rejected']);
export type MoveStatus = z.infer<typeof moveStatusSchema>;

/** What the asking account sees of its own request: nothing of the record beyond what it typed. */
export const moveRequestMineSchema = z.object({
  moveId: z.string(),
  status: moveStatusSchema,
  /** The name the requester gave. */
  name: z.string(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  /** The admin's reason, written for the requester to read. */
  reason: z.string().nullable(),
});
export type MoveRequestMine = z.infer<typeof moveRequestMineSchema>;

/** A role an account holds, as an admin reads it. */
export const heldRoleSchema = z.object({ role: roleSchema, orgName: z.string() });

/**
 * What is known about one of the two accounts when the request was made, masked: enough for the
 * admin to tell a new phone from a stranger, nothing to copy elsewhere.
 */
export const accountFactsSchema = z.object({
  /** The OPENID with all but its first and last four characters hidden. */
  openidMasked: z.string(),
  /** When this account agreed to the notice (the new one must have). */
  agreedNoticeAt: z.string().nullable(),
  /** Roles the account held. */
  roles: z.array(heldRoleSchema),
  /** ID numbers this account asked about today (registrations refused, move requests). */
  idLookupsToday: z.number().int(),
});

export const moveRequestViewSchema = z.object({
  moveId: z.string(),
  status: moveStatusSchema,
  submittedAt: z.string(),
  member: z.object({
    memberId: z.string(),
    name: z.string(),
    idCardMasked: z.string(),
    phoneMasked: z.string(),
    outflowName: z.string(),
    inflowBranchName: z.string().nullable(),
    registeredAt: z.string(),
    /** The last time the old account changed the record. */
    updatedAt: z.string(),
  }),
  oldAccount: accountFactsSchema,
  newAccount: accountFactsSchema,
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  reason: z.string().nullable(),
  version: z.number(),
});
export type MoveRequestView = z.infer<typeof moveRequestViewSchema>;

const reasonSchema = z.string().trim().min(1, '请写明理由').max(200, '不能超过 200 个字');

export const ACCOUNT_MOVE_ACTIONS = {
  'account.requestMove': {
    summary:
      '换了微信号的党员从新微信号申请找回原档案（填身份证号和姓名）；同一申请重复提交不重复记录；每个微信号每天可查询的身份证号有限',
    input: z.object({
      idCard: idCardSchema,
      name: z.string().trim().min(2, '姓名至少 2 个字').max(20, '姓名不能超过 20 个字'),
    }),
    output: moveRequestMineSchema,
  },
  'account.myMove': {
    summary: '本微信号最近一次找回档案申请的进度（没有申请时为空）',
    input: z.object({}).strict(),
    output: z.object({ request: moveRequestMineSchema.nullable() }),
  },
  'account.moveRequests': {
    summary: '找回档案申请：档案所在流入地或流出地组织的管理员查看待处理或已处理的申请（只显示隐去部分号码的信息）；分页',
    input: z.object({
      orgId: idSchema,
      status: z.enum(['pending', 'decided']).default('pending'),
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: pageOf(moveRequestViewSchema),
  },
  'account.decideMove': {
    summary:
      '管理员确认或拒绝找回档案申请（都须写明理由）；确认后档案、任职和报到申请转到新微信号，原微信号不再能使用；重试不重复，两人同时处理只有一人成功',
    input: z.object({
      moveId: idSchema,
      version: z.number().int().positive(),
      decision: z.enum(['confirm', 'reject']),
      reason: reasonSchema,
    }),
    output: moveRequestViewSchema,
  },
} as const satisfies Record<string, { summary: string; input: z.ZodType; output: z.ZodType }>;
