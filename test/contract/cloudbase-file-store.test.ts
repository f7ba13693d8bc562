import { cloudbaseBlobs } from '../../server/files/cloudbase-blobs';
import { createFileStore } from '../../server/files/file-store';
import { systemClock } from '../../server/lib/time';
import { CloudbaseDocumentStore } from '../../server/store/cloudbase/cloudbase-document-store';
import { fakeCloudbaseApp } from '../fake-cloudbase/fake-cloudbase-app';
import { startFakeCloudbase } from '../fake-cloudbase/fake-cloudbase-server';
import { fileStoreSuite } from './file-store.suite';

// The real node-sdk's uploadFile, downloadFile and deleteFile, over HTTP, against the fake's storage.
fileStoreSuite('CloudBase storage and database (node-sdk against the fake server)', async () => {
  const fake = await startFakeCloudbase();
  const app = fakeCloudbaseApp(fake);
  const store = new CloudbaseDocumentStore(app);
  return {
    files: createFileStore(store, cloudbaseBlobs(app), systemClock),
    store,
    blobs: async () => fake.storedFiles(),
    cleanup: async () => {
      await store.close();
      await fake.close();
    },
  };
});
