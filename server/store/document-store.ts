/**
 * The storage port: the only way the application services touch records.
 *
 * It is deliberately narrow (get, find, count, insert, update, transaction) so that one
 * contract test suite (`test/contract/document-store.suite.ts`) proves every adapter:
 * SQLite for local runs and tests, CloudBase for production. It imports no vendor types.
 *
 * Conventions every adapter keeps:
 * - Every document has a string `_id` chosen by the caller (deterministic ids give
 *   uniqueness and idempotency) and a numeric `version` that starts at 1 and grows by 1
 *   on every update (compare-and-set).
 * - Field values are JSON values. Timestamps are ISO-8601 UTC strings so that they sort
 *   as text; calendar dates are `YYYY-MM-DD` strings in Asia/Shanghai.
 * - A missing field and a `null` field are the same to a filter.
 */

/** A JSON scalar that a filter may compare against. */
export type Scalar = string | number | boolean | null;

/** Operators a filter may use on one field. */
export interface FieldOperators {
  $eq?: Scalar;
  $ne?: Scalar;
  $in?: readonly Scalar[];
  $gt?: string | number;
  $gte?: string | number;
  $lt?: string | number;
  $lte?: string | number;
  /**
   * Substring match on a string field (for name search on small collections). Not backed
   * by an index: combine it with an indexed equality condition.
   */
  $contains?: string;
}

/**
 * A filter: a conjunction of field conditions (a scalar means equality), plus an optional
 * `$or` of sub-filters. Field names are top-level or dotted paths (`residence.city`).
 */
export type Filter = {
  [field: string]: Scalar | FieldOperators | readonly Filter[] | undefined;
} & { $or?: readonly Filter[] };

/** One sort key. Adapters always add `_id` ascending as the final tie-breaker. */
export interface SortKey {
  field: string;
  direction: 'asc' | 'desc';
}

/** A stored document: its data plus the two fields the store manages. */
export type StoredDocument<T extends object = Record<string, unknown>> = T & {
  _id: string;
  version: number;
};

/** A document as handed to `insert`: the caller picks the id; the store sets `version` to 1. */
export type NewDocument<T extends object = Record<string, unknown>> = T & { _id: string };

export interface FindQuery {
  /** Conditions; `{}` matches every document. */
  where: Filter;
  /** Sort keys; `_id` ascending is appended. */
  orderBy?: readonly SortKey[];
  /** Page size, 1..1000 (CloudBase returns at most 1000 records per call). */
  limit: number;
  /** The `nextCursor` of the previous page; absent for the first page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, or `null` when this page is the last one. */
  nextCursor: string | null;
}

/**
 * Fields to set on update. Each top-level field is replaced as a whole (an object value
 * replaces the stored object, it is not merged). `_id` and `version` may not be set.
 */
export type Patch = Record<string, unknown>;

/** Single-document operations allowed inside a transaction (CloudBase allows no queries there). */
export interface TransactionStore {
  /** The document, or `null` when it does not exist. */
  get<T extends object>(collection: string, id: string): Promise<StoredDocument<T> | null>;
  /** Inserts with version 1. Throws {@link DuplicateIdError} when the id exists. */
  insert<T extends object>(collection: string, doc: NewDocument<T>): Promise<StoredDocument<T>>;
  /**
   * Applies `patch` when the stored version equals `expectedVersion`, and returns the new
   * version. Throws {@link VersionConflictError} on a version mismatch and
   * {@link DocumentNotFoundError} when the document does not exist.
   */
  update(collection: string, id: string, expectedVersion: number, patch: Patch): Promise<number>;
}

export interface DocumentStore extends TransactionStore {
  /** Documents matching `where`, sorted, one page at a time (cursor paging, never skip). */
  find<T extends object>(collection: string, query: FindQuery): Promise<Page<StoredDocument<T>>>;
  /** How many documents match `where`. */
  count(collection: string, where: Filter): Promise<number>;
  /**
   * Runs `work` atomically: either all of its writes happen or none. The callback may run
   * more than once when the backend retries a conflict, so it must have no side effects
   * beyond the store. Errors thrown by `work` abort the transaction and are rethrown.
   */
  transaction<T>(work: (tx: TransactionStore) => Promise<T>): Promise<T>;
  /** Creates the declared indexes if they are missing (idempotent). */
  ensureIndexes(indexes: readonly IndexDeclaration[]): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** An index a list screen needs. Declared once in `server/store/indexes.ts`. */
export interface IndexDeclaration {
  collection: string;
  name: string;
  fields: readonly SortKey[];
  unique?: boolean;
}

/** Base class of the errors adapters throw; services map them to application errors. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** An insert used an id that is taken. */
export class DuplicateIdError extends StoreError {
  constructor(
    readonly collection: string,
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super(`Duplicate id ${id} in ${collection}`, options);
  }
}

/** An update expected a version that is no longer current: somebody else wrote first. */
export class VersionConflictError extends StoreError {
  constructor(
    readonly collection: string,
    readonly id: string,
    readonly expectedVersion: number,
  ) {
    super(`Version conflict on ${collection}/${id}: expected ${expectedVersion}`);
  }
}

/** An update addressed a document that does not exist. */
export class DocumentNotFoundError extends StoreError {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(`No document ${collection}/${id}`);
  }
}

/** The cursor does not belong to this query (tampered, or from another sort). */
export class InvalidCursorError extends StoreError {
  constructor() {
    super('Invalid cursor');
  }
}

/** Largest page the port accepts, the CloudBase server SDK's own ceiling. */
export const MAX_PAGE_SIZE = 1000;
