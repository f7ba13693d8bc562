import { EJSON } from 'bson';
import { CloudbaseDocumentStore } from '../../server/store/cloudbase/cloudbase-document-store';
import {
  DocumentNotFoundError,
  DuplicateIdError,
  StoreError,
  type TransactionStore,
  VersionConflictError,
} from '../../server/store/document-store';
import { fakeCloudbaseApp } from '../fake-cloudbase/fake-cloudbase-app';
import { type FakeCloudbase, requestsInSeries, startFakeCloudbase } from '../fake-cloudbase/fake-cloudbase-server';

/**
 * What the CloudBase adapter puts on the wire, seen from the fake server: the parts of the
 * contract that only show in requests (single-document CAS, explicit limits, transaction ids).
 */

let fake: FakeCloudbase;
let store: CloudbaseDocumentStore;

beforeEach(async () => {
  fake = await startFakeCloudbase();
  store = new CloudbaseDocumentStore(fakeCloudbaseApp(fake));
});

afterEach(async () => {
  await store.close();
  await fake.close();
});

function decode(text: unknown): unknown {
  expect(typeof text).toBe('string');
  return EJSON.parse(text as string, { relaxed: true });
}

/** Requests since `mark`, optionally of one action. */
function sent(mark: number, action?: string) {
  return fake.requests.slice(mark).filter((request) => action === undefined || request.action === action);
}

async function seed(count: number, collection = 'things') {
  for (let start = 0; start < count; start += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, count - start) }, (_, k) =>
        store.insert(collection, { _id: `d${String(start + k).padStart(5, '0')}`, rank: (start + k) % 7 }),
      ),
    );
  }
}

