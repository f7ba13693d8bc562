import * as tcb from '@cloudbase/node-sdk';
import {
  type DocumentStore,
  DocumentNotFoundError,
  DuplicateIdError,
  type FieldOperators,
  type Filter,
  type FindQuery,
  type IndexDeclaration,
  MAX_PAGE_SIZE,
  type NewDocument,
  type Page,
  type Patch,
  type Scalar,
  type SortKey,
  StoreError,
  type StoredDocument,
  type TransactionStore,
  VersionConflictError,
} from '../document-store';
import { checkLimit, encodeCursor, normalizedSort, pageFilter } from '../paging';

/** An initialised node-sdk app (`tcb.init(...)`), created once per container by the caller. */
export type CloudbaseApp = ReturnType<typeof tcb.init>;
type Database = ReturnType<CloudbaseApp['database']>;
type Command = Database['command'];
type Collection = ReturnType<Database['collection']>;
/** What `where()` accepts: a plain condition object or a `db.command` logic command. */
type Condition = Parameters<Command['and']>[0];

/** The part of the SDK's `Transaction` we use (the SDK types `runTransaction` as `any`). */
interface SdkTransaction {
  collection(name: string): Collection;
}

export interface CloudbaseAppConfig {
  /** Environment id; omitted means the function's own environment (resolved per request in SCF). */
  env?: string;
  /** Redirects every request, e.g. to the fake server in tests. Must not contain `?`. */
  serviceUrl?: string;
  /** Explicit credentials; inside SCF the runtime injects them as environment variables instead. */
  secretId?: string;
  secretKey?: string;
  /** Per-request timeout; the SDK's default is 15000. */
  timeoutMs?: number;
  /** The custom-login private key, which `auth().createTicket` signs the desk's tickets with. */
  credentials?: { private_key_id: string; private_key: string; env_id: string };
}

/**
 * Creates the node-sdk app once per container.
 *
 * Outside Tencent Cloud (no `TENCENTCLOUD_RUNENV=SCF`), node-sdk 3.18.3 probes
 * `metadata.tencentyun.com` before every request and does not remember a failed probe, which
 * adds tens of milliseconds per call; tests set `TENCENTCLOUD=true` to skip it.
 */
