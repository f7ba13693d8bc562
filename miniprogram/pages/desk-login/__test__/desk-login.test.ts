import type { ActionResult, DeskLoginView } from '../../../../server/contract';
import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';

const pageId = loadUnit('pages/desk-login/desk-login');
const fake = useWxFake();

const SCENE = 'l=dl_abcdefghijkl';

function view(overrides: Partial<DeskLoginView> = {}): DeskLoginView {
  return {
    loginId: 'dl_abcdefghijkl',
    status: 'scanned',
    device: 'Chrome 120 · Windows 10',
    address: '10.20.30.40',
    requestedAt: '2026-11-25T02:00:00.000Z',
    expiresAt: '2026-11-25T02:03:00.000Z',
    roles: [
      { role: 'org_admin', orgId: 'o_city', orgName: '中共苏州市姑苏区委员会', orgKind: 'committee' },
      { role: 'secretary', orgId: 'o_branch', orgName: '新桥社区第一党支部', orgKind: 'branch' },
    ],
    answeredByMe: false,
    ...overrides,
  };
}

async function open(reply: ActionResult<DeskLoginView> = ok(view())): Promise<PageDriver> {
  fake.respond('desk.loginDescribe', reply);
  return openPage(pageId, 'onLoad', { scene: encodeURIComponent(SCENE) });
}

describe('desk-login', () => {
  it('shows loading while it reads the request', async () => {
    const held = fake.hold('desk.loginDescribe');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', { scene: encodeURIComponent(SCENE) });
    expect(page.text()).toContain('正在读取登录请求');
    held.resolve(ok(view()));
    await loading;
    expect(fake.callsOf('desk.loginDescribe')).toEqual([{ scene: SCENE }]);
  });

  it('says which computer asks, from where, when, and with which roles', async () => {
    const page = await open();
    const text = page.text();
    expect(text).toContain('有一台电脑请求用您的身份登录');
    expect(text).toContain('Chrome 120 · Windows 10');
    expect(text).toContain('10.20.30.40');
    expect(text).toContain('2026年11月25日 10:00');
    expect(text).toContain('中共苏州市姑苏区委员会 · 组织管理员');
    expect(text).toContain('新桥社区第一党支部 · 支部书记');
    expect(page.has('#confirm')).toBe(true);
    expect(page.has('#refuse')).toBe(true);
  });

  it('confirms once and says what happens next', async () => {
    const page = await open();
    fake.respond('desk.loginConfirm', ok({ status: 'confirmed' as const }));
    await page.tap('#confirm');
    expect(fake.callsOf('desk.loginConfirm')).toEqual([{ loginId: 'dl_abcdefghijkl', decision: 'confirm' }]);
    expect(page.text()).toContain('已确认登录');
    expect(page.has('#confirm')).toBe(false);
    await page.tap('#my-sessions');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/desk-sessions/desk-sessions' });
  });

  it('refuses', async () => {
    const page = await open();
    fake.respond('desk.loginConfirm', ok({ status: 'refused' as const }));
    await page.tap('#refuse');
    expect(fake.callsOf('desk.loginConfirm')).toEqual([{ loginId: 'dl_abcdefghijkl', decision: 'refuse' }]);
    expect(page.text()).toContain('已拒绝这次登录');
  });

  it('turns into the expired state when the code ran out before the answer, with no button left to press', async () => {
    const page = await open();
    fake.respond('desk.loginConfirm', fail('LOGIN_EXPIRED'));
    await page.tap('#confirm');
    expect(page.text()).toContain('二维码已过期');
    expect(page.has('#confirm')).toBe(false);
    expect(page.has('#scan-again')).toBe(true);
  });

  it('turns into the used state when another phone answered first', async () => {
    const page = await open();
    fake.respond('desk.loginConfirm', fail('LOGIN_USED'));
    await page.tap('#confirm');
    expect(page.text()).toContain('二维码已经用过了');
    expect(page.has('#confirm')).toBe(false);
  });

  it('opens an expired, a used and an own confirmed code in their states', async () => {
    expect((await open(ok(view({ status: 'expired' })))).text()).toContain('二维码已过期');
    expect((await open(ok(view({ status: 'confirmed' })))).text()).toContain('二维码已经用过了');
    expect((await open(ok(view({ status: 'confirmed', answeredByMe: true })))).text()).toContain('已确认登录');
  });

  it('tells a plain member plainly that only officials sign a desk in, with the way home', async () => {
    const page = await open(fail('DESK_NOT_ALLOWED', '只有党组织管理员和支部书记可以登录电脑端'));
    expect(page.text()).toContain('只有党组织管理员和支部书记可以登录电脑端');
    expect(page.has('#confirm')).toBe(false);
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('offers to scan when opened without a code, and reads the scanned one', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('扫电脑上的二维码');
    expect(fake.callsOf('desk.loginDescribe')).toEqual([]);
    fake.answerScan({ path: `pages/desk-login/desk-login?scene=${encodeURIComponent(SCENE)}` });
    fake.respond('desk.loginDescribe', ok(view()));
    await page.tap('#scan');
    expect(fake.callsOf('desk.loginDescribe')).toEqual([{ scene: SCENE }]);
    expect(page.text()).toContain('Chrome 120 · Windows 10');
  });

  it('keeps the buttons and says why when the answer did not go through', async () => {
    const page = await open();
    fake.respond('desk.loginConfirm', fail('INTERNAL'));
    await page.tap('#confirm');
    expect(page.text()).toContain('系统出了点问题');
    expect(page.has('#confirm')).toBe(true);
  });
});
