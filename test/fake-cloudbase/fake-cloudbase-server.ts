import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BSONRegExp, EJSON } from 'bson';
import { Query, find, update } from 'mingo';

/**
 * A fake CloudBase database endpoint for tests: the real `@cloudbase/node-sdk`, initialised with
 * `serviceUrl` pointing here (and dummy `secretId`/`secretKey`), talks to it over HTTP.
 *
 * It speaks the wire format node-sdk 3.18.3 uses (see /work/shared/CLOUDBASE.md §2): every call
 * is a POST whose flat JSON body names an `action`; queries, documents, orders and updates are
 * canonical-EJSON strings; errors are HTTP 200 bodies `{ code, message, requestId }`. Query,
 * sort, projection and update semantics are MongoDB's, evaluated with mingo.
 *
 * Cloud storage is answered the way node-sdk's `uploadFile`, `getTempFileURL`, `downloadFile` and
 * `deleteFile` use it: `storage.getUploadMetadata` hands out a PUT url on this server (the COS
 * upload), `storage.batchGetDownloadUrl` a GET url, `storage.batchDeleteFile` removes; the bytes
 * are kept in memory.
 *
 * Simplifications: one transaction at a time (a second `startTransaction` waits for the first
 * to end, and calls outside the transaction wait too, so everything is serializable); no
 * indexes, so no unique keys other than `_id`; the signature is not checked.
 */
export interface FakeCloudbase {
  /** The `serviceUrl` to give the SDK. */
  url: string;
  /**
   * Every call received, in arrival order (common fields included, signature headers not); an
   * upload or download of the bytes is `cos.PUT` / `cos.GET` with its url.
   */
  requests: FakeRequest[];
  /**
   * Holds the replies until no request has arrived for this long (default 0), as a network
   * round trip would delay them: with a delay, requests a caller sends together overlap at the
   * server and requests sent one after another do not, which is what {@link requestsInSeries}
   * counts.
   */
  setDelay(ms: number): void;
  /** Makes the next call of `action` (on `on.collectionName`, when given) fail with this error body instead of running. */
  failNext(action: string, error: { code: string; message: string }, on?: { collectionName: string }): void;
  /** A copy of a collection's documents in insertion order, or `null` when it does not exist. */
  documents(collection: string): Record<string, unknown>[] | null;
  /** The cloud paths of the files in storage, sorted. */
  storedFiles(): string[];
  close(): Promise<void>;
}

export interface FakeCloudbaseOptions {
  /**
   * Whether a write to a collection that does not exist creates it (default `true`). With
   * `false`, inserts into a missing collection fail with `DATABASE_COLLECTION_NOT_EXIST`.
   */
  autoCreateCollections?: boolean;
}

/** One call as the fake saw it, with when it arrived and when it was answered. */
export interface FakeRequest {
  action: string;
  body: Record<string, unknown>;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
  /** `performance.now()` when the reply was sent; `null` while it is in flight. */
  answeredAt: number | null;
}

/**
 * How many of these requests the caller waited for one after another: the longest chain in
 * which each request arrived after the one before it was answered. Requests that overlap at
 * the server (sent together, e.g. by `Promise.all`) are one step of the chain.
 */
export function requestsInSeries(requests: readonly FakeRequest[]): number {
  const depth: number[] = [];
  let longest = 0;
  requests.forEach((request, i) => {
    let before = 0;
    for (let j = 0; j < i; j += 1) {
      const answeredAt = requests[j].answeredAt;
      if (answeredAt !== null && answeredAt <= request.receivedAt) before = Math.max(before, depth[j]);
    }
    depth.push(before + 1);
    longest = Math.max(longest, before + 1);
  });
  return longest;
}

type Doc = Record<string, unknown>;
type Body = Record<string, unknown>;
type UpdateExpression = Parameters<typeof update>[1];

/** An error the fake answers with (HTTP 200, as CloudBase does). */
class FakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$pull',
  '$pullAll',
  '$pop',
  '$addToSet',
  '$bit',
  '$currentDate',
]);

