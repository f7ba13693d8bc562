import Database from 'better-sqlite3';
import {
  type DocumentStore,
  DocumentNotFoundError,
  DuplicateIdError,
  type Filter,
  type FieldOperators,
  type FindQuery,
  type IndexDeclaration,
  type NewDocument,
  type Page,
  type Patch,
  type Scalar,
  StoreError,
  type StoredDocument,
  type TransactionStore,
  VersionConflictError,
} from '../document-store';
import { checkLimit, encodeCursor, normalizedSort, pageFilter } from '../paging';

type SqlValue = string | number | null;

const MAX_CACHED_STATEMENTS = 500;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const COLLECTION_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function columnFor(field: string): string {
  if (field === '_id') return 'id';
  if (field === 'version') return 'version';
  if (!FIELD_NAME.test(field)) throw new StoreError(`Invalid field name ${field}`);
  // Inlined (not bound) so that the expression matches the expression indexes exactly.
  return `json_extract(data, '$.${field}')`;
}

function tableFor(collection: string): string {
  if (!COLLECTION_NAME.test(collection)) throw new StoreError(`Invalid collection name ${collection}`);
  return `"${collection}"`;
}

function sqlValue(value: Scalar): SqlValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

function isOperators(value: unknown): value is FieldOperators {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Translates a port filter into SQL with bound parameters. */
function compileFilter(filter: Filter, params: SqlValue[]): string {
  const parts: string[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (condition === undefined) continue;
    if (field === '$or') {
      const branches = condition as readonly Filter[];
      if (branches.length === 0) {
        parts.push('0');
        continue;
      }
      parts.push(`(${branches.map((branch) => `(${compileFilter(branch, params)})`).join(' OR ')})`);
      continue;
    }
    const column = columnFor(field);
    if (!isOperators(condition)) {
      parts.push(equality(column, condition as Scalar, params));
      continue;
    }
    for (const [op, operand] of Object.entries(condition)) {
      if (operand === undefined) continue;
      switch (op) {
        case '$eq':
          parts.push(equality(column, operand as Scalar, params));
          break;
        case '$ne':
          if (operand === null) {
            parts.push(`${column} IS NOT NULL`);
          } else {
            params.push(sqlValue(operand as Scalar));
            parts.push(`(${column} IS NULL OR ${column} != ?)`);
          }
          break;
        case '$in': {
          const values = operand as readonly Scalar[];
          const nonNull = values.filter((v) => v !== null);
          const alternatives: string[] = [];
          if (nonNull.length > 0) {
            params.push(...nonNull.map(sqlValue));
            alternatives.push(`${column} IN (${nonNull.map(() => '?').join(', ')})`);
          }
          if (nonNull.length !== values.length) alternatives.push(`${column} IS NULL`);
          parts.push(alternatives.length === 0 ? '0' : `(${alternatives.join(' OR ')})`);
          break;
        }
        case '$gt':
        case '$gte':
        case '$lt':
        case '$lte': {
          const sqlOp = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' }[op];
          params.push(sqlValue(operand as Scalar));
          parts.push(`${column} ${sqlOp} ?`);
          break;
        }
        case '$contains':
          params.push(String(operand));
          parts.push(`instr(${column}, ?) > 0`);
          break;
        default:
          throw new StoreError(`Unsupported operator ${op}`);
      }
    }
  }
  return parts.length === 0 ? '1' : parts.join(' AND ');
}

function equality(column: string, value: Scalar, params: SqlValue[]): string {
  if (value === null) return `${column} IS NULL`;
  params.push(sqlValue(value));
  return `${column} = ?`;
}

interface Row {
  id: string;
  version: number;
  data: string;
}

function toDocument<T extends object>(row: Row): StoredDocument<T> {
  return { ...(JSON.parse(row.data) as T), _id: row.id, version: row.version };
}

function isSqliteConstraint(error: unknown): boolean {
  // Not `instanceof Error`: SqliteError comes from the native module's realm, which is not
  // the caller's under Jest's VM contexts.
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE')
  );
}

