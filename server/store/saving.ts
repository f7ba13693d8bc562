import {
  DocumentNotFoundError,
  DuplicateIdError,
  type NewDocument,
  type StoredDocument,
  type TransactionStore,
  VersionConflictError,
} from './document-store';

/**
 * The three ways the whole server writes a record it may race another writer for: a
 * compare-and-set save, a create-once by deterministic id, and a retry when a write lost the
 * race. Storage-only: they speak in store errors, and each service words its own CONFLICT.
 */

/** A write lost a race: a concurrent insert took the id, or the version moved. */
export function isWriteConflict(error: unknown): error is DuplicateIdError | VersionConflictError {
  return error instanceof DuplicateIdError || error instanceof VersionConflictError;
}

/** The record a stored document holds, without the two fields the store manages. */
export function recordOf<T extends object>(doc: StoredDocument<T>): T {
  const { _id, version, ...record } = doc;
  return record as unknown as T;
}

/**
 * Saves `record` under `id` by compare-and-set: inserts it when `expectedVersion` is null (the
 * caller saw no record), else updates it if the stored version is still `expectedVersion`.
 * Every way of losing the race (the id taken meanwhile, the version moved, the record gone)
 * throws {@link VersionConflictError}, so a caller maps one error to its CONFLICT. An update
 * writes `patch` when given (the fields that change), else the whole record; `record` is then
 * the whole record after the change, which is what the save returns.
 */
export async function saveVersioned<T extends object>(
  store: TransactionStore,
  collection: string,
  id: string,
  expectedVersion: number | null,
  record: T,
  patch?: Partial<T>,
): Promise<StoredDocument<T>> {
  try {
    if (expectedVersion === null) return await store.insert<T>(collection, { _id: id, ...record } as NewDocument<T>);
    const version = await store.update(collection, id, expectedVersion, { ...(patch ?? record) });
    return { ...record, _id: id, version };
  } catch (error) {
    if (error instanceof DuplicateIdError) throw new VersionConflictError(collection, id, 0);
    if (error instanceof DocumentNotFoundError && expectedVersion !== null) {
      throw new VersionConflictError(collection, id, expectedVersion);
    }
    throw error;
  }
}

/**
 * Inserts a record whose id is deterministic (one per cause), unless that id is taken: a rerun
 * or a retried request never makes it twice. Returns whether this call made it.
 */
export async function insertIfAbsent<T extends object>(
  store: TransactionStore,
  collection: string,
  doc: NewDocument<T>,
): Promise<boolean> {
  try {
    await store.insert<T>(collection, doc);
    return true;
  } catch (error) {
    if (error instanceof DuplicateIdError) return false;
    throw error;
  }
}

/**
 * {@link insertIfAbsent}, answering with the stored record: a retry or a concurrent twin gets
 * what the first one made.
 */
export async function insertOrGet<T extends object>(
  store: TransactionStore,
  collection: string,
  doc: NewDocument<T>,
): Promise<{ doc: StoredDocument<T>; created: boolean }> {
  try {
    return { doc: await store.insert<T>(collection, doc), created: true };
  } catch (error) {
    if (!(error instanceof DuplicateIdError)) throw error;
    const first = await store.get<T>(collection, doc._id);
    if (!first) throw error;
    return { doc: first, created: false };
  }
}

/** Retries after the first attempt: enough for a branch's members all signing in at once. */
export const CONFLICT_RETRIES = 5;

/**
 * Runs `attempt` again while it loses a race to another writer ({@link isWriteConflict}); each
 * attempt re-reads what it depends on, and every write it makes has a deterministic id or a
 * version check, so trying again is safe. After {@link CONFLICT_RETRIES} retries it throws
 * `exhausted()`, or the last conflict when none is given. Any other error ends it at once.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, exhausted?: () => Error): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!isWriteConflict(error)) throw error;
      if (retry >= CONFLICT_RETRIES) throw exhausted ? exhausted() : error;
    }
  }
}
