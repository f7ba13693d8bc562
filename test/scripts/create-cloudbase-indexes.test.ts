import { type IndexAdmin, createCloudbaseIndexes, readScriptEnv, toCloudbaseIndex } from '../../scripts/create-cloudbase-indexes';
import type { IndexDeclaration } from '../../server/store/document-store';
import { INDEXES } from '../../server/store/indexes';

type Call = [method: string, ...args: unknown[]];
type ExistingIndex = { Name: string; Unique?: boolean; Keys?: Array<{ Name?: string; Direction?: string }> };

/** A manager-node stand-in that remembers collections and indexes, and every call made. */
function fakeAdmin(existing: Record<string, ExistingIndex[]> = {}) {
  const calls: Call[] = [];
  const collections = new Map(Object.entries(existing));
  const admin: IndexAdmin = {
    database: {
      async createCollectionIfNotExists(collection) {
        calls.push(['createCollectionIfNotExists', collection]);
        const isCreated = !collections.has(collection);
        if (isCreated) collections.set(collection, []);
        return { IsCreated: isCreated };
      },
      async describeCollection(collection) {
        calls.push(['describeCollection', collection]);
        return { Indexes: collections.get(collection) ?? [] };
      },
      async updateCollection(collection, change) {
        calls.push(['updateCollection', collection, change]);
        for (const index of change.CreateIndexes) {
          collections.get(collection)?.push({
            Name: index.IndexName,
            Unique: index.MgoKeySchema.MgoIsUnique,
            Keys: index.MgoKeySchema.MgoIndexKeys,
          });
        }
        return {};
      },
    },
  };
  return { admin, calls };
}

const declared: IndexDeclaration[] = [
  {
    collection: 'checkins',
    name: 'member_submitted',
    fields: [
      { field: 'memberId', direction: 'asc' },
      { field: 'submittedAt', direction: 'desc' },
    ],
  },
  { collection: 'checkins', name: 'status', fields: [{ field: 'status', direction: 'asc' }] },
  { collection: 'unique_keys', name: 'key', fields: [{ field: 'key', direction: 'asc' }], unique: true },
];

describe('create-cloudbase-indexes', () => {
  it('creates missing collections, then each declared index with its keys, directions and uniqueness', async () => {
    const { admin, calls } = fakeAdmin();
    const report = await createCloudbaseIndexes(admin, declared);
    expect(calls).toEqual([
      ['createCollectionIfNotExists', 'checkins'],
      ['describeCollection', 'checkins'],
      [
        'updateCollection',
        'checkins',
        {
          CreateIndexes: [
            {
              IndexName: 'member_submitted',
              MgoKeySchema: {
                MgoIsUnique: false,
                MgoIndexKeys: [
                  { Name: 'memberId', Direction: '1' },
                  { Name: 'submittedAt', Direction: '-1' },
                ],
              },
            },
          ],
        },
      ],
      [
        'updateCollection',
        'checkins',
        {
          CreateIndexes: [
            {
              IndexName: 'status',
              MgoKeySchema: { MgoIsUnique: false, MgoIndexKeys: [{ Name: 'status', Direction: '1' }] },
            },
          ],
        },
      ],
      ['createCollectionIfNotExists', 'unique_keys'],
      ['describeCollection', 'unique_keys'],
      [
        'updateCollection',
        'unique_keys',
        {
          CreateIndexes: [
            { IndexName: 'key', MgoKeySchema: { MgoIsUnique: true, MgoIndexKeys: [{ Name: 'key', Direction: '1' }] } },
          ],
        },
      ],
    ]);
    expect(report).toEqual({
      createdCollections: ['checkins', 'unique_keys'],
      createdIndexes: ['checkins.member_submitted', 'checkins.status', 'unique_keys.key'],
      existingIndexes: [],
      mismatchedIndexes: [],
    });
  });

  it('a second run creates nothing', async () => {
    const { admin, calls } = fakeAdmin();
    await createCloudbaseIndexes(admin, declared);
    calls.length = 0;
    const report = await createCloudbaseIndexes(admin, declared);
    expect(calls.filter(([method]) => method === 'updateCollection')).toEqual([]);
    expect(report.createdIndexes).toEqual([]);
    expect(report.createdCollections).toEqual([]);
    expect(report.existingIndexes).toHaveLength(3);
  });

  it('an index present under the declared name with other keys is reported and left alone', async () => {
    const { admin, calls } = fakeAdmin({
      checkins: [
        { Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }] },
        { Name: 'member_submitted', Unique: false, Keys: [{ Name: 'memberId', Direction: '1' }] },
        { Name: 'status', Unique: false, Keys: [{ Name: 'status', Direction: '1' }] },
      ],
    });
    const report = await createCloudbaseIndexes(admin, declared.slice(0, 2));
    expect(report.mismatchedIndexes).toEqual(['checkins.member_submitted']);
    expect(report.existingIndexes).toEqual(['checkins.status']);
    expect(calls.filter(([method]) => method === 'updateCollection')).toEqual([]);
  });

  it('a failing management call stops the run with its error', async () => {
    const { admin } = fakeAdmin();
    const failure = new Error('AuthFailure');
    admin.database.updateCollection = async () => {
      throw failure;
    };
    await expect(createCloudbaseIndexes(admin, declared)).rejects.toBe(failure);
  });

  it('every declared index converts, with names unique within their collection', () => {
    const seen = new Set<string>();
    for (const index of INDEXES) {
      const converted = toCloudbaseIndex(index);
      expect(converted.MgoKeySchema.MgoIndexKeys.length).toBeGreaterThan(0);
      const label = `${index.collection}.${converted.IndexName}`;
      expect(seen.has(label)).toBe(false);
      seen.add(label);
    }
  });

  it('the environment must name the CloudBase environment and the secret key pair', () => {
    expect(() => readScriptEnv({ CLOUDBASE_ENV: 'env-1' })).toThrow(/TENCENTCLOUD_SECRETID.*TENCENTCLOUD_SECRETKEY/);
    expect(readScriptEnv({ CLOUDBASE_ENV: 'env-1', TENCENTCLOUD_SECRETID: 'id', TENCENTCLOUD_SECRETKEY: 'key' })).toEqual({
      CLOUDBASE_ENV: 'env-1',
      TENCENTCLOUD_SECRETID: 'id',
      TENCENTCLOUD_SECRETKEY: 'key',
    });
  });
});
