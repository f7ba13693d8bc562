import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * WeChat opens the subscription sheet only from a tap, and a page that asks on load nags: every
 * call of askToBeTold sits in a tap handler (`on<Something>`, not a lifecycle), and nothing but
 * services/subscribe.ts calls wx.requestSubscribeMessage.
 */
const ROOT = path.resolve(__dirname, '../../miniprogram');
const LIFECYCLE = new Set([
  'onLoad',
  'onShow',
  'onReady',
  'onHide',
  'onUnload',
  'onPullDownRefresh',
  'onReachBottom',
  'onLaunch',
]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === '__test__' || entry.name === 'node_modules' || entry.name === 'miniprogram_npm' ? [] : sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the subscription request', () => {
  const files = sources(ROOT);

  it('is made in tap handlers only', () => {
    const callers: string[] = [];
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, index) => {
        if (!/askToBeTold\(/.test(line) || /export function askToBeTold/.test(line)) return;
        const method = lines
          .slice(0, index)
          .reverse()
          .map((before) => /^ {4}(?:async )?(\w+)\(/.exec(before))
          .find((match) => match !== null);
        callers.push(`${path.relative(ROOT, file)}:${method?.[1] ?? '?'}`);
      });
    }
    expect(callers.length).toBeGreaterThanOrEqual(3);
    for (const caller of callers) {
      const method = caller.split(':')[1];
      expect({ caller, tap: /^on[A-Z]/.test(method) && !LIFECYCLE.has(method) }).toEqual({ caller, tap: true });
    }
  });

  it('goes through services/subscribe.ts alone', () => {
    const direct = files.filter((file) => readFileSync(file, 'utf8').includes('requestSubscribeMessage('));
    expect(direct.map((file) => path.relative(ROOT, file))).toEqual([path.join('services', 'subscribe.ts')]);
  });
});