export function createCloudbaseApp(config: CloudbaseAppConfig): CloudbaseApp {
  return tcb.init({
    env: config.env ?? tcb.SYMBOL_CURRENT_ENV,
    ...(config.serviceUrl !== undefined ? { serviceUrl: config.serviceUrl } : {}),
    // The SDK throws unless both are given together; without them it reads the environment.
    ...(config.secretId && config.secretKey ? { secretId: config.secretId, secretKey: config.secretKey } : {}),
    ...(config.timeoutMs !== undefined ? { timeout: config.timeoutMs } : {}),
    ...(config.credentials ? { credentials: config.credentials } : {}),
  });
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const TOP_LEVEL_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DUPLICATE_WRITE = 'DATABASE_DUPLICATE_WRITE';
const TRANSACTION_CONFLICT = 'DATABASE_TRANSACTION_CONFLICT';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The SDK's TcbError carries `code` (a string, or the HTTP status for non-200 replies). */
function errorCode(error: unknown): string {
  if (isObject(error) || error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') return String(code);
  }
  return '';
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (isObject(error) && typeof error.message === 'string') return error.message;
  return String(error);
}

function isDuplicateWrite(error: unknown): boolean {
  return errorCode(error) === DUPLICATE_WRITE || /duplicate key|E11000/i.test(errorMessage(error));
}

/** Reading a collection that was never created fails on CloudBase; to the port it is empty. */
function isMissingCollection(error: unknown): boolean {
  return (
    errorCode(error) === 'DATABASE_COLLECTION_NOT_EXIST' || /collection (does )?not exists?|-502005/i.test(errorMessage(error))
  );
}

function isAlreadyExists(error: unknown): boolean {
  return /ALREADY_EXIST/i.test(errorCode(error)) || /already exists?/i.test(errorMessage(error));
}

function isTransactionConflict(error: unknown): boolean {
  return errorCode(error) === TRANSACTION_CONFLICT;
}

/** Wraps anything that is not already a store error; the original stays reachable as `cause`. */
function toStoreError(operation: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = errorCode(error);
  return new StoreError(`CloudBase ${operation} failed${code ? ` (${code})` : ''}: ${errorMessage(error)}`, {
    cause: error,
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function checkField(field: string): void {
  if (!FIELD_NAME.test(field)) throw new StoreError(`Invalid field name ${field}`);
}

function readStored<T extends object>(value: unknown, collection: string): StoredDocument<T> {
  if (!isObject(value) || typeof value._id !== 'string' || typeof value.version !== 'number') {
    throw new StoreError(`CloudBase returned a malformed document from ${collection}`);
  }
  return value as StoredDocument<T>;
}

function readField(result: unknown, field: string, operation: string): unknown {
  if (!isObject(result) || !(field in result)) {
    throw new StoreError(`CloudBase ${operation} returned no ${field}`);
  }
  return result[field];
}

function readCount(result: unknown, field: 'updated' | 'total', operation: string): number {
  const value = readField(result, field, operation);
  if (typeof value !== 'number') throw new StoreError(`CloudBase ${operation} returned a non-numeric ${field}`);
  return value;
}

/** `where().get()` and `doc().get()` outside a transaction resolve `{ data: [doc, ...] }`. */
function readList<T extends object>(result: unknown, collection: string, operation: string): StoredDocument<T>[] {
  const data = readField(result, 'data', operation);
  if (!Array.isArray(data)) throw new StoreError(`CloudBase ${operation} returned no list`);
  return data.map((item: unknown) => readStored<T>(item, collection));
}

export interface CloudbaseStoreOptions {
  /**
   * How the operations a transaction's work starts together (`Promise.all`) reach CloudBase:
   * `parallel` (the default) sends them at once, `serial` one after another. Whether CloudBase
   * accepts concurrent operations on one transaction is not documented (MongoDB, underneath,
   * makes operations on one session wait for each other); `serial` is the fallback should it
   * refuse them, at the cost of one round trip per operation.
   */
  transactionOperations?: 'parallel' | 'serial';
}

/**
 * The production adapter, on `@cloudbase/node-sdk` (document database, MongoDB semantics).
 *
 * - Filters become `db.command` conditions; MongoDB already treats a missing field as `null`.
 * - Updates are compare-and-set on `version` with a single-document `where(...).update`.
 * - Transactions use `db.runTransaction`, which allows single-document operations only.
 * - A collection that does not exist reads as empty; the first insert creates it.
 */
export class CloudbaseDocumentStore implements DocumentStore {
  private readonly db: Database;
  private readonly _: Command;
  /** HTTP round trips to CloudBase, which is what a call costs there (an update may need two). */
  requestCount = 0;

  constructor(
    app: CloudbaseApp,
    private readonly options: CloudbaseStoreOptions = {},
  ) {
    this.db = app.database();
    this._ = this.db.command;
  }

  /**
   * Runs one SDK call. With `tcb.setThrowOnCode(false)` the SDK returns error bodies instead
   * of throwing them; they are thrown here so that no failure passes as a result.
   */
  private async send(call: () => Promise<unknown>): Promise<unknown> {
    this.requestCount += 1;
    const result = await call();
    if (isObject(result) && typeof result.code === 'string' && result.code.length > 0) throw result;
    return result;
  }

  // ---- filters and patches ------------------------------------------------------------------

  private conditions(filter: Filter): Condition[] {
    const _ = this._;
    const out: Condition[] = [];
    for (const [field, condition] of Object.entries(filter)) {
      if (condition === undefined) continue;
      if (field === '$or') {
        const branches = condition as readonly Filter[];
        // MongoDB rejects an empty `$or`; an empty `$in` matches nothing, as the port wants.
        out.push(branches.length === 0 ? { _id: _.in([]) } : _.or(...branches.map((b) => this.conjunction([b]))));
        continue;
      }
      checkField(field);
      if (!isObject(condition)) {
        out.push({ [field]: condition as Scalar });
        continue;
      }
      for (const [op, operand] of Object.entries(condition as FieldOperators)) {
        if (operand === undefined) continue;
        out.push({ [field]: this.operator(op, operand) });
      }
    }
    return out;
  }

  private operator(op: string, operand: unknown): unknown {
    const _ = this._;
    switch (op) {
      case '$eq':
        return _.eq(operand);
      case '$ne':
        return _.neq(operand);
      case '$in':
        return _.in([...(operand as readonly Scalar[])]);
      case '$gt':
        return _.gt(operand);
      case '$gte':
        return _.gte(operand);
      case '$lt':
        return _.lt(operand);
      case '$lte':
        return _.lte(operand);
      case '$contains':
        // db.RegExp refuses an empty pattern; `(?:)` matches every string, as instr(x, '') does.
        return this.db.RegExp({ regexp: escapeRegExp(String(operand)) || '(?:)', options: '' });
      default:
        throw new StoreError(`Unsupported operator ${op}`);
    }
  }

  /** Several filters (the query's and the cursor's) must all hold. */
  private conjunction(filters: readonly Filter[]): Condition {
    const all = filters.flatMap((filter) => this.conditions(filter));
    if (all.length === 0) return {};
    if (all.length === 1) return all[0];
    return this._.and(...all);
  }

  /**
   * node-sdk flattens plain nested objects in an update into dot paths (a merge); the port
   * replaces each top-level field as a whole, hence `_.set` for object and array values.
   */
  private updateData(patch: Patch): Json {
    const data: Json = {};
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (field === '_id' || field === 'version' || !TOP_LEVEL_FIELD.test(field)) {
        throw new StoreError(`Cannot patch field ${field}`);
      }
      data[field] = value !== null && typeof value === 'object' ? this._.set(value) : value;
    }
    data.version = this._.inc(1);
    return data;
  }

  // ---- single documents ---------------------------------------------------------------------

  private async fetchOne<T extends object>(collection: string, id: string): Promise<StoredDocument<T> | null> {
    let result: unknown;
    try {
      result = await this.send(() => this.db.collection(collection).doc(id).get());
    } catch (error) {
      if (isMissingCollection(error)) return null;
      throw toStoreError('get', error);
    }
    return readList<T>(result, collection, 'get')[0] ?? null;
  }

  async get<T extends object>(collection: string, id: string): Promise<StoredDocument<T> | null> {
    return this.fetchOne<T>(collection, id);
  }

  async insert<T extends object>(collection: string, doc: NewDocument<T>): Promise<StoredDocument<T>> {
    const { _id, rest } = splitNew(doc);
    const add = () => this.send(() => this.db.collection(collection).add({ _id, ...rest, version: 1 }));
    try {
      await add();
    } catch (error) {
      if (isDuplicateWrite(error)) throw new DuplicateIdError(collection, _id, { cause: error });
      if (!isMissingCollection(error)) throw toStoreError('insert', error);
      // The insert did not happen, so creating the collection and trying once more is safe.
      await this.createCollection(collection);
      try {
        await add();
      } catch (retryError) {
        if (isDuplicateWrite(retryError)) throw new DuplicateIdError(collection, _id, { cause: retryError });
        throw toStoreError('insert', retryError);
      }
    }
    return { ...(rest as T), _id, version: 1 };
  }

  async update(collection: string, id: string, expectedVersion: number, patch: Patch): Promise<number> {
    const data = this.updateData(patch);
    let updated: number;
    try {
      const result = await this.send(() =>
        this.db.collection(collection).where({ _id: id, version: expectedVersion }).options({ multiple: false }).update(data),
      );
      updated = readCount(result, 'updated', 'update');
    } catch (error) {
      if (isMissingCollection(error)) throw new DocumentNotFoundError(collection, id);
      if (isDuplicateWrite(error)) throw new DuplicateIdError(collection, id, { cause: error });
      throw toStoreError('update', error);
    }
    if (updated === 1) return expectedVersion + 1;
    // Nothing matched: either the document is gone or its version moved on.
    if (!(await this.fetchOne(collection, id))) throw new DocumentNotFoundError(collection, id);
    throw new VersionConflictError(collection, id, expectedVersion);
  }

  // ---- queries ------------------------------------------------------------------------------

  private async select<T extends object>(
    collection: string,
    filters: readonly Filter[],
    sort: readonly SortKey[],
    limit: number,
  ): Promise<StoredDocument<T>[]> {
    const condition = this.conjunction(filters);
    let result: unknown;
    try {
      result = await this.send(async () => {
        let query = this.db.collection(collection).where(condition);
        for (const key of sort) query = query.orderBy(key.field, key.direction);
        // Always explicit: without it node-sdk silently asks for 100.
        return query.limit(limit).get();
      });
    } catch (error) {
      if (isMissingCollection(error)) return [];
      throw toStoreError('find', error);
    }
    return readList<T>(result, collection, 'find');
  }

  async find<T extends object>(collection: string, query: FindQuery): Promise<Page<StoredDocument<T>>> {
    checkLimit(query.limit);
    const sort = normalizedSort(query.orderBy);
    for (const key of sort) checkField(key.field);
    const filters = pageFilter(collection, query, sort);
    // One row more than the page tells whether another page exists, except at the SDK's
    // ceiling: node-sdk clamps any limit above 1000 to 1000.
    const rows = await this.select<T>(collection, filters, sort, Math.min(query.limit + 1, MAX_PAGE_SIZE));
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    if (!last) return { items, nextCursor: null };
    const nextCursor = encodeCursor(collection, sort, last);
    let hasMore = rows.length > query.limit;
    if (!hasMore && query.limit === MAX_PAGE_SIZE && rows.length === MAX_PAGE_SIZE) {
      const probe = await this.select(collection, pageFilter(collection, { ...query, cursor: nextCursor }, sort), sort, 1);
      hasMore = probe.length > 0;
    }
    return { items, nextCursor: hasMore ? nextCursor : null };
  }

  async count(collection: string, where: Filter): Promise<number> {
    const condition = this.conjunction([where]);
    try {
      const result = await this.send(() => this.db.collection(collection).where(condition).count());
      return readCount(result, 'total', 'count');
    } catch (error) {
      if (isMissingCollection(error)) return 0;
      throw toStoreError('count', error);
    }
  }

  // ---- transactions -------------------------------------------------------------------------

  /**
   * Single-document operations bound to one SDK transaction. A transaction conflict is left
   * as the SDK's own error so that `runTransaction` recognises it and retries the callback.
   *
   * Inside a transaction there is no compare-and-set (`where().update()` runs outside it) and
   * `set` upserts, so an update must know the stored version and an insert must know the id is
   * free. What this transaction has read or written already is known: the transaction reads
   * from one snapshot and CloudBase fails the commit when another writer touched the same
   * document meanwhile, so the version it saw stays the version it writes against. Only a
   * document the transaction has not seen yet costs a read first.
   */
  private transactionStore(tx: SdkTransaction): TransactionStore {
    /** Version of each document this transaction has seen (`null`: it does not exist). */
    const seen = new Map<string, number | null>();
    const key = (collection: string, id: string) => `${collection}\u0000${id}`;
    const rethrow = (operation: string, error: unknown): never => {
      if (isTransactionConflict(error)) throw error;
      throw toStoreError(operation, error);
    };
    let queue: Promise<unknown> = Promise.resolve();
    const send = (call: () => Promise<unknown>): Promise<unknown> => {
      if (this.options.transactionOperations !== 'serial') return this.send(call);
      const sent = queue.then(() => this.send(call));
      queue = sent.catch(() => undefined);
      return sent;
    };
    const read = async <T extends object>(collection: string, id: string): Promise<StoredDocument<T> | null> => {
      let result: unknown;
      try {
        result = await send(() => tx.collection(collection).doc(id).get());
      } catch (error) {
        if (isMissingCollection(error)) {
          seen.set(key(collection, id), null);
          return null;
        }
        return rethrow('transaction get', error);
      }
      // Inside a transaction `doc().get()` resolves `{ data: doc | null }`, not a list.
      const data = readField(result, 'data', 'transaction get');
      const doc = data === null ? null : readStored<T>(data, collection);
      seen.set(key(collection, id), doc ? doc.version : null);
      return doc;
    };
    /** The stored version as this transaction knows it, reading only a document it has not seen. */
    const versionOf = async (collection: string, id: string): Promise<number | null> => {
      const known = seen.get(key(collection, id));
      if (known !== undefined) return known;
      return (await read(collection, id))?.version ?? null;
    };
    return {
      get: async <T extends object>(collection: string, id: string) => {
        return read<T>(collection, id);
      },
      insert: async <T extends object>(collection: string, doc: NewDocument<T>) => {
        const { _id, rest } = splitNew(doc);
        if ((await versionOf(collection, _id)) !== null) throw new DuplicateIdError(collection, _id);
        try {
          await send(() =>
            tx
              .collection(collection)
              .doc(_id)
              .set({ ...rest, version: 1 }),
          );
        } catch (error) {
          if (isDuplicateWrite(error)) throw new DuplicateIdError(collection, _id, { cause: error });
          return rethrow('transaction insert', error);
        }
        seen.set(key(collection, _id), 1);
        return { ...(rest as T), _id, version: 1 };
      },
      update: async (collection: string, id: string, expectedVersion: number, patch: Patch) => {
        const data = this.updateData(patch);
        const current = await versionOf(collection, id);
        if (current === null) throw new DocumentNotFoundError(collection, id);
        if (current !== expectedVersion) throw new VersionConflictError(collection, id, expectedVersion);
        let updated: number;
        try {
          const result = await send(() => tx.collection(collection).doc(id).update(data));
          updated = readCount(result, 'updated', 'transaction update');
        } catch (error) {
          return rethrow('transaction update', error);
        }
        if (updated !== 1) throw new VersionConflictError(collection, id, expectedVersion);
        seen.set(key(collection, id), expectedVersion + 1);
        return expectedVersion + 1;
      },
    };
  }

  async transaction<T>(work: (tx: TransactionStore) => Promise<T>): Promise<T> {
    // runTransaction rolls back and rethrows whatever the callback threw, as the same object;
    // remembering it tells the caller's own errors apart from the SDK's.
    const thrownByWork = new Set<unknown>();
    // The SDK types runTransaction as `any`; this is the shape of @cloudbase/database 1.4.3.
    const runTransaction = this.db.runTransaction as (callback: (tx: SdkTransaction) => Promise<T>) => Promise<T>;
    try {
      return await runTransaction.call(this.db, async (tx: SdkTransaction) => {
        try {
          return await work(this.transactionStore(tx));
        } catch (error) {
          thrownByWork.add(error);
          throw error;
        }
      });
    } catch (error) {
      if (isTransactionConflict(error)) throw toStoreError('transaction (conflict persisted after retries)', error);
      if (thrownByWork.has(error)) throw error;
      throw toStoreError('transaction', error);
    }
  }

  // ---- administration -----------------------------------------------------------------------

  private async createCollection(collection: string): Promise<void> {
    try {
      await this.send(() => Promise.resolve(this.db.createCollection(collection)));
    } catch (error) {
      if (!isAlreadyExists(error)) throw toStoreError(`create collection ${collection}`, error);
    }
  }

  /**
   * Creates the collections the indexes belong to. The indexes themselves need the management
   * API (admin credentials, not the data API a function holds): `npm run indexes:cloudbase`
   * runs `scripts/create-cloudbase-indexes.ts` for that.
   */
  async ensureIndexes(indexes: readonly IndexDeclaration[]): Promise<void> {
    for (const collection of new Set(indexes.map((index) => index.collection))) {
      await this.createCollection(collection);
    }
  }

  /** Nothing to release: the SDK app and its HTTP agent belong to the caller. */
  async close(): Promise<void> {}
}

function splitNew<T extends object>(doc: NewDocument<T>): { _id: string; rest: Json } {
  const { _id, ...rest } = doc as NewDocument<Json>;
  if (typeof _id !== 'string' || _id.length === 0) throw new StoreError('insert needs a string _id');
  // A record field named `version` would be silently overwritten by the store's counter.
  if ('version' in rest) throw new StoreError('version is managed by the store; name the field otherwise');
  return { _id, rest };
}