/** node-sdk never asks for more; the server caps a page at 1000 too. */
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Turns decoded EJSON into values mingo understands (JS RegExp, numbers, server dates). */
function toPlain(value: unknown): unknown {
  if (value instanceof BSONRegExp) {
    // `x` and other server-only flags have no JS equivalent.
    return new RegExp(value.pattern, value.options.replace(/[^imsu]/g, ''));
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return value;
  const bsonType = (value as { _bsontype?: unknown })._bsontype;
  if (bsonType === 'Long' || bsonType === 'Int32' || bsonType === 'Double') return Number(value);
  if (!isPlainObject(value)) return value;
  const serverDate = value.$tcb_server_date;
  if (isPlainObject(serverDate)) {
    return new Date(Date.now() + (typeof serverDate.offset === 'number' ? serverDate.offset : 0));
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = toPlain(item);
  return out;
}

function parseEjson(text: unknown, field: string): unknown {
  if (typeof text !== 'string') throw new FakeError('INVALID_PARAM', `${field} must be an EJSON string`);
  try {
    return toPlain(EJSON.parse(text, { relaxed: true }));
  } catch (error) {
    throw new FakeError('INVALID_PARAM', `${field} is not valid EJSON: ${(error as Error).message}`);
  }
}

function parseObject(text: unknown, field: string): Record<string, unknown> {
  const value = parseEjson(text, field);
  if (!isPlainObject(value)) throw new FakeError('INVALID_PARAM', `${field} must encode an object`);
  return value;
}

function encode(doc: Doc): string {
  return EJSON.stringify(doc, { relaxed: false });
}

function requireString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.length === 0) throw new FakeError('INVALID_PARAM', `missing ${field}`);
  return value;
}

