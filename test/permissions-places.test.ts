import { COLLECTIONS } from '../server/store/indexes';
import { createHarness, nextRequestId, placeMember, seedTree } from './support/harness';
import {
  type Person,
  type PermissionRow,
  type PermissionWorld,
  PEOPLE,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may see and set places on the map: an organization's place and the centres it runs are
 * set by its admins (or those above); its secretary sees them; finding the places near you and
 * opening a 归队码 is for anyone, members or not.
 */

const MEMBER = 'm_places_member';
const MEMBER_B = 'm_places_member_b';
const STATION = { latitude: 31.330284, longitude: 120.610591 };

interface World extends PermissionWorld<Person> {
  centre: { placeId: string; version: number };
  posterScene: string;
}

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  await placeMember(h, tree, MEMBER, tree.branchA.orgId);
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId);
  const centre = await h.ok(tree.people.cityAdmin, 'place.saveCentre', {
    orgId: tree.branchA.orgId,
    centreId: null,
    requestId: nextRequestId(),
    centreKind: 'party_service_centre',
    name: '新桥社区党群服务中心',
    address: '新桥路 20 号',
    point: STATION,
    hours: '工作日 9:00—17:00',
    contact: '',
    version: null,
  });
  const poster = await h.ok(tree.people.cityAdmin, 'place.posterCode', { orgId: tree.city.orgId, label: '苏州站北广场' });
  return {
    h,
    tree,
    openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }),
    centre: { placeId: centre.placeId, version: centre.version },
    posterScene: poster.scene,
  };
}

const places = (w: World) => w.h.deps.store.find(COLLECTIONS.places, { where: {}, limit: 100 });
const placesAndBranchA = async (w: World) => [
  await places(w),
  await w.h.deps.store.get(COLLECTIONS.organizations, w.tree.branchA.orgId),
];
const posters = (w: World) => w.h.deps.store.find(COLLECTIONS.posters, { where: {}, limit: 100 });

const ROWS: PermissionRow<World>[] = [
  {
    name: 'place.ofOrg of branch A',
    allowed: ['secretaryA', 'cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'place.ofOrg', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'place.setLocation of branch A (its secretary runs it, the admins set where it is)',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'place.setLocation', {
        orgId: w.tree.branchA.orgId,
        point: { latitude: 31.318652, longitude: 120.629987 },
        address: '新桥路 18 号',
        hours: '',
        contact: '',
        version: null,
      }),
    state: placesAndBranchA,
  },
  {
    name: 'place.setLocation of the village',
    allowed: ['homeAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'place.setLocation', {
        orgId: w.tree.village.orgId,
        point: { latitude: 31.95, longitude: 120.27 },
        address: '新港村村委会',
        hours: '',
        contact: '',
        version: null,
      }),
    state: places,
  },
  {
    name: 'place.saveCentre: a new one run by the community',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'place.saveCentre', {
        orgId: w.tree.community.orgId,
        centreId: null,
        requestId: nextRequestId(),
        centreKind: 'red_station',
        name: '苏州站红色驿站',
        address: '苏站路 1 号',
        point: STATION,
        hours: '',
        contact: '',
        version: null,
      }),
    state: places,
  },
  {
    name: "place.saveCentre: branch A's centre edited",
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) =>
      w.h.call(openid, 'place.saveCentre', {
        orgId: w.tree.branchA.orgId,
        centreId: w.centre.placeId,
        requestId: nextRequestId(),
        centreKind: 'party_service_centre',
        name: '新桥社区党群服务中心',
        address: '新桥路 20 号',
        point: STATION,
        hours: '每天 8:00—20:00',
        contact: '',
        version: w.centre.version,
      }),
    state: places,
  },
  {
    name: "place.removeCentre: branch A's centre",
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'place.removeCentre', { centreId: w.centre.placeId, version: w.centre.version }),
    state: places,
  },
  {
    name: 'place.posterCode of the city',
    allowed: ['cityAdmin', 'systemAdmin'],
    run: (w, openid) => w.h.call(openid, 'place.posterCode', { orgId: w.tree.city.orgId, label: '劳务市场' }),
    state: posters,
  },
  {
    name: 'place.nearby by location',
    allowed: PEOPLE,
    run: (w, openid) => w.h.call(openid, 'place.nearby', { point: STATION }),
  },
  {
    name: 'place.nearby by district',
    allowed: PEOPLE,
    run: (w, openid) => w.h.call(openid, 'place.nearby', { region: w.tree.branchA.region }),
  },
  {
    name: 'place.resolvePoster',
    allowed: PEOPLE,
    run: (w, openid) => w.h.call(openid, 'place.resolvePoster', { scene: w.posterScene }),
  },
];

describePermissionTable({ rows: ROWS, people: PEOPLE, world, refusals: ['FORBIDDEN', 'NOT_FOUND'] });

it('a resident who never registered finds the places and opens the 归队码, and sees nobody', async () => {
  const w = await world();
  try {
    const resident = 'resident_never_registered';
    const poster = await w.h.ok(resident, 'place.resolvePoster', { scene: w.posterScene });
    const nearby = await w.h.ok(resident, 'place.nearby', { region: poster.region });
    expect(nearby.items.map((item) => item.name)).toEqual(['新桥社区党群服务中心']);
    // A place carries the door's details only: no member, no official's name.
    expect(JSON.stringify(nearby)).not.toMatch(/李秀英|周建华|王海军/);
  } finally {
    await w.h.close();
  }
});
