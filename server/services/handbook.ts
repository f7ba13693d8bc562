import dayjs from 'dayjs';
import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import { HANDBOOK_DATED_YEARS, type HandbookEntryView } from '../contract/handbook';
import { chineseDate, shanghaiDate, timestamp } from '../lib/time';
import { DuplicateIdError, type Filter, type StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { retryOnConflict } from '../store/saving';
import { type Access, actingName, loadAccess } from './access';
import { type ServiceContext, callerKey } from './context';
import { requirePastDay } from './days';
import { derivedId } from './ids';
import { findOwnMember } from './members';
import { type OrganizationDoc, findOrganization, orgNotFound, pathIds, requireActive } from './organizations';
import type { HandbookEntryRecord } from './records';

/**
 * The policy handbook (政策手册): what an organization's admins publish for the region it
 * covers (就业创业, 就医就学, 住房, 党员权益 …), read and searched by members on the phone. The
 * handbook of a place is every entry published on its path, so a member in a community reads
 * the city's, the district's and the street's entries together. Policy is public: anyone signed
 * in reads it, and nothing in it is about a person. Entries are never deleted: an admin marks
 * one old when a newer policy replaces it, and entries past their end date or with a source
 * {@link HANDBOOK_DATED_YEARS} years old are marked when read.
 */

export type HandbookEntryDoc = StoredDocument<HandbookEntryRecord>;

function entryNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这个政策条目', { field: 'entryId' });
}

function entryConflict(): AppError {
  return new AppError('CONFLICT', '这个条目刚被其他人修改，请刷新后再试', { field: 'version' });
}

function oldOf(doc: HandbookEntryDoc, today: string): HandbookEntryView['old'] {
  if (doc.withdrawnRank === 1) return { reason: 'withdrawn', note: doc.withdrawnNote ?? '' };
  if (doc.validUntil && doc.validUntil < today)
    return { reason: 'expired', note: `有效期至${chineseDate(doc.validUntil)}，已过期` };
  const datedBefore = dayjs(today).subtract(HANDBOOK_DATED_YEARS, 'year').format('YYYY-MM-DD');
  if (doc.sourceDate <= datedBefore) {
    return { reason: 'dated', note: `发布已满 ${HANDBOOK_DATED_YEARS} 年，请向发布单位核实是否仍然执行` };
  }
  return null;
}

export function toHandbookEntryView(doc: HandbookEntryDoc, access: Access, today: string): HandbookEntryView {
  return {
    entryId: doc._id,
    org: { orgId: doc.orgId, name: doc.orgName },
    region: doc.region,
    topic: doc.topic,
    title: doc.title,
    body: doc.body,
    source: doc.source,
    sourceDate: doc.sourceDate,
    sourceUrl: doc.sourceUrl,
    validUntil: doc.validUntil,
    old: oldOf(doc, today),
    publishedAt: doc.publishedAt,
    publishedByName: doc.publishedByName,
    updatedAt: doc.updatedAt,
    can: { edit: access.administers(doc.orgPath) },
    version: doc.version,
  };
}

type EntryFields = Pick<
  ParsedInput<'handbook.publish'>,
  'topic' | 'title' | 'body' | 'source' | 'sourceDate' | 'sourceUrl' | 'validUntil'
>;

/** The checks the schema cannot make: real days, a source not from the future, an end after the source. */
function checkedFields(fields: EntryFields, today: string) {
  requirePastDay(fields.sourceDate, today, 'sourceDate', '发布日期');
  const validUntil = fields.validUntil ?? null;
  if (validUntil !== null) {
    if (dayjs(validUntil).format('YYYY-MM-DD') !== validUntil) {
      throw new AppError('BAD_REQUEST', '有效期不是有效的日期', { field: 'validUntil' });
    }
    if (validUntil < fields.sourceDate) throw new AppError('BAD_REQUEST', '有效期不能早于发布日期', { field: 'validUntil' });
  }
  return {
    topic: fields.topic,
    title: fields.title,
    body: fields.body,
    source: fields.source,
    sourceDate: fields.sourceDate,
    sourceUrl: fields.sourceUrl,
    validUntil,
    searchText: `${fields.title}\n${fields.body}\n${fields.source}`,
  };
}

/** The organization whose handbook this is, for one who may write in it: its admins and those above. */
async function requirePublisher(ctx: ServiceContext, orgId: string): Promise<{ org: OrganizationDoc; access: Access }> {
  const [org, access] = await Promise.all([findOrganization(ctx.deps, orgId), loadAccess(ctx)]);
  // The handbook is public, so its organization is no secret: a secretary or a member is refused, not misled.
  if (!org) throw orgNotFound();
  if (!access.administers(org.path)) throw new AppError('FORBIDDEN', '只有本组织或上级组织的管理员可以发布政策手册');
  return { org, access };
}

export async function publishEntry(
  ctx: ServiceContext,
  input: ParsedInput<'handbook.publish'>,
): Promise<ActionOutput<'handbook.publish'>> {
  const key = callerKey(ctx.caller);
  const { org, access } = await requirePublisher(ctx, input.orgId);
  requireActive(org);
  const today = shanghaiDate(ctx.deps.clock);
  const fields = checkedFields(input, today);
  const id = derivedId('hb', `${key}|${org._id}|${input.requestId}`);
  const now = timestamp(ctx.deps.clock);
  const record: HandbookEntryRecord = {
    orgId: org._id,
    orgName: org.name,
    orgPath: org.path,
    region: org.region,
    ...fields,
    withdrawnRank: 0,
    withdrawnAt: null,
    withdrawnNote: null,
    publishedAt: now,
    publishedBy: key,
    publishedByName: actingName(access, org.path),
    updatedAt: now,
    updatedBy: key,
  };
  try {
    const doc = await ctx.deps.store.insert<HandbookEntryRecord>(COLLECTIONS.handbookEntries, { _id: id, ...record });
    return toHandbookEntryView(doc, access, today);
  } catch (error) {
    // A retry: the entry its first attempt published.
    if (!(error instanceof DuplicateIdError)) throw error;
    const first = await ctx.deps.store.get<HandbookEntryRecord>(COLLECTIONS.handbookEntries, id);
    if (!first) throw error;
    return toHandbookEntryView(first, access, today);
  }
}

