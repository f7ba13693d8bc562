import { fakeCloudbaseApp } from './fake-cloudbase-app';
import { type FakeCloudbase, requestsInSeries, startFakeCloudbase } from './fake-cloudbase-server';

/**
 * The fake checked through the real @cloudbase/node-sdk, so that its replies are the ones the
 * SDK understands (result shapes per call, error bodies, transactions).
 */

type Database = ReturnType<ReturnType<typeof fakeCloudbaseApp>['database']>;
type Collection = ReturnType<Database['collection']>;

/** The SDK types transactions as `any`; this is the part these tests use. */
interface Transaction {
  collection(name: string): Collection;
  commit(): Promise<unknown>;
  rollback(reason?: unknown): Promise<unknown>;
}

let fake: FakeCloudbase;
let db: Database;

beforeEach(async () => {
  fake = await startFakeCloudbase();
  db = fakeCloudbaseApp(fake).database();
});

afterEach(async () => {
  await fake.close();
});

async function startTransaction(): Promise<Transaction> {
  return (await (db.startTransaction as () => Promise<unknown>).call(db)) as Transaction;
}

async function waitForRequests(action: string, count: number): Promise<void> {
  while (fake.requests.filter((request) => request.action === action).length < count) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('fake CloudBase server, driven by node-sdk', () => {
  it('records each call with its action and the flat body the SDK sends', async () => {
    await db.collection('c').add({ _id: 'a' });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].action).toBe('database.insertDocument');
    expect(fake.requests[0].body).toMatchObject({ action: 'database.insertDocument', collectionName: 'c' });
  });

  it('with a delay, requests sent together are one step in series and requests sent in turn are one step each', async () => {
    await db.collection('c').add({ _id: 'a' });
    // Long enough that a loaded machine sends the three requests of one Promise.all within it.
    fake.setDelay(100);
    let mark = fake.requests.length;
    await Promise.all([db.collection('c').doc('a').get(), db.collection('c').doc('b').get(), db.collection('c').count()]);
    expect(fake.requests.slice(mark)).toHaveLength(3);
    expect(requestsInSeries(fake.requests.slice(mark))).toBe(1);

    mark = fake.requests.length;
    await db.collection('c').doc('a').get();
    await Promise.all([db.collection('c').doc('a').get(), db.collection('c').doc('b').get()]);
    await db.collection('c').count();
    expect(requestsInSeries(fake.requests.slice(mark))).toBe(3);
    expect(requestsInSeries([])).toBe(0);
  });

  it('doc().get() resolves a list outside a transaction, and doc-or-null inside one', async () => {
    await db.collection('c').add({ _id: 'a', n: 1 });
    expect((await db.collection('c').doc('a').get()).data).toEqual([{ _id: 'a', n: 1 }]);
    expect((await db.collection('c').doc('zz').get()).data).toEqual([]);
    const tx = await startTransaction();
    expect((await tx.collection('c').doc('a').get()).data).toEqual({ _id: 'a', n: 1 });
    expect((await tx.collection('c').doc('zz').get()).data).toBeNull();
    await tx.commit();
  });

  it('add resolves the id; a duplicate _id fails with DATABASE_DUPLICATE_WRITE', async () => {
    expect(await db.collection('c').add({ _id: 'a' })).toMatchObject({ id: 'a' });
    const generated = await db.collection('c').add({ n: 1 });
    expect(typeof generated.id).toBe('string');
    await expect(db.collection('c').add({ _id: 'a', other: true })).rejects.toMatchObject({
      code: 'DATABASE_DUPLICATE_WRITE',
      requestId: expect.any(String),
    });
    expect(fake.documents('c')).toEqual([{ _id: 'a' }, { _id: generated.id, n: 1 }]);
  });

  it('reading a collection that does not exist fails with DATABASE_COLLECTION_NOT_EXIST', async () => {
    await expect(db.collection('missing').where({}).limit(5).get()).rejects.toMatchObject({
      code: 'DATABASE_COLLECTION_NOT_EXIST',
    });
  });

  it('createCollection sends addCollection; a second one fails as already existing', async () => {
    await db.createCollection('made');
    expect(fake.documents('made')).toEqual([]);
    await expect(Promise.resolve(db.createCollection('made'))).rejects.toMatchObject({
      code: 'DATABASE_COLLECTION_ALREADY_EXIST',
    });
  });

  it('where().get() filters, sorts, skips, limits and projects', async () => {
    const _ = db.command;
    for (let i = 0; i < 12; i += 1) {
      const _id = `d${String(i).padStart(2, '0')}`;
      await db.collection('c').add({ _id, k: i % 3, name: `n${i}`, tag: i % 2 ? 'odd' : 'even' });
    }
    const result = await db
      .collection('c')
      .where({ tag: 'even', k: _.in([0, 2]) })
      .orderBy('k', 'desc')
      .orderBy('_id', 'asc')
      .skip(1)
      .limit(3)
      .field({ name: true })
      .get();
    // Even ids with k in {0, 2} are d00 d02 d06 d08; by k desc, then _id: d02 d08 d00 d06.
    expect(result.data).toEqual([
      { _id: 'd08', name: 'n8' },
      { _id: 'd00', name: 'n0' },
      { _id: 'd06', name: 'n6' },
    ]);
    const regex = await db
      .collection('c')
      .where({ name: db.RegExp({ regexp: '^n1', options: '' }) })
      .limit(10)
      .get();
    expect(regex.data.map((doc: { _id: string }) => doc._id)).toEqual(['d01', 'd10', 'd11']);
  });

  it('without limit() the SDK asks for 100, and the fake returns at most that', async () => {
    await Promise.all(Array.from({ length: 120 }, (_, i) => db.collection('c').add({ _id: `x${i}` })));
    const result = await db.collection('c').get();
    expect(fake.requests[fake.requests.length - 1].body.limit).toBe(100);
    expect(result.data).toHaveLength(100);
    expect((await db.collection('c').where({}).count()).total).toBe(120);
  });

  it('where().update() updates every match by default, one with multiple:false', async () => {
    const _ = db.command;
    await Promise.all(['a', 'b', 'c'].map((id) => db.collection('c').add({ _id: id, g: 1, n: 0 })));
    expect(
      (
        await db
          .collection('c')
          .where({ g: 1 })
          .update({ n: _.inc(1) })
      ).updated,
    ).toBe(3);
    const single = await db
      .collection('c')
      .where({ g: 1 })
      .options({ multiple: false })
      .update({ n: _.inc(1) });
    expect(single.updated).toBe(1);
    expect(fake.documents('c')?.map((doc) => doc.n)).toEqual([2, 1, 1]);
    expect((await db.collection('c').where({ g: 2 }).update({ n: 5 })).updated).toBe(0);
  });

  it('doc().update() merges plain objects as dot paths; _.set replaces; _.remove unsets', async () => {
    const _ = db.command;
    await db.collection('c').add({ _id: 'a', o: { x: 1, y: 2 }, p: { x: 1, y: 2 }, gone: true, list: [1] });
    await db
      .collection('c')
      .doc('a')
      .update({ o: { x: 9 }, p: _.set({ x: 9 }), gone: _.remove(), list: _.push([2]) });
    expect(fake.documents('c')).toEqual([{ _id: 'a', o: { x: 9, y: 2 }, p: { x: 9 }, list: [1, 2] }]);
  });

  it('doc().set() replaces the whole document, and creates it when missing', async () => {
    await db.collection('c').add({ _id: 'a', old: true });
    expect(await db.collection('c').doc('a').set({ fresh: 1 })).toMatchObject({ updated: 1 });
    expect(await db.collection('c').doc('b').set({ made: 1 })).toMatchObject({ updated: 0, upsertedId: 'b' });
    expect(fake.documents('c')).toEqual([
      { _id: 'a', fresh: 1 },
      { _id: 'b', made: 1 },
    ]);
  });

  it('remove deletes one document by id, or every match of a where', async () => {
    await Promise.all(['a', 'b', 'c'].map((id) => db.collection('c').add({ _id: id, g: id === 'a' ? 1 : 2 })));
    expect((await db.collection('c').doc('a').remove()).deleted).toBe(1);
    expect((await db.collection('c').where({ g: 2 }).remove()).deleted).toBe(2);
    expect(fake.documents('c')).toEqual([]);
  });

  it('serverDate() is stored as a date', async () => {
    await db.collection('c').add({ _id: 'a', at: db.serverDate() });
    const [doc] = (await db.collection('c').doc('a').get()).data as Array<{ at: unknown }>;
    expect(doc.at).toBeInstanceOf(Date);
  });

  it('a committed transaction keeps its writes', async () => {
    const result = await (db.runTransaction as (cb: (tx: Transaction) => Promise<string>) => Promise<string>).call(
      db,
      async (tx) => {
        await tx.collection('c').add({ _id: 'a' });
        await tx.collection('c').doc('b').set({ n: 1 });
        return 'done';
      },
    );
    expect(result).toBe('done');
    expect(fake.documents('c')).toEqual([{ _id: 'a' }, { _id: 'b', n: 1 }]);
  });

  it('an aborted transaction restores every document and drops collections it created', async () => {
    const _ = db.command;
    await db.collection('c').add({ _id: 'a', n: 1 });
    await db.collection('c').add({ _id: 'b', n: 2 });
    const before = fake.documents('c');
    const tx = await startTransaction();
    await tx
      .collection('c')
      .doc('a')
      .update({ n: _.inc(10) });
    await tx
      .collection('c')
      .doc('a')
      .update({ n: _.inc(10) });
    await tx.collection('c').doc('b').remove();
    await tx.collection('c').add({ _id: 'new' });
    await tx.collection('c').doc('b').set({ back: true });
    await tx.collection('fresh').add({ _id: 'x' });
    expect(fake.documents('c')).toHaveLength(3);
    await tx.rollback();
    expect(fake.documents('c')).toEqual(before);
    expect(fake.documents('fresh')).toBeNull();
  });

  it('a second transaction, and calls outside it, wait until the open one ends', async () => {
    const events: string[] = [];
    const first = await startTransaction();
    await first.collection('c').add({ _id: 'a' });
    const second = startTransaction().then((tx) => {
      events.push('second started');
      return tx;
    });
    const outside = db
      .collection('c')
      .where({})
      .limit(10)
      .get()
      .then((result) => {
        events.push(`outside read ${result.data.length}`);
      });
    await waitForRequests('database.startTransaction', 2);
    await waitForRequests('database.getDocument', 1);
    events.push('first committing');
    await first.commit();
    const tx = await second;
    await tx.commit();
    await outside;
    expect(events[0]).toBe('first committing');
    expect(events).toEqual(expect.arrayContaining(['second started', 'outside read 1']));
  });

  it('transactions woken together open one at a time', async () => {
    const first = await startTransaction();
    const waiting = [startTransaction(), startTransaction(), startTransaction()];
    await waitForRequests('database.startTransaction', 4);
    await first.commit();
    // Woken in the order they asked; each must own the store until it commits.
    for (const [index, pending] of waiting.entries()) {
      const tx = await pending;
      await tx.collection('c').add({ _id: `t${index}` });
      await tx.commit();
    }
    expect(fake.documents('c')).toHaveLength(3);
  });

  it('a call naming a transaction that is not open fails', async () => {
    const tx = await startTransaction();
    await tx.commit();
    await expect(tx.collection('c').doc('a').get()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' });
  });

  it('failNext makes the next call of an action fail with the given body', async () => {
    fake.failNext('database.calculateDocument', { code: 'DATABASE_REQUEST_FAILED', message: 'injected' });
    await db.collection('c').add({ _id: 'a' });
    await expect(db.collection('c').where({}).count()).rejects.toMatchObject({
      code: 'DATABASE_REQUEST_FAILED',
      message: 'injected',
    });
    expect((await db.collection('c').where({}).count()).total).toBe(1);
  });

  it('answers cloud storage as node-sdk uses it: upload metadata and PUT, download url and GET, batch delete', async () => {
    const app = fakeCloudbaseApp(fake);
    const { fileID } = await app.uploadFile({ cloudPath: 'exports/a.csv', fileContent: Buffer.from('a,b\n') });
    expect(fileID).toMatch(/^cloud:\/\/fake-env\.[^/]+\/exports\/a\.csv$/);
    expect(fake.storedFiles()).toEqual(['exports/a.csv']);
    const downloaded = await app.downloadFile({ fileID });
    expect(Buffer.from(downloaded.fileContent ?? '').toString()).toBe('a,b\n');
    const urls = await app.getTempFileURL({ fileList: [fileID, `${fileID}.missing`] });
    expect(urls.fileList.map((file) => file.code)).toEqual(['SUCCESS', 'STORAGE_FILE_NONEXIST']);
    const deleted = await app.deleteFile({ fileList: [fileID, fileID] });
    expect(deleted.fileList.map((file) => file.code)).toEqual(['SUCCESS', 'STORAGE_FILE_NONEXIST']);
    expect(fake.storedFiles()).toEqual([]);
    await expect(app.downloadFile({ fileID })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST' });
    expect(fake.requests.map((request) => request.action)).toEqual([
      'storage.getUploadMetadata',
      'cos.PUT',
      'storage.batchGetDownloadUrl',
      'cos.GET',
      'storage.batchGetDownloadUrl',
      'storage.batchDeleteFile',
      'storage.batchGetDownloadUrl',
    ]);
    expect(fake.requests[0].body).toMatchObject({ path: 'exports/a.csv', method: 'put' });
    expect(fake.requests[2].body).toMatchObject({ file_list: [{ fileid: fileID, max_age: 600 }] });
    expect(fake.requests[5].body).toMatchObject({ fileid_list: [fileID, fileID] });
  });
});
