import type { DocumentStore } from '../../server/store/document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import { all } from '../jobs/support';

/**
 * Every document of the given collections (default: all), by collection: ids, versions and
 * fields, comparable across two stores. Encrypted fields are left out (each encryption draws a
 * fresh IV); their masked copies and keyed hashes stay in. So is the demo seeding's own marker,
 * which records when and how often it ran.
 */
export async function storeContents(
  store: DocumentStore,
  collections: readonly string[] = Object.values(COLLECTIONS),
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const collection of collections) {
    out[collection] = (await all(store, collection))
      .filter((doc) => doc._id !== 'demo_seeded')
      .map((doc) => JSON.parse(JSON.stringify(doc, (key, value: unknown) => (key.endsWith('Enc') ? undefined : value))));
  }
  return out;
}
