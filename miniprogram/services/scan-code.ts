/**
 * Scanning one of our mini-program codes with the camera (a branch's check-in code, an activity's
 * sign-in code), the same way on every screen that offers 扫码. What the scene means is the
 * server's to say (checkin.resolveCode, activity.resolveCode); this only reads it off the code.
 */

/** What scanning came to: the scene the code carries, or the words for why there is none. */
export type Scanned = { ok: true; scene: string } | { ok: false; error: string };

const UNREADABLE = '没有扫到二维码，请再试一次';

/**
 * The scene value in what wx.scanCode read: `path` for our own mini-program code
 * (`pages/checkin/checkin?scene=b%3D…`), `result` for a plain QR code with the same text.
 */
export function sceneFrom(scanned: { path?: string; result?: string }): string | null {
  for (const text of [scanned.path, scanned.result]) {
    const match = text ? /[?&]scene=([^&#]*)/.exec(text) : null;
    if (match && match[1]) {
      try {
        return decodeURIComponent(match[1]);
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * Opens the camera and reads a code's scene. `notOurCode` is what the screen says about a code
 * that carries none (each screen names the code it wants). A person who closes the camera has
 * done nothing wrong: the error is '' then, and the screen says nothing.
 */
export async function scanScene(notOurCode: string): Promise<Scanned> {
  let scanned: WechatMiniprogram.ScanCodeSuccessCallbackResult;
  try {
    scanned = await wx.scanCode({ onlyFromCamera: false, scanType: ['wxCode', 'qrCode'] });
  } catch (error) {
    const cancelled = /cancel/.test((error as { errMsg?: string }).errMsg ?? '');
    return { ok: false, error: cancelled ? '' : UNREADABLE };
  }
  const scene = sceneFrom(scanned);
  return scene ? { ok: true, scene } : { ok: false, error: notOurCode };
}
