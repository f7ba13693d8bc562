import {
  BACKENDS,
  type Harness,
  SUZHOU,
  SYSTEM_ADMIN as SYSTEM_ADMIN_OPENID,
  createHarness,
  nextRequestId,
  seedTree,
} from '../../test/support/harness';
import { type GeoPoint, cellsOf, distanceMetres } from '../lib/geo';
import { COLLECTIONS } from '../store/indexes';
import { nearestPlaces, orgPlaceId } from './places';
import type { PlaceRecord } from './records';

// Real places in 姑苏区, GCJ-02.
const STATION = { latitude: 31.330284, longitude: 120.610591 }; // 苏州站
const PINGJIANG = { latitude: 31.318652, longitude: 120.629987 }; // 平江路
const GUANQIAN = { latitude: 31.309573, longitude: 120.62248 }; // 观前街
const RESIDENT = 'test_resident_not_registered';

/** A deterministic scatter: dense in the old town, sparse towards 太仓. */
function scatter(count: number, seed = 1): GeoPoint[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, (_, i) => {
    const spread = i % 4 === 0 ? 0.5 : 0.03;
    return {
      latitude: Math.round((31.31 + (next() - 0.5) * spread) * 1e6) / 1e6,
      longitude: Math.round((120.62 + (next() - 0.3) * spread * 1.2) * 1e6) / 1e6,
    };
  });
}

async function insertPlaces(h: Harness, orgId: string, points: GeoPoint[]): Promise<void> {
  for (const [i, point] of points.entries()) {
    await h.deps.store.insert<PlaceRecord>(COLLECTIONS.places, {
      _id: `pc_scatter_${String(i).padStart(4, '0')}`,
      kind: 'service_centre',
      centreKind: 'red_station',
      orgId,
      name: `红色驿站 ${i}`,
      orgKind: 'committee',
      branchKind: null,
      region: SUZHOU,
      address: `${i} 号`,
      point,
      cells: cellsOf(point),
      hours: '',
      contact: '',
      removedAt: null,
      updatedAt: '2026-11-25T02:00:00.000Z',
      updatedBy: 'test',
    });
  }
}

const requestsSince = (h: Harness, mark: number) => (h.fake ? h.fake.requests.length - mark : 0);

