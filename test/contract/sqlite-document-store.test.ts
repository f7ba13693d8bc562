import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDocumentStore } from '../../server/store/sqlite/sqlite-document-store';
import { documentStoreSuite } from './document-store.suite';
import { savingSuite } from './saving.suite';

const makeStore = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'document-store-'));
  const store = new SqliteDocumentStore(join(dir, 'store.sqlite'));
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

documentStoreSuite('SQLite (a temporary file per test)', makeStore);
savingSuite('SQLite (a temporary file per test)', makeStore);
