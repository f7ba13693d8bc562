import { z } from 'zod';
import { jobRequestViewSchema } from './jobs';
import {
  branchKindSchema,
  cursorSchema,
  hometownSchema,
  idSchema,
  industrySchema,
  orgKindSchema,
  orgRefSchema,
  openidSchema,
  orgViewSchema,
  pageOf,
  regionSchema,
  requestIdSchema,
  roleSchema,
  text,
} from './schemas';

/**
 * The organization department's work on the tree and on the people in posts: browsing and
 * searching the caller's subtree, editing an organization with an expected version, dissolving
 * or merging one into a successor (its members and open business follow in a resumable job),
 * and appointing and removing admins and secretaries. All of it is for admins of the
 * organization or above; for anyone else the organization does not exist.
 */

/** An organization as the desk edits it: the view plus the version an edit must name. */
export const orgEntrySchema = orgViewSchema.extend({
  version: z.number(),
  createdAt: z.string(),
});
export type OrgEntry = z.infer<typeof orgEntrySchema>;

const limit = z.number().int().min(1).max(100).default(50);

/** The fields `org.update` may change; only the ones sent change. */
export const orgChangesSchema = z
  .object({
    name: z.string().trim().min(2, '名称至少 2 个字').max(60, '名称不能超过 60 个字'),
    kind: orgKindSchema,
    region: regionSchema,
    branchKind: branchKindSchema.nullable(),
    hometown: hometownSchema.nullable(),
    industry: industrySchema.nullable(),
    address: z.string().trim().max(80, '地址不能超过 80 个字').nullable(),
    /** 联系人及电话, one line as the department writes it (e.g. 李书记 0512-65231234). */
    contact: z.string().trim().max(60, '联系方式不能超过 60 个字').nullable(),
  })
  .partial();
export type OrgChanges = z.infer<typeof orgChangesSchema>;

/** Why a post ended: removed by an admin, or the holder left (placement ended, relationship transferred, account moved), or the organization was dissolved. */
export const POST_END_REASONS = ['revoked', 'left_branch', 'transferred', 'account_moved', 'org_dissolved'] as const;
export const postEndReasonSchema = z.enum(POST_END_REASONS);
export type PostEndReason = z.infer<typeof postEndReasonSchema>;

/** One person in one post, as the desk lists it. The holder's OPENID never leaves the server. */
export const postViewSchema = z.object({
  postId: z.string(),
  role: roleSchema.exclude(['system_admin']),
  org: orgRefSchema,
  holderName: z.string(),
  since: z.string(),
  grantedByName: z.string().nullable(),
  version: z.number(),
});
export type PostView = z.infer<typeof postViewSchema>;

/** A registered member the caller manages, masked, to appoint to a post. */
export const postCandidateSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  phoneMasked: z.string(),
  inflowBranchName: z.string().nullable(),
  outflowName: z.string(),
});
export type PostCandidate = z.infer<typeof postCandidateSchema>;

/** The personal code's alphabet: no 0/O, 1/I/L, so it can be read aloud and typed from a phone. */
export const POST_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const POST_CODE_LENGTH = 8;
export const postCodeSchema = z
  .string()
  .trim()
  .transform((value) => value.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(new RegExp(`^[${POST_CODE_ALPHABET}]{${POST_CODE_LENGTH}}$`), '任职码是 8 位字母和数字，请核对'));

/** Who is appointed: an account the caller knows (openid), a member picked from a search, or a personal code shown on a phone. */
export const roleGrantInputSchema = z
  .object({
    openid: openidSchema.optional(),
    memberId: idSchema.optional(),
    code: postCodeSchema.optional(),
    role: roleSchema.exclude(['system_admin']),
    orgId: idSchema,
    /** Required with an OPENID or a code; a member's own name when absent. */
    holderName: z.string().trim().min(2, '姓名至少 2 个字').max(20, '姓名不能超过 20 个字').optional(),
  })
  .superRefine((input, ctx) => {
    const ways = [input.openid, input.memberId, input.code].filter((way) => way !== undefined).length;
    if (ways !== 1) {
      ctx.addIssue({ code: 'custom', path: ['memberId'], message: '请选择一名党员，或输入对方手机上显示的任职码' });
    }
    if (input.memberId === undefined && input.holderName === undefined && ways === 1) {
      ctx.addIssue({ code: 'custom', path: ['holderName'], message: '请填写被任命人的姓名' });
    }
  });

