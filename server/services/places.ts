import { AppError } from './app-error';
import {
  type ActionOutput,
  type BranchKind,
  type NearbyPlace,
  NEARBY_PAGE,
  POSTER_SCENE_PREFIX,
  type ParsedInput,
  type PlaceKind,
  type PlaceView,
  type PosterView,
  type Region,
} from '../contract';
import { type CellPrecision, type GeoPoint, blockAround, blockReachMetres, cellsOf, distanceMetres } from '../lib/geo';
import { timestamp } from '../lib/time';
import { type DocumentStore, type Filter, type Page, type StoredDocument, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertOrGet, saveVersioned } from '../store/saving';
import { checkinScene } from './checkins';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import { derivedId } from './ids';
import {
  type OrganizationDoc,
  requireActive,
  requireAdministeredOrganization,
  requireManagedOrganization,
} from './organizations';
import type { OrganizationRecord, PlaceRecord, PosterRecord } from './records';

export type PlaceDoc = StoredDocument<PlaceRecord>;

/** An organization's own place: one per organization. */
export const orgPlaceId = (orgId: string): string => `pl_${orgId}`;

/**
 * The blocks of geohash cells the nearest-first query looks in, nearest first: three rings of
 * the finest cells (a city's centre, where a few hundred metres hold the nearest ten), then the
 * coarser ones for the suburbs and the countryside. Each step reads only what the last did not
 * (at the same precision), and the search stops as soon as enough places lie within the step's
 * sure reach. The last step reaches about 39 km: beyond it a member is better served by district.
 */
const SEARCH_STEPS: readonly { precision: CellPrecision; rings: number }[] = [
  { precision: 6, rings: 1 },
  { precision: 6, rings: 2 },
  { precision: 6, rings: 3 },
  { precision: 5, rings: 1 },
  { precision: 5, rings: 2 },
  { precision: 4, rings: 1 },
  { precision: 4, rings: 2 },
];
/** A block holding less than a quarter of the places asked for counts as sparse. */
const SPARSE_FACTOR = 4;
/** Places read per store call while searching; a block rarely holds more. */
const SEARCH_PAGE = 500;
/** An organization runs a handful of centres at most; the admin's page shows them all. */
const MAX_CENTRES_PER_ORG = 100;

export interface NearestOptions {
  /** How many to answer. */
  limit: number;
  /** Only organizations' own places, or only centres. */
  kind?: PlaceKind;
  /** Only organizations of this kind of branch (e.g. 'community' for the communities near a resident). */
  branchKind?: BranchKind;
}

export interface NearestPlaces {
  /** Nearest first, at most `limit`. */
  places: { place: PlaceDoc; distanceMetres: number }[];
  /** Every matching place this near the point is on the list; farther ones may be missing. */
  completeWithinMetres: number;
}

/**
 * The places nearest a point, nearest first, by indexed queries only: each step reads the places
 * whose geohash cell (at the step's precision) lies in the block around the point, an `$in` on an
 * indexed field on both stores. Store calls: one per step taken (more only when a block holds
 * more than {@link SEARCH_PAGE} places); in a city usually one, where places are sparse at most
 * one per precision.
 */