describe.each(BACKENDS)('places (%s)', (backend) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(backend);
  });
  afterEach(() => h.close());

  it('finds exactly the nearest places, nearest first, as reading every place would', async () => {
    const tree = await seedTree(h);
    const points = scatter(160);
    await insertPlaces(h, tree.city.orgId, points);
    const from: GeoPoint[] = [
      STATION,
      PINGJIANG,
      GUANQIAN,
      { latitude: 31.45, longitude: 121.1 },
      { latitude: 32.5, longitude: 119 },
    ];
    // And a grid over the scatter, so that many points sit near the edges of their cells.
    for (let north = 0; north < 6; north += 1) {
      for (let east = 0; east < 6; east += 1) from.push({ latitude: 31.28 + north * 0.011, longitude: 120.59 + east * 0.013 });
    }
    for (const point of from) {
      for (const limit of [1, 5, 12]) {
        const found = await nearestPlaces(h.deps.store, point, { limit });
        const everyOne = points
          .map((at, i) => ({ id: `pc_scatter_${String(i).padStart(4, '0')}`, metres: distanceMetres(point, at) }))
          .sort((a, b) => a.metres - b.metres || a.id.localeCompare(b.id));
        // Whatever lies within the sure reach is on the list, in the same order as reading them all.
        const sure = everyOne.filter((entry) => entry.metres <= found.completeWithinMetres).slice(0, limit);
        expect(found.places.slice(0, sure.length).map((entry) => entry.place._id)).toEqual(sure.map((entry) => entry.id));
        for (const [i, entry] of found.places.entries()) {
          if (i > 0) expect(entry.distanceMetres).toBeGreaterThanOrEqual(found.places[i - 1].distanceMetres);
        }
        if (sure.length < limit) expect(found.places.length).toBeLessThanOrEqual(limit);
        else expect(found.places).toHaveLength(limit);
      }
    }
  }, 60_000);

  it('reads one block of cells in the old town, where the nearest ten are a few hundred metres away', async () => {
    const tree = await seedTree(h);
    await insertPlaces(h, tree.city.orgId, scatter(400));
    const mark = h.fake?.requests.length ?? 0;
    const found = await nearestPlaces(h.deps.store, GUANQIAN, { limit: 10 });
    expect(found.places).toHaveLength(10);
    if (h.fake) expect(requestsSince(h, mark)).toBe(1);
  });

  it('far from everything, skips the finer rings: one look per precision, and one widening at the coarsest', async () => {
    const tree = await seedTree(h);
    await insertPlaces(h, tree.city.orgId, scatter(40));
    const mark = h.fake?.requests.length ?? 0;
    const found = await nearestPlaces(h.deps.store, { latitude: 31.62, longitude: 120.95 }, { limit: 10 });
    expect(found.places.length).toBeGreaterThan(0);
    if (h.fake) expect(requestsSince(h, mark)).toBeLessThanOrEqual(4);
  });

  it("an admin sets the organization's place; anyone nearby finds it with its distance, hours and the check-in it leads to", async () => {
    const tree = await seedTree(h);
    const saved = await h.ok(tree.people.cityAdmin, 'place.setLocation', {
      orgId: tree.branchA.orgId,
      point: PINGJIANG,
      address: '平江街道新桥路 18 号',
      hours: '周一至周五 9:00—17:30',
      contact: '0512-65230000',
      version: null,
    });
    expect(saved).toMatchObject({
      placeId: orgPlaceId(tree.branchA.orgId),
      kind: 'organization',
      name: '新桥社区第一党支部',
      address: '平江街道新桥路 18 号',
      contact: '0512-65230000',
      checkinScene: `b=${tree.branchA.orgId}`,
      version: 1,
    });
    // The address and the contact are the organization's own.
    expect(await h.ok(tree.people.cityAdmin, 'org.get', { orgId: tree.branchA.orgId })).toMatchObject({
      address: '平江街道新桥路 18 号',
      contact: '0512-65230000',
    });
    await h.ok(tree.people.cityAdmin, 'place.saveCentre', {
      orgId: tree.community.orgId,
      centreId: null,
      requestId: nextRequestId(),
      centreKind: 'red_station',
      name: '苏州站红色驿站',
      address: '苏站路 1 号北广场',
      point: STATION,
      hours: '每天 8:00—20:00',
      contact: '0512-67530000',
      version: null,
    });

    const nearby = await h.ok(RESIDENT, 'place.nearby', { point: { latitude: 31.3305, longitude: 120.6106 } });
    expect(nearby.by).toBe('distance');
    expect(nearby.items.map((item) => [item.name, item.distanceMetres])).toEqual([
      ['苏州站红色驿站', distanceMetres({ latitude: 31.3305, longitude: 120.6106 }, STATION)],
      ['新桥社区第一党支部', distanceMetres({ latitude: 31.3305, longitude: 120.6106 }, PINGJIANG)],
    ]);
    expect(nearby.items[0]).toMatchObject({
      kind: 'service_centre',
      centreKind: 'red_station',
      hours: '每天 8:00—20:00',
      organization: { orgId: tree.community.orgId, name: '新桥社区党委' },
      checkinScene: `b=${tree.community.orgId}`,
    });

    // Without a location, by district: centres first, then organizations.
    const byDistrict = await h.ok(RESIDENT, 'place.nearby', { region: SUZHOU });
    expect(byDistrict).toMatchObject({ by: 'district', completeWithinMetres: null });
    expect(byDistrict.items.map((item) => [item.name, item.distanceMetres])).toEqual([
      ['苏州站红色驿站', null],
      ['新桥社区第一党支部', null],
    ]);
    expect((await h.ok(RESIDENT, 'place.nearby', { region: { ...SUZHOU, district: '吴中区' } })).items).toEqual([]);
  });

  it('a renamed organization shows its new name; a dissolved one and its centres leave the map', async () => {
    const tree = await seedTree(h);
    const place = await h.ok(tree.people.cityAdmin, 'place.setLocation', {
      orgId: tree.industryBranch.orgId,
      point: GUANQIAN,
      address: '观前街 1 号',
      hours: '',
      contact: '',
      version: null,
    });
    const org = await h.ok(tree.people.cityAdmin, 'org.get', { orgId: tree.industryBranch.orgId });
    await h.ok(tree.people.cityAdmin, 'org.update', {
      orgId: org.orgId,
      version: org.version,
      changes: { name: '快递外卖行业党支部', region: { ...SUZHOU, district: '吴中区' } },
    });
    const near = await h.ok(RESIDENT, 'place.nearby', { point: GUANQIAN });
    expect(near.items.map((item) => [item.placeId, item.name, item.distanceMetres])).toEqual([
      [place.placeId, '快递外卖行业党支部', 0],
    ]);
    // The district list follows the organization's edit.
    expect((await h.ok(RESIDENT, 'place.nearby', { region: SUZHOU })).items).toEqual([]);
    expect((await h.ok(RESIDENT, 'place.nearby', { region: { ...SUZHOU, district: '吴中区' } })).items).toHaveLength(1);

    const current = await h.ok(tree.people.cityAdmin, 'org.get', { orgId: org.orgId });
    await h.ok(tree.people.cityAdmin, 'org.dissolve', {
      orgId: org.orgId,
      version: current.version,
      reason: '行业党支部合并',
      successorId: null,
      requestId: nextRequestId(),
    });
    expect((await h.ok(RESIDENT, 'place.nearby', { point: GUANQIAN })).items).toEqual([]);
    const stored = await h.deps.store.get<PlaceRecord>(COLLECTIONS.places, place.placeId);
    expect(stored).toMatchObject({ cells: null, removedAt: expect.any(String) });
  });

  it('a retried save answers as the first; two admins saving one place at once: one wins, the other gets CONFLICT', async () => {
    const tree = await seedTree(h);
    const input = {
      orgId: tree.branchA.orgId,
      point: PINGJIANG,
      address: '新桥路 18 号',
      hours: '工作日',
      contact: '',
      version: null,
    };
    const first = await h.ok(tree.people.cityAdmin, 'place.setLocation', input);
    expect(await h.ok(tree.people.cityAdmin, 'place.setLocation', input)).toEqual(first);
    const moved = await h.call(SYSTEM_ADMIN_OPENID, 'place.setLocation', { ...input, point: GUANQIAN });
    expect(moved).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const requestId = nextRequestId();
    const centre = {
      orgId: tree.community.orgId,
      centreId: null,
      requestId,
      centreKind: 'party_service_centre' as const,
      name: '新桥社区党群服务中心',
      address: '新桥路 20 号',
      point: PINGJIANG,
      hours: '',
      contact: '',
      version: null,
    };
    const made = await h.ok(tree.people.cityAdmin, 'place.saveCentre', centre);
    expect(await h.ok(tree.people.cityAdmin, 'place.saveCentre', centre)).toEqual(made);
    const edit = { ...centre, centreId: made.placeId, version: made.version };
    const results = await Promise.all([
      h.call(tree.people.cityAdmin, 'place.saveCentre', { ...edit, hours: '每天' }),
      h.call(SYSTEM_ADMIN_OPENID, 'place.saveCentre', { ...edit, hours: '周末' }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok).map((result) => !result.ok && result.error.code)).toEqual(['CONFLICT']);
    const listed = await h.ok(tree.people.cityAdmin, 'place.ofOrg', { orgId: tree.community.orgId });
    expect(listed.centres).toHaveLength(1);
    expect(listed.canEdit).toBe(true);

    await h.ok(tree.people.cityAdmin, 'place.removeCentre', { centreId: made.placeId, version: listed.centres[0].version });
    expect((await h.ok(tree.people.cityAdmin, 'place.ofOrg', { orgId: tree.community.orgId })).centres).toEqual([]);
    expect((await h.ok(RESIDENT, 'place.nearby', { point: PINGJIANG })).items.map((item) => item.kind)).toEqual(['organization']);
  });

  it('a centre is edited only through the organization that runs it, and not once taken down', async () => {
    const tree = await seedTree(h);
    const centre = {
      orgId: tree.community.orgId,
      centreId: null,
      requestId: nextRequestId(),
      centreKind: 'red_station' as const,
      name: '苏州站红色驿站',
      address: '苏站路 1 号',
      point: STATION,
      hours: '',
      contact: '',
      version: null,
    };
    const made = await h.ok(tree.people.cityAdmin, 'place.saveCentre', centre);
    const elsewhere = await h.call(tree.people.cityAdmin, 'place.saveCentre', {
      ...centre,
      orgId: tree.branchA.orgId,
      centreId: made.placeId,
      version: made.version,
    });
    expect(elsewhere).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'centreId' } });
    await h.ok(tree.people.cityAdmin, 'place.removeCentre', { centreId: made.placeId, version: made.version });
    const afterRemoval = await h.call(tree.people.cityAdmin, 'place.saveCentre', {
      ...centre,
      centreId: made.placeId,
      version: made.version + 1,
    });
    expect(afterRemoval).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', field: 'centreId' } });
    const stored = await h.deps.store.get<PlaceRecord>(COLLECTIONS.places, made.placeId);
    expect(stored).toMatchObject({ orgId: tree.community.orgId, cells: null });
  });

  it('bad input gets the field and writes nothing', async () => {
    const tree = await seedTree(h);
    const bad = await h.call(tree.people.cityAdmin, 'place.setLocation', {
      orgId: tree.branchA.orgId,
      point: { latitude: 95, longitude: 120.6 },
      address: '新桥路 18 号',
      hours: '',
      contact: '',
      version: null,
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'point.latitude' } });
    const noWay = await h.call(RESIDENT, 'place.nearby', {});
    expect(noWay).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'region' } });
    const noName = await h.call(tree.people.cityAdmin, 'place.saveCentre', {
      orgId: tree.community.orgId,
      centreId: null,
      requestId: nextRequestId(),
      centreKind: 'red_station',
      name: ' ',
      address: '苏站路 1 号',
      point: STATION,
      hours: '',
      contact: '',
      version: null,
    });
    expect(noName).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', field: 'name' } });
    expect(await h.deps.store.count(COLLECTIONS.places, {})).toBe(0);
    expect((await h.ok(tree.people.cityAdmin, 'org.get', { orgId: tree.branchA.orgId })).address).toBeNull();
  });

  it('a 归队码 opens the nearby page for its city and district; anything else is not one', async () => {
    const tree = await seedTree(h);
    const code = await h.ok(tree.people.cityAdmin, 'place.posterCode', { orgId: tree.city.orgId, label: '苏州站北广场' });
    expect(code).toMatchObject({ page: 'pages/nearby/nearby', poster: { label: '苏州站北广场', region: SUZHOU } });
    expect(code.scene.length).toBeLessThanOrEqual(32);
    // A reprinted poster keeps its code.
    expect((await h.ok(tree.people.cityAdmin, 'place.posterCode', { orgId: tree.city.orgId, label: '苏州站北广场' })).scene).toBe(
      code.scene,
    );
    expect(await h.ok(RESIDENT, 'place.resolvePoster', { scene: code.scene })).toEqual(code.poster);
    for (const scene of ['b=o_123', 'g=gp_nothere', 'hello']) {
      expect(await h.call(RESIDENT, 'place.resolvePoster', { scene })).toMatchObject({
        ok: false,
        error: { code: 'INVALID_CODE', field: 'scene' },
      });
    }
  });
});
