import { CloudbaseDocumentStore } from '../../server/store/cloudbase/cloudbase-document-store';
import { fakeCloudbaseApp } from '../fake-cloudbase/fake-cloudbase-app';
import { startFakeCloudbase } from '../fake-cloudbase/fake-cloudbase-server';
import { documentStoreSuite } from './document-store.suite';
import { savingSuite } from './saving.suite';

// The real adapter and the real @cloudbase/node-sdk, over HTTP, against a fresh fake per test.
const makeStore = async () => {
  const fake = await startFakeCloudbase();
  const store = new CloudbaseDocumentStore(fakeCloudbaseApp(fake));
  return {
    store,
    cleanup: async () => {
      await store.close();
      await fake.close();
    },
  };
};

documentStoreSuite('CloudBase (node-sdk against the fake server)', makeStore);
savingSuite('CloudBase (node-sdk against the fake server)', makeStore);
