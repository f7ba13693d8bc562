import { DuplicateIdError, VersionConflictError } from '../../server/store/document-store';
import {
  CONFLICT_RETRIES,
  insertIfAbsent,
  insertOrGet,
  isWriteConflict,
  retryOnConflict,
  saveVersioned,
} from '../../server/store/saving';
import type { StoreUnderTest } from './document-store.suite';

/**
 * The server's one compare-and-set save, create-once and retry-on-conflict, proven on top of
 * every adapter: they lean on the adapter's own errors, so each store must raise them alike.
 */

const THINGS = 'things';

interface Counter {
  label: string;
  count: number;
}

export function savingSuite(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`saving on ${name}`, () => {
    let underTest: StoreUnderTest;
    beforeEach(async () => {
      underTest = await makeStore();
    });
    afterEach(() => underTest.cleanup());
    const store = () => underTest.store;

    describe('saveVersioned', () => {
      it('inserts when the caller saw no record and updates on the version it saw', async () => {
        const made = await saveVersioned<Counter>(store(), THINGS, 't1', null, { label: 'a', count: 1 });
        expect(made).toEqual({ _id: 't1', label: 'a', count: 1, version: 1 });
        const changed = await saveVersioned<Counter>(store(), THINGS, 't1', 1, { label: 'b', count: 2 });
        expect(changed).toEqual({ _id: 't1', label: 'b', count: 2, version: 2 });
        expect(await store().get(THINGS, 't1')).toEqual(changed);
      });

      it('writes only the patch when given, and answers with the whole record', async () => {
        await store().insert(THINGS, { _id: 't1', label: 'a', count: 1, note: 'kept' });
        const saved = await saveVersioned<Counter & { note: string }>(
          store(),
          THINGS,
          't1',
          1,
          { label: 'a', count: 5, note: 'kept' },
          { count: 5 },
        );
        expect(saved).toEqual({ _id: 't1', label: 'a', count: 5, note: 'kept', version: 2 });
        expect(await store().get(THINGS, 't1')).toEqual(saved);
      });

      it('answers every lost race with a version conflict and changes nothing', async () => {
        await store().insert(THINGS, { _id: 't1', label: 'first', count: 1 });
        // Someone inserted it after the caller looked.
        await expect(saveVersioned<Counter>(store(), THINGS, 't1', null, { label: 'second', count: 1 })).rejects.toBeInstanceOf(
          VersionConflictError,
        );
        // Someone updated it after the caller looked.
        await store().update(THINGS, 't1', 1, { count: 2 });
        await expect(saveVersioned<Counter>(store(), THINGS, 't1', 1, { label: 'stale', count: 9 })).rejects.toBeInstanceOf(
          VersionConflictError,
        );
        // The caller names a version of a record that is not there.
        await expect(saveVersioned<Counter>(store(), THINGS, 'gone', 3, { label: 'x', count: 1 })).rejects.toBeInstanceOf(
          VersionConflictError,
        );
        expect(await store().get(THINGS, 't1')).toEqual({ _id: 't1', label: 'first', count: 2, version: 2 });
        expect(await store().get(THINGS, 'gone')).toBeNull();
      });

      it('saves inside a transaction, and a lost race there undoes the transaction', async () => {
        await store().insert(THINGS, { _id: 'taken', label: 'first', count: 1 });
        const saved = await store().transaction((tx) => saveVersioned<Counter>(tx, THINGS, 't1', null, { label: 'a', count: 1 }));
        expect(saved.version).toBe(1);
        await expect(
          store().transaction(async (tx) => {
            await saveVersioned<Counter>(tx, THINGS, 't1', 1, { label: 'a', count: 2 });
            await saveVersioned<Counter>(tx, THINGS, 'taken', null, { label: 'second', count: 1 });
          }),
        ).rejects.toBeInstanceOf(VersionConflictError);
        expect(await store().get(THINGS, 't1')).toEqual({ _id: 't1', label: 'a', count: 1, version: 1 });
      });
    });

    describe('create once', () => {
      it('insertIfAbsent makes the record once and leaves the first one as it was', async () => {
        expect(await insertIfAbsent(store(), THINGS, { _id: 'm1', label: 'first', count: 1 })).toBe(true);
        expect(await insertIfAbsent(store(), THINGS, { _id: 'm1', label: 'second', count: 2 })).toBe(false);
        expect(await store().get(THINGS, 'm1')).toEqual({ _id: 'm1', label: 'first', count: 1, version: 1 });
      });

      it('insertOrGet answers a second request with what the first one made', async () => {
        const first = await insertOrGet<Counter>(store(), THINGS, { _id: 'm1', label: 'first', count: 1 });
        const second = await insertOrGet<Counter>(store(), THINGS, { _id: 'm1', label: 'second', count: 2 });
        expect(first).toEqual({ created: true, doc: { _id: 'm1', label: 'first', count: 1, version: 1 } });
        expect(second).toEqual({ created: false, doc: first.doc });
      });

      it('twins racing to create the same record make exactly one', async () => {
        const results = await Promise.all(
          Array.from({ length: 4 }, (_, n) => insertOrGet<Counter>(store(), THINGS, { _id: 'm1', label: `twin ${n}`, count: n })),
        );
        expect(results.filter((result) => result.created)).toHaveLength(1);
        const winner = results.find((result) => result.created)?.doc;
        for (const result of results) expect(result.doc).toEqual(winner);
        expect(await store().count(THINGS, {})).toBe(1);
      });
    });

    describe('retryOnConflict', () => {
      /** One read-then-write increment by compare-and-set, as a service writes a counter. */
      const increment = async (id: string, afterRead: () => Promise<void> = async () => {}) => {
        const current = await store().get<Counter>(THINGS, id);
        if (!current) throw new Error(`no ${id}`);
        await afterRead();
        return store().update(THINGS, id, current.version, { count: current.count + 1 });
      };

      it('tries again when another writer got in between, so both writes count', async () => {
        await store().insert(THINGS, { _id: 'c1', label: 'counter', count: 0 });
        // Both read before either writes: one of them must lose and try again.
        let waiting = 2;
        let release: () => void = () => {};
        const bothRead = new Promise<void>((resolve) => (release = resolve));
        let attempts = 0;
        const racer = () =>
          retryOnConflict(() => {
            attempts += 1;
            return increment('c1', async () => {
              waiting -= 1;
              if (waiting === 0) release();
              if (waiting >= 0) await bothRead;
            });
          });
        await Promise.all([racer(), racer()]);
        expect(attempts).toBe(3);
        expect(await store().get(THINGS, 'c1')).toMatchObject({ count: 2, version: 3 });
      });

      it('treats a taken id as a lost race too: the retry finds what the other made', async () => {
        let attempts = 0;
        const made = await retryOnConflict(async () => {
          attempts += 1;
          const existing = await store().get<Counter>(THINGS, 'r1');
          if (existing) return existing;
          // Another writer creates it between our read and our insert, once.
          if (attempts === 1) await store().insert(THINGS, { _id: 'r1', label: 'theirs', count: 1 });
          return store().insert<Counter>(THINGS, { _id: 'r1', label: 'ours', count: 1 });
        });
        expect(attempts).toBe(2);
        expect(made).toMatchObject({ label: 'theirs' });
      });

      it(`gives up after ${CONFLICT_RETRIES} retries with the caller's error, and never retries anything else`, async () => {
        await store().insert(THINGS, { _id: 'c1', label: 'counter', count: 0 });
        let attempts = 0;
        const hopeless = retryOnConflict(
          async () => {
            attempts += 1;
            // Someone else always writes between our read and our write.
            return increment('c1', async () => {
              const current = await store().get<Counter>(THINGS, 'c1');
              if (current) await store().update(THINGS, 'c1', current.version, { count: current.count + 100 });
            });
          },
          () => new Error('busy'),
        );
        await expect(hopeless).rejects.toThrow('busy');
        expect(attempts).toBe(CONFLICT_RETRIES + 1);
        expect(await store().get(THINGS, 'c1')).toMatchObject({ count: 100 * (CONFLICT_RETRIES + 1) });

        let others = 0;
        const broken = retryOnConflict(async () => {
          others += 1;
          throw new Error('not a race');
        });
        await expect(broken).rejects.toThrow('not a race');
        expect(others).toBe(1);
        // Without the caller's error, the last conflict itself comes out.
        await expect(retryOnConflict(() => store().update(THINGS, 'c1', 1, { count: 0 }))).rejects.toBeInstanceOf(
          VersionConflictError,
        );
      });
    });

    it('isWriteConflict names the two ways of losing a race and nothing else', () => {
      expect(isWriteConflict(new VersionConflictError(THINGS, 'x', 1))).toBe(true);
      expect(isWriteConflict(new DuplicateIdError(THINGS, 'x'))).toBe(true);
      expect(isWriteConflict(new Error('other'))).toBe(false);
    });
  });
}
