import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type GeoPoint, blockAround, cellsOf, distanceMetres } from '../server/lib/geo';
import { nearestPlaces } from '../server/services/places';
import type { PlaceRecord } from '../server/services/records';
import { type DocumentStore, MAX_PAGE_SIZE, type Page, type StoredDocument } from '../server/store/document-store';
import { CloudbaseDocumentStore } from '../server/store/cloudbase/cloudbase-document-store';
import { COLLECTIONS, INDEXES } from '../server/store/indexes';
import { SqliteDocumentStore } from '../server/store/sqlite/sqlite-document-store';
import { fakeCloudbaseApp } from '../test/fake-cloudbase/fake-cloudbase-app';
import { startFakeCloudbase } from '../test/fake-cloudbase/fake-cloudbase-server';
import { CountingStore } from './counting-store';

/**
 * `npm run bench -- places`: the 归队码's nearest-first query over a city's places (苏州: thousands
 * of organizations with a location, and the centres they run), dense in the old town and thin
 * towards 太仓 and the lakes. For each store, the indexed query (geohash cells, lib/geo.ts and
 * services/places.ts) against reading every place of the city and sorting by distance: median
 * time, store calls (each a round trip on CloudBase) and places read per query. The SQLite plan
 * shows the query is served by the cell index. The answers of both ways are compared.
 */

const PLACES = Number(process.env.BENCH_PLACES ?? 6000);
const QUERIES = Number(process.env.BENCH_PLACES_QUERIES ?? 200);
const CLOUDBASE_QUERIES = Number(process.env.BENCH_PLACES_CLOUDBASE_QUERIES ?? 40);
const LIMIT = 10;
const CITY = { province: '江苏省', city: '苏州市', district: '姑苏区' };

/** A repeatable random sequence. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Points of the city: half in the old town (about 6 km across), the rest over the city (about 60 km). */
function cityPoints(count: number, seed: number): GeoPoint[] {
  const next = sequence(seed);
  return Array.from({ length: count }, (_, i) => {
    const spread = i % 2 === 0 ? 0.06 : 0.6;
    return {
      latitude: Math.round((31.31 + (next() - 0.5) * spread) * 1e6) / 1e6,
      longitude: Math.round((120.62 + (next() - 0.35) * spread * 1.2) * 1e6) / 1e6,
    };
  });
}

function placeRecord(i: number, point: GeoPoint): PlaceRecord & { _id: string } {
  const centre = i % 10 === 0;
  return {
    _id: `pl_bench_${String(i).padStart(5, '0')}`,
    kind: centre ? 'service_centre' : 'organization',
    centreKind: centre ? 'red_station' : null,
    orgId: `o_bench_${String(i).padStart(5, '0')}`,
    name: centre ? `红色驿站 ${i}` : `党支部 ${i}`,
    orgKind: 'branch',
    branchKind: centre ? null : 'community',
    region: CITY,
    address: `${i} 号`,
    point,
    cells: cellsOf(point),
    hours: '周一至周五 9:00—17:30',
    contact: '',
    removedAt: null,
    updatedAt: '2026-11-25T02:00:00.000Z',
    updatedBy: 'bench',
  };
}

async function seed(store: DocumentStore, points: GeoPoint[]): Promise<void> {
  const batch = 50;
  for (let start = 0; start < points.length; start += batch) {
    await Promise.all(
      points
        .slice(start, start + batch)
        .map((point, offset) => store.insert<PlaceRecord>(COLLECTIONS.places, placeRecord(start + offset, point))),
    );
  }
}

/** The way without an index: every place of the city read, page by page, and sorted. */
async function readEveryPlace(store: DocumentStore, point: GeoPoint): Promise<{ ids: string[]; read: number }> {
  const all: { id: string; metres: number }[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<StoredDocument<PlaceRecord>> = await store.find<PlaceRecord>(COLLECTIONS.places, {
      where: { 'region.city': CITY.city },
      limit: MAX_PAGE_SIZE,
      cursor,
    });
    for (const place of page.items) all.push({ id: place._id, metres: distanceMetres(point, place.point) });
    cursor = page.nextCursor;
  } while (cursor);
  all.sort((a, b) => a.metres - b.metres || a.id.localeCompare(b.id));
  return { ids: all.slice(0, LIMIT).map((entry) => entry.id), read: all.length };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};