/** An entry one may change: its publisher's admins and those above; anyone else is refused, as they still read it. */
async function changeEntry(
  ctx: ServiceContext,
  entryId: string,
  version: number,
  change: (doc: HandbookEntryDoc, today: string) => Partial<HandbookEntryRecord>,
): Promise<HandbookEntryView> {
  const accessLoaded = loadAccess(ctx);
  return retryOnConflict(
    async () => {
      const [doc, access] = await Promise.all([
        ctx.deps.store.get<HandbookEntryRecord>(COLLECTIONS.handbookEntries, entryId),
        accessLoaded,
      ]);
      if (!doc) throw entryNotFound();
      if (!access.administers(doc.orgPath)) throw new AppError('FORBIDDEN', '只有发布组织或上级组织的管理员可以修改');
      const today = shanghaiDate(ctx.deps.clock);
      const patch = { ...change(doc, today), updatedAt: timestamp(ctx.deps.clock), updatedBy: callerKey(ctx.caller) };
      // The same change saved a moment ago by the same person: a retry.
      const unchanged = Object.entries(patch).every(
        ([field, value]) =>
          field === 'updatedAt' || JSON.stringify(doc[field as keyof HandbookEntryRecord]) === JSON.stringify(value),
      );
      if (unchanged && doc.version === version + 1) return toHandbookEntryView(doc, access, today);
      if (doc.version !== version) throw entryConflict();
      const next = await ctx.deps.store.update(COLLECTIONS.handbookEntries, doc._id, doc.version, patch);
      return toHandbookEntryView({ ...doc, ...patch, version: next }, access, today);
    },
    () => entryConflict(),
  );
}

export function updateEntry(
  ctx: ServiceContext,
  input: ParsedInput<'handbook.update'>,
): Promise<ActionOutput<'handbook.update'>> {
  return changeEntry(ctx, input.entryId, input.version, (_doc, today) => checkedFields(input, today));
}

export function withdrawEntry(
  ctx: ServiceContext,
  input: ParsedInput<'handbook.withdraw'>,
): Promise<ActionOutput<'handbook.withdraw'>> {
  return changeEntry(ctx, input.entryId, input.version, (doc) => {
    if (doc.withdrawnRank === 1 && doc.withdrawnNote !== input.note) {
      throw new AppError('BAD_REQUEST', '这个条目已经标为旧政策', { field: 'entryId' });
    }
    return {
      withdrawnRank: 1,
      withdrawnAt: doc.withdrawnAt ?? timestamp(ctx.deps.clock),
      withdrawnNote: input.note,
      updatedBy: doc.withdrawnRank === 1 ? doc.updatedBy : callerKey(ctx.caller),
    };
  });
}

export async function getEntry(ctx: ServiceContext, input: ParsedInput<'handbook.get'>): Promise<ActionOutput<'handbook.get'>> {
  const [doc, access] = await Promise.all([
    ctx.deps.store.get<HandbookEntryRecord>(COLLECTIONS.handbookEntries, input.entryId),
    loadAccess(ctx),
  ]);
  if (!doc) throw entryNotFound();
  return toHandbookEntryView(doc, access, shanghaiDate(ctx.deps.clock));
}

/** The place whose handbook the caller reads: the organization asked about, else the caller's branch. */
async function placeOf(ctx: ServiceContext, orgId: string | null | undefined): Promise<OrganizationDoc | null> {
  if (orgId) {
    const org = await findOrganization(ctx.deps, orgId);
    if (!org) throw orgNotFound();
    return org;
  }
  const member = await findOwnMember(ctx);
  const branchId = member?.status === 'placed' ? member.inflowBranchId : null;
  return branchId ? findOrganization(ctx.deps, branchId) : null;
}

export async function listEntries(
  ctx: ServiceContext,
  input: ParsedInput<'handbook.list'>,
): Promise<ActionOutput<'handbook.list'>> {
  const [place, access] = await Promise.all([placeOf(ctx, input.orgId), loadAccess(ctx)]);
  if (!place) return { place: null, canPublish: false, items: [], nextCursor: null };
  const where: Filter = {
    orgId: { $in: pathIds(place.path) },
    ...(input.topic ? { topic: input.topic } : {}),
    ...(input.query ? { searchText: { $contains: input.query } } : {}),
  };
  const page = await ctx.deps.store.find<HandbookEntryRecord>(COLLECTIONS.handbookEntries, {
    where,
    orderBy: [
      { field: 'withdrawnRank', direction: 'asc' },
      { field: 'sourceDate', direction: 'desc' },
    ],
    limit: input.limit,
    cursor: input.cursor,
  });
  const today = shanghaiDate(ctx.deps.clock);
  return {
    place: { orgId: place._id, name: place.name },
    canPublish: access.administers(place.path),
    items: page.items.map((doc) => toHandbookEntryView(doc, access, today)),
    nextCursor: page.nextCursor,
  };
}
