import { z } from 'zod';
import { cursorSchema, geoPointSchema, idSchema, memberRefSchema, pageOf, phoneSchema, requestIdSchema } from './schemas';

/**
 * 亮身份: the member's volunteer skill card (志愿者技能卡) and the help residents ask through it.
 *
 * A card is published only with the member's explicit consent, approved by the member's branch
 * before anyone else sees it, and withdrawn by the member at any time. Residents — any WeChat
 * user, registered or not — find a community's approved cards by its code and ask for help; the
 * member accepts (sharing their phone for that request only when they choose) or declines, and
 * the resident's confirmation of the finished service counts as the member's volunteer hours.
 * A resident reads of a member only what the card shows and what the member shared.
 */

export const SKILL_CARD_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const skillCardStatusSchema = z.enum(SKILL_CARD_STATUSES);
export type SkillCardStatus = z.infer<typeof skillCardStatusSchema>;

export const HELP_STATUSES = ['waiting', 'accepted', 'declined', 'cancelled', 'confirmed'] as const;
export const helpStatusSchema = z.enum(HELP_STATUSES);
export type HelpStatus = z.infer<typeof helpStatusSchema>;

/** The scene of a community's card code on the wall: `k=<orgId>` (at most 32 characters). */
export const SKILL_CARD_SCENE_PREFIX = 'k=';
/** The scene of a 党员经营户's code in the shop: `s=<cardId>`, which opens that one card. */
export const SHOP_CARD_SCENE_PREFIX = 's=';

const skillSchema = z.string().trim().min(1, '技能不能为空').max(12, '每项技能不超过 12 个字');

/** 党员经营户: the member's shop, shown on the same card. */
export const shopSchema = z.object({
  name: z.string().trim().min(2, '店名至少 2 个字').max(30, '店名不超过 30 个字'),
  address: z.string().trim().max(60, '地址不超过 60 个字').default(''),
});
export type Shop = z.infer<typeof shopSchema>;

/** What the card shows: every word of it typed by the member for residents to read. */
export const skillCardContentSchema = z.object({
  /** How residents address the member (e.g. 刘师傅): the member's choice, not the registered name. */
  displayName: z.string().trim().min(1, '请填写称呼').max(10, '称呼不超过 10 个字'),
  skills: z.array(skillSchema).min(1, '至少填写一项技能').max(6, '最多 6 项技能'),
  area: z.string().trim().min(2, '请写明服务范围').max(40, '服务范围不超过 40 个字'),
  times: z.string().trim().min(2, '请写明什么时间有空').max(40, '服务时间不超过 40 个字'),
  shop: shopSchema.nullable().default(null),
});
export type SkillCardContent = z.infer<typeof skillCardContentSchema>;

export const skillCardSaveInputSchema = skillCardContentSchema.extend({
  /** The member's explicit consent to show the card to residents; nothing is published without it. */
  consent: z.literal(true, { message: '请勾选“同意向居民展示这张技能卡”' }),
  /** The version seen (null for a first card): two saves at once, one wins. */
  version: z.number().int().positive().nullable(),
});

