import { AppError } from './app-error';
import { shanghaiDate, timestamp } from '../lib/time';
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
  const { deps } = ctx;
  const day = shanghaiDate(deps.clock);
  const id = lookupDayId(deps, callerKey(ctx.caller), day);
  const audit = (result: IdLookupOutcome | 'limited'): AuditRecord & { _id: string } => ({
    _id: `a_${id}_${idCardHash.slice(0, 16)}_${result === 'limited' ? 'l' : 'a'}`,
    actorOpenid: callerKey(ctx.caller),
    action: 'id_card_lookup',
    idCardHash,
    via,
    outcome: result,
    day,
    at: timestamp(deps.clock),
  });
  // Another lookup by the same account may land first: the retry reads its list and decides again.
  const admitted = await retryOnConflict(
    () =>
      deps.store.transaction(async (tx) => {
        const current = await tx.get<IdLookupRecord>(COLLECTIONS.idLookups, id);
        const hashes = current ? current.idCardHashes : [];
        if (hashes.includes(idCardHash)) return true;
        if (hashes.length >= ID_LOOKUPS_PER_DAY) {
          const refusal = audit('limited');
          if (!(await tx.get(COLLECTIONS.auditLog, refusal._id))) await tx.insert<AuditRecord>(COLLECTIONS.auditLog, refusal);
          return false;
        }
        const record: IdLookupRecord = { day, idCardHashes: [...hashes, idCardHash] };
        await saveVersioned(tx, COLLECTIONS.idLookups, id, current ? current.version : null, record);
        await tx.insert<AuditRecord>(COLLECTIONS.auditLog, audit(outcome));
        return true;
      }),
    () => new AppError('CONFLICT', '请求太多，请稍后再试'),
  );
  if (!admitted) throw idLookupsLimited();
}