const fmt = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms.toFixed(2));

async function timeIt<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

interface Row {
  store: string;
  way: string;
  'median ms': string;
  'store calls (median, max)': string;
  'places read (median)': number;
  'same ten as reading all': string;
}

async function measure(name: string, store: CountingStore, queries: GeoPoint[]): Promise<Row[]> {
  const indexed = { ms: [] as number[], calls: [] as number[], read: [] as number[] };
  const naive = { ms: [] as number[], calls: [] as number[], read: [] as number[] };
  let same = 0;
  for (const point of queries) {
    store.reset();
    const found = await timeIt(() => nearestPlaces(store, point, { limit: LIMIT }));
    indexed.ms.push(found.ms);
    indexed.calls.push(store.counts.find);
    indexed.read.push(store.read);
    store.reset();
    const all = await timeIt(() => readEveryPlace(store, point));
    naive.ms.push(all.ms);
    naive.calls.push(store.counts.find);
    naive.read.push(all.value.read);
    // Within the reach the query vouches for, both ways name the same places in the same order.
    const vouched = found.value.places.filter((entry) => entry.distanceMetres <= found.value.completeWithinMetres);
    if (vouched.every((entry, i) => entry.place._id === all.value.ids[i])) same += 1;
  }
  const row = (way: string, m: typeof indexed, agreement: string): Row => ({
    store: name,
    way,
    'median ms': fmt(median(m.ms)),
    'store calls (median, max)': `${median(m.calls)}, ${Math.max(...m.calls)}`,
    'places read (median)': median(m.read),
    'same ten as reading all': agreement,
  });
  const rows = [row('geohash cells (indexed)', indexed, `${same} of ${queries.length}`), row('read the city, sort', naive, '')];
  console.log(
    `${name}: reading the city takes ${(median(naive.ms) / median(indexed.ms)).toFixed(0)}× the indexed query's median time, ` +
      `${(median(naive.read) / Math.max(1, median(indexed.read))).toFixed(0)}× the places read`,
  );
  return rows;
}

/** What SQLite does with the first step's query, in the adapter's own SQL shape. */
function sqlitePlan(file: string, point: GeoPoint): string {
  const db = new Database(file, { readonly: true });
  try {
    const cells = blockAround(point, 6, 1);
    const rows = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id, version, data FROM "places" WHERE (json_extract(data, '$.cells.c6') IN (${cells.map(() => '?').join(', ')})) ORDER BY id ASC LIMIT 501`,
      )
      .all(...cells) as { detail: string }[];
    return rows.map((row) => row.detail).join('; ');
  } finally {
    db.close();
  }
}

export async function benchPlaces(): Promise<void> {
  const points = cityPoints(PLACES, 11);
  const queries = cityPoints(QUERIES, 29);
  const rows: Row[] = [];

  const dir = mkdtempSync(join(tmpdir(), 'liudong-places-'));
  const file = join(dir, 'places.sqlite');
  const sqlite = new SqliteDocumentStore(file);
  await sqlite.ensureIndexes(INDEXES);
  await seed(sqlite, points);
  console.log(`\nPlaces: ${PLACES.toLocaleString()} places of one city, the ${LIMIT} nearest to ${QUERIES} points`);
  rows.push(...(await measure('SQLite', new CountingStore(sqlite), queries)));
  console.log(`SQLite plan of a step: ${sqlitePlan(file, queries[0])}`);
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });

  const fake = await startFakeCloudbase();
  const cloudbase = new CloudbaseDocumentStore(fakeCloudbaseApp(fake));
  try {
    await cloudbase.ensureIndexes(INDEXES);
    await seed(cloudbase, points);
    // The fake server keeps documents in memory and scans them: its times say nothing about
    // CloudBase; its store calls are the round trips a member waits for.
    rows.push(...(await measure('CloudBase (fake server)', new CountingStore(cloudbase), queries.slice(0, CLOUDBASE_QUERIES))));
  } finally {
    await cloudbase.close();
    await fake.close();
  }
  console.table(rows);
  console.log(
    'Reproduce: npm run bench -- places   (BENCH_PLACES, BENCH_PLACES_QUERIES, BENCH_PLACES_CLOUDBASE_QUERIES to change the sizes)',
  );
}
