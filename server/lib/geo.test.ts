import { geoPointSchema } from '../contract';
import { blockAround, blockReachMetres, cellOf, cellsOf, distanceMetres } from './geo';

// 苏州站 and 太仓市政府, GCJ-02 as WeChat gives them.
const SUZHOU_STATION = { latitude: 31.330284, longitude: 120.610591 };
const TAICANG_GOVERNMENT = { latitude: 31.457735, longitude: 121.130622 };

describe('distanceMetres', () => {
  it('is zero from a point to itself and the same both ways', () => {
    expect(distanceMetres(SUZHOU_STATION, SUZHOU_STATION)).toBe(0);
    expect(distanceMetres(SUZHOU_STATION, TAICANG_GOVERNMENT)).toBe(distanceMetres(TAICANG_GOVERNMENT, SUZHOU_STATION));
  });

  it('measures along the great circle: 苏州站 to 太仓市政府 is about 51 km, one degree of latitude about 111 km', () => {
    expect(distanceMetres(SUZHOU_STATION, TAICANG_GOVERNMENT)).toBeGreaterThan(50_000);
    expect(distanceMetres(SUZHOU_STATION, TAICANG_GOVERNMENT)).toBeLessThan(52_500);
    expect(distanceMetres({ latitude: 31, longitude: 120 }, { latitude: 32, longitude: 120 })).toBe(111_195);
  });
});

describe('cells', () => {
  it('stores a point under one cell per indexed precision, each the prefix of the finer one', () => {
    const cells = cellsOf(SUZHOU_STATION);
    expect(cells.c6).toBe(cellOf(SUZHOU_STATION, 6));
    expect(cells.c6).toHaveLength(6);
    expect(cells.c5).toBe(cells.c6.slice(0, 5));
    expect(cells.c4).toBe(cells.c6.slice(0, 4));
  });

  it('covers a point with its own cell and the eight around it', () => {
    const block = blockAround(SUZHOU_STATION, 6);
    expect(block).toHaveLength(9);
    expect(block[0]).toBe(cellOf(SUZHOU_STATION, 6));
    // A point 500 m east lies in the block.
    expect(block).toContain(cellOf({ latitude: SUZHOU_STATION.latitude, longitude: SUZHOU_STATION.longitude + 0.0053 }, 6));
  });

  it('reaches at least one cell side, and every point nearer than the reach lies in the block', () => {
    for (const precision of [6, 5, 4] as const) {
      const reach = blockReachMetres(SUZHOU_STATION, precision);
      const block = new Set(blockAround(SUZHOU_STATION, precision));
      // Points just inside the reach, all around the compass.
      for (let bearing = 0; bearing < 360; bearing += 15) {
        const metres = reach * 0.99;
        const point = {
          latitude: SUZHOU_STATION.latitude + (metres * Math.cos((bearing * Math.PI) / 180)) / 111_195,
          longitude:
            SUZHOU_STATION.longitude +
            (metres * Math.sin((bearing * Math.PI) / 180)) / (111_195 * Math.cos((SUZHOU_STATION.latitude * Math.PI) / 180)),
        };
        expect(block.has(cellOf(point, precision))).toBe(true);
      }
    }
    expect(blockReachMetres(SUZHOU_STATION, 6)).toBeGreaterThan(500);
    expect(blockReachMetres(SUZHOU_STATION, 5)).toBeGreaterThan(4_000);
    expect(blockReachMetres(SUZHOU_STATION, 4)).toBeGreaterThan(19_000);
  });

  it('grows by a ring of cells on every side, reaching one cell side further each time', () => {
    const one = blockAround(SUZHOU_STATION, 6, 1);
    const two = blockAround(SUZHOU_STATION, 6, 2);
    expect(two).toHaveLength(25);
    expect(two).toEqual(expect.arrayContaining(one));
    for (let bearing = 0; bearing < 360; bearing += 30) {
      const metres = blockReachMetres(SUZHOU_STATION, 6, 2) * 0.99;
      const point = {
        latitude: SUZHOU_STATION.latitude + (metres * Math.cos((bearing * Math.PI) / 180)) / 111_195,
        longitude:
          SUZHOU_STATION.longitude +
          (metres * Math.sin((bearing * Math.PI) / 180)) / (111_195 * Math.cos((SUZHOU_STATION.latitude * Math.PI) / 180)),
      };
      expect(two).toContain(cellOf(point, 6));
    }
    expect(blockReachMetres(SUZHOU_STATION, 6, 2)).toBeGreaterThan(blockReachMetres(SUZHOU_STATION, 6, 1) + 500);
  });
});

describe('geoPointSchema', () => {
  it('takes a point as WeChat gives it', () => {
    expect(geoPointSchema.parse(SUZHOU_STATION)).toEqual(SUZHOU_STATION);
  });

  it('refuses a point out of range or not a number, naming the field', () => {
    for (const [point, field] of [
      [{ latitude: 91, longitude: 120 }, 'latitude'],
      [{ latitude: 31, longitude: -181 }, 'longitude'],
      [{ latitude: '31', longitude: 120 }, 'latitude'],
      [{ latitude: Number.NaN, longitude: 120 }, 'latitude'],
      [{ latitude: 31, longitude: Number.POSITIVE_INFINITY }, 'longitude'],
    ] as const) {
      const parsed = geoPointSchema.safeParse(point);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual([field]);
    }
  });
});
