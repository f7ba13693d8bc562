import { AppError } from './app-error';
import { shanghaiDate, timestamp } from '../lib/time';
import type { StoredDocument, TransactionStore } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { retryOnConflict, saveVersioned } from '../store/saving';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import type { AuditRecord, IdLookupRecord } from './records';

/**
 * An answer that says whether an ID number is on file (a registration refused with
 * ID_CARD_TAKEN, a move request found or not) tells whoever knows a person's number whether
 * that person is a registered member. So each account may learn it for a few different numbers
 * a day; past that it is told to try tomorrow or ask its organization, whatever the number.
 * Every answer given or refused is audited with the number's keyed hash, never the number.
 */
export const ID_LOOKUPS_PER_DAY = 3;

export type IdLookupVia = 'register' | 'move_request';
export type IdLookupOutcome = 'taken' | 'found' | 'not_found';

function lookupDayId(deps: ServiceDeps, openid: string, day: string): string {
  return `idl_${deps.pii.lookupHash(openid).slice(0, 20)}_${day.replace(/-/g, '')}`;
}

/** How many different ID numbers this account has been told about today. */
export async function idLookupsToday(deps: ServiceDeps, openid: string): Promise<number> {
  const record = await deps.store.get<IdLookupRecord>(COLLECTIONS.idLookups, lookupDayId(deps, openid, shanghaiDate(deps.clock)));
  return record ? record.idCardHashes.length : 0;
}

export function idLookupsLimited(): AppError {
  return new AppError('ID_LOOKUPS_LIMITED', '今天已经查询过多个身份证号，请明天再试，或直接联系您所在的党组织办理', {
    field: 'idCard',
  });
}

/** The caller's lookups today, read (in a transaction) before a lookup is admitted. */
export interface LookupDay {
  id: string;
  day: string;
  current: StoredDocument<IdLookupRecord> | null;
}

/** The audit record of one number's lookup on one day: admitted once, refused once. */
function lookupAuditId(lookupDayId: string, idCardHash: string, refused: boolean): string {
  return `a_${lookupDayId}_${idCardHash.slice(0, 16)}_${refused ? 'l' : 'a'}`;
}

/**
 * Reads the caller's lookups today in `tx`, with the audit record admitting `idCardHash` would
 * write, so that an admission is written in one round (on CloudBase an insert into an id the
 * transaction has not read costs a read first).
 */
export async function readLookupDay(
  tx: Pick<TransactionStore, 'get'>,
  ctx: ServiceContext,
  idCardHash: string,
): Promise<LookupDay> {
  const day = shanghaiDate(ctx.deps.clock);
  const id = lookupDayId(ctx.deps, callerKey(ctx.caller), day);
  const [current] = await Promise.all([
    tx.get<IdLookupRecord>(COLLECTIONS.idLookups, id),
    tx.get(COLLECTIONS.auditLog, lookupAuditId(id, idCardHash, false)),
  ]);
  return { id, day, current };
}

/**
 * Decides the lookup as read in `lookupDay`: how many numbers the account has been told about
 * today counting this one, or null when refused (the caller commits, then throws
 * {@link idLookupsLimited}). `written` is the count and its audit, or the refusal's audit,
 * being written in `tx`: the caller awaits it with its own writes, so that what the answer
 * allows is written in the same round and the same transaction.
 */
export function admitIdLookupIn(
  tx: TransactionStore,
  ctx: ServiceContext,
  { id, day, current }: LookupDay,
  idCardHash: string,
  via: IdLookupVia,
  outcome: IdLookupOutcome,
): { idLookups: number | null; written: Promise<unknown> } {
  const audit = (result: IdLookupOutcome | 'limited'): AuditRecord & { _id: string } => ({
    _id: lookupAuditId(id, idCardHash, result === 'limited'),
    actorOpenid: callerKey(ctx.caller),
    action: 'id_card_lookup',
    idCardHash,
    via,
    outcome: result,
    day,
    at: timestamp(ctx.deps.clock),
  });
  const hashes = current ? current.idCardHashes : [];
  if (hashes.includes(idCardHash)) return { idLookups: hashes.length, written: Promise.resolve() };
  if (hashes.length >= ID_LOOKUPS_PER_DAY) {
    const refusal = audit('limited');
    const written = (async () => {
      if (!(await tx.get(COLLECTIONS.auditLog, refusal._id))) await tx.insert<AuditRecord>(COLLECTIONS.auditLog, refusal);
    })();
    return { idLookups: null, written };
  }
  const record: IdLookupRecord = { day, idCardHashes: [...hashes, idCardHash] };
  const written = Promise.all([
    saveVersioned(tx, COLLECTIONS.idLookups, id, current ? current.version : null, record),
    tx.insert<AuditRecord>(COLLECTIONS.auditLog, audit(outcome)),
  ]);
  return { idLookups: record.idCardHashes.length, written };
}

/**
 * Lets the caller be told `outcome` for `idCardHash`, or throws ID_LOOKUPS_LIMITED. The same
 * number asked again on the same day is the same lookup: admitted again, counted and audited once.
 */
export async function admitIdLookup(
  ctx: ServiceContext,
  idCardHash: string,
  via: IdLookupVia,
  outcome: IdLookupOutcome,
): Promise<void> {
  // Another lookup by the same account may land first: the retry reads its list and decides again.
  const admitted = await retryOnConflict(
    () =>
      ctx.deps.store.transaction(async (tx) => {
        const lookupDay = await readLookupDay(tx, ctx, idCardHash);
        const { idLookups, written } = admitIdLookupIn(tx, ctx, lookupDay, idCardHash, via, outcome);
        await written;
        return idLookups;
      }),
    () => new AppError('CONFLICT', '请求太多，请稍后再试'),
  );
  if (admitted === null) throw idLookupsLimited();
}