/** A post's id (`r_<holder hash>_<role>_<orgId>`): longer than other ids. */
export const postIdSchema = z.string().regex(/^r_[A-Za-z0-9_-]{1,100}$/, '任职编号格式不正确');

/** One post to end: by who holds it (openid, role, organization), or by the post as listed (id and version). */
export const roleRevokeInputSchema = z
  .object({
    openid: openidSchema.optional(),
    role: roleSchema.exclude(['system_admin']).optional(),
    orgId: idSchema.optional(),
    postId: postIdSchema.optional(),
    /** The post's version as listed, so two admins removing or changing it at once cannot both win. */
    version: z.number().int().positive().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.postId !== undefined) {
      if (input.version === undefined) ctx.addIssue({ code: 'custom', path: ['version'], message: '请带上看到的版本' });
      return;
    }
    for (const field of ['openid', 'role', 'orgId'] as const) {
      if (input[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: '请选择要撤销的任职' });
    }
  });

export const ORG_TREE_ACTIONS = {
  'org.children': {
    summary: '组织树：一个组织的直接下级组织（含已撤销的），按名称分页；本组织或上级组织的管理员',
    input: z.object({ orgId: idSchema, cursor: cursorSchema, limit }),
    output: pageOf(orgEntrySchema),
  },
  'org.search': {
    summary: '在本组织及下级组织中按名称关键字查找（按组织树的顺序分页）；本组织或上级组织的管理员',
    input: z.object({ orgId: idSchema, query: text(30), cursor: cursorSchema, limit }),
    output: pageOf(orgEntrySchema),
  },
  'org.update': {
    summary:
      '修改组织：名称、类型、所在地区、家乡或行业、地址、联系方式（只传要改的字段，带上看到的版本；两人同时修改只有一人成功）',
    input: z.object({ orgId: idSchema, version: z.number().int().positive(), changes: orgChangesSchema }),
    output: orgEntrySchema,
  },
  'org.dissolve': {
    summary:
      '撤销或合并组织：还有党员、未处理的报到或下级组织时须指定接续组织，党员及其报到、纳入管理、待写反馈、收到的反馈和下级组织由后台任务分批转到接续组织；撤销的组织保留历史，不再接受报到，本组织的任职随之结束',
    input: z.object({
      orgId: idSchema,
      version: z.number().int().positive(),
      successorId: idSchema.nullable(),
      reason: text(100),
      requestId: requestIdSchema,
    }),
    output: z.object({ org: orgEntrySchema, job: jobRequestViewSchema.nullable() }),
  },
  'post.list': {
    summary: '任职：本组织及下级组织现任的组织管理员和支部书记（谁、在哪个组织、什么职务、何时起、谁任命），按组织分页',
    input: z.object({ orgId: idSchema, cursor: cursorSchema, limit }),
    output: pageOf(postViewSchema),
  },
  'post.candidates': {
    summary: '任命时查找党员：本组织及下级组织管理的党员（流入或流出），按姓名关键字，只显示隐去部分号码的信息',
    input: z.object({
      orgId: idSchema,
      query: text(20),
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: pageOf(postCandidateSchema),
  },
  'post.myCode': {
    summary: '我的任职码：手机上显示一个 10 分钟内有效、只能用一次的任职码，组织部门据此任命，不必知道微信号',
    input: z.object({}).strict(),
    output: z.object({ code: z.string(), expiresAt: z.string() }),
  },
} as const satisfies Record<string, { summary: string; input: z.ZodType; output: z.ZodType }>;
