import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type { LostContactEpisode } from '../contract/lost-contact';
import { chineseDate, shanghaiDate, timestamp } from '../lib/time';
import type { StoredDocument, TransactionStore } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { isWriteConflict } from '../store/saving';
import { type Access, actingName, loadAccess, sideOf } from './access';
import { type ServiceContext, callerKey } from './context';
import { requirePastDay } from './days';
import { lastPresentDay } from './life';
import { type MemberDoc, memberNotFound, placementOf, toLostContactView, toMemberView } from './members';
import { postMessage } from './messages';
import type { LifeFlagRecord, LostContactEpisodeRecord, LostContactMark, MemberRecord, MessageRecord, SideName } from './records';

/**
 * 失联: a member neither side can reach. Either side (the inflow branch, the outflow
 * organization, an admin above either) marks it with the day of last contact and the reason,
 * and records finding the member again; the no-life clock only proposes it. The open mark sits
 * on the member (`lostContact`, queryable for the figures); every episode is kept in
 * `lost_contacts`, so the history survives finding the member.
 */

export const LOST_CONTACT_REASON_TEXT: Record<LostContactMark['reason'], string> = {
  work_business: '务工经商',
  residence_changed: '居住地改变',
  abroad: '出国(境)',
  other: '其他',
};

const EPISODE_LIMIT = 20;

export function lostContactEpisodeId(memberId: string, n: number): string {
  return `lc_${memberId}_${n}`;
}

function toEpisodeView(doc: StoredDocument<LostContactEpisodeRecord>): LostContactEpisode {
  return {
    episodeId: doc._id,
    ...toLostContactView(doc),
    foundOn: doc.foundOn,
    foundHow: doc.foundHow,
    foundByName: doc.foundByName,
    foundSide: doc.foundSide,
  };
}

/** A member the caller stands on a side of; anyone else is told the member does not exist. */
async function requireSideOfMember(
  ctx: ServiceContext,
  memberId: string,
): Promise<{ member: MemberDoc; access: Access; side: SideName }> {
  const [member, access] = await Promise.all([ctx.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId), loadAccess(ctx)]);
  if (!member) throw memberNotFound();
  const side = sideOf(access, member);
  if (!side) throw memberNotFound();
  return { member, access, side };
}

/** The path whose holder the step is recorded under: the caller's own side. */
function pathOnSide(member: MemberDoc, side: SideName): string {
  return (side === 'outflow' ? member.outflowPath : member.inflowPath) ?? member.outflowPath ?? '';
}

/** The organizations told of a step: the side(s) that did not take it. */
function otherSides(member: MemberDoc, side: SideName): { orgId: string; orgPath: string }[] {
  const placement = placementOf(member);
  const inflow = placement ? [{ orgId: placement.branchId, orgPath: placement.branchPath }] : [];
  const outflow =
    member.outflow.orgId && member.outflowPath ? [{ orgId: member.outflow.orgId, orgPath: member.outflowPath }] : [];
  if (side === 'inflow') return outflow;
  if (side === 'outflow') return inflow;
  return [...inflow, ...outflow];
}

async function tell(
  tx: TransactionStore,
  member: MemberDoc,
  side: SideName,
  idPrefix: string,
  message: Omit<MessageRecord, 'orgId' | 'orgPath' | 'memberId' | 'reportId'>,
): Promise<void> {
  await Promise.all(
    otherSides(member, side).map((org) =>
      postMessage(tx, `${idPrefix}_${org.orgId}`, { ...message, ...org, reportId: null, memberId: member._id }),
    ),
  );
}

function memberConflict(message?: string, cause?: unknown): AppError {
  return new AppError('CONFLICT', message ?? '这名党员的记录刚被其他人修改，请刷新后再试', { field: 'version', cause });
}

function sideWords(side: SideName): string {
  return side === 'outflow' ? '流出地党组织' : side === 'inflow' ? '流入地党支部' : '上级党组织';
}

export async function markLostContact(
  ctx: ServiceContext,
  input: ParsedInput<'lostContact.mark'>,
): Promise<ActionOutput<'lostContact.mark'>> {
  const { member, access, side } = await requireSideOfMember(ctx, input.memberId);
  const today = shanghaiDate(ctx.deps.clock);
  requirePastDay(input.lastContactOn, today, 'lastContactOn', '最后联系日期');
  const key = callerKey(ctx.caller);
  const current = member.lostContact ?? null;
  if (current) {
    // The same person sending the same mark again is a retry: answer with what it made.
    const same = current.markedBy === key && current.since === input.lastContactOn && current.reason === input.reason;
    if (same && current.note === input.note) return toMemberView(member);
  }
  // Two people deciding at once: the one whose version is stale loses, and hears who won.
  const markedBy = current
    ? `${current.markedByName ?? sideWords(current.markedSide)}已于${chineseDate(current.markedOn)}标记这名党员失联`
    : null;
  if (member.version !== input.version) throw memberConflict(markedBy ? `${markedBy}，请刷新后查看` : undefined);
  if (markedBy) throw new AppError('ALREADY_LOST_CONTACT', markedBy);

  const n = (member.lostContactEpisodes ?? 0) + 1;
  const episodeId = lostContactEpisodeId(member._id, n);
  const now = timestamp(ctx.deps.clock);
  const mark: LostContactMark = {
    episodeId,
    since: input.lastContactOn,
    reason: input.reason,
    note: input.note,
    markedOn: today,
    markedAt: now,
    markedBy: key,
    markedByName: actingName(access, pathOnSide(member, side)),
    markedSide: side,
  };
  const episode: LostContactEpisodeRecord = {
    ...mark,
    memberId: member._id,
    memberName: member.name,
    inflowPath: member.inflowPath,
    outflowPath: member.outflowPath,
    foundOn: null,
    foundHow: null,
    foundAt: null,
    foundBy: null,
    foundByName: null,
    foundSide: null,
  };
  const reasonText = input.reason === 'other' ? input.note : LOST_CONTACT_REASON_TEXT[input.reason];
  try {
    // The writes go together: on CloudBase each is a round trip, and none depends on another.
    const version = await ctx.deps.store.transaction(async (tx) => {
      const [next] = await Promise.all([
        tx.update(COLLECTIONS.members, member._id, member.version, {
          lostContact: mark,
          lostContactEpisodes: n,
          updatedAt: now,
        }),
        tx.insert<LostContactEpisodeRecord>(COLLECTIONS.lostContacts, { _id: episodeId, ...episode }),
        tell(tx, member, side, `msg_${episodeId}_marked`, {
          kind: 'lost_contact_marked',
          title: '党员失联',
          body: `${sideWords(side)}已将${member.name}标记为失联：最后联系于 ${chineseDate(input.lastContactOn)}，原因：${reasonText}。找到后请在党员详情中登记。`,
          createdAt: now,
        }),
      ]);
      return next;
    });
    return toMemberView({ ...member, lostContact: mark, lostContactEpisodes: n, updatedAt: now, version });
  } catch (error) {
    if (isWriteConflict(error)) throw memberConflict(undefined, error);
    throw error;
  }
}

