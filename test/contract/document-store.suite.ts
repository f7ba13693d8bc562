import {
  type DocumentStore,
  DocumentNotFoundError,
  DuplicateIdError,
  type Filter,
  type FindQuery,
  InvalidCursorError,
  type Page,
  type SortKey,
  StoreError,
  type StoredDocument,
  VersionConflictError,
} from '../../server/store/document-store';
import { INDEXES } from '../../server/store/indexes';

/**
 * The contract every `DocumentStore` adapter keeps, as one function (keyv's `storageTestSuite`):
 * a runner calls it with a factory, and every test gets a fresh, empty store.
 */

export interface StoreUnderTest {
  store: DocumentStore;
  /** Closes the store and removes whatever the factory created. */
  cleanup(): Promise<void>;
}

export interface DocumentStoreSuiteOptions {
  /** Documents seeded for the large paging test. Default 2500 (more than two 1000-row pages). */
  pagingDocuments?: number;
  /** Jest timeout for tests that seed many documents, in ms. Default 120000; not an assertion. */
  slowTestTimeoutMs?: number;
}

const THINGS = 'things';
const OTHERS = 'other_things';

interface Thing {
  [field: string]: unknown;
}

async function seed(store: DocumentStore, collection: string, docs: ReadonlyArray<Thing & { _id: string }>) {
  // Batches keep a network adapter busy without opening thousands of requests at once.
  for (let start = 0; start < docs.length; start += 50) {
    await Promise.all(docs.slice(start, start + 50).map((doc) => store.insert(collection, doc)));
  }
}

