import { z } from 'zod';
import { idCardProblem, normalizeIdCard } from './id-card';
import { lostContactViewSchema } from './lost-contact';

/**
 * Shared building blocks of the API contract. Every action's input is validated with these
 * on the server; the mini-program imports only the inferred types.
 */

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, '编号格式不正确');
export const cursorSchema = z.string().max(2000).nullish();
/** WeChat OPENIDs are 28 characters of base64url; allow a little room for other sources. */
export const openidSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'OPENID 格式不正确');

/** A required line of text: trimmed, not empty, at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 个字`);
/** An optional line of text: trimmed, empty when absent, at most `max` characters. */
export const optionalText = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`).default('');

/** A calendar date in China Standard Time. */
export const dateSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式应为 YYYY-MM-DD');
/** A calendar month in China Standard Time. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

export const regionSchema = z.object({
  province: text(20),
  city: text(20),
  district: text(20),
});
export type Region = z.infer<typeof regionSchema>;

/**
 * A point as WeChat gives it (wx.getLocation with type 'gcj02', wx.chooseLocation): GCJ-02
 * degrees. Only the ranges are checked; a point need not lie in China (a member may be abroad).
 */
export const geoPointSchema = z.object({
  latitude: z.number().min(-90, '纬度应在 -90 到 90 之间').max(90, '纬度应在 -90 到 90 之间'),
  longitude: z.number().min(-180, '经度应在 -180 到 180 之间').max(180, '经度应在 -180 到 180 之间'),
});
export type GeoPointInput = z.infer<typeof geoPointSchema>;

/** A hometown may be a whole city (no district) or one county/district. */
export const hometownSchema = z.object({
  province: text(20),
  city: text(20),
  district: text(20).optional(),
});
export type Hometown = z.infer<typeof hometownSchema>;

export const ORG_KINDS = ['committee', 'general_branch', 'branch'] as const;
export const orgKindSchema = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof orgKindSchema>;

export const BRANCH_KINDS = ['community', 'hometown', 'industry', 'enterprise'] as const;
export const branchKindSchema = z.enum(BRANCH_KINDS);
export type BranchKind = z.infer<typeof branchKindSchema>;

/**
 * Industries are the 门类 (sections A–T) of the national classification GB/T 4754-2017
 * 国民经济行业分类, stored and sent as the section letter:
 * A 农、林、牧、渔业; B 采矿业; C 制造业; D 电力、热力、燃气及水生产和供应业; E 建筑业;
 * F 批发和零售业; G 交通运输、仓储和邮政业; H 住宿和餐饮业; I 信息传输、软件和信息技术服务业;
 * J 金融业; K 房地产业; L 租赁和商务服务业; M 科学研究和技术服务业; N 水利、环境和公共设施管理业;
 * O 居民服务、修理和其他服务业; P 教育; Q 卫生和社会工作; R 文化、体育和娱乐业;
 * S 公共管理、社会保障和社会组织; T 国际组织.
 */
export const INDUSTRIES = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
] as const;
export const industrySchema = z.enum(INDUSTRIES);
export type Industry = z.infer<typeof industrySchema>;

export const genderSchema = z.enum(['male', 'female']);
export type Gender = z.infer<typeof genderSchema>;
export const standingSchema = z.enum(['full', 'probationary']);
export type Standing = z.infer<typeof standingSchema>;
export const leaveReasonSchema = z.enum(['work', 'business', 'study', 'family', 'other']);
export type LeaveReason = z.infer<typeof leaveReasonSchema>;
export const workPatternSchema = z.enum(['regular', 'irregular']);
export type WorkPattern = z.infer<typeof workPatternSchema>;
/** `returned`: the outflow side recorded the member home (返回登记, 流动结束). `transferred`: the organization
 * relationship moved to the inflow branch; no longer a mobile member. */
export const memberStatusSchema = z.enum(['registered', 'pending', 'placed', 'returned', 'transferred']);
export type MemberStatus = z.infer<typeof memberStatusSchema>;
export const checkinStatusSchema = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);
export type CheckinStatus = z.infer<typeof checkinStatusSchema>;
/** How the member came to the organization: its code, a search, a suggestion, or the 归队码's list of places near them. */
export const checkinViaSchema = z.enum(['scan', 'search', 'suggestion', 'nearby']);
export type CheckinVia = z.infer<typeof checkinViaSchema>;
export const roleSchema = z.enum(['system_admin', 'org_admin', 'secretary']);
export type Role = z.infer<typeof roleSchema>;

export const idCardSchema = z
  .string()
  .transform(normalizeIdCard)
  .superRefine((value, ctx) => {
    const problem = idCardProblem(value);
    if (problem === 'format') ctx.addIssue({ code: 'custom', message: '身份证号应为 18 位' });
    if (problem === 'birthDate') ctx.addIssue({ code: 'custom', message: '身份证号中的出生日期不正确' });
    if (problem === 'checkDigit') ctx.addIssue({ code: 'custom', message: '身份证号校验位不正确，请核对' });
  });

export const phoneSchema = z
  .string()
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, '请输入 11 位手机号'));

/** The outflow organization: picked from the tree, or described when it is not on the system. */
export const outflowInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('listed'), orgId: idSchema }),
  z.object({ kind: z.literal('unlisted'), name: text(60), region: regionSchema }),
]);
export type OutflowInput = z.infer<typeof outflowInputSchema>;

const profileFields = {
  name: z.string().trim().min(2, '姓名至少 2 个字').max(20, '姓名不能超过 20 个字'),
  gender: genderSchema,
  phone: phoneSchema,
  standing: standingSchema,
  joinedPartyOn: dateSchema,
  outflow: outflowInputSchema,
  leftOn: monthSchema,
  leaveReason: leaveReasonSchema,
  residence: z.object({ region: regionSchema, address: text(80) }),
  workplace: text(60),
  occupation: text(30),
  industry: industrySchema,
  workPattern: workPatternSchema,
  skills: z.array(text(20)).max(10, '技能最多填写 10 项'),
};

export const registerInputSchema = z.object({ ...profileFields, idCard: idCardSchema });
export type RegisterInput = z.input<typeof registerInputSchema>;

/** Every field optional; the ID number cannot be edited (a wrong one is corrected by an admin). */
export const updateProfileInputSchema = z.object(profileFields).partial();
export type UpdateProfileInput = z.input<typeof updateProfileInputSchema>;

export const orgViewSchema = z.object({
  orgId: z.string(),
  name: z.string(),
  kind: orgKindSchema,
  parentId: z.string().nullable(),
  region: regionSchema,
  branchKind: branchKindSchema.nullable(),
  hometown: hometownSchema.nullable(),
  industry: industrySchema.nullable(),
  address: z.string().nullable(),
  /** 联系人及电话, as the organization department keeps it. */
  contact: z.string().nullable(),
  /** Set once the organization is dissolved: it keeps its history, takes no check-ins, and names who carries on. */
  dissolved: z.object({ on: z.string(), successor: z.object({ orgId: z.string(), name: z.string() }).nullable() }).nullable(),
});
export type OrgView = z.infer<typeof orgViewSchema>;

export const branchRefSchema = z.object({ orgId: z.string(), name: z.string() });
export type BranchRef = z.infer<typeof branchRefSchema>;

export const memberViewSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  gender: genderSchema,
  phoneMasked: z.string(),
  idCardMasked: z.string(),
  standing: standingSchema,
  joinedPartyOn: z.string(),
  outflow: z.object({ orgId: z.string().nullable(), name: z.string(), region: regionSchema }),
  leftOn: z.string(),
  leaveReason: leaveReasonSchema,
  residence: z.object({ region: regionSchema, addressMasked: z.string() }),
  workplace: z.string(),
  occupation: z.string(),
  industry: industrySchema,
  workPattern: workPatternSchema,
  skills: z.array(z.string()),
  status: memberStatusSchema,
  inflowBranch: branchRefSchema.nullable(),
  placedAt: z.string().nullable(),
  /** 失联: the open mark, or null. */
  lostContact: lostContactViewSchema.nullable(),
  registeredAt: z.string(),
  version: z.number(),
});
export type MemberView = z.infer<typeof memberViewSchema>;

/** Why a placement ended: the member moved on (another city, home, another job), or the outflow side recorded the return. */
export const PLACEMENT_END_REASONS = ['moved_city', 'went_home', 'changed_job', 'other', 'returned_home'] as const;
export const placementEndReasonSchema = z.enum(PLACEMENT_END_REASONS);
export type PlacementEndReason = z.infer<typeof placementEndReasonSchema>;

/** The placement a member had before this check-in, shown on the new branch's decision sheet. */
export const previousPlacementSchema = z.object({
  branch: branchRefSchema,
  endedOn: z.string(),
  endReason: placementEndReasonSchema,
  destination: z.string().nullable(),
});
export type PreviousPlacement = z.infer<typeof previousPlacementSchema>;
export const orgRefSchema = z.object({ orgId: z.string(), name: z.string(), kind: orgKindSchema });
export type OrgRef = z.infer<typeof orgRefSchema>;

export const checkinForwardViewSchema = z.object({
  from: branchRefSchema,
  to: branchRefSchema,
  byName: z.string().nullable(),
  reason: z.string().nullable(),
  at: z.string(),
});
export type CheckinForwardView = z.infer<typeof checkinForwardViewSchema>;

export const checkinViewSchema = z.object({
  checkinId: z.string(),
  memberId: z.string(),
  memberName: z.string(),
  memberStanding: standingSchema,
  memberOutflowName: z.string(),
  /** Where the request is now: the organization checked in to, or the last one it was forwarded to. */
  organization: orgRefSchema,
  /** Each hand-over to another organization, oldest first; the member sees them too. */
  forwards: z.array(checkinForwardViewSchema),
  status: checkinStatusSchema,
  via: checkinViaSchema,
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  reason: z.string().nullable(),
  placedBranch: branchRefSchema.nullable(),
  /** The member's last placement before this request, or null when this is the first. */
  previousPlacement: previousPlacementSchema.nullable(),
  version: z.number(),
});
export type CheckinView = z.infer<typeof checkinViewSchema>;

export const roleViewSchema = z.object({
  role: roleSchema,
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  orgKind: orgKindSchema.nullable(),
});
export type RoleView = z.infer<typeof roleViewSchema>;

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/**
 * A client-chosen key for one create request: the same key from the same person makes the
 * same record, so a retried tap never duplicates it.
 */
export const requestIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, '请求编号格式不正确');
export const yearSchema = z.number().int().min(2020, '年份不正确').max(2100, '年份不正确');
/** A time of day in Shanghai, `HH:mm`. */
export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');
/** Hours in half-hour steps. */
export const hoursSchema = z
  .number()
  .min(0.5, '至少 0.5 小时')
  .max(200, '不能超过 200 小时')
  .refine((value) => Number.isInteger(value * 2), '按半小时填写，如 1.5');

export const memberRefSchema = z.object({ memberId: z.string(), name: z.string() });