export async function nearestPlaces(store: DocumentStore, point: GeoPoint, options: NearestOptions): Promise<NearestPlaces> {
  const found = new Map<string, { place: PlaceDoc; distanceMetres: number }>();
  const readCells = new Map<CellPrecision, Set<string>>();
  const extra: Filter = {};
  if (options.kind) extra.kind = options.kind;
  if (options.branchKind) extra.branchKind = options.branchKind;
  let reach = 0;
  let skipPrecision: CellPrecision | null = null;
  for (const step of SEARCH_STEPS) {
    // Where a block held few places, the next rings at that precision would hold few more: the
    // countryside goes straight to the coarser cells, a round trip each.
    if (step.precision === skipPrecision) continue;
    const done = readCells.get(step.precision) ?? new Set<string>();
    readCells.set(step.precision, done);
    const cells = blockAround(point, step.precision, step.rings).filter((cell) => !done.has(cell));
    for (const cell of cells) done.add(cell);
    let cursor: string | null = null;
    while (cells.length > 0) {
      const page: Page<PlaceDoc> = await store.find<PlaceRecord>(COLLECTIONS.places, {
        where: { [`cells.c${step.precision}`]: { $in: cells }, ...extra },
        limit: SEARCH_PAGE,
        cursor,
      });
      for (const place of page.items) found.set(place._id, { place, distanceMetres: distanceMetres(point, place.point) });
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    reach = blockReachMetres(point, step.precision, step.rings);
    const sure = [...found.values()].filter((entry) => entry.distanceMetres <= reach);
    if (sure.length >= options.limit) break;
    if (found.size * SPARSE_FACTOR < options.limit) skipPrecision = step.precision;
  }
  const places = [...found.values()]
    .sort((a, b) => a.distanceMetres - b.distanceMetres || a.place._id.localeCompare(b.place._id))
    .slice(0, options.limit);
  return { places, completeWithinMetres: reach };
}

/** The organizations of some places, read once and fresh (a name or an address may have changed since). */
async function organizationsOf(store: DocumentStore, places: readonly PlaceDoc[]): Promise<Map<string, OrganizationDoc>> {
  const ids = [...new Set(places.map((place) => place.orgId))];
  if (ids.length === 0) return new Map();
  const page = await store.find<OrganizationRecord>(COLLECTIONS.organizations, {
    where: { _id: { $in: ids } },
    limit: ids.length,
  });
  return new Map(page.items.map((org) => [org._id, org]));
}

/** A place as people see it; an organization's own place takes its name, address and contact from the organization. */
export function toPlaceView(place: PlaceDoc, org: OrganizationDoc): PlaceView {
  const own = place.kind === 'organization';
  return {
    placeId: place._id,
    kind: place.kind,
    centreKind: place.centreKind,
    name: own ? org.name : place.name,
    organization: { orgId: org._id, name: org.name, kind: org.kind },
    branchKind: own ? org.branchKind : null,
    region: own ? org.region : place.region,
    address: own ? (org.address ?? '') : place.address,
    point: place.point,
    hours: place.hours,
    contact: own ? (org.contact ?? '') : place.contact,
    checkinScene: checkinScene(org._id),
    version: place.version,
  };
}

/** Views of places found, dropping any whose organization is gone or dissolved (their places leave the map then too). */
async function viewsOf<T>(
  store: DocumentStore,
  entries: readonly T[],
  placeOf: (entry: T) => PlaceDoc,
  distanceOf: (entry: T) => number | null,
): Promise<NearbyPlace[]> {
  const orgs = await organizationsOf(store, entries.map(placeOf));
  return entries.flatMap((entry) => {
    const place = placeOf(entry);
    const org = orgs.get(place.orgId);
    if (!org || org.dissolved) return [];
    return [{ ...toPlaceView(place, org), distanceMetres: distanceOf(entry) }];
  });
}

/**
 * The service the other parts call (e.g. the communities nearest a resident for their volunteer
 * cards): the nearest places as people see them, nearest first. Store calls: those of
 * {@link nearestPlaces} and one more for the organizations.
 */
export async function findNearestPlaces(
  deps: ServiceDeps,
  point: GeoPoint,
  options: NearestOptions,
): Promise<{ items: NearbyPlace[]; completeWithinMetres: number }> {
  const nearest = await nearestPlaces(deps.store, point, options);
  const items = await viewsOf(
    deps.store,
    nearest.places,
    (entry) => entry.place,
    (entry) => entry.distanceMetres,
  );
  return { items, completeWithinMetres: nearest.completeWithinMetres };
}

/** Anyone may look for the places near them or in a district: they are on posters and doors already. */
export async function nearbyPlaces(
  ctx: ServiceContext,
  input: ParsedInput<'place.nearby'>,
): Promise<ActionOutput<'place.nearby'>> {
  if (input.point) {
    const { items, completeWithinMetres } = await findNearestPlaces(ctx.deps, input.point, { limit: input.limit });
    return { by: 'distance', items, completeWithinMetres };
  }
  const region = input.region as Region;
  const page = await ctx.deps.store.find<PlaceRecord>(COLLECTIONS.places, {
    where: { 'region.city': region.city, 'region.district': region.district, removedAt: null },
    orderBy: [
      { field: 'kind', direction: 'desc' },
      { field: 'name', direction: 'asc' },
    ],
    limit: input.limit,
  });
  const items = await viewsOf(
    ctx.deps.store,
    page.items,
    (place) => place,
    () => null,
  );
  return { by: 'district', items, completeWithinMetres: null };
}

export async function placesOfOrg(ctx: ServiceContext, input: ParsedInput<'place.ofOrg'>): Promise<ActionOutput<'place.ofOrg'>> {
  const [{ org, access }, own, centres] = await Promise.all([
    requireManagedOrganization(ctx, input.orgId),
    ctx.deps.store.get<PlaceRecord>(COLLECTIONS.places, orgPlaceId(input.orgId)),
    ctx.deps.store.find<PlaceRecord>(COLLECTIONS.places, {
      where: { orgId: input.orgId, kind: 'service_centre', removedAt: null },
      limit: MAX_CENTRES_PER_ORG,
    }),
  ]);
  return {
    organization: {
      orgId: org._id,
      name: org.name,
      kind: org.kind,
      address: org.address ?? '',
      contact: org.contact ?? '',
      region: org.region,
    },
    location: own ? toPlaceView(own, org) : null,
    centres: centres.items.map((centre) => toPlaceView(centre, org)).sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    canEdit: !org.dissolved && access.administers(org.path),
  };
}

function editedElsewhere(cause?: unknown): AppError {
  return new AppError('CONFLICT', '这个地点刚被别人修改过，请刷新后再改', { cause });
}

/** A place the caller may not edit answers like one that does not exist. */
function placeNotFound(field = 'centreId'): AppError {
  return new AppError('NOT_FOUND', '找不到这个地点', { field });
}

export async function setOrgLocation(
  ctx: ServiceContext,
  input: ParsedInput<'place.setLocation'>,
): Promise<ActionOutput<'place.setLocation'>> {
  const { org } = await requireAdministeredOrganization(ctx, input.orgId);
  requireActive(org);
  const now = timestamp(ctx.deps.clock);
  const record: PlaceRecord = {
    kind: 'organization',
    centreKind: null,
    orgId: org._id,
    name: org.name,
    orgKind: org.kind,
    branchKind: org.branchKind,
    region: org.region,
    address: '',
    point: input.point,
    cells: cellsOf(input.point),
    hours: input.hours,
    contact: '',
    removedAt: null,
    updatedAt: now,
    updatedBy: callerKey(ctx.caller),
  };
  const orgPatch: Partial<OrganizationRecord> = { address: input.address, contact: input.contact || null };
  try {
    return await ctx.deps.store.transaction(async (tx) => {
      // The organization as read just now; an edit of it meanwhile is a conflict like one of the place.
      // The two writes go together: on CloudBase each is a round trip.
      const changed = orgPatch.address !== org.address || orgPatch.contact !== (org.contact ?? null);
      const [place, version] = await Promise.all([
        saveVersioned<PlaceRecord>(tx, COLLECTIONS.places, orgPlaceId(org._id), input.version, record),
        changed ? tx.update(COLLECTIONS.organizations, org._id, org.version, orgPatch) : org.version,
      ]);
      return toPlaceView(place, { ...org, ...orgPatch, version });
    });
  } catch (error) {
    if (!(error instanceof VersionConflictError)) throw error;
    // The same request sent twice is the same request: the second finds what the first wrote.
    const [stored, current] = await Promise.all([
      ctx.deps.store.get<PlaceRecord>(COLLECTIONS.places, orgPlaceId(org._id)),
      ctx.deps.store.get<OrganizationRecord>(COLLECTIONS.organizations, org._id),
    ]);
    const same =
      stored !== null &&
      current !== null &&
      stored.updatedBy === record.updatedBy &&
      stored.hours === record.hours &&
      stored.point.latitude === record.point.latitude &&
      stored.point.longitude === record.point.longitude &&
      current.address === orgPatch.address &&
      (current.contact ?? null) === orgPatch.contact;
    if (same) return toPlaceView(stored, current);
    throw editedElsewhere(error);
  }
}

/** A centre the caller administers (through the organization that runs it), or NOT_FOUND. */
async function requireAdministeredCentre(
  ctx: ServiceContext,
  centreId: string,
): Promise<{ centre: PlaceDoc; org: OrganizationDoc }> {
  const centre = await ctx.deps.store.get<PlaceRecord>(COLLECTIONS.places, centreId);
  if (!centre || centre.kind !== 'service_centre' || centre.removedAt) throw placeNotFound();
  try {
    const { org } = await requireAdministeredOrganization(ctx, centre.orgId);
    return { centre, org };
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw placeNotFound();
    throw error;
  }
}

export async function saveCentre(
  ctx: ServiceContext,
  input: ParsedInput<'place.saveCentre'>,
): Promise<ActionOutput<'place.saveCentre'>> {
  const [{ org }, existing] = await Promise.all([
    requireAdministeredOrganization(ctx, input.orgId),
    input.centreId ? ctx.deps.store.get<PlaceRecord>(COLLECTIONS.places, input.centreId) : null,
  ]);
  requireActive(org);
  if (input.centreId) {
    // Only a centre this organization runs, and one still on the map, is edited here.
    const editable = existing && existing.kind === 'service_centre' && !existing.removedAt && existing.orgId === org._id;
    if (!editable) throw placeNotFound();
  }
  const centreId = input.centreId ?? derivedId('pc', `${callerKey(ctx.caller)}:${input.requestId}`);
  const now = timestamp(ctx.deps.clock);
  const record: PlaceRecord = {
    kind: 'service_centre',
    centreKind: input.centreKind,
    orgId: org._id,
    name: input.name,
    orgKind: org.kind,
    branchKind: null,
    region: input.region ?? org.region,
    address: input.address,
    point: input.point,
    cells: cellsOf(input.point),
    hours: input.hours,
    contact: input.contact,
    removedAt: null,
    updatedAt: now,
    updatedBy: callerKey(ctx.caller),
  };
  if (!input.centreId) {
    // A retried create lands on the record the first one made.
    const made = await insertOrGet<PlaceRecord>(ctx.deps.store, COLLECTIONS.places, { _id: centreId, ...record });
    if (!made.created && made.doc.orgId !== org._id) throw placeNotFound('requestId');
    return toPlaceView(made.doc, org);
  }
  if (input.version === null) throw new AppError('BAD_REQUEST', '修改时需要带上读到的版本', { field: 'version' });
  try {
    const saved = await saveVersioned<PlaceRecord>(ctx.deps.store, COLLECTIONS.places, centreId, input.version, record);
    return toPlaceView(saved, org);
  } catch (error) {
    if (error instanceof VersionConflictError) throw editedElsewhere(error);
    throw error;
  }
}

export async function removeCentre(
  ctx: ServiceContext,
  input: ParsedInput<'place.removeCentre'>,
): Promise<ActionOutput<'place.removeCentre'>> {
  const { centre } = await requireAdministeredCentre(ctx, input.centreId);
  try {
    await ctx.deps.store.update(COLLECTIONS.places, centre._id, input.version, {
      cells: null,
      removedAt: timestamp(ctx.deps.clock),
      updatedBy: callerKey(ctx.caller),
    });
  } catch (error) {
    if (error instanceof VersionConflictError) throw editedElsewhere(error);
    throw error;
  }
  return { centreId: centre._id, removed: true };
}

/**
 * A dissolved organization's place and the centres it ran leave the map (kept for their
 * history). Safe to repeat: a second run finds them removed.
 */
export async function takePlacesOffTheMap(store: DocumentStore, orgId: string, at: string): Promise<void> {
  const places = await store.find<PlaceRecord>(COLLECTIONS.places, {
    where: { orgId, removedAt: null },
    limit: MAX_CENTRES_PER_ORG + 1,
  });
  await Promise.all(
    places.items.map(async (place) => {
      try {
        await store.update(COLLECTIONS.places, place._id, place.version, { cells: null, removedAt: at });
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }),
  );
}

/** An organization's own place, read by `org.update` beside the organization so the edit waits for no read more. */
export function orgPlaceOf(store: DocumentStore, orgId: string): Promise<PlaceDoc | null> {
  return store.get<PlaceRecord>(COLLECTIONS.places, orgPlaceId(orgId));
}

/**
 * Keeps an organization's own place ({@link orgPlaceOf}, as read before the edit) in step with
 * the organization after an edit: the fields the district list sorts and filters by. No place,
 * nothing to do.
 */
export async function followOrganizationEdit(store: DocumentStore, org: OrganizationDoc, place: PlaceDoc | null): Promise<void> {
  if (!place) return;
  const patch: Partial<PlaceRecord> = { name: org.name, orgKind: org.kind, branchKind: org.branchKind, region: org.region };
  const same =
    place.name === org.name &&
    place.orgKind === org.kind &&
    place.branchKind === org.branchKind &&
    JSON.stringify(place.region) === JSON.stringify(org.region);
  if (same) return;
  try {
    await store.update(COLLECTIONS.places, place._id, place.version, patch);
  } catch (error) {
    // Saved meanwhile by its admin, who wrote the organization's fields as they stand now.
    if (!(error instanceof VersionConflictError)) throw error;
  }
}

// ---- the 归队码 ----------------------------------------------------------------------------

function toPosterView(poster: StoredDocument<PosterRecord>): PosterView {
  return {
    posterId: poster._id,
    label: poster.label,
    region: poster.region,
    organization: { orgId: poster.orgId, name: poster.orgName, kind: poster.orgKind },
  };
}

export function posterScene(posterId: string): string {
  return `${POSTER_SCENE_PREFIX}${posterId}`;
}

export async function posterCode(
  ctx: ServiceContext,
  input: ParsedInput<'place.posterCode'>,
): Promise<ActionOutput<'place.posterCode'>> {
  const { org } = await requireAdministeredOrganization(ctx, input.orgId);
  requireActive(org);
  // The same organization and label always make the same code: a reprinted poster keeps working.
  const posterId = derivedId('gp', `${org._id}:${input.label}`);
  const { doc } = await insertOrGet<PosterRecord>(ctx.deps.store, COLLECTIONS.posters, {
    _id: posterId,
    orgId: org._id,
    orgName: org.name,
    orgKind: org.kind,
    label: input.label,
    region: input.region ?? org.region,
    createdAt: timestamp(ctx.deps.clock),
    createdBy: callerKey(ctx.caller),
  });
  const scene = posterScene(doc._id);
  return {
    poster: toPosterView(doc),
    scene,
    page: NEARBY_PAGE,
    imageDataUrl: await ctx.deps.codeRenderer.render(scene, NEARBY_PAGE),
  };
}

export async function resolvePoster(
  ctx: ServiceContext,
  input: ParsedInput<'place.resolvePoster'>,
): Promise<ActionOutput<'place.resolvePoster'>> {
  const match = /^g=([A-Za-z0-9_-]{1,30})$/.exec(input.scene.trim());
  const notOurs = () => new AppError('INVALID_CODE', '这不是归队码，请换一个码再扫', { field: 'scene' });
  if (!match) throw notOurs();
  const poster = await ctx.deps.store.get<PosterRecord>(COLLECTIONS.posters, match[1]);
  if (!poster) throw notOurs();
  return toPosterView(poster);
}