describe('CloudbaseDocumentStore requests', () => {
  it('insert sends one insertDocument with the caller id and version 1 as EJSON', async () => {
    const mark = fake.requests.length;
    await store.insert('things', { _id: 'a', n: 1, ratio: 0.5 });
    const [request] = sent(mark);
    expect(request.action).toBe('database.insertDocument');
    expect(request.body.collectionName).toBe('things');
    const data = request.body.data as unknown[];
    expect(data).toHaveLength(1);
    expect(JSON.parse(data[0] as string)).toEqual({
      _id: 'a',
      n: { $numberInt: '1' },
      ratio: { $numberDouble: '0.5' },
      version: { $numberInt: '1' },
    });
  });

  it('get sends a DOC getDocument for the id', async () => {
    const mark = fake.requests.length;
    await store.get('things', 'x');
    const [request] = sent(mark);
    expect(request.action).toBe('database.getDocument');
    expect(request.body).toMatchObject({ collectionName: 'things', queryType: 'DOC', multi: false });
    expect(decode(request.body.query)).toEqual({ _id: 'x' });
  });

  it('update is a one-document CAS: multi false, version in the query, $inc version, objects under $set', async () => {
    await store.insert('things', { _id: 'u', address: { city: 'a', street: 'b' } });
    const mark = fake.requests.length;
    expect(await store.update('things', 'u', 1, { address: { city: 'c' }, note: null })).toBe(2);
    const requests = sent(mark);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.action).toBe('database.modifyDocument');
    expect(request.body).toMatchObject({ queryType: 'WHERE', multi: false, merge: true, upsert: false });
    expect(decode(request.body.query)).toEqual({ _id: 'u', version: 1 });
    expect(decode(request.body.data)).toEqual({
      $set: { address: { city: 'c' }, note: null },
      $inc: { version: 1 },
    });
  });

  it('a CAS that matches nothing reads the document to tell a conflict from a missing one', async () => {
    await store.insert('things', { _id: 'u' });
    await store.update('things', 'u', 1, {});
    let mark = fake.requests.length;
    await expect(store.update('things', 'u', 1, {})).rejects.toBeInstanceOf(VersionConflictError);
    expect(sent(mark).map((request) => request.action)).toEqual(['database.modifyDocument', 'database.getDocument']);
    mark = fake.requests.length;
    await expect(store.update('things', 'gone', 1, {})).rejects.toBeInstanceOf(DocumentNotFoundError);
    expect(sent(mark, 'database.getDocument')).toHaveLength(1);
  });

  it('find always sends an explicit limit of page size + 1 and orders by every sort key, then _id', async () => {
    await seed(30);
    const mark = fake.requests.length;
    const page = await store.find('things', {
      where: { rank: { $gte: 2 } },
      orderBy: [{ field: 'rank', direction: 'desc' }],
      limit: 10,
    });
    const [request] = sent(mark);
    expect(request.action).toBe('database.getDocument');
    expect(request.body).toMatchObject({ queryType: 'WHERE', limit: 11 });
    expect(request.body.offset).toBeUndefined();
    // Key order matters: it is the sort order.
    expect(Object.keys(decode(request.body.order) as object)).toEqual(['rank', '_id']);
    expect(decode(request.body.order)).toEqual({ rank: -1, _id: 1 });
    expect(decode(request.body.query)).toEqual({ rank: { $gte: 2 } });

    const next = fake.requests.length;
    await store.find('things', {
      where: { rank: { $gte: 2 } },
      orderBy: [{ field: 'rank', direction: 'desc' }],
      limit: 10,
      cursor: page.nextCursor,
    });
    // The query's own filter and the cursor's are ANDed; paging never uses offset.
    const [second] = sent(next);
    expect(second.body.offset).toBeUndefined();
    const query = decode(second.body.query) as { $and: unknown[] };
    expect(query.$and).toHaveLength(2);
    expect(query.$and[0]).toEqual({ rank: { $gte: 2 } });
    expect(query.$and[1]).toHaveProperty('$or');
  });

  it('a page of 1000 cannot ask for 1001 rows (the SDK clamps), so it probes for one more row', async () => {
    await seed(1000);
    let mark = fake.requests.length;
    const page = await store.find('things', { where: {}, limit: 1000 });
    expect(page.items).toHaveLength(1000);
    expect(page.nextCursor).toBeNull();
    expect(sent(mark).map((request) => request.body.limit)).toEqual([1000, 1]);

    await store.insert('things', { _id: 'z-last', rank: 0 });
    mark = fake.requests.length;
    const first = await store.find('things', { where: {}, limit: 1000 });
    expect(first.nextCursor).not.toBeNull();
    expect(sent(mark)).toHaveLength(2);
    const rest = await store.find('things', { where: {}, limit: 1000, cursor: first.nextCursor });
    expect(rest.items.map((item) => item._id)).toEqual(['z-last']);

    mark = fake.requests.length;
    await store.find('things', { where: { rank: 1 }, limit: 1000 });
    expect(sent(mark)).toHaveLength(1);
  }, 60_000);

  it('filters translate to MongoDB operators', async () => {
    await store.insert('things', { _id: 'a' });
    const mark = fake.requests.length;
    await store.count('things', {
      status: 'open',
      'region.city': { $in: ['x', null] },
      n: { $gt: 1, $lte: 5 },
      tag: { $ne: null },
      name: { $contains: 'a.b' },
      $or: [{ kind: 'k' }, { kind: { $eq: 'j' } }],
    });
    const [request] = sent(mark);
    expect(request.action).toBe('database.calculateDocument');
    expect(request.body.queryType).toBe('WHERE');
    expect(JSON.parse(request.body.query as string)).toEqual({
      $and: [
        { status: 'open' },
        { 'region.city': { $in: ['x', null] } },
        { n: { $gt: { $numberInt: '1' } } },
        { n: { $lte: { $numberInt: '5' } } },
        { tag: { $ne: null } },
        { name: { $regularExpression: { pattern: 'a\\.b', options: '' } } },
        { $or: [{ kind: 'k' }, { kind: { $eq: 'j' } }] },
      ],
    });
  });

  it('every call inside a transaction carries its transactionId, and it commits once', async () => {
    await store.insert('things', { _id: 'existing' });
    const mark = fake.requests.length;
    await store.transaction(async (tx) => {
      await tx.get('things', 'existing');
      await tx.insert('things', { _id: 'new' });
      await tx.update('things', 'existing', 1, { a: 1 });
    });
    const requests = sent(mark);
    expect(requests[0].action).toBe('database.startTransaction');
    expect(requests[requests.length - 1].action).toBe('database.commitTransaction');
    const transactionId = requests[requests.length - 1].body.transactionId;
    expect(typeof transactionId).toBe('string');
    for (const request of requests.slice(1)) expect(request.body.transactionId).toBe(transactionId);
    // Only single-document calls: CloudBase runs where().update()/count() outside the transaction.
    for (const request of requests.slice(1, -1)) expect(request.body.queryType).toBe('DOC');
    expect(sent(mark, 'database.abortTransaction')).toHaveLength(0);
  });

  it('a transaction writes what it has read without reading it again, and reads first only what it has not seen', async () => {
    await store.insert('things', { _id: 'seen' });
    await store.insert('things', { _id: 'unseen' });
    const mark = fake.requests.length;
    await store.transaction(async (tx) => {
      const doc = await tx.get('things', 'seen');
      expect(await tx.get('things', 'free')).toBeNull();
      const version = await tx.update('things', 'seen', doc?.version ?? 0, { a: 1 });
      // Its own writes are known too.
      await tx.update('things', 'seen', version, { a: 2 });
      await tx.insert('things', { _id: 'free' });
      await tx.update('things', 'free', 1, { b: 1 });
      await tx.update('things', 'unseen', 1, { c: 1 });
      await tx.insert('things', { _id: 'new' });
    });
    const inside = sent(mark).slice(1, -1);
    expect(inside).toHaveLength(10);
    const reads = inside
      .filter((request) => request.action === 'database.getDocument')
      .map((request) => decode(request.body.query));
    // The work's two reads, then one before updating a document it had not seen and one before
    // inserting an id it had not looked up.
    expect(reads).toEqual([{ _id: 'seen' }, { _id: 'free' }, { _id: 'unseen' }, { _id: 'new' }]);
    expect(inside.filter((request) => request.action === 'database.modifyDocument')).toHaveLength(6);
    expect(await store.get('things', 'seen')).toEqual({ _id: 'seen', a: 2, version: 3 });
    expect(await store.get('things', 'free')).toEqual({ _id: 'free', b: 1, version: 2 });
    expect(await store.get('things', 'unseen')).toEqual({ _id: 'unseen', c: 1, version: 2 });
  });

  it('operations a transaction starts together are sent together, or one after another when told to be serial', async () => {
    await Promise.all([store.insert('things', { _id: 'a' }), store.insert('things', { _id: 'b' })]);
    const serial = new CloudbaseDocumentStore(fakeCloudbaseApp(fake), { transactionOperations: 'serial' });
    const work = async (tx: TransactionStore) => {
      const [a, b] = await Promise.all([tx.get('things', 'a'), tx.get('things', 'b'), tx.get('things', 'c')]);
      await Promise.all([
        tx.update('things', 'a', a?.version ?? 0, { n: 1 }),
        tx.update('things', 'b', b?.version ?? 0, { n: 1 }),
        tx.insert('things', { _id: 'c' }),
      ]);
    };
    fake.setDelay(20);
    let mark = fake.requests.length;
    await store.transaction(work);
    // start, three reads, three writes, commit
    expect(sent(mark)).toHaveLength(8);
    expect(requestsInSeries(sent(mark))).toBe(4);
    mark = fake.requests.length;
    await serial.transaction(async (tx) => {
      const [a, b] = await Promise.all([tx.get('things', 'a'), tx.get('things', 'b')]);
      await Promise.all([
        tx.update('things', 'a', a?.version ?? 0, { n: 2 }),
        tx.update('things', 'b', b?.version ?? 0, { n: 2 }),
      ]);
    });
    expect(requestsInSeries(sent(mark))).toBe(6);
    fake.setDelay(0);
    expect(await store.get('things', 'b')).toEqual({ _id: 'b', n: 2, version: 3 });
  });

  it('a stale version or a taken id that the transaction has seen fails without a write', async () => {
    await store.insert('things', { _id: 'x' });
    await store.update('things', 'x', 1, {});
    const mark = fake.requests.length;
    await expect(
      store.transaction(async (tx) => {
        await tx.get('things', 'x');
        await tx.update('things', 'x', 1, { a: 1 });
      }),
    ).rejects.toBeInstanceOf(VersionConflictError);
    await expect(
      store.transaction(async (tx) => {
        await tx.get('things', 'x');
        await tx.insert('things', { _id: 'x' });
      }),
    ).rejects.toBeInstanceOf(DuplicateIdError);
    expect(sent(mark, 'database.modifyDocument')).toHaveLength(0);
    expect(await store.get('things', 'x')).toEqual({ _id: 'x', version: 2 });
  });

  it('an error thrown by the work aborts the transaction and is not committed', async () => {
    const mark = fake.requests.length;
    const failure = new VersionConflictError('things', 'x', 3);
    await expect(
      store.transaction(async (tx) => {
        await tx.insert('things', { _id: 'x' });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(sent(mark, 'database.abortTransaction')).toHaveLength(1);
    expect(sent(mark, 'database.commitTransaction')).toHaveLength(0);
    expect(fake.documents('things') ?? []).toEqual([]);
  });

  it('a transaction conflict reruns the work in a new transaction (the SDK retries)', async () => {
    await store.insert('things', { _id: 'c', n: 0 });
    fake.failNext('database.modifyDocument', { code: 'DATABASE_TRANSACTION_CONFLICT', message: 'conflict' });
    let runs = 0;
    const mark = fake.requests.length;
    await store.transaction(async (tx) => {
      runs += 1;
      const doc = await tx.get<{ n: number }>('things', 'c');
      await tx.update('things', 'c', doc?.version ?? 0, { n: (doc?.n ?? 0) + 1 });
    });
    expect(runs).toBe(2);
    expect(sent(mark, 'database.startTransaction')).toHaveLength(2);
    expect(await store.get('things', 'c')).toEqual({ _id: 'c', n: 1, version: 2 });
  });

  it('a conflict that outlasts the retries becomes a StoreError carrying the SDK error', async () => {
    await store.insert('things', { _id: 'c' });
    for (let i = 0; i < 4; i += 1) {
      fake.failNext('database.getDocument', { code: 'DATABASE_TRANSACTION_CONFLICT', message: 'conflict' });
    }
    const attempt = store.transaction((tx) => tx.get('things', 'c'));
    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    await expect(attempt).rejects.toMatchObject({ cause: { code: 'DATABASE_TRANSACTION_CONFLICT' } });
    // The store still works afterwards.
    await store.transaction((tx) => tx.update('things', 'c', 1, {}));
  });

  it('server errors become StoreErrors with the SDK error as cause, never empty results', async () => {
    fake.failNext('database.getDocument', { code: 'DATABASE_REQUEST_FAILED', message: 'boom' });
    await expect(store.find('things', { where: {}, limit: 5 })).rejects.toMatchObject({
      constructor: StoreError,
      cause: { code: 'DATABASE_REQUEST_FAILED', message: 'boom' },
    });
    fake.failNext('database.calculateDocument', { code: 'DATABASE_PERMISSION_DENIED', message: 'no' });
    await expect(store.count('things', {})).rejects.toBeInstanceOf(StoreError);
    await store.insert('things', { _id: 'u' });
    fake.failNext('database.modifyDocument', { code: 'DATABASE_REQUEST_FAILED', message: 'boom' });
    const attempt = store.update('things', 'u', 1, {});
    await expect(attempt).rejects.toBeInstanceOf(StoreError);
    await expect(attempt).rejects.not.toBeInstanceOf(VersionConflictError);
  });

  it('DATABASE_DUPLICATE_WRITE becomes DuplicateIdError whatever the message says', async () => {
    fake.failNext('database.insertDocument', { code: 'DATABASE_DUPLICATE_WRITE', message: 'unique index violated' });
    const attempt = store.insert('things', { _id: 'dup' });
    await expect(attempt).rejects.toBeInstanceOf(DuplicateIdError);
    await expect(attempt).rejects.toMatchObject({ cause: { code: 'DATABASE_DUPLICATE_WRITE' } });
  });

  it('ensureIndexes creates each collection once and tolerates collections that exist', async () => {
    const indexes = [
      { collection: 'a', name: 'x', fields: [{ field: 'x', direction: 'asc' as const }] },
      { collection: 'a', name: 'y', fields: [{ field: 'y', direction: 'desc' as const }] },
      { collection: 'b', name: 'x', fields: [{ field: 'x', direction: 'asc' as const }], unique: true },
    ];
    let mark = fake.requests.length;
    await store.ensureIndexes(indexes);
    expect(sent(mark).map((request) => [request.action, request.body.collectionName])).toEqual([
      ['database.addCollection', 'a'],
      ['database.addCollection', 'b'],
    ]);
    mark = fake.requests.length;
    await store.ensureIndexes(indexes);
    expect(sent(mark, 'database.addCollection')).toHaveLength(2);
    expect(fake.documents('a')).toEqual([]);
  });

  it('requestCount counts round trips: a failed compare-and-set costs a second one', async () => {
    await store.insert('things', { _id: 'a' });
    await store.update('things', 'a', 1, {});
    await expect(store.update('things', 'a', 1, {})).rejects.toBeInstanceOf(VersionConflictError);
    await store.find('things', { where: {}, limit: 5 });
    expect(store.requestCount).toBe(5);
  });
});

describe('CloudbaseDocumentStore against a server that does not create collections on write', () => {
  let strict: FakeCloudbase;
  let strictStore: CloudbaseDocumentStore;

  beforeEach(async () => {
    strict = await startFakeCloudbase({ autoCreateCollections: false });
    strictStore = new CloudbaseDocumentStore(fakeCloudbaseApp(strict));
  });

  afterEach(async () => {
    await strictStore.close();
    await strict.close();
  });

  it('reads of a missing collection are empty, and the first insert creates it', async () => {
    expect(await strictStore.get('fresh', 'x')).toBeNull();
    expect(await strictStore.count('fresh', {})).toBe(0);
    expect(await strictStore.find('fresh', { where: {}, limit: 5 })).toEqual({ items: [], nextCursor: null });
    const mark = strict.requests.length;
    await strictStore.insert('fresh', { _id: 'x' });
    expect(strict.requests.slice(mark).map((request) => request.action)).toEqual([
      'database.insertDocument',
      'database.addCollection',
      'database.insertDocument',
    ]);
    expect(await strictStore.get('fresh', 'x')).toEqual({ _id: 'x', version: 1 });
  });
});
