import { createHash } from 'node:crypto';
import {
  type Filter,
  type FindQuery,
  InvalidCursorError,
  MAX_PAGE_SIZE,
  type Scalar,
  type SortKey,
  StoreError,
} from './document-store';

/**
 * Cursor paging shared by every adapter: the sort keys always end with `_id`, the cursor is
 * the last item's sort values, and the next page is "strictly after" them, expressed as an
 * ordinary filter (`$or` of lexicographic steps) so each adapter only has to translate filters.
 *
 * A cursor travels through the client and comes back as input, so it also names the query it
 * belongs to (a digest of the collection and the sort): a cursor of another list, or of the same
 * list in another order, is refused as {@link InvalidCursorError} instead of paging from a
 * position that means nothing here.
 */

export function normalizedSort(orderBy: readonly SortKey[] | undefined): SortKey[] {
  const keys = (orderBy ?? []).filter((key) => key.field !== '_id');
  return [...keys, { field: '_id', direction: 'asc' }];
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new StoreError(`limit must be an integer in 1..${MAX_PAGE_SIZE}, got ${limit}`);
  }
}

/** Reads a field by dotted path; missing becomes `null` (as in filters). */
export function readPath(doc: Record<string, unknown>, path: string): Scalar {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return value;
  }
  throw new StoreError(`Sort field ${path} holds a non-scalar value`);
}

/** Which query a cursor belongs to: the collection and the sort keys, in a few characters. */
function queryDigest(collection: string, sort: readonly SortKey[]): string {
  const keys = sort.map((key) => [key.field, key.direction]);
  return createHash('sha256')
    .update(JSON.stringify([collection, keys]))
    .digest('base64url')
    .slice(0, 8);
}

export function encodeCursor(collection: string, sort: readonly SortKey[], last: Record<string, unknown>): string {
  const values = sort.map((key) => readPath(last, key.field));
  return Buffer.from(JSON.stringify([queryDigest(collection, sort), ...values]), 'utf8').toString('base64url');
}

function isCursorValue(value: unknown): value is string | number {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function decodeCursor(collection: string, sort: readonly SortKey[], cursor: string): (string | number)[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(decoded) || decoded.length !== sort.length + 1) throw new InvalidCursorError();
  const [digest, ...values] = decoded as unknown[];
  if (digest !== queryDigest(collection, sort)) throw new InvalidCursorError();
  // Null and boolean sort values cannot be stepped past (see afterCursorFilter).
  if (!values.every(isCursorValue)) throw new InvalidCursorError();
  return values;
}

/**
 * The filter for "after the cursor": for keys k1..kn with values v1..vn,
 * (k1 beyond v1) or (k1 = v1 and k2 beyond v2) or ... Null sort values are not supported
 * past the first page (sort fields must be present on every document of the collection).
 */
export function afterCursorFilter(collection: string, sort: readonly SortKey[], cursor: string): Filter {
  const values = decodeCursor(collection, sort, cursor);
  const branches: Filter[] = [];
  for (let i = 0; i < sort.length; i += 1) {
    const step: Filter = {};
    for (let j = 0; j < i; j += 1) step[sort[j].field] = values[j];
    const value = values[i];
    step[sort[i].field] = sort[i].direction === 'asc' ? { $gt: value } : { $lt: value };
    branches.push(step);
  }
  return { $or: branches };
}

/** Combines a query's own filter with the cursor's, without nesting `$or` inside `$or`. */
export function pageFilter(collection: string, query: FindQuery, sort: readonly SortKey[]): Filter[] {
  const filters: Filter[] = [query.where];
  if (query.cursor) filters.push(afterCursorFilter(collection, sort, query.cursor));
  return filters;
}