/** Reads every page; checks each page's size on the way. */
async function readAllPages(
  store: DocumentStore,
  collection: string,
  query: Omit<FindQuery, 'cursor'>,
  expectedTotal: number,
): Promise<StoredDocument[]> {
  const all: StoredDocument[] = [];
  let cursor: string | null = null;
  const maxPages = Math.ceil(expectedTotal / query.limit) + 1;
  for (let page = 0; page < maxPages; page += 1) {
    const result: Page<StoredDocument> = await store.find(collection, { ...query, cursor });
    all.push(...result.items);
    if (result.nextCursor === null) {
      // The last page is never empty unless nothing matches at all.
      if (expectedTotal > 0) expect(result.items.length).toBeGreaterThan(0);
      return all;
    }
    expect(result.items).toHaveLength(query.limit);
    cursor = result.nextCursor;
  }
  throw new Error(`more than ${maxPages} pages for ${expectedTotal} documents`);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function documentStoreSuite(
  name: string,
  makeStore: () => Promise<StoreUnderTest>,
  options: DocumentStoreSuiteOptions = {},
): void {
  const pagingDocuments = options.pagingDocuments ?? 2500;
  const slow = options.slowTestTimeoutMs ?? 120_000;

  describe(`DocumentStore contract: ${name}`, () => {
    let underTest: StoreUnderTest | undefined;
    let store: DocumentStore;

    beforeEach(async () => {
      underTest = await makeStore();
      store = underTest.store;
    });

    afterEach(async () => {
      await underTest?.cleanup();
      underTest = undefined;
    });

    describe('get and insert', () => {
      it('get returns null for a missing id', async () => {
        expect(await store.get(THINGS, 'nope')).toBeNull();
        await store.insert(THINGS, { _id: 'other' });
        expect(await store.get(THINGS, 'nope')).toBeNull();
      });

      it('insert returns the document with version 1, and get returns it as stored', async () => {
        const doc = {
          _id: 'doc-1',
          name: '张三',
          count: 3,
          ratio: -1.25,
          active: true,
          deleted: false,
          note: null,
          empty: '',
          tags: ['a', 'b'],
          address: { city: '北京', district: '朝阳', lines: [{ no: 1 }] },
          submittedAt: '2024-05-01T08:00:00.000Z',
        };
        const inserted = await store.insert(THINGS, doc);
        expect(inserted).toEqual({ ...doc, version: 1 });
        expect(await store.get(THINGS, 'doc-1')).toEqual({ ...doc, version: 1 });
      });

      it('insert refuses a document that sets version (the store owns it) and writes nothing', async () => {
        await expect(store.insert(THINGS, { _id: 'v', version: 7, x: 1 })).rejects.toBeInstanceOf(StoreError);
        expect(await store.get(THINGS, 'v')).toBeNull();
      });

      it('insert with a taken id throws DuplicateIdError and changes nothing', async () => {
        await store.insert(THINGS, { _id: 'taken', owner: 'first' });
        const attempt = store.insert(THINGS, { _id: 'taken', owner: 'second' });
        await expect(attempt).rejects.toBeInstanceOf(DuplicateIdError);
        await expect(attempt).rejects.toMatchObject({ collection: THINGS, id: 'taken' });
        expect(await store.get(THINGS, 'taken')).toEqual({ _id: 'taken', owner: 'first', version: 1 });
        expect(await store.count(THINGS, {})).toBe(1);
      });

      it('the same id may exist in two collections', async () => {
        await store.insert('left', { _id: 'same', side: 'l' });
        await store.insert('right', { _id: 'same', side: 'r' });
        expect(await store.get('left', 'same')).toMatchObject({ side: 'l' });
        expect(await store.get('right', 'same')).toMatchObject({ side: 'r' });
      });
    });

    describe('update (compare-and-set)', () => {
      it('update with the current version applies the patch and returns the next version', async () => {
        await store.insert(THINGS, { _id: 'u', a: 1, b: 'keep' });
        expect(await store.update(THINGS, 'u', 1, { a: 2 })).toBe(2);
        expect(await store.update(THINGS, 'u', 2, { a: 3, c: 'new' })).toBe(3);
        expect(await store.get(THINGS, 'u')).toEqual({ _id: 'u', version: 3, a: 3, b: 'keep', c: 'new' });
      });

      it('update with a stale version throws VersionConflictError and changes nothing', async () => {
        await store.insert(THINGS, { _id: 'u', a: 1 });
        await store.update(THINGS, 'u', 1, { a: 2 });
        const attempt = store.update(THINGS, 'u', 1, { a: 99 });
        await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
        await expect(attempt).rejects.toMatchObject({ collection: THINGS, id: 'u', expectedVersion: 1 });
        expect(await store.get(THINGS, 'u')).toEqual({ _id: 'u', version: 2, a: 2 });
      });

      it('update of a missing document throws DocumentNotFoundError', async () => {
        await expect(store.update('never_written', 'x', 1, { a: 1 })).rejects.toBeInstanceOf(DocumentNotFoundError);
        await store.insert(THINGS, { _id: 'present' });
        const attempt = store.update(THINGS, 'absent', 1, { a: 1 });
        await expect(attempt).rejects.toBeInstanceOf(DocumentNotFoundError);
        await expect(attempt).rejects.toMatchObject({ collection: THINGS, id: 'absent' });
      });

      it('patch replaces an object field as a whole', async () => {
        await store.insert(THINGS, {
          _id: 'p',
          address: { city: '北京', street: '长安街', geo: { lat: 1, lng: 2 } },
          tags: ['a', 'b', 'c'],
        });
        await store.update(THINGS, 'p', 1, { address: { city: '上海', geo: { lat: 3 } }, tags: ['d'] });
        expect(await store.get(THINGS, 'p')).toEqual({
          _id: 'p',
          version: 2,
          address: { city: '上海', geo: { lat: 3 } },
          tags: ['d'],
        });
      });

      it('patch can set null; an undefined patch value leaves the field unchanged', async () => {
        await store.insert(THINGS, { _id: 'n', a: 'x', b: 'y' });
        await store.update(THINGS, 'n', 1, { a: null, b: undefined });
        expect(await store.get(THINGS, 'n')).toEqual({ _id: 'n', version: 2, a: null, b: 'y' });
      });

      it('an empty patch still moves the version on', async () => {
        await store.insert(THINGS, { _id: 'e', a: 1 });
        expect(await store.update(THINGS, 'e', 1, {})).toBe(2);
        expect(await store.get(THINGS, 'e')).toEqual({ _id: 'e', version: 2, a: 1 });
      });

      it('update refuses to patch _id or version', async () => {
        await store.insert(THINGS, { _id: 'r', a: 1 });
        await expect(store.update(THINGS, 'r', 1, { _id: 'other' })).rejects.toBeInstanceOf(StoreError);
        await expect(store.update(THINGS, 'r', 1, { version: 10 })).rejects.toBeInstanceOf(StoreError);
        expect(await store.get(THINGS, 'r')).toEqual({ _id: 'r', version: 1, a: 1 });
      });

      it('two concurrent updates with the same version: exactly one wins', async () => {
        await store.insert(THINGS, { _id: 'race', winner: null });
        for (let version = 1; version <= 5; version += 1) {
          const results = await Promise.allSettled([
            store.update(THINGS, 'race', version, { winner: `A${version}` }),
            store.update(THINGS, 'race', version, { winner: `B${version}` }),
          ]);
          const won = results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : []));
          expect(won).toHaveLength(1);
          const lost = results[1 - won[0]];
          expect(lost.status).toBe('rejected');
          expect((lost as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
          expect((results[won[0]] as PromiseFulfilledResult<number>).value).toBe(version + 1);
          expect(await store.get(THINGS, 'race')).toMatchObject({
            version: version + 1,
            winner: `${won[0] === 0 ? 'A' : 'B'}${version}`,
          });
        }
      });
    });

    describe('find filters', () => {
      // opt: a null, b and e missing; tag: c null; city: d missing.
      const fixtures: Array<Thing & { _id: string }> = [
        {
          _id: 'a',
          n: 1,
          s: 'apple',
          city: { name: '北京', code: 'bj' },
          tag: 'x',
          flag: true,
          opt: null,
          at: '2024-01-01T00:00:00.000Z',
        },
        {
          _id: 'b',
          n: 2,
          s: 'banana',
          city: { name: '上海', code: 'sh' },
          tag: 'y',
          flag: false,
          at: '2024-02-01T00:00:00.000Z',
        },
        {
          _id: 'c',
          n: 3,
          s: 'cherry',
          city: { name: '北京', code: 'bj' },
          tag: null,
          flag: true,
          opt: 'set',
          at: '2024-03-01T00:00:00.000Z',
        },
        { _id: 'd', n: 4, s: 'date', tag: 'x', flag: false, opt: 'other', at: '2024-04-01T00:00:00.000Z' },
        {
          _id: 'e',
          n: 5.5,
          s: 'elder',
          city: { name: '广州', code: 'gz' },
          tag: 'z',
          flag: true,
          at: '2024-05-01T00:00:00.000Z',
        },
      ];

      async function ids(where: Filter): Promise<string[]> {
        const page = await store.find(THINGS, { where, limit: 100 });
        expect(page.nextCursor).toBeNull();
        return page.items.map((item) => item._id);
      }

      beforeEach(async () => {
        await seed(store, THINGS, fixtures);
      });

      it('{} matches every document, returned with _id and version', async () => {
        const page = await store.find(THINGS, { where: {}, limit: 100 });
        expect(page.items).toEqual(fixtures.map((doc) => ({ ...doc, version: 1 })));
      });

      it('a scalar means equality (strings, numbers, booleans)', async () => {
        expect(await ids({ tag: 'x' })).toEqual(['a', 'd']);
        expect(await ids({ n: 2 })).toEqual(['b']);
        expect(await ids({ n: 5.5 })).toEqual(['e']);
        expect(await ids({ flag: true })).toEqual(['a', 'c', 'e']);
        expect(await ids({ flag: false, tag: 'x' })).toEqual(['d']);
        expect(await ids({ tag: { $eq: 'y' } })).toEqual(['b']);
      });

      it('dotted paths reach into objects; a missing parent counts as null', async () => {
        expect(await ids({ 'city.code': 'bj' })).toEqual(['a', 'c']);
        expect(await ids({ 'city.code': null })).toEqual(['d']);
        expect(await ids({ 'city.name': { $in: ['上海', '广州'] } })).toEqual(['b', 'e']);
      });

      it('conditions on _id', async () => {
        expect(await ids({ _id: 'c' })).toEqual(['c']);
        expect(await ids({ _id: { $in: ['e', 'a', 'zz'] } })).toEqual(['a', 'e']);
        expect(await ids({ _id: { $gt: 'c' } })).toEqual(['d', 'e']);
      });

      it('$in matches any listed value; null in the list matches null and missing fields', async () => {
        expect(await ids({ tag: { $in: ['x', 'z'] } })).toEqual(['a', 'd', 'e']);
        expect(await ids({ tag: { $in: ['y', null] } })).toEqual(['b', 'c']);
        expect(await ids({ opt: { $in: [null] } })).toEqual(['a', 'b', 'e']);
        expect(await ids({ n: { $in: [1, 4] } })).toEqual(['a', 'd']);
        expect(await ids({ tag: { $in: [] } })).toEqual([]);
      });

      it('$ne excludes only the given value and keeps documents missing the field', async () => {
        expect(await ids({ tag: { $ne: 'x' } })).toEqual(['b', 'c', 'e']);
        expect(await ids({ opt: { $ne: 'set' } })).toEqual(['a', 'b', 'd', 'e']);
        expect(await ids({ flag: { $ne: true } })).toEqual(['b', 'd']);
      });

      it('null matches a null field and a missing field; $ne null matches neither', async () => {
        expect(await ids({ opt: null })).toEqual(['a', 'b', 'e']);
        expect(await ids({ opt: { $eq: null } })).toEqual(['a', 'b', 'e']);
        expect(await ids({ opt: { $ne: null } })).toEqual(['c', 'd']);
        expect(await ids({ tag: null })).toEqual(['c']);
      });

      it('$gt / $gte / $lt / $lte select ranges of numbers and of ISO timestamps', async () => {
        expect(await ids({ n: { $gt: 2 } })).toEqual(['c', 'd', 'e']);
        expect(await ids({ n: { $gte: 2, $lt: 4 } })).toEqual(['b', 'c']);
        expect(await ids({ n: { $lte: 1 } })).toEqual(['a']);
        expect(await ids({ n: { $gt: 5 } })).toEqual(['e']);
        expect(await ids({ at: { $gte: '2024-02-01T00:00:00.000Z', $lt: '2024-04-01T00:00:00.000Z' } })).toEqual(['b', 'c']);
        expect(await ids({ s: { $gt: 'b', $lt: 'd' } })).toEqual(['b', 'c']);
      });

      it('ranges never match null or missing fields', async () => {
        expect(await ids({ opt: { $gte: '' } })).toEqual(['c', 'd']);
        expect(await ids({ 'city.code': { $lt: 'zz' } })).toEqual(['a', 'b', 'c', 'e']);
      });

      it('$or matches any branch, and combines with the other conditions by AND', async () => {
        expect(await ids({ $or: [{ tag: 'x' }, { n: { $gt: 4 } }] })).toEqual(['a', 'd', 'e']);
        expect(await ids({ flag: true, $or: [{ tag: 'x' }, { 'city.code': 'bj' }] })).toEqual(['a', 'c']);
        expect(await ids({ $or: [{ _id: 'b' }] })).toEqual(['b']);
        expect(
          await ids({
            $or: [
              { tag: 'y', n: 2 },
              { tag: 'y', n: 3 },
            ],
          }),
        ).toEqual(['b']);
      });

      it('an empty $or matches nothing', async () => {
        expect(await ids({ $or: [] })).toEqual([]);
      });

      it('$contains matches a substring, literally', async () => {
        expect(await ids({ s: { $contains: 'an' } })).toEqual(['b']);
        expect(await ids({ s: { $contains: 'e' } })).toEqual(['a', 'c', 'd', 'e']);
        expect(await ids({ s: { $contains: '.' } })).toEqual([]);
        expect(await ids({ s: { $contains: 'a.*e' } })).toEqual([]);
        expect(await ids({ 'city.name': { $contains: '北' } })).toEqual(['a', 'c']);
      });

      it('count returns how many documents match', async () => {
        expect(await store.count(THINGS, {})).toBe(5);
        expect(await store.count(THINGS, { tag: 'x' })).toBe(2);
        expect(await store.count(THINGS, { opt: null })).toBe(3);
        expect(await store.count(THINGS, { $or: [{ n: 1 }, { 'city.code': 'gz' }] })).toBe(2);
        expect(await store.count(THINGS, { tag: 'nothing' })).toBe(0);
      });
    });

    describe('find paging', () => {
      it('count and find on a collection never written return 0 and an empty last page', async () => {
        expect(await store.count('never_written', {})).toBe(0);
        expect(await store.find('never_written', { where: {}, limit: 10 })).toEqual({ items: [], nextCursor: null });
      });

      it('find sorts by the given keys, ties broken by _id ascending', async () => {
        await seed(store, THINGS, [
          { _id: 'c', k: 1, j: 'b' },
          { _id: 'a', k: 2, j: 'a' },
          { _id: 'b', k: 1, j: 'a' },
          { _id: 'd', k: 1, j: 'b' },
        ]);
        const by = async (orderBy: SortKey[]) =>
          (await store.find(THINGS, { where: {}, orderBy, limit: 10 })).items.map((item) => item._id);
        expect(await by([])).toEqual(['a', 'b', 'c', 'd']);
        expect(await by([{ field: 'k', direction: 'asc' }])).toEqual(['b', 'c', 'd', 'a']);
        expect(await by([{ field: 'k', direction: 'desc' }])).toEqual(['a', 'b', 'c', 'd']);
        expect(
          await by([
            { field: 'j', direction: 'desc' },
            { field: 'k', direction: 'asc' },
          ]),
        ).toEqual(['c', 'd', 'b', 'a']);
        // `_id` in orderBy is ignored: it is always the final key, ascending.
        expect(await by([{ field: '_id', direction: 'desc' }])).toEqual(['a', 'b', 'c', 'd']);
      });

      it('the last page has a null nextCursor, also when it is exactly full', async () => {
        await seed(
          store,
          THINGS,
          Array.from({ length: 10 }, (_, i) => ({ _id: `t${i}`, i })),
        );
        const full = await store.find(THINGS, { where: {}, limit: 10 });
        expect(full.items).toHaveLength(10);
        expect(full.nextCursor).toBeNull();
        const first = await store.find(THINGS, { where: {}, limit: 5 });
        expect(first.nextCursor).not.toBeNull();
        const second = await store.find(THINGS, { where: {}, limit: 5, cursor: first.nextCursor });
        expect(second.items.map((item) => item._id)).toEqual(['t5', 't6', 't7', 't8', 't9']);
        expect(second.nextCursor).toBeNull();
      });

      it(
        `find pages through ${pagingDocuments.toLocaleString('en-US')} documents with a cursor, no duplicates, ` +
          'no gaps, in sort order (asc and desc, with ties on the sort key)',
        async () => {
          const n = pagingDocuments;
          // Inserted in a scrambled order, so that insertion order cannot pass for sort order.
          const docs = Array.from({ length: n }, (_, i) => {
            const j = (i * 7919) % n;
            return {
              _id: `d${String(j).padStart(5, '0')}`,
              rank: j % 37,
              part: j % 5 < 2 ? 'p' : 'q',
              meta: { bucket: j % 3 },
            };
          });
          await seed(store, THINGS, docs);

          const byRank = (direction: 1 | -1) => (a: (typeof docs)[number], b: (typeof docs)[number]) =>
            direction * (a.rank - b.rank) || compareIds(a._id, b._id);
          const idsOf = (items: ReadonlyArray<{ _id: string }>) => items.map((item) => item._id);

          // 1000 is the page ceiling: the adapter must still know whether more follow.
          const asc = await readAllPages(
            store,
            THINGS,
            { where: {}, orderBy: [{ field: 'rank', direction: 'asc' }], limit: 1000 },
            n,
          );
          expect(idsOf(asc)).toEqual(idsOf([...docs].sort(byRank(1))));
          expect(asc.every((item) => item.version === 1)).toBe(true);

          const desc = await readAllPages(
            store,
            THINGS,
            { where: {}, orderBy: [{ field: 'rank', direction: 'desc' }], limit: 333 },
            n,
          );
          expect(idsOf(desc)).toEqual(idsOf([...docs].sort(byRank(-1))));

          const byId = await readAllPages(store, THINGS, { where: {}, limit: 700 }, n);
          expect(idsOf(byId)).toEqual(idsOf([...docs].sort((a, b) => compareIds(a._id, b._id))));

          // Filter, dotted sort key and cursor together.
          const filtered = docs.filter((doc) => doc.part === 'p');
          const nested = await readAllPages(
            store,
            THINGS,
            {
              where: { part: 'p' },
              orderBy: [
                { field: 'meta.bucket', direction: 'desc' },
                { field: 'rank', direction: 'asc' },
              ],
              limit: 150,
            },
            filtered.length,
          );
          expect(idsOf(nested)).toEqual(
            idsOf([...filtered].sort((a, b) => b.meta.bucket - a.meta.bucket || a.rank - b.rank || compareIds(a._id, b._id))),
          );

          // Exactly one full page of 1000 matches: one page, and no cursor to an empty one.
          const exact = await store.find(THINGS, { where: { part: 'p' }, limit: 1000 });
          expect(exact.items).toHaveLength(Math.min(filtered.length, 1000));
          expect(exact.nextCursor).toEqual(filtered.length > 1000 ? expect.any(String) : null);
        },
        slow,
      );

      it('limit above 1000 is refused, as are 0 and fractions', async () => {
        await expect(store.find(THINGS, { where: {}, limit: 1001 })).rejects.toBeInstanceOf(StoreError);
        await expect(store.find(THINGS, { where: {}, limit: 0 })).rejects.toBeInstanceOf(StoreError);
        await expect(store.find(THINGS, { where: {}, limit: 2.5 })).rejects.toBeInstanceOf(StoreError);
        await expect(store.find(THINGS, { where: {}, limit: 1000 })).resolves.toEqual({ items: [], nextCursor: null });
      });

      it('a tampered cursor throws InvalidCursorError', async () => {
        await seed(store, THINGS, [
          { _id: 'a', k: 1 },
          { _id: 'b', k: 2 },
        ]);
        const orderBy: SortKey[] = [{ field: 'k', direction: 'asc' }];
        const { nextCursor } = await store.find(THINGS, { where: {}, orderBy, limit: 1 });
        expect(typeof nextCursor).toBe('string');
        const cursor = nextCursor as string;
        const wrongLength = Buffer.from(JSON.stringify([1]), 'utf8').toString('base64url');
        const wrongType = Buffer.from(JSON.stringify([{ $gt: 1 }, 'a']), 'utf8').toString('base64url');
        const nullValue = Buffer.from(JSON.stringify([null, 'a']), 'utf8').toString('base64url');
        for (const bad of ['%%%not-a-cursor', `x${cursor}`, wrongLength, wrongType, nullValue]) {
          await expect(store.find(THINGS, { where: {}, orderBy, limit: 1, cursor: bad })).rejects.toBeInstanceOf(
            InvalidCursorError,
          );
        }
        // A cursor from a query with another number of sort keys does not fit either.
        await expect(store.find(THINGS, { where: {}, limit: 1, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it('a cursor of another collection or another order throws InvalidCursorError, though its values would fit', async () => {
        const rows = [
          { _id: 'a', k: 1, j: 1 },
          { _id: 'b', k: 2, j: 2 },
        ];
        await seed(store, THINGS, rows);
        await seed(store, OTHERS, rows);
        const byK: SortKey[] = [{ field: 'k', direction: 'asc' }];
        const { nextCursor } = await store.find(THINGS, { where: {}, orderBy: byK, limit: 1 });
        const cursor = nextCursor as string;
        await expect(store.find(THINGS, { where: {}, orderBy: byK, limit: 1, cursor })).resolves.toMatchObject({
          items: [{ _id: 'b' }],
        });
        const elsewhere: [string, SortKey[]][] = [
          [OTHERS, byK],
          [THINGS, [{ field: 'j', direction: 'asc' }]],
          [THINGS, [{ field: 'k', direction: 'desc' }]],
        ];
        for (const [collection, orderBy] of elsewhere) {
          await expect(store.find(collection, { where: {}, orderBy, limit: 1, cursor })).rejects.toBeInstanceOf(
            InvalidCursorError,
          );
        }
      });
    });

    describe('transactions', () => {
      it("a transaction's writes are all visible after commit", async () => {
        await store.insert(THINGS, { _id: 'existing', n: 1 });
        const result = await store.transaction(async (tx) => {
          await tx.insert(THINGS, { _id: 'new-1', n: 10 });
          await tx.insert('others', { _id: 'new-2', n: 20 });
          return tx.update(THINGS, 'existing', 1, { n: 2 });
        });
        expect(result).toBe(2);
        expect(await store.get(THINGS, 'new-1')).toEqual({ _id: 'new-1', n: 10, version: 1 });
        expect(await store.get('others', 'new-2')).toEqual({ _id: 'new-2', n: 20, version: 1 });
        expect(await store.get(THINGS, 'existing')).toEqual({ _id: 'existing', n: 2, version: 2 });
      });

      it('a transaction sees its own writes', async () => {
        await store.transaction(async (tx) => {
          expect(await tx.get(THINGS, 'mine')).toBeNull();
          await tx.insert(THINGS, { _id: 'mine', step: 1 });
          expect(await tx.get(THINGS, 'mine')).toEqual({ _id: 'mine', step: 1, version: 1 });
          expect(await tx.update(THINGS, 'mine', 1, { step: 2 })).toBe(2);
          expect(await tx.get(THINGS, 'mine')).toEqual({ _id: 'mine', step: 2, version: 2 });
        });
        expect(await store.get(THINGS, 'mine')).toEqual({ _id: 'mine', step: 2, version: 2 });
      });

      it('a transaction that throws leaves nothing behind, and the error comes out unchanged', async () => {
        await store.insert(THINGS, { _id: 'existing', n: 1 });
        const failure = new RangeError('work failed');
        const attempt = store.transaction(async (tx) => {
          await tx.insert(THINGS, { _id: 'ghost', n: 1 });
          await tx.insert('fresh_collection', { _id: 'ghost-2' });
          await tx.update(THINGS, 'existing', 1, { n: 2 });
          throw failure;
        });
        await expect(attempt).rejects.toBe(failure);
        expect(await store.get(THINGS, 'ghost')).toBeNull();
        expect(await store.get('fresh_collection', 'ghost-2')).toBeNull();
        expect(await store.count('fresh_collection', {})).toBe(0);
        expect(await store.get(THINGS, 'existing')).toEqual({ _id: 'existing', n: 1, version: 1 });
        expect(await store.count(THINGS, {})).toBe(1);
      });

      it('a transaction update with a stale version throws VersionConflictError and rolls back', async () => {
        await store.insert(THINGS, { _id: 'v', n: 1 });
        await store.update(THINGS, 'v', 1, { n: 2 });
        const attempt = store.transaction(async (tx) => {
          await tx.insert(THINGS, { _id: 'side-effect' });
          await tx.update(THINGS, 'v', 1, { n: 3 });
        });
        await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
        await expect(attempt).rejects.toMatchObject({ collection: THINGS, id: 'v', expectedVersion: 1 });
        expect(await store.get(THINGS, 'v')).toEqual({ _id: 'v', n: 2, version: 2 });
        expect(await store.get(THINGS, 'side-effect')).toBeNull();
      });

      it('a transaction insert with a taken id throws DuplicateIdError', async () => {
        await store.insert(THINGS, { _id: 'taken', owner: 'first' });
        const attempt = store.transaction(async (tx) => {
          await tx.insert(THINGS, { _id: 'taken', owner: 'second' });
        });
        await expect(attempt).rejects.toBeInstanceOf(DuplicateIdError);
        expect(await store.get(THINGS, 'taken')).toEqual({ _id: 'taken', owner: 'first', version: 1 });
      });

      it('a transaction update of a missing document throws DocumentNotFoundError', async () => {
        const attempt = store.transaction(async (tx) => tx.update(THINGS, 'absent', 1, { a: 1 }));
        await expect(attempt).rejects.toBeInstanceOf(DocumentNotFoundError);
      });

      it('a transaction patch replaces an object field as a whole', async () => {
        await store.insert(THINGS, { _id: 'p', address: { city: '北京', street: '长安街' } });
        await store.transaction((tx) => tx.update(THINGS, 'p', 1, { address: { city: '上海' } }));
        expect(await store.get(THINGS, 'p')).toEqual({ _id: 'p', version: 2, address: { city: '上海' } });
      });

      it('a failed transaction does not block later work', async () => {
        await expect(
          store.transaction(async () => {
            throw new Error('first');
          }),
        ).rejects.toThrow('first');
        await store.insert(THINGS, { _id: 'after' });
        await store.transaction(async (tx) => {
          await tx.update(THINGS, 'after', 1, { ok: true });
        });
        expect(await store.get(THINGS, 'after')).toEqual({ _id: 'after', ok: true, version: 2 });
      });
    });

    describe('ensureIndexes', () => {
      it('ensureIndexes is idempotent and leaves the store usable', async () => {
        await store.ensureIndexes(INDEXES);
        await store.ensureIndexes(INDEXES);
        const collection = INDEXES[0]?.collection ?? THINGS;
        await store.insert(collection, { _id: 'after-indexes', parentId: 'root', name: 'n' });
        const page = await store.find(collection, {
          where: { parentId: 'root' },
          orderBy: [{ field: 'name', direction: 'asc' }],
          limit: 10,
        });
        expect(page.items.map((item) => item._id)).toEqual(['after-indexes']);
      });
    });
  });
}
