import { createHash } from 'node:crypto';
import { type Clock, timestamp } from '../lib/time';
import type { DocumentStore, Page, StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { recordOf, retryOnConflict, saveVersioned } from '../store/saving';

/**
 * The file port, for imports and exports: put, get, delete and list files by key, with a
 * content type and a size limit. What a file is (its key, type, size, checksum) is a record in
 * the document store, so listing is an indexed range and both runtimes answer alike; only the
 * bytes differ: CloudBase cloud storage in production, a folder under DATA_DIR locally.
 */

/** A file as the port describes it. */
export interface StoredFile {
  key: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
  updatedAt: string;
}

export interface FileStore {
  /** Stores `content` under `key`, replacing what was there. */
  put(key: string, content: Buffer, contentType: string): Promise<StoredFile>;
  /** The file and its bytes, or null when there is none under `key`. */
  get(key: string): Promise<{ file: StoredFile; content: Buffer } | null>;
  /** Removes the file; false when there was none. */
  delete(key: string): Promise<boolean>;
  /** The files whose key starts with `prefix`, in key order, one page at a time. */
  list(prefix: string, page: { limit: number; cursor?: string | null }): Promise<Page<StoredFile>>;
}

/**
 * Where the bytes go: an opaque handle per stored blob. Blob names are chosen by the file store
 * (hex only), so an adapter never sees a user's key.
 */
export interface BlobStorage {
  /** Writes the blob and returns the handle to read or remove it by. */
  write(name: string, content: Buffer): Promise<string>;
  /** The blob's bytes, or null when it is not there. */
  read(handle: string): Promise<Buffer | null>;
  /** Removes the blob; a blob already gone is fine. */
  remove(handle: string): Promise<void>;
}

/** Why a file was refused; nothing was written. */
export type FileRefusal = 'key' | 'content_type' | 'size';

export class FileRejectedError extends Error {
  constructor(
    readonly reason: FileRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'FileRejectedError';
  }
}

/** The bytes a file record points to are missing: the storage lost them, which no rule can fix. */
export class FileContentMissingError extends Error {
  constructor(readonly key: string) {
    super(`The content of file ${key} is missing from storage`);
    this.name = 'FileContentMissingError';
  }
}

export interface FileLimits {
  maxBytes: number;
  contentTypes: readonly string[];
}

/** What imports and exports need: spreadsheets, CSV, PDF, images and JSON, up to 10 MB. */
export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxBytes: 10 * 1024 * 1024,
  contentTypes: [
    'text/csv',
    'text/plain',
    'application/json',
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.ms-excel',
    'image/png',
    'image/jpeg',
  ],
};

/** Lower-case path segments of letters, digits, `.`, `_` and `-`, joined by `/`; at most 200 characters. */
const KEY_PATTERN = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/;
const MAX_KEY_LENGTH = 200;

/** What a file is; its bytes are at `blob`. Id `f_<hash of the key>`, so a key has one record. */
export interface FileRecord {
  key: string;
  contentType: string;
  size: number;
  sha256: string;
  blob: string;
  createdAt: string;
  updatedAt: string;
  /** Set when deleted; a later put under the same key brings the record back. */
  deletedAt: string | null;
}

type FileDoc = StoredDocument<FileRecord>;

function checkKey(key: string): void {
  if (key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key) || key.split('/').some((part) => part === '.' || part === '..')) {
    throw new FileRejectedError(
      'key',
      `File key must be lower-case path segments of [a-z0-9._-], at most ${MAX_KEY_LENGTH}: ${key}`,
    );
  }
}

const sha256 = (content: Buffer | string) => createHash('sha256').update(content).digest('hex');

function fileIdFor(key: string): string {
  return `f_${sha256(key).slice(0, 32)}`;
}

function toStoredFile(doc: FileRecord): StoredFile {
  return { key: doc.key, contentType: doc.contentType, size: doc.size, sha256: doc.sha256, updatedAt: doc.updatedAt };
}

export function createFileStore(
  store: DocumentStore,
  blobs: BlobStorage,
  clock: Clock,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): FileStore {
  const load = (key: string) => store.get<FileRecord>(COLLECTIONS.files, fileIdFor(key));
  const live = (doc: FileDoc | null): doc is FileDoc => doc !== null && doc.deletedAt === null;
  /** Storage that fails to remove an old blob leaves an orphan nobody reads; the put or delete still stands. */
  const discard = async (handle: string) => {
    await blobs.remove(handle).catch(() => undefined);
  };

  return {
    async put(key, content, contentType) {
      checkKey(key);
      if (!limits.contentTypes.includes(contentType)) {
        throw new FileRejectedError('content_type', `File type ${contentType} is not accepted`);
      }
      if (content.length > limits.maxBytes) {
        throw new FileRejectedError('size', `File is ${content.length} bytes, more than ${limits.maxBytes}`);
      }
      const id = fileIdFor(key);
      const digest = sha256(content);
      // One blob per key and content: a reader of the old record still finds the old bytes until
      // the record points elsewhere, and putting the same content again writes the same blob.
      const handle = await blobs.write(`files/${id.slice(2)}/${digest}`, content);
      const now = timestamp(clock);
      const { saved, replaced } = await retryOnConflict(async () => {
        const current = await store.get<FileRecord>(COLLECTIONS.files, id);
        const record: FileRecord = {
          key,
          contentType,
          size: content.length,
          sha256: digest,
          blob: handle,
          createdAt: current ? current.createdAt : now,
          updatedAt: now,
          deletedAt: null,
        };
        return {
          saved: await saveVersioned(store, COLLECTIONS.files, id, current?.version ?? null, record),
          replaced: live(current) && current.blob !== handle ? current.blob : null,
        };
      });
      if (replaced) await discard(replaced);
      return toStoredFile(saved);
    },

    async get(key) {
      checkKey(key);
      const doc = await load(key);
      if (!live(doc)) return null;
      const content = await blobs.read(doc.blob);
      if (content) return { file: toStoredFile(doc), content };
      // A put or delete may have moved the record on after we read it.
      const again = await load(key);
      if (!live(again)) return null;
      const retried = again.blob === doc.blob ? null : await blobs.read(again.blob);
      if (!retried) throw new FileContentMissingError(key);
      return { file: toStoredFile(again), content: retried };
    },

    async delete(key) {
      checkKey(key);
      const removed = await retryOnConflict(async () => {
        const current = await load(key);
        if (!live(current)) return null;
        const deletedAt = timestamp(clock);
        await saveVersioned(
          store,
          COLLECTIONS.files,
          current._id,
          current.version,
          { ...recordOf(current), deletedAt },
          { deletedAt },
        );
        return current.blob;
      });
      if (removed === null) return false;
      await discard(removed);
      return true;
    },

    async list(prefix, page) {
      if (prefix !== '' && !/^[a-z0-9._/-]+$/.test(prefix)) {
        throw new FileRejectedError('key', `File key prefix must be characters of [a-z0-9._/-]: ${prefix}`);
      }
      const found = await store.find<FileRecord>(COLLECTIONS.files, {
        // Keys hold no `~`, which sorts after every character they may hold.
        where: { deletedAt: null, key: { $gte: prefix, $lt: `${prefix}~` } },
        orderBy: [{ field: 'key', direction: 'asc' }],
        limit: page.limit,
        cursor: page.cursor,
      });
      return { items: found.items.map(toStoredFile), nextCursor: found.nextCursor };
    },
  };
}
