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
