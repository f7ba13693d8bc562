import type { GeoPointInput } from '../../server/contract';

/**
 * The phone's location, asked the same way on every screen. Call these only from a tap, after the
 * screen has said what the location is for: WeChat then asks the person once, and a person who
 * says no has done nothing wrong. Every screen that asks has a way on without the location (by
 * district, by typing an address), so a refusal only changes what the screen offers next.
 */

/** What asking came to: the point, or why there is none and the words for it. */
export type Located =
  | { ok: true; point: GeoPointInput }
  | {
      ok: false;
      /** The person said no (now or earlier): the screen may offer to allow it in the settings. */
      refused: boolean;
      /** What the screen says; '' when there is nothing to say (the person closed the map). */
      error: string;
    };

/** A place picked on the map with wx.chooseLocation. */
export type Chosen =
  { ok: true; point: GeoPointInput; name: string; address: string } | { ok: false; refused: boolean; error: string };

export const LOCATION_REFUSED = '没有使用您的位置。您可以按区县查找，或在设置中允许使用位置后再试。';
export const LOCATION_UNAVAILABLE = '暂时没有取得您的位置，请确认手机已打开定位，或按区县查找。';
const MAP_REFUSED = '没有使用位置，无法打开地图选点。可以在设置中允许使用位置后再试。';
const MAP_FAILED = '地图没有打开，请稍后再试。';

const errMsgOf = (error: unknown): string => String((error as { errMsg?: unknown } | null)?.errMsg ?? '');
/** WeChat words a refusal as 'auth deny', 'auth denied' or 'authorize no response' (the prompt was closed). */
const isRefusal = (errMsg: string): boolean => /auth (deny|denied)|authorize/.test(errMsg);
const isCancel = (errMsg: string): boolean => /cancel/.test(errMsg);
/** Six decimals are about 0.1 m: more would only make the same place look different. */
const rounded = (degrees: number): number => Math.round(degrees * 1e6) / 1e6;

/** The phone's location in GCJ-02, the coordinates the server and wx.openLocation use. */
export async function locate(): Promise<Located> {
  try {
    const found = await wx.getLocation({ type: 'gcj02' });
    return { ok: true, point: { latitude: rounded(found.latitude), longitude: rounded(found.longitude) } };
  } catch (error) {
    const refused = isRefusal(errMsgOf(error));
    return { ok: false, refused, error: refused ? LOCATION_REFUSED : LOCATION_UNAVAILABLE };
  }
}

/**
 * Opens the mini-program's settings so a person who said no can allow the location after all;
 * answers whether it is allowed now. WeChat opens the settings only from a tap.
 */
export async function allowInSettings(): Promise<boolean> {
  try {
    const settings = await wx.openSetting({});
    return settings.authSetting['scope.userLocation'] === true;
  } catch {
    return false;
  }
}

/** Lets an admin pick a place on the map, starting at `near` (the place as it stands) when given. */
export async function chooseOnMap(near?: GeoPointInput | null): Promise<Chosen> {
  try {
    const chosen = await wx.chooseLocation(near ? { latitude: near.latitude, longitude: near.longitude } : {});
    return {
      ok: true,
      point: { latitude: rounded(chosen.latitude), longitude: rounded(chosen.longitude) },
      name: chosen.name ?? '',
      address: chosen.address ?? '',
    };
  } catch (error) {
    const errMsg = errMsgOf(error);
    if (isCancel(errMsg)) return { ok: false, refused: false, error: '' };
    const refused = isRefusal(errMsg);
    return { ok: false, refused, error: refused ? MAP_REFUSED : MAP_FAILED };
  }
}

/** Shows a place in WeChat's map, from where the phone's map app navigates to it. */
export function openInMap(place: { point: GeoPointInput; name: string; address: string }): void {
  wx.openLocation({
    latitude: place.point.latitude,
    longitude: place.point.longitude,
    name: place.name,
    address: place.address,
    scale: 16,
  }).catch(() => wx.showToast({ title: '地图没有打开，请稍后再试', icon: 'none' }));
}