/**
 * The embedded adapter: one SQLite table per collection (`id`, `version`, `data` as JSON),
 * expression indexes on `json_extract(data, '$.field')` for the declared indexes.
 *
 * better-sqlite3 is synchronous, but a transaction's callback is async: while one is open,
 * every other call waits for it, so no foreign statement lands inside it.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly db: Database.Database;
  private readonly knownTables = new Set<string>();
  private readonly statements = new Map<string, Database.Statement>();
  private openTransaction: Promise<void> | null = null;

  constructor(filename: string) {
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = OFF');
  }

  /** Prepared once per SQL text: preparing costs more than running a point query. */
  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      // Filters with `$in` lists make new texts; a bound keeps the cache from growing forever.
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private ensureTable(collection: string): string {
    const table = tableFor(collection);
    if (!this.knownTables.has(collection)) {
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL) WITHOUT ROWID`,
      );
      this.knownTables.add(collection);
    }
    return table;
  }

  // Callers wait with `while (this.openTransaction) await this.openTransaction;` inline and
  // then act synchronously: an `await idle()` helper would leave a microtask gap in which
  // another transaction could begin.

  private readonly direct: TransactionStore = {
    get: async <T extends object>(collection: string, id: string) => this.getNow<T>(collection, id),
    insert: async <T extends object>(collection: string, doc: NewDocument<T>) => this.insertNow(collection, doc),
    update: async (collection: string, id: string, expectedVersion: number, patch: Patch) =>
      this.updateNow(collection, id, expectedVersion, patch),
  };

  private getNow<T extends object>(collection: string, id: string): StoredDocument<T> | null {
    const table = this.ensureTable(collection);
    const row = this.statement(`SELECT id, version, data FROM ${table} WHERE id = ?`).get(id) as Row | undefined;
    return row ? toDocument<T>(row) : null;
  }

  private insertNow<T extends object>(collection: string, doc: NewDocument<T>): StoredDocument<T> {
    const table = this.ensureTable(collection);
    const { _id, ...rest } = doc as NewDocument<Record<string, unknown>>;
    if (typeof _id !== 'string' || _id.length === 0) throw new StoreError('insert needs a string _id');
    // A record field named `version` would be silently overwritten by the store's counter.
    if ('version' in rest) throw new StoreError('version is managed by the store; name the field otherwise');
    try {
      this.statement(`INSERT INTO ${table} (id, version, data) VALUES (?, 1, ?)`).run(_id, JSON.stringify(rest));
    } catch (error) {
      if (isSqliteConstraint(error)) throw new DuplicateIdError(collection, _id, { cause: error });
      throw error;
    }
    return { ...(rest as T), _id, version: 1 };
  }

  private updateNow(collection: string, id: string, expectedVersion: number, patch: Patch): number {
    const table = this.ensureTable(collection);
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    for (const [field] of entries) {
      if (field === '_id' || field === 'version' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) {
        throw new StoreError(`Cannot patch field ${field}`);
      }
    }
    const params: SqlValue[] = [];
    let dataExpression = 'data';
    if (entries.length > 0) {
      dataExpression = `json_set(data, ${entries.map(([field]) => `'$.${field}', json(?)`).join(', ')})`;
      for (const [, value] of entries) params.push(JSON.stringify(value));
    }
    let result: Database.RunResult;
    try {
      result = this.statement(
        `UPDATE ${table} SET version = version + 1, data = ${dataExpression} WHERE id = ? AND version = ?`,
      ).run(...params, id, expectedVersion);
    } catch (error) {
      if (isSqliteConstraint(error)) throw new DuplicateIdError(collection, id, { cause: error });
      throw error;
    }
    if (result.changes === 1) return expectedVersion + 1;
    const exists = this.statement(`SELECT 1 FROM ${table} WHERE id = ?`).get(id);
    if (!exists) throw new DocumentNotFoundError(collection, id);
    throw new VersionConflictError(collection, id, expectedVersion);
  }

  async get<T extends object>(collection: string, id: string): Promise<StoredDocument<T> | null> {
    while (this.openTransaction) await this.openTransaction;
    return this.getNow<T>(collection, id);
  }

  async insert<T extends object>(collection: string, doc: NewDocument<T>): Promise<StoredDocument<T>> {
    while (this.openTransaction) await this.openTransaction;
    return this.insertNow(collection, doc);
  }

  async update(collection: string, id: string, expectedVersion: number, patch: Patch): Promise<number> {
    while (this.openTransaction) await this.openTransaction;
    return this.updateNow(collection, id, expectedVersion, patch);
  }

  async find<T extends object>(collection: string, query: FindQuery): Promise<Page<StoredDocument<T>>> {
    checkLimit(query.limit);
    const sort = normalizedSort(query.orderBy);
    const params: SqlValue[] = [];
    const where = pageFilter(collection, query, sort)
      .map((filter) => `(${compileFilter(filter, params)})`)
      .join(' AND ');
    const order = sort.map((key) => `${columnFor(key.field)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`).join(', ');
    while (this.openTransaction) await this.openTransaction;
    const table = this.ensureTable(collection);
    const rows = this.statement(`SELECT id, version, data FROM ${table} WHERE ${where} ORDER BY ${order} LIMIT ?`).all(
      ...params,
      query.limit + 1,
    ) as Row[];
    const hasMore = rows.length > query.limit;
    const items = rows.slice(0, query.limit).map((row) => toDocument<T>(row));
    const last = items[items.length - 1];
    return { items, nextCursor: hasMore && last ? encodeCursor(collection, sort, last) : null };
  }

  async count(collection: string, where: Filter): Promise<number> {
    const params: SqlValue[] = [];
    const sql = compileFilter(where, params);
    while (this.openTransaction) await this.openTransaction;
    const table = this.ensureTable(collection);
    const row = this.statement(`SELECT COUNT(*) AS n FROM ${table} WHERE ${sql}`).get(...params) as { n: number };
    return row.n;
  }

  async transaction<T>(work: (tx: TransactionStore) => Promise<T>): Promise<T> {
    while (this.openTransaction) await this.openTransaction;
    let release!: () => void;
    this.openTransaction = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(this.direct);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      // A table first created inside this transaction is gone again.
      this.knownTables.clear();
      throw error;
    } finally {
      this.openTransaction = null;
      release();
    }
  }

  async ensureIndexes(indexes: readonly IndexDeclaration[]): Promise<void> {
    while (this.openTransaction) await this.openTransaction;
    for (const index of indexes) {
      const table = this.ensureTable(index.collection);
      const columns = index.fields.map((key) => `${columnFor(key.field)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`).join(', ');
      const name = `"ix_${index.collection}_${index.name}"`;
      this.db.exec(`CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${name} ON ${table} (${columns})`);
    }
  }

  async close(): Promise<void> {
    while (this.openTransaction) await this.openTransaction;
    this.db.close();
  }
}
