import { DEFAULT_FILE_LIMITS, FileRejectedError, type FileStore, type StoredFile } from '../../server/files/file-store';
import type { DocumentStore } from '../../server/store/document-store';
import { COLLECTIONS } from '../../server/store/indexes';

/**
 * The contract of the file port, as one function: each runner builds a file store on its own
 * bytes (a folder, CloudBase storage through the fake server) and its own document store.
 */

export interface FileStoreUnderTest {
  files: FileStore;
  /** The document store the file records live in. */
  store: DocumentStore;
  /** Every blob the bytes side holds now, to prove nothing is left behind. */
  blobs(): Promise<string[]>;
  cleanup(): Promise<void>;
}

const CSV = 'text/csv';
const bytes = (text: string) => Buffer.from(text, 'utf8');

export function fileStoreSuite(name: string, make: () => Promise<FileStoreUnderTest>): void {
  describe(`file store on ${name}`, () => {
    let t: FileStoreUnderTest;
    beforeEach(async () => {
      t = await make();
    });
    afterEach(() => t.cleanup());

    it('keeps the bytes, the content type and the size, byte for byte', async () => {
      const content = Buffer.from(Array.from({ length: 256 * 4 }, (_, n) => n % 256));
      const stored = await t.files.put('imports/2026/members.xlsx', content, DEFAULT_FILE_LIMITS.contentTypes[4]);
      expect(stored).toMatchObject({
        key: 'imports/2026/members.xlsx',
        size: 1024,
        contentType: DEFAULT_FILE_LIMITS.contentTypes[4],
      });
      const read = await t.files.get('imports/2026/members.xlsx');
      expect(read?.file).toEqual(stored);
      expect(read?.content.equals(content)).toBe(true);
      expect(await t.blobs()).toHaveLength(1);
    });

    it('answers null for a key that holds nothing', async () => {
      expect(await t.files.get('imports/none.csv')).toBeNull();
      expect(await t.files.delete('imports/none.csv')).toBe(false);
    });

    it('replaces a file put again under its key and leaves no old bytes behind', async () => {
      await t.files.put('exports/report.csv', bytes('a,b\n1,2\n'), CSV);
      const second = await t.files.put('exports/report.csv', bytes('a,b\n3,4\n5,6\n'), CSV);
      expect(second.size).toBe(12);
      expect((await t.files.get('exports/report.csv'))?.content.toString()).toBe('a,b\n3,4\n5,6\n');
      expect(await t.blobs()).toHaveLength(1);
      // The same content again is the same blob.
      await t.files.put('exports/report.csv', bytes('a,b\n3,4\n5,6\n'), CSV);
      expect(await t.blobs()).toHaveLength(1);
    });

    it('deletes: the file is gone from get and list, its bytes too, and the key can be used again', async () => {
      await t.files.put('imports/a.csv', bytes('1'), CSV);
      expect(await t.files.delete('imports/a.csv')).toBe(true);
      expect(await t.files.get('imports/a.csv')).toBeNull();
      expect((await t.files.list('imports/', { limit: 10 })).items).toEqual([]);
      expect(await t.blobs()).toEqual([]);
      expect(await t.files.delete('imports/a.csv')).toBe(false);
      await t.files.put('imports/a.csv', bytes('2'), CSV);
      expect((await t.files.get('imports/a.csv'))?.content.toString()).toBe('2');
    });

    it('lists by prefix in key order, page by page, and nothing outside the prefix', async () => {
      const keys = ['imports/b.csv', 'imports/a.csv', 'imports/c/d.csv', 'imports2/x.csv', 'exports/a.csv', 'imports/e.csv'];
      for (const key of keys) await t.files.put(key, bytes(key), CSV);
      await t.files.delete('imports/e.csv');
      const seen: StoredFile[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 5; page += 1) {
        const result: Awaited<ReturnType<FileStore['list']>> = await t.files.list('imports/', { limit: 2, cursor });
        seen.push(...result.items);
        cursor = result.nextCursor;
        if (cursor === null) break;
      }
      expect(seen.map((file) => file.key)).toEqual(['imports/a.csv', 'imports/b.csv', 'imports/c/d.csv']);
      expect(seen.map((file) => file.size)).toEqual([13, 13, 15]);
      expect((await t.files.list('', { limit: 100 })).items).toHaveLength(5);
    });

    it('refuses a bad key, a type it does not take and a file too large, writing nothing', async () => {
      const refusal = async (work: Promise<unknown>) => {
        const error = await work.then(
          () => null,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(FileRejectedError);
        return (error as FileRejectedError).reason;
      };
      for (const key of [
        '',
        '/abs.csv',
        '../up.csv',
        'a/../b.csv',
        'a//b.csv',
        'a/',
        'Upper.csv',
        'sp ace.csv',
        'x'.repeat(201),
      ]) {
        expect(await refusal(t.files.put(key, bytes('1'), CSV))).toBe('key');
      }
      expect(await refusal(t.files.get('../up.csv'))).toBe('key');
      expect(await refusal(t.files.list('a b', { limit: 1 }))).toBe('key');
      expect(await refusal(t.files.put('imports/run.exe', bytes('MZ'), 'application/x-msdownload'))).toBe('content_type');
      const tooLarge = Buffer.alloc(DEFAULT_FILE_LIMITS.maxBytes + 1);
      expect(await refusal(t.files.put('imports/big.csv', tooLarge, CSV))).toBe('size');
      expect(await t.blobs()).toEqual([]);
      expect(await t.store.count(COLLECTIONS.files, {})).toBe(0);
    });

    it('two puts racing on one key leave one of them whole, and only its bytes', async () => {
      const first = bytes('first,version\n');
      const second = bytes('second,version,longer\n');
      await Promise.all([t.files.put('imports/race.csv', first, CSV), t.files.put('imports/race.csv', second, CSV)]);
      const read = await t.files.get('imports/race.csv');
      expect(read).not.toBeNull();
      const content = read?.content ?? Buffer.alloc(0);
      expect([first.toString(), second.toString()]).toContain(content.toString());
      expect(read?.file.size).toBe(content.length);
      expect(await t.blobs()).toHaveLength(1);
    });
  });
}