/** The member's own card, with where it stands. */
export const skillCardViewSchema = skillCardContentSchema.extend({
  cardId: z.string(),
  status: skillCardStatusSchema,
  branchName: z.string(),
  consentAt: z.string(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  /** Why the branch did not approve it, written for the member. */
  reason: z.string().nullable(),
  /** Confirmed services so far and their hours. */
  servicesConfirmed: z.number().int(),
  hoursConfirmed: z.number(),
  version: z.number(),
});
export type SkillCardView = z.infer<typeof skillCardViewSchema>;

/** A card as a resident reads it: what the member wrote to be shown, and the branch that vouches for it. */
export const publicSkillCardSchema = skillCardContentSchema.extend({
  cardId: z.string(),
  branchName: z.string(),
});
export type PublicSkillCard = z.infer<typeof publicSkillCardSchema>;

/** A card waiting for the branch, as its secretary reads it. */
export const skillCardReviewViewSchema = skillCardContentSchema.extend({
  cardId: z.string(),
  member: memberRefSchema,
  branchName: z.string(),
  status: skillCardStatusSchema,
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
  version: z.number(),
});
export type SkillCardReviewView = z.infer<typeof skillCardReviewViewSchema>;

/** Where a code or an id leads: the organization whose cards are listed. */
export const communityPlaceSchema = z
  .object({ orgId: idSchema.nullish(), scene: z.string().trim().max(40).nullish() })
  .refine((place) => Boolean(place.orgId) !== Boolean(place.scene), {
    message: '请扫描社区的志愿服务码',
    path: ['scene'],
  });

export const helpAskInputSchema = z.object({
  cardId: idSchema,
  requestId: requestIdSchema,
  /** How the member should address the resident (e.g. 张阿姨). */
  residentName: z.string().trim().min(1, '请填写您的称呼').max(10, '称呼不超过 10 个字'),
  /** For the member to call back: seen by that member only. */
  residentPhone: phoneSchema,
  need: z.string().trim().min(2, '请写明需要什么帮助').max(200, '不超过 200 个字'),
  place: z.string().trim().max(60, '地点不超过 60 个字').default(''),
  when: z.string().trim().max(40, '时间不超过 40 个字').default(''),
});

/** Hours a resident confirms for one service: half-hour steps, one day at most. */
export const serviceHoursSchema = z
  .number()
  .min(0.5, '至少 0.5 小时')
  .max(12, '一次服务不超过 12 小时')
  .refine((value) => Number.isInteger(value * 2), '按半小时填写，如 1.5');

/** A request as the resident who asked reads it. */
export const helpResidentViewSchema = z.object({
  helpId: z.string(),
  status: helpStatusSchema,
  card: z.object({ cardId: z.string(), displayName: z.string(), skills: z.array(z.string()), branchName: z.string() }),
  need: z.string(),
  place: z.string(),
  when: z.string(),
  askedAt: z.string(),
  answeredAt: z.string().nullable(),
  /** The member's reason when declining, written for the resident. */
  declineReason: z.string().nullable(),
  /** The member's phone, only when the member chose to share it for this request. */
  memberPhone: z.string().nullable(),
  hours: z.number().nullable(),
  confirmedAt: z.string().nullable(),
  canCancel: z.boolean(),
  canConfirm: z.boolean(),
  version: z.number(),
});
export type HelpResidentView = z.infer<typeof helpResidentViewSchema>;

/** A request as the member asked reads it. */
export const helpMemberViewSchema = z.object({
  helpId: z.string(),
  status: helpStatusSchema,
  residentName: z.string(),
  /** The number the resident left for this member to call. */
  residentPhone: z.string(),
  need: z.string(),
  place: z.string(),
  when: z.string(),
  askedAt: z.string(),
  answeredAt: z.string().nullable(),
  declineReason: z.string().nullable(),
  phoneShared: z.boolean(),
  hours: z.number().nullable(),
  confirmedAt: z.string().nullable(),
  canAnswer: z.boolean(),
  version: z.number(),
});
export type HelpMemberView = z.infer<typeof helpMemberViewSchema>;

const versionSchema = z.number().int().positive();
const listLimit = z.number().int().min(1).max(50).default(20);

export const SKILL_CARD_ACTIONS = {
  'skillCard.mine': {
    summary: '本人的志愿者技能卡（未发布时为空）与能否发布（须已纳入支部管理）',
    input: z.object({}).strict(),
    output: z.object({ card: skillCardViewSchema.nullable(), canPublish: z.boolean(), branchName: z.string().nullable() }),
  },
  'skillCard.save': {
    summary: '发布或修改技能卡：须勾选同意向居民展示；提交后由所在支部审核，审核通过前居民看不到；内容未变时重试不改动',
    input: skillCardSaveInputSchema,
    output: skillCardViewSchema,
  },
  'skillCard.withdraw': {
    summary: '撤回技能卡：居民立即看不到；可随时重新发布（再经支部审核）',
    input: z.object({ version: versionSchema }),
    output: skillCardViewSchema,
  },
  'skillCard.pending': {
    summary: '待支部审核的技能卡（支部书记或上级管理员）；分页',
    input: z.object({ orgId: idSchema, cursor: cursorSchema, limit: listLimit }),
    output: pageOf(skillCardReviewViewSchema),
  },
  'skillCard.review': {
    summary: '审核技能卡：通过后向居民展示，不通过须写明理由；两人同时审核只有一人成功',
    input: z
      .object({
        cardId: idSchema,
        version: versionSchema,
        decision: z.enum(['approve', 'reject']),
        reason: z.string().trim().max(100, '理由不超过 100 个字').default(''),
      })
      .refine((input) => input.decision === 'approve' || input.reason.length > 0, {
        message: '不通过时请写明理由',
        path: ['reason'],
      }),
    output: skillCardReviewViewSchema,
  },
  'skillCard.code': {
    summary: '社区志愿服务码（给居民扫）：小程序码的场景值与图片（组织的书记或管理员）',
    input: z.object({ orgId: idSchema }),
    output: z.object({ orgName: z.string(), scene: z.string(), page: z.string(), imageDataUrl: z.string() }),
  },
  'skillCard.shopCode': {
    summary: '党员经营户的店铺码：贴在店里，扫码即看到本人这张技能卡（技能卡审核通过、填写了店铺后才有）',
    input: z.object({}).strict(),
    output: z.object({ shopName: z.string(), scene: z.string(), page: z.string(), imageDataUrl: z.string() }),
  },
  'skillCard.community': {
    summary:
      '居民按社区志愿服务码（或组织编号）查看已审核的技能卡，或按店铺码查看这家党员经营户的卡：任何微信用户，无须登记；分页',
    input: z.object({ place: communityPlaceSchema, cursor: cursorSchema, limit: listLimit }),
    output: z.object({
      /** A community's cards, or the one card of the shop whose code was scanned (`orgName` is then the shop's). */
      by: z.enum(['community', 'shop']),
      orgId: z.string(),
      orgName: z.string(),
      cards: z.array(publicSkillCardSchema),
      nextCursor: z.string().nullable(),
    }),
  },
  'skillCard.nearby': {
    summary:
      '居民“离我最近”：由近到远的社区（及其党支部）和那里已审核的技能卡，带距离；位置只用于这次查找，不保存；任何微信用户，无须登记',
    input: z.object({ point: geoPointSchema, limit: z.number().int().min(1).max(10).default(5) }),
    output: z.object({
      communities: z.array(
        z.object({
          orgId: z.string(),
          orgName: z.string(),
          distanceMetres: z.number(),
          cards: z.array(publicSkillCardSchema),
        }),
      ),
    }),
  },
  'help.ask': {
    summary: '居民向技能卡的党员求助（任何微信用户，无须登记）；同一请求编号重试不重复；对同一张卡同时只能有一个未结束的求助',
    input: helpAskInputSchema,
    output: helpResidentViewSchema,
  },
  'help.mine': {
    summary: '本人（居民）发出的求助，最新的在前；分页',
    input: z.object({ cursor: cursorSchema, limit: listLimit }),
    output: pageOf(helpResidentViewSchema),
  },
  'help.cancel': {
    summary: '居民撤回尚未完成的求助',
    input: z.object({ helpId: idSchema, version: versionSchema }),
    output: helpResidentViewSchema,
  },
  'help.confirm': {
    summary: '居民确认服务已完成并填写时长：计入党员的志愿服务时长和反馈报告',
    input: z.object({ helpId: idSchema, version: versionSchema, hours: serviceHoursSchema }),
    output: helpResidentViewSchema,
  },
  'help.incoming': {
    summary: '党员收到的求助，最新的在前；分页',
    input: z.object({ cursor: cursorSchema, limit: listLimit }),
    output: pageOf(helpMemberViewSchema),
  },
  'help.answer': {
    summary: '党员接受或婉拒求助；接受时可选择把本人手机号告诉这位居民（只对这一次求助）；两人同时操作只有一人成功',
    input: z
      .object({
        helpId: idSchema,
        version: versionSchema,
        decision: z.enum(['accept', 'decline']),
        sharePhone: z.boolean().default(false),
        reason: z.string().trim().max(100, '理由不超过 100 个字').default(''),
      })
      .refine((input) => input.decision === 'accept' || !input.sharePhone, {
        message: '婉拒时不分享手机号',
        path: ['sharePhone'],
      }),
    output: helpMemberViewSchema,
  },
} as const;