/** Documents are keyed by their `_id` with its type, since CloudBase ids may be strings or numbers. */
function keyOf(id: unknown): string {
  return JSON.stringify([typeof id, id]);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

interface JournalEntry {
  collection: string;
  key: string;
  /** The document before the write; `undefined` when the write created it. */
  before: Doc | undefined;
  /** The write created the collection itself. */
  createdCollection: boolean;
}

interface ActiveTransaction {
  id: string;
  journal: JournalEntry[];
}

class FakeDatabase {
  private readonly collections = new Map<string, Map<string, Doc>>();
  private active: ActiveTransaction | null = null;
  private waiters: Array<() => void> = [];
  private transactionCounter = 0;

  constructor(private readonly autoCreate: boolean) {}

  documents(name: string): Doc[] | null {
    const collection = this.collections.get(name);
    return collection ? [...collection.values()].map(clone) : null;
  }

  // ---- serialization ------------------------------------------------------------------------

  /** Waits until no transaction is open; then the caller acts synchronously. */
  private async idle(): Promise<void> {
    while (this.active) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /**
   * Opens a transaction as soon as none is open. The check and the claim happen in one
   * synchronous step: with an `await` between them, every waiter woken together would see no
   * transaction and all of them would open one.
   */
  private async begin(): Promise<ActiveTransaction> {
    while (this.active) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.transactionCounter += 1;
    this.active = { id: `fake-tx-${this.transactionCounter}-${randomBytes(4).toString('hex')}`, journal: [] };
    return this.active;
  }

  private endTransaction(): void {
    this.active = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * Calls carrying a `transactionId` run inside the open transaction; all others wait until
   * no transaction is open, as if each were a transaction of its own.
   */
  private async enter(body: Body): Promise<ActiveTransaction | null> {
    const transactionId = body.transactionId;
    if (transactionId === undefined || transactionId === null || transactionId === '') {
      await this.idle();
      return null;
    }
    if (!this.active || this.active.id !== transactionId) {
      throw new FakeError('DATABASE_TRANSACTION_FAIL', `transaction ${String(transactionId)} is not open`);
    }
    return this.active;
  }

  // ---- storage with journal -----------------------------------------------------------------

  private existing(name: string): Map<string, Doc> {
    const collection = this.collections.get(name);
    if (!collection) throw new FakeError('DATABASE_COLLECTION_NOT_EXIST', `collection ${name} does not exist`);
    return collection;
  }

  /** The collection for a write, created on first write unless the fake was told otherwise. */
  private forWrite(name: string, tx: ActiveTransaction | null): { collection: Map<string, Doc>; created: boolean } {
    const collection = this.collections.get(name);
    if (collection) return { collection, created: false };
    if (!this.autoCreate) throw new FakeError('DATABASE_COLLECTION_NOT_EXIST', `collection ${name} does not exist`);
    const created = new Map<string, Doc>();
    this.collections.set(name, created);
    if (tx) tx.journal.push({ collection: name, key: '', before: undefined, createdCollection: true });
    return { collection: created, created: true };
  }

  private write(
    name: string,
    collection: Map<string, Doc>,
    key: string,
    doc: Doc | undefined,
    tx: ActiveTransaction | null,
  ): void {
    if (tx) tx.journal.push({ collection: name, key, before: collection.get(key), createdCollection: false });
    if (doc === undefined) collection.delete(key);
    else collection.set(key, doc);
  }

  private matching(collection: Map<string, Doc>, query: Record<string, unknown>, multi: boolean): Doc[] {
    const test = new Query(query);
    const out: Doc[] = [];
    for (const doc of collection.values()) {
      if (!test.test(doc)) continue;
      out.push(doc);
      if (!multi) break;
    }
    return out;
  }

  // ---- actions ------------------------------------------------------------------------------

  async handle(action: string, body: Body): Promise<Body> {
    switch (action) {
      case 'database.startTransaction':
        return { transactionId: (await this.begin()).id };
      case 'database.commitTransaction':
        this.checkOpen(body);
        this.endTransaction();
        return {};
      case 'database.abortTransaction':
        this.rollback(this.checkOpen(body));
        this.endTransaction();
        return {};
      case 'database.addCollection': {
        await this.idle();
        const name = requireString(body, 'collectionName');
        if (this.collections.has(name)) {
          throw new FakeError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`);
        }
        this.collections.set(name, new Map());
        return {};
      }
      case 'database.getDocument':
        return this.getDocument(body, await this.enter(body));
      case 'database.insertDocument':
        return this.insertDocument(body, await this.enter(body));
      case 'database.modifyDocument':
        return this.modifyDocument(body, await this.enter(body));
      case 'database.removeDocument':
        return this.removeDocument(body, await this.enter(body));
      case 'database.calculateDocument':
        return this.calculateDocument(body, await this.enter(body));
      default:
        throw new FakeError('ACTION_NOT_SUPPORTED', `the fake does not implement ${action}`);
    }
  }

  /** Rolls back and ends the open transaction if it has this id. */
  abandon(transactionId: unknown): void {
    if (!this.active || this.active.id !== transactionId) return;
    this.rollback(this.active);
    this.endTransaction();
  }

  private checkOpen(body: Body): ActiveTransaction {
    if (!this.active || this.active.id !== body.transactionId) {
      throw new FakeError('DATABASE_TRANSACTION_FAIL', `transaction ${String(body.transactionId)} is not open`);
    }
    return this.active;
  }

  private rollback(tx: ActiveTransaction): void {
    for (const entry of [...tx.journal].reverse()) {
      if (entry.createdCollection) {
        this.collections.delete(entry.collection);
        continue;
      }
      const collection = this.collections.get(entry.collection);
      if (!collection) continue;
      if (entry.before === undefined) collection.delete(entry.key);
      else collection.set(entry.key, entry.before);
    }
  }

  private getDocument(body: Body, _tx: ActiveTransaction | null): Body {
    const collection = this.existing(requireString(body, 'collectionName'));
    const query = body.query === undefined ? {} : parseObject(body.query, 'query');
    const projection = body.projection === undefined ? undefined : parseObject(body.projection, 'projection');
    let cursor = find<Doc>([...collection.values()], query, projection);
    if (body.order !== undefined) cursor = cursor.sort(parseObject(body.order, 'order'));
    if (typeof body.offset === 'number' && body.offset > 0) cursor = cursor.skip(body.offset);
    if (body.queryType !== 'DOC') {
      const limit = typeof body.limit === 'number' ? body.limit : DEFAULT_LIMIT;
      cursor = cursor.limit(Math.min(limit, MAX_LIMIT));
    }
    return { data: { list: cursor.all().map((doc) => encode(doc)) } };
  }

  private insertDocument(body: Body, tx: ActiveTransaction | null): Body {
    const name = requireString(body, 'collectionName');
    const data = body.data;
    if (!Array.isArray(data) || data.length === 0) {
      throw new FakeError('INVALID_PARAM', 'data must be a non-empty array');
    }
    const docs = data.map((item: unknown) => parseObject(item, 'data'));
    const { collection } = this.forWrite(name, tx);
    const insertedIds: unknown[] = [];
    // Ordered, like MongoDB's insertMany: documents before a duplicate stay inserted.
    for (const doc of docs) {
      if (doc._id === undefined) doc._id = randomBytes(16).toString('hex');
      const key = keyOf(doc._id);
      if (collection.has(key)) {
        throw new FakeError(
          'DATABASE_DUPLICATE_WRITE',
          `E11000 duplicate key error collection: ${name} index: _id_ dup key: { _id: ${JSON.stringify(doc._id)} }`,
        );
      }
      this.write(name, collection, key, doc, tx);
      insertedIds.push(doc._id);
    }
    return { data: { insertedIds } };
  }

  private modifyDocument(body: Body, tx: ActiveTransaction | null): Body {
    const name = requireString(body, 'collectionName');
    const query = body.query === undefined ? {} : parseObject(body.query, 'query');
    const data = parseObject(body.data, 'data');
    const upsert = body.upsert === true;
    const merge = body.merge !== false;
    const multi = body.queryType !== 'DOC' && body.multi !== false;
    const operators = Object.keys(data).filter((key) => key.startsWith('$'));
    if (!merge && operators.length > 0) {
      throw new FakeError('DATABASE_REQUEST_FAILED', 'a replacement document may not contain update operators');
    }
    // With merge, plain fields are applied as $set (what `merge: true` asks the server to do).
    const expression: Record<string, unknown> = {};
    if (merge) {
      for (const [key, value] of Object.entries(data)) {
        if (key.startsWith('$')) {
          if (!UPDATE_OPERATORS.has(key)) {
            throw new FakeError('DATABASE_REQUEST_FAILED', `unknown update operator ${key}`);
          }
          if (!isPlainObject(value)) throw new FakeError('DATABASE_REQUEST_FAILED', `${key} needs an object`);
          expression[key] = { ...(expression[key] as Record<string, unknown> | undefined), ...value };
        } else {
          expression.$set = { ...(expression.$set as Record<string, unknown> | undefined), [key]: value };
        }
      }
      for (const fields of Object.values(expression)) {
        if (Object.keys(fields as Record<string, unknown>).some((path) => path === '_id' || path.startsWith('_id.'))) {
          throw new FakeError('DATABASE_REQUEST_FAILED', 'cannot update _id');
        }
      }
    } else if ('_id' in data) {
      throw new FakeError('DATABASE_REQUEST_FAILED', 'a replacement document may not contain _id');
    }

    const apply = (current: Doc): { next: Doc; changed: boolean } => {
      if (!merge) {
        const next = { _id: current._id, ...data };
        return { next, changed: encode(next) !== encode(current) };
      }
      const next = clone(current);
      let changed = false;
      for (const [op, fields] of Object.entries(expression)) {
        // mingo's types accept one operator per call; `op` is one of UPDATE_OPERATORS.
        const paths = update(next, { [op]: fields } as unknown as UpdateExpression);
        if (paths.length > 0) changed = true;
      }
      return { next, changed };
    };

    const existing = this.collections.get(name);
    if (!existing && !upsert) throw new FakeError('DATABASE_COLLECTION_NOT_EXIST', `collection ${name} does not exist`);
    const { collection } = existing ? { collection: existing } : this.forWrite(name, tx);
    const matched = this.matching(collection, query, multi);
    if (matched.length === 0 && upsert) {
      const id = query._id === undefined || isPlainObject(query._id) ? randomBytes(16).toString('hex') : query._id;
      const { next } = apply({ _id: id });
      this.write(name, collection, keyOf(id), next, tx);
      return { data: { updated: 0, upsert_id: id } };
    }
    let updated = 0;
    for (const doc of matched) {
      const { next, changed } = apply(doc);
      if (!changed) continue;
      this.write(name, collection, keyOf(doc._id), next, tx);
      updated += 1;
    }
    return { data: { updated } };
  }

  private removeDocument(body: Body, tx: ActiveTransaction | null): Body {
    const name = requireString(body, 'collectionName');
    const collection = this.existing(name);
    const query = body.query === undefined ? {} : parseObject(body.query, 'query');
    const multi = body.queryType !== 'DOC' && body.multi !== false;
    const matched = this.matching(collection, query, multi);
    for (const doc of matched) this.write(name, collection, keyOf(doc._id), undefined, tx);
    return { data: { deleted: matched.length } };
  }

  private calculateDocument(body: Body, _tx: ActiveTransaction | null): Body {
    const collection = this.existing(requireString(body, 'collectionName'));
    const query = body.query === undefined ? {} : parseObject(body.query, 'query');
    return { data: { total: this.matching(collection, query, true).length } };
  }
}

/** The fake's cloud storage: cloud paths to bytes, and the COS-like PUT/GET on `/cos/<path>`. */
class FakeStorage {
  private readonly files = new Map<string, Buffer>();
  private uploads = 0;

  constructor(
    private readonly env: string,
    private readonly baseUrl: () => string,
  ) {}

  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  private fileIdOf(path: string): string {
    return `cloud://${this.env}.fake-bucket-1250000000/${path}`;
  }

  private pathOf(fileId: unknown): string | null {
    const prefix = `cloud://${this.env}.fake-bucket-1250000000/`;
    return typeof fileId === 'string' && fileId.startsWith(prefix) ? fileId.slice(prefix.length) : null;
  }

  /** Like COS, the path stands in the url as it is: node-sdk runs `encodeURI` over download urls. */
  private urlOf(path: string): string {
    return `${this.baseUrl()}/cos/${encodeURI(path)}`;
  }

  handle(action: string, body: Body): Body | null {
    switch (action) {
      case 'storage.getUploadMetadata': {
        const path = requireString(body, 'path');
        if (body.method !== 'put') throw new FakeError('INVALID_PARAM', 'the fake answers PUT uploads only');
        this.uploads += 1;
        return {
          data: {
            url: this.urlOf(path),
            token: 'fake-cos-token',
            authorization: 'fake-cos-authorization',
            fileId: this.fileIdOf(path),
            cosFileId: `fake-cos-file-${this.uploads}`,
          },
        };
      }
      case 'storage.batchGetDownloadUrl': {
        const list = Array.isArray(body.file_list) ? (body.file_list as Array<{ fileid?: unknown }>) : null;
        if (!list) throw new FakeError('INVALID_PARAM', 'missing file_list');
        return {
          data: {
            download_list: list.map(({ fileid }) => {
              const path = this.pathOf(fileid);
              return path !== null && this.files.has(path)
                ? { fileID: fileid, tempFileURL: `${this.urlOf(path)}?sign=fake`, code: 'SUCCESS' }
                : { fileID: fileid, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST', message: 'file does not exist' };
            }),
          },
        };
      }
      case 'storage.batchDeleteFile': {
        const list = Array.isArray(body.fileid_list) ? (body.fileid_list as unknown[]) : null;
        if (!list) throw new FakeError('INVALID_PARAM', 'missing fileid_list');
        return {
          data: {
            delete_list: list.map((fileId) => {
              const path = this.pathOf(fileId);
              const existed = path !== null && this.files.delete(path);
              return existed ? { fileID: fileId, code: 'SUCCESS' } : { fileID: fileId, code: 'STORAGE_FILE_NONEXIST' };
            }),
          },
        };
      }
      default:
        return null;
    }
  }

  /** The COS side of `/cos/<path>`: PUT stores the body, GET answers it. */
  async serveObject(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const path = decodeURIComponent(url.pathname.slice('/cos/'.length));
    if (request.method === 'PUT') {
      this.files.set(path, await readBytes(request));
      // COS answers a good upload with an empty body; node-sdk parses it as XML.
      response.writeHead(200);
      response.end();
      return;
    }
    const content = request.method === 'GET' ? this.files.get(path) : undefined;
    if (!content) {
      response.writeHead(404, { 'content-type': 'application/xml' });
      response.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>missing</Message></Error>');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length });
    response.end(content);
  }
}

function readBytes(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return readBytes(request).then((bytes) => bytes.toString('utf8'));
}

/** Starts a fake on 127.0.0.1 with a free port; each call gets an empty, independent database. */
export async function startFakeCloudbase(options: FakeCloudbaseOptions = {}): Promise<FakeCloudbase> {
  const database = new FakeDatabase(options.autoCreateCollections ?? true);
  let baseUrl = '';
  const storage = new FakeStorage('fake-env', () => baseUrl);
  const requests: FakeRequest[] = [];
  const failures = new Map<string, Array<{ code: string; message: string; collectionName?: string }>>();
  let requestCounter = 0;
  let delayMs = 0;
  // Replies are held until no request has arrived for `delayMs`, then sent together: requests
  // a caller sends together then overlap however slowly a loaded machine signs and sends each
  // one (a fixed hold per reply counted the third of three as a step of its own whenever it left
  // the client more than `delayMs` after the first), and one sent after an answer still arrives
  // after it.
  let lastArrivalAt = 0;
  let heldReplies: Array<() => void> = [];
  let releaseTimer: NodeJS.Timeout | null = null;
  const armRelease = () => {
    if (releaseTimer) clearTimeout(releaseTimer);
    releaseTimer = setTimeout(releaseWhenQuiet, Math.max(0, lastArrivalAt + delayMs - performance.now()));
  };
  const releaseWhenQuiet = () => {
    releaseTimer = null;
    if (performance.now() < lastArrivalAt + delayMs) return armRelease();
    const replies = heldReplies;
    heldReplies = [];
    replies.forEach((send) => send());
  };

  const server = http.createServer((request, response) => {
    const receivedAt = performance.now();
    lastArrivalAt = receivedAt;
    if (heldReplies.length > 0) armRelease();
    void (async () => {
      requestCounter += 1;
      const requestId = `fake-${requestCounter}`;
      let seen: FakeRequest | null = null;
      const reply = (status: number, payload: Body) => {
        const answer = () => {
          if (seen) seen.answeredAt = performance.now();
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ...payload, requestId }));
        };
        if (delayMs > 0) {
          heldReplies.push(answer);
          armRelease();
        } else answer();
      };
      if (request.url?.startsWith('/cos/')) {
        const object: FakeRequest = {
          action: `cos.${request.method ?? 'GET'}`,
          body: { url: request.url },
          receivedAt,
          answeredAt: null,
        };
        requests.push(object);
        await storage.serveObject(request, response);
        object.answeredAt = performance.now();
        return;
      }
      if (request.method !== 'POST') return reply(405, { code: 'METHOD_NOT_ALLOWED', message: 'POST only' });
      let body: Body;
      try {
        const parsed: unknown = JSON.parse(await readBody(request));
        if (!isPlainObject(parsed) || typeof parsed.action !== 'string') throw new Error('no action');
        body = parsed;
      } catch (error) {
        return reply(400, { code: 'INVALID_PARAM', message: `bad request body: ${(error as Error).message}` });
      }
      const action = body.action as string;
      seen = { action, body, receivedAt, answeredAt: null };
      requests.push(seen);
      const queue = failures.get(action) ?? [];
      const at = queue.findIndex(
        (failure) => failure.collectionName === undefined || failure.collectionName === body.collectionName,
      );
      const injected = at >= 0 ? queue.splice(at, 1)[0] : undefined;
      if (injected) {
        // A conflict ends the transaction on the server: runTransaction retries with a new one
        // and never aborts the old, which would otherwise hold the fake's lock forever.
        if (injected.code === 'DATABASE_TRANSACTION_CONFLICT') database.abandon(body.transactionId);
        return reply(200, { code: injected.code, message: injected.message });
      }
      try {
        reply(200, storage.handle(action, body) ?? (await database.handle(action, body)));
      } catch (error) {
        if (error instanceof FakeError) return reply(200, { code: error.code, message: error.message });
        reply(200, { code: 'DATABASE_REQUEST_FAILED', message: String((error as Error)?.message ?? error) });
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: `http://127.0.0.1:${port}/admin`,
    requests,
    setDelay(ms) {
      delayMs = ms;
    },
    failNext(action, error, on) {
      const queue = failures.get(action) ?? [];
      queue.push({ ...error, ...(on ? { collectionName: on.collectionName } : {}) });
      failures.set(action, queue);
    },
    documents: (collection) => database.documents(collection),
    storedFiles: () => storage.paths(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The SDK keeps connections alive; without this, close() would wait for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
