import { basename } from 'node:path';
import CloudBase from '@cloudbase/manager-node';
import { z } from 'zod';
import { parseEnv } from '../server/config/env';
import type { IndexDeclaration } from '../server/store/document-store';
import { COLLECTIONS, INDEXES } from '../server/store/indexes';

/**
 * Creates the indexes declared in `server/store/indexes.ts` in a CloudBase environment
 * (`npm run indexes:cloudbase`). The data API a function uses cannot create indexes, so this
 * runs with the management API and an account's secret key, from a developer machine or CI.
 *
 * It only adds: an index that exists under the same name with other keys is reported and left
 * alone, because dropping an index on a live database is a decision for a person.
 */

/** An index as the management API's `UpdateTable` takes it. */
export interface CloudbaseIndex {
  IndexName: string;
  MgoKeySchema: {
    MgoIsUnique: boolean;
    MgoIndexKeys: Array<{ Name: string; Direction: '1' | '-1' }>;
  };
}

/** The part of `@cloudbase/manager-node`'s database service used here, so a test can fake it. */
export interface IndexAdmin {
  database: {
    createCollectionIfNotExists(collection: string): Promise<{ IsCreated: boolean }>;
    describeCollection(collection: string): Promise<{
      Indexes?: Array<{ Name: string; Unique?: boolean; Keys?: Array<{ Name?: string; Direction?: string }> }>;
    }>;
    updateCollection(collection: string, change: { CreateIndexes: CloudbaseIndex[] }): Promise<unknown>;
  };
}

export interface IndexReport {
  createdCollections: string[];
  /** `collection.index` names. */
  createdIndexes: string[];
  existingIndexes: string[];
  /** Present under the declared name but with other keys or uniqueness; left untouched. */
  mismatchedIndexes: string[];
}

export function toCloudbaseIndex(index: IndexDeclaration): CloudbaseIndex {
  return {
    IndexName: index.name,
    MgoKeySchema: {
      MgoIsUnique: index.unique ?? false,
      MgoIndexKeys: index.fields.map((key) => ({ Name: key.field, Direction: key.direction === 'asc' ? '1' : '-1' })),
    },
  };
}

function sameDefinition(
  wanted: CloudbaseIndex,
  found: { Unique?: boolean; Keys?: Array<{ Name?: string; Direction?: string }> },
): boolean {
  const keys = found.Keys ?? [];
  const wantedKeys = wanted.MgoKeySchema.MgoIndexKeys;
  return (
    (found.Unique ?? false) === wanted.MgoKeySchema.MgoIsUnique &&
    keys.length === wantedKeys.length &&
    keys.every((key, i) => key.Name === wantedKeys[i].Name && String(key.Direction) === wantedKeys[i].Direction)
  );
}

/**
 * Creates each collection (every one in `collections`, plus those the indexes name), then
 * each missing index, one call per index. Collections are made here, at deploy time, because
 * an insert inside a transaction cannot create one and a cold start should not try.
 */
export async function createCloudbaseIndexes(
  admin: IndexAdmin,
  indexes: readonly IndexDeclaration[],
  log: (line: string) => void = () => {},
  collections: readonly string[] = [],
): Promise<IndexReport> {
  const report: IndexReport = {
    createdCollections: [],
    createdIndexes: [],
    existingIndexes: [],
    mismatchedIndexes: [],
  };
  const byCollection = new Map<string, IndexDeclaration[]>(collections.map((name) => [name, []]));
  for (const index of indexes) {
    byCollection.set(index.collection, [...(byCollection.get(index.collection) ?? []), index]);
  }
  for (const [collection, declared] of byCollection) {
    const { IsCreated } = await admin.database.createCollectionIfNotExists(collection);
    if (IsCreated) {
      report.createdCollections.push(collection);
      log(`created collection ${collection}`);
    }
    const existing = (await admin.database.describeCollection(collection)).Indexes ?? [];
    for (const index of declared) {
      const wanted = toCloudbaseIndex(index);
      const label = `${collection}.${index.name}`;
      const found = existing.find((candidate) => candidate.Name === index.name);
      if (found) {
        if (sameDefinition(wanted, found)) {
          report.existingIndexes.push(label);
        } else {
          report.mismatchedIndexes.push(label);
          log(`index ${label} exists with another definition; left unchanged`);
        }
        continue;
      }
      await admin.database.updateCollection(collection, { CreateIndexes: [wanted] });
      report.createdIndexes.push(label);
      log(`created index ${label}`);
    }
  }
  return report;
}

const scriptEnvSchema = z.object({
  CLOUDBASE_ENV: z.string().min(1),
  TENCENTCLOUD_SECRETID: z.string().min(1),
  TENCENTCLOUD_SECRETKEY: z.string().min(1),
  /** Only for temporary credentials. */
  TENCENTCLOUD_SESSIONTOKEN: z.string().min(1).optional(),
});
export type ScriptEnv = z.infer<typeof scriptEnvSchema>;

export function readScriptEnv(env: NodeJS.ProcessEnv): ScriptEnv {
  return parseEnv(scriptEnvSchema, env);
}

async function main(): Promise<void> {
  const env = readScriptEnv(process.env);
  const manager = new CloudBase({
    envId: env.CLOUDBASE_ENV,
    secretId: env.TENCENTCLOUD_SECRETID,
    secretKey: env.TENCENTCLOUD_SECRETKEY,
    ...(env.TENCENTCLOUD_SESSIONTOKEN ? { token: env.TENCENTCLOUD_SESSIONTOKEN } : {}),
  });
  const report = await createCloudbaseIndexes(manager, INDEXES, (line) => console.log(line), Object.values(COLLECTIONS));
  console.log(
    `${report.createdIndexes.length} created, ${report.existingIndexes.length} already present, ` +
      `${report.mismatchedIndexes.length} different from the declaration`,
  );
  if (report.mismatchedIndexes.length > 0) process.exitCode = 1;
}

// Not `require.main === module`: test/tsconfig.json loads the mini-program typings, which
// redeclare `require` and `module`, and the test imports this file.
if (basename(process.argv[1] ?? '').startsWith('create-cloudbase-indexes.')) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
