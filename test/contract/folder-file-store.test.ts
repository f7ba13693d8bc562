import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStore } from '../../server/files/file-store';
import { folderBlobs } from '../../server/files/folder-blobs';
import { systemClock } from '../../server/lib/time';
import { SqliteDocumentStore } from '../../server/store/sqlite/sqlite-document-store';
import { fileStoreSuite } from './file-store.suite';

fileStoreSuite('a folder and SQLite (as under DATA_DIR)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'file-store-'));
  const store = new SqliteDocumentStore(join(dir, 'store.sqlite'));
  const root = join(dir, 'files');
  return {
    files: createFileStore(store, folderBlobs(root), systemClock),
    store,
    blobs: async () => {
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
    },
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
