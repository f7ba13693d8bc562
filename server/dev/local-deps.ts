import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import QRCode from 'qrcode';
import { createFileStore } from '../files/file-store';
import { folderBlobs } from '../files/folder-blobs';
import { PiiProtector } from '../lib/pii';
import { type Clock, systemClock } from '../lib/time';
import type { CheckinCodeRenderer, ServiceDeps } from '../services/context';
import type { Notifier } from '../notify/notifier';
import { RecordingNotifier } from '../notify/recording-notifier';
import { type LocalDeskTickets, createLocalDeskTickets } from '../services/desk-sessions';
import { ensureSystemAdmins } from '../services/roles';
import { INDEXES } from '../store/indexes';
import { SqliteDocumentStore } from '../store/sqlite/sqlite-document-store';

/**
 * Locally there is no WeChat to draw a mini-program code, so the same payload (the page and
 * its scene value) is drawn as a plain QR code that a developer can scan in DevTools.
 */
export const qrCodeRenderer: CheckinCodeRenderer = {
  render: (scene, page) =>
    QRCode.toDataURL(`${page}?scene=${encodeURIComponent(scene)}`, { errorCorrectionLevel: 'M', margin: 2, width: 480 }),
};

/** Locally there is no WeChat to send through: each message that would have gone out is logged. */
export function localNotifier(): RecordingNotifier {
  return new RecordingNotifier(
    (message) =>
      console.log(
        `[notify] would send ${message.topic} to ${message.openid}: ${message.fields.subject} | ${message.fields.detail} | ${message.fields.time} -> ${message.page}`,
      ),
    false,
  );
}

/** The development key lives in the data folder, so encrypted records stay readable across restarts. */
export function developmentMasterKey(dataDir: string): Buffer {
  const file = join(dataDir, 'dev-pii-master-key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

export interface LocalDepsOptions {
  /** SQLite file path, or ':memory:'. */
  filename: string;
  /**
   * The file port's folder. Default: `files` beside the database, or for ':memory:' a fresh
   * folder under the system's temporary directory (made on the first write).
   */
  filesDir?: string;
  masterKey: Buffer;
  systemAdminOpenids?: readonly string[];
  clock?: Clock;
  codeRenderer?: CheckinCodeRenderer;
  /** Default: {@link localNotifier}. */
  notifier?: Notifier;
}

export type LocalDeps = ServiceDeps & { store: SqliteDocumentStore; deskTickets: LocalDeskTickets };

/** The whole backend on the embedded database: used by `npm start`, the tests and the benchmark. */
export async function createLocalDeps(options: LocalDepsOptions): Promise<LocalDeps> {
  const store = new SqliteDocumentStore(options.filename);
  await store.ensureIndexes(INDEXES);
  const pii = new PiiProtector(options.masterKey);
  const clock = options.clock ?? systemClock;
  await ensureSystemAdmins(store, pii, clock, options.systemAdminOpenids ?? []);
  const filesDir =
    options.filesDir ??
    (options.filename === ':memory:'
      ? join(tmpdir(), `liudong-files-${randomUUID()}`)
      : join(dirname(options.filename), 'files'));
  const files = createFileStore(store, folderBlobs(filesDir), clock);
  return {
    store,
    files,
    pii,
    clock,
    codeRenderer: options.codeRenderer ?? qrCodeRenderer,
    notifier: options.notifier ?? localNotifier(),
    deskTickets: createLocalDeskTickets(options.masterKey),
  };
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}
