import { AppError } from './app-error';
import type { ActionOutput, ParsedInput, ToFindStatus, ToFindView } from '../contract';
import { shanghaiDate, timestamp } from '../lib/time';
import { startEarly } from '../lib/together';
import type { Filter, StoredDocument, TransactionStore } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { recordOf, saveVersioned } from '../store/saving';
import { type Access, actingName, loadAccess } from './access';
import { type ServiceContext, callerKey } from './context';
import { requirePastDay } from './days';
import { requireManagedOrganization, underPath } from './organizations';
import type { OrganizationRecord, ToFindRecord } from './records';

/**
 * 待找: a person the movement list names who is not (yet) a registered member, for the
 * organization of their destination to find. The secretary's visit ends it: found (and asked to
 * check in), moved on, or can't be reached (失联, with lostContact's reasons). Registering with
 * the same ID number links it to the member at once (`member.register`). Only who manages the
 * record's organization sees it; anyone else is told it does not exist.
 */

export type ToFindDoc = StoredDocument<ToFindRecord>;

/** One record per person: the keyed hash of the ID number, never the number. */
export function toFindIdFor(idCardHash: string): string {
  return `tf_${idCardHash.slice(0, 32)}`;
}

const CLOSED_STATUSES: readonly ToFindStatus[] = ['found', 'moved_on', 'lost', 'linked'];

export function toToFindView(doc: ToFindDoc): ToFindView {
  const { listed } = doc;
  return {
    toFindId: doc._id,
    status: doc.status,
    name: listed.name,
    gender: listed.gender,
    idCardMasked: listed.idCardMasked,
    phoneMasked: listed.phoneMasked,
    outflowName: listed.outflowName,
    destination: listed.destination,
    addressMasked: listed.addressMasked,
    leftOn: listed.leftOn,
    reason: listed.reason,
    month: doc.month,
    organization: { orgId: doc.orgId, name: doc.orgName },
    memberId: doc.memberId,
    visit: doc.visit
      ? {
          outcome: doc.visit.outcome,
          visitedOn: doc.visit.visitedOn,
          note: doc.visit.note,
          byName: doc.visit.byName,
          lost: doc.visit.lost,
        }
      : null,
    version: doc.version,
  };
}

function toFindNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这条待找记录', { field: 'toFindId' });
}

/** The record, for a caller who manages its organization; anyone else is told it does not exist. */
async function requireManagedToFind(ctx: ServiceContext, toFindId: string): Promise<{ doc: ToFindDoc; access: Access }> {
  const [doc, access] = await Promise.all([ctx.deps.store.get<ToFindRecord>(COLLECTIONS.toFind, toFindId), loadAccess(ctx)]);
  if (!doc || !access.manages(doc.orgPath)) throw toFindNotFound();
  return { doc, access };
}

export async function listToFind(ctx: ServiceContext, input: ParsedInput<'toFind.list'>): Promise<ActionOutput<'toFind.list'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const where: Filter = {
    status: input.status === 'open' ? 'open' : { $in: [...CLOSED_STATUSES] },
    ...underPath('orgPath', org.path),
  };
  const page = await ctx.deps.store.find<ToFindRecord>(COLLECTIONS.toFind, {
    where,
    orderBy: [
      { field: 'orgPath', direction: 'asc' },
      { field: '_id', direction: 'asc' },
    ],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toToFindView), nextCursor: page.nextCursor };
}

export async function assignToFind(
  ctx: ServiceContext,
  input: ParsedInput<'toFind.assign'>,
): Promise<ActionOutput<'toFind.assign'>> {
  const targetRead = startEarly(ctx.deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, input.orgId));
  const { doc, access } = await requireManagedToFind(ctx, input.toFindId);
  if (!access.administers(doc.orgPath)) throw new AppError('FORBIDDEN', '只有组织管理员可以分派待找记录');
  const target = await targetRead;
  if (!target || !access.manages(target.path)) throw new AppError('NOT_FOUND', '找不到这个党组织', { field: 'orgId' });
  if (!target.path.startsWith(doc.orgPath)) {
    throw new AppError('BAD_REQUEST', '只能分给本组织的下级组织', { field: 'orgId' });
  }
  if (doc.status !== 'open') throw new AppError('CONFLICT', '这条记录已经有了结果，不能再分派');
  if (doc.orgId === target._id) return toToFindView(doc);
  if (doc.version !== input.version) throw new AppError('CONFLICT', '这条记录刚被其他人修改，请刷新后再试');
  const patch = { orgId: target._id, orgName: target.name, orgPath: target.path, updatedAt: timestamp(ctx.deps.clock) };
  return toToFindView(
    await saveVersioned(ctx.deps.store, COLLECTIONS.toFind, doc._id, doc.version, { ...recordOf(doc), ...patch }, patch),
  );
}

const VISIT_STATUS = { found: 'found', moved_on: 'moved_on', unreachable: 'lost' } as const;

export async function visitToFind(
  ctx: ServiceContext,
  input: ParsedInput<'toFind.visit'>,
): Promise<ActionOutput<'toFind.visit'>> {
  const { doc, access } = await requireManagedToFind(ctx, input.toFindId);
  const today = shanghaiDate(ctx.deps.clock);
  requirePastDay(input.visitedOn, today, 'visitedOn', '走访日期');
  const lost = input.lost ? { since: input.lost.since, reason: input.lost.reason, note: input.lost.note } : null;
  if (lost) requirePastDay(lost.since, input.visitedOn, 'lost.since', '最后联系日期');
  const by = callerKey(ctx.caller);
  if (doc.status !== 'open') {
    // The same visit sent again answers with what it recorded.
    const v = doc.visit;
    const same =
      v !== null &&
      v.by === by &&
      v.outcome === input.outcome &&
      v.visitedOn === input.visitedOn &&
      v.note === input.note &&
      JSON.stringify(v.lost) === JSON.stringify(lost);
    if (same) return toToFindView(doc);
    throw new AppError(
      'CONFLICT',
      doc.visit ? `这条记录已由${doc.visit.byName ?? '其他人'}登记了走访结果` : '这名党员已经登记，不用再找',
    );
  }
  if (doc.version !== input.version) throw new AppError('CONFLICT', '这条记录刚被其他人修改，请刷新后再试');
  const now = timestamp(ctx.deps.clock);
  const patch: Partial<ToFindRecord> = {
    status: VISIT_STATUS[input.outcome],
    visit: {
      outcome: input.outcome,
      visitedOn: input.visitedOn,
      note: input.note,
      by,
      byName: actingName(access, doc.orgPath),
      at: now,
      lost,
    },
    updatedAt: now,
  };
  return toToFindView(
    await saveVersioned(ctx.deps.store, COLLECTIONS.toFind, doc._id, doc.version, { ...recordOf(doc), ...patch }, patch),
  );
}

/**
 * In the registration's transaction: the record the movement list left for this ID number, read
 * in the same round as the member and the number's key, so linking costs one more write and no
 * more round trips.
 */
export function readListedIn(tx: Pick<TransactionStore, 'get'>, idCardHash: string): Promise<ToFindDoc | null> {
  return tx.get<ToFindRecord>(COLLECTIONS.toFind, toFindIdFor(idCardHash));
}

/** Links the listed person to the member who just registered with their number; nothing when already linked. */
export async function linkListedIn(tx: TransactionStore, listed: ToFindDoc | null, memberId: string, now: string): Promise<void> {
  if (!listed || listed.memberId !== null) return;
  await tx.update(COLLECTIONS.toFind, listed._id, listed.version, {
    status: 'linked',
    memberId,
    linkedAt: now,
    updatedAt: now,
  });
}