export async function recordFound(
  ctx: ServiceContext,
  input: ParsedInput<'lostContact.found'>,
): Promise<ActionOutput<'lostContact.found'>> {
  const { member, access, side } = await requireSideOfMember(ctx, input.memberId);
  const { store } = ctx.deps;
  const key = callerKey(ctx.caller);
  const current = member.lostContact ?? null;
  const today = shanghaiDate(ctx.deps.clock);
  if (!current) {
    const last = member.lostContactEpisodes
      ? await store.get<LostContactEpisodeRecord>(
          COLLECTIONS.lostContacts,
          lostContactEpisodeId(member._id, member.lostContactEpisodes),
        )
      : null;
    // A retry of the call that recorded it answers with the member as it left them.
    if (last && last.foundBy === key && last.foundOn === input.foundOn && last.foundHow === input.how)
      return toMemberView(member);
    throw new AppError('NOT_LOST_CONTACT', `${member.name}没有失联标记`);
  }
  requirePastDay(input.foundOn, today, 'foundOn', '找到的日期', { day: current.since, what: '最后联系日期' });
  if (member.version !== input.version) throw memberConflict();
  const now = timestamp(ctx.deps.clock);
  const episode = await store.get<LostContactEpisodeRecord>(COLLECTIONS.lostContacts, current.episodeId);
  if (!episode) throw new Error(`The open 失联 episode ${current.episodeId} of ${member._id} is missing`);
  try {
    const version = await store.transaction(async (tx) => {
      const [next] = await Promise.all([
        tx.update(COLLECTIONS.members, member._id, member.version, { lostContact: null, updatedAt: now }),
        tx.update(COLLECTIONS.lostContacts, episode._id, episode.version, {
          foundOn: input.foundOn,
          foundHow: input.how,
          foundAt: now,
          foundBy: key,
          foundByName: actingName(access, pathOnSide(member, side)),
          foundSide: side,
        }),
        tell(tx, member, side, `msg_${episode._id}_found`, {
          kind: 'lost_contact_found',
          title: '失联党员已找到',
          body: `${sideWords(side)}已于 ${chineseDate(input.foundOn)} 联系上${member.name}（${input.how}），失联标记已解除。`,
          createdAt: now,
        }),
      ]);
      return next;
    });
    return toMemberView({ ...member, lostContact: null, updatedAt: now, version });
  } catch (error) {
    if (isWriteConflict(error)) throw memberConflict(undefined, error);
    throw error;
  }
}

/**
 * The no-life clock's proposal still standing: its latest escalation, unless the member has
 * taken part since, or was marked and found after it was counted from.
 */
async function standingProposal(
  ctx: ServiceContext,
  member: MemberDoc,
  episodes: readonly StoredDocument<LostContactEpisodeRecord>[],
): Promise<{ since: string; months: number } | null> {
  if (member.lostContact || !placementOf(member)) return null;
  const { store } = ctx.deps;
  const [flags, lastLife] = await Promise.all([
    store.find<LifeFlagRecord>(COLLECTIONS.lifeFlags, {
      where: { memberId: member._id, level: 'escalation' },
      orderBy: [{ field: 'raisedAt', direction: 'desc' }],
      limit: 1,
    }),
    lastPresentDay(store, member._id),
  ]);
  const flag = flags.items[0];
  if (!flag) return null;
  if (lastLife !== null && lastLife > flag.since) return null;
  const lastFound = episodes.find((e) => e.foundOn)?.foundOn ?? null;
  if (lastFound !== null && lastFound >= flag.since) return null;
  return { since: flag.since, months: flag.months };
}

export async function getLostContact(
  ctx: ServiceContext,
  input: ParsedInput<'lostContact.get'>,
): Promise<ActionOutput<'lostContact.get'>> {
  const { member } = await requireSideOfMember(ctx, input.memberId);
  const page = await ctx.deps.store.find<LostContactEpisodeRecord>(COLLECTIONS.lostContacts, {
    where: { memberId: member._id },
    orderBy: [{ field: 'markedAt', direction: 'desc' }],
    limit: EPISODE_LIMIT,
  });
  const current = member.lostContact ?? null;
  return {
    current: current ? toLostContactView(current) : null,
    proposal: await standingProposal(ctx, member, page.items),
    episodes: page.items.map(toEpisodeView),
    can: { mark: !current && member.status !== 'transferred', found: current !== null },
  };
}
