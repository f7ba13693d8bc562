import { z } from 'zod';
import { cursorSchema, dateSchema, idSchema, optionalText, pageOf, regionSchema, requestIdSchema, text } from './schemas';

/**
 * The contract of the policy handbook (政策手册): entries an organization's admins publish for
 * the region it covers, read and searched by members on the phone. A member reads the entries
 * of every organization on their branch's path (the city's, the district's, the street's), so a
 * region's handbook is the tree's own. Every entry carries its source and date; an entry an
 * admin withdrew, one past its end date, and one whose source is years old are marked as old.
 */

export const HANDBOOK_TOPICS = [
  'employment',
  'medical_schooling',
  'housing',
  'member_rights',
  'social_security',
  'other',
] as const;
export const handbookTopicSchema = z.enum(HANDBOOK_TOPICS);
export type HandbookTopic = z.infer<typeof handbookTopicSchema>;

/** An entry whose source is this many years old is marked: the policy may have changed since. */
export const HANDBOOK_DATED_YEARS = 3;

/** Why an entry is old: withdrawn by an admin, past its end date, or its source is years old. */
export const handbookOldReasonSchema = z.enum(['withdrawn', 'expired', 'dated']);
export type HandbookOldReason = z.infer<typeof handbookOldReasonSchema>;

const sourceUrlSchema = z.union([
  z.literal(''),
  z
    .string()
    .trim()
    .max(200, '不能超过 200 个字')
    .regex(/^https:\/\/[^\s]+$/, '原文链接应以 https:// 开头'),
]);

export const handbookEntryFieldsSchema = z.object({
  topic: handbookTopicSchema,
  title: text(40),
  body: text(2000),
  /** Who issued it and which document: 苏州市人力资源和社会保障局《关于…的通知》. */
  source: text(80),
  /** The day the source was issued. */
  sourceDate: dateSchema,
  sourceUrl: sourceUrlSchema.default(''),
  /** The last day the policy applies, when the source says; after it the entry is marked old. */
  validUntil: dateSchema.nullish(),
});

export const handbookEntryViewSchema = z.object({
  entryId: z.string(),
  /** The organization that published it; its region is the entry's. */
  org: z.object({ orgId: z.string(), name: z.string() }),
  region: regionSchema,
  topic: handbookTopicSchema,
  title: z.string(),
  body: z.string(),
  source: z.string(),
  sourceDate: z.string(),
  sourceUrl: z.string(),
  validUntil: z.string().nullable(),
  /** Null for an entry in force. */
  old: z.object({ reason: handbookOldReasonSchema, note: z.string() }).nullable(),
  publishedAt: z.string(),
  publishedByName: z.string().nullable(),
  updatedAt: z.string(),
  /** The caller may change or withdraw it (an admin of the publishing organization or above). */
  can: z.object({ edit: z.boolean() }),
  version: z.number(),
});
export type HandbookEntryView = z.infer<typeof handbookEntryViewSchema>;

export const HANDBOOK_ACTIONS = {
  'handbook.publish': {
    summary: '发布政策手册条目（本组织或上级组织的管理员）：分类、标题、内容、来源和发布日期；同一 requestId 重试不重复',
    input: handbookEntryFieldsSchema.extend({ orgId: idSchema, requestId: requestIdSchema }),
    output: handbookEntryViewSchema,
  },
  'handbook.update': {
    summary: '修改政策手册条目（带看到的版本，两人同时修改只有一人成功）',
    input: handbookEntryFieldsSchema.extend({ entryId: idSchema, version: z.number().int().positive() }),
    output: handbookEntryViewSchema,
  },
  'handbook.withdraw': {
    summary: '把条目标为旧政策（已被新政策替代或停止执行），写明原因；条目保留，标注“旧”',
    input: z.object({ entryId: idSchema, version: z.number().int().positive(), note: text(100) }),
    output: handbookEntryViewSchema,
  },
  'handbook.list': {
    summary:
      '一个地方的政策手册：该组织及其上级组织发布的条目（不传组织时为本人所在支部），可按分类和关键字查找；现行的在前，新的在前；分页',
    input: z.object({
      orgId: idSchema.nullish(),
      topic: handbookTopicSchema.nullish(),
      query: optionalText(20),
      cursor: cursorSchema,
      limit: z.number().int().min(1).max(50).default(20),
    }),
    output: pageOf(handbookEntryViewSchema).extend({
      /** Whose handbook: the organization asked about, or the caller's branch; null when there is none. */
      place: z.object({ orgId: z.string(), name: z.string() }).nullable(),
      /** Whether the caller may publish here (an admin of `place` or above). */
      canPublish: z.boolean(),
    }),
  },
  'handbook.get': {
    summary: '政策手册的一个条目',
    input: z.object({ entryId: idSchema }),
    output: handbookEntryViewSchema,
  },
} as const;
