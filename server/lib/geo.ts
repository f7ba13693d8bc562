import ngeohash from 'ngeohash';

/**
 * Geography in one place: points as WeChat gives them (GCJ-02, the coordinates wx.getLocation
 * and wx.chooseLocation answer in mainland China), the distance between two points, and the
 * geohash cells that let both stores find what is near a point with an indexed equality query.
 *
 * GCJ-02 is shifted from WGS-84 by up to a few hundred metres, but consistently so within a city:
 * distances between two GCJ-02 points are as good as between two WGS-84 points for telling a
 * member which place is nearest. Points are never converted; every point we store came from WeChat.
 */

/** A point in GCJ-02 degrees. */
export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** The geohash lengths a place is indexed under, coarsest last. */
export const CELL_PRECISIONS = [6, 5, 4] as const;
export type CellPrecision = (typeof CELL_PRECISIONS)[number];

/**
 * The cells a place sits in, one per indexed precision: `c6` is about 1.2 km × 0.6 km, `c5` about
 * 4.9 km × 4.9 km and `c4` about 39 km × 19.5 km (at 31°N the east-west sides shrink to 0.85 of that).
 */
export type GeoCells = Record<`c${CellPrecision}`, string>;

const EARTH_RADIUS_METRES = 6_371_008.8;
const radians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance in metres (haversine), rounded to the metre. */
export function distanceMetres(from: GeoPoint, to: GeoPoint): number {
  const dLat = radians(to.latitude - from.latitude);
  const dLon = radians(to.longitude - from.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(from.latitude)) * Math.cos(radians(to.latitude)) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h))));
}

/** The geohash of a point at one precision. */
export function cellOf(point: GeoPoint, precision: number): string {
  return ngeohash.encode(point.latitude, point.longitude, precision);
}

/** The cells a point sits in at every indexed precision: what a place record stores. */
export function cellsOf(point: GeoPoint): GeoCells {
  const c6 = cellOf(point, 6);
  return { c6, c5: c6.slice(0, 5), c4: c6.slice(0, 4) };
}

/**
 * The block of cells centred on the point's cell, `rings` cells out on every side (one ring:
 * 3 × 3, two: 5 × 5): every place in it is found by one `$in` query on the indexed cell field.
 * The point's own cell comes first. Near the poles or the antimeridian cells may repeat;
 * duplicates are dropped.
 */
export function blockAround(point: GeoPoint, precision: CellPrecision, rings = 1): string[] {
  const centre = cellOf(point, precision);
  const { latitude, longitude, error } = ngeohash.decode(centre);
  const cells = new Set([centre]);
  for (let north = -rings; north <= rings; north += 1) {
    for (let east = -rings; east <= rings; east += 1) {
      const lat = Math.max(-90, Math.min(90, latitude + north * 2 * error.latitude));
      const lon = ((longitude + east * 2 * error.longitude + 540) % 360) - 180;
      cells.add(ngeohash.encode(lat, lon, precision));
    }
  }
  return [...cells];
}

/**
 * How far from the point the block of {@link blockAround} surely reaches: the distance to its
 * nearest edge. Every place within this radius is in the block, so among the places the block
 * holds, those nearer than this are exactly the nearest places anywhere.
 */
export function blockReachMetres(point: GeoPoint, precision: CellPrecision, rings = 1): number {
  const [minLat, minLon, maxLat, maxLon] = ngeohash.decode_bbox(cellOf(point, precision));
  const height = (maxLat - minLat) * rings;
  const width = (maxLon - minLon) * rings;
  const edges: GeoPoint[] = [
    { latitude: Math.max(-90, minLat - height), longitude: point.longitude },
    { latitude: Math.min(90, maxLat + height), longitude: point.longitude },
    { latitude: point.latitude, longitude: minLon - width },
    { latitude: point.latitude, longitude: maxLon + width },
  ];
  return Math.min(...edges.map((edge) => distanceMetres(point, edge)));
}
