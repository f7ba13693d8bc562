import type { DeskSessionView } from '../../../../server/contract';
import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';

const pageId = loadUnit('pages/desk-sessions/desk-sessions');
const fake = useWxFake();

function session(sessionId: string, device: string): DeskSessionView {
  return {
    sessionId,
    device,
    address: '10.20.30.40',
    signedInAt: '2026-11-25T01:00:00.000Z',
    lastSeenAt: '2026-11-25T02:00:00.000Z',
    endsAt: '2026-11-25T11:00:00.000Z',
    current: false,
  };
}

const TWO = ok({ items: [session('ds_one', 'Chrome 120 · Windows 10'), session('ds_two', 'Edge · Windows 11')] });

describe('desk-sessions', () => {
  it('shows loading, then each computer with when, where and last use', async () => {
    const held = fake.hold('desk.sessions');
    const page = new PageDriver(pageId);
    const loading = page.run('onShow');
    expect(page.text()).toContain('正在加载');
    held.resolve(TWO);
    await loading;
    const text = page.text();
    expect(text).toContain('Chrome 120 · Windows 10');
    expect(text).toContain('Edge · Windows 11');
    expect(text).toContain('10.20.30.40');
    expect(text).toContain('2026年11月25日 09:00');
    expect(text).toContain('2026年11月25日 10:00');
    expect(text).toContain('2026年11月25日 19:00 自动退出');
    expect(page.findAll('.end')).toHaveLength(2);
  });

  it('ends one after asking, and keeps the other', async () => {
    fake.respond('desk.sessions', TWO);
    const page = await openPage(pageId, 'onShow');
    fake.respond('desk.endSession', ok({ sessionId: 'ds_two', endedAt: '2026-11-25T02:05:00.000Z' }));
    await page.tapNth('.end', 1);
    expect(fake.modals[0]?.content).toContain('Edge · Windows 11');
    expect(fake.callsOf('desk.endSession')).toEqual([{ sessionId: 'ds_two' }]);
    expect(page.text()).not.toContain('Edge · Windows 11');
    expect(page.text()).toContain('Chrome 120 · Windows 10');
    expect(fake.toasts[0]?.title).toBe('已退出');
  });

  it('does nothing when the official answers 不退出', async () => {
    fake.respond('desk.sessions', TWO);
    const page = await openPage(pageId, 'onShow');
    fake.answerModal(false);
    await page.tapNth('.end', 0);
    expect(fake.callsOf('desk.endSession')).toEqual([]);
    expect(page.findAll('.end')).toHaveLength(2);
  });

  it('drops a session that had ended already, as the server no longer knows it', async () => {
    fake.respond('desk.sessions', ok({ items: [session('ds_one', 'Chrome 120 · Windows 10')] }));
    const page = await openPage(pageId, 'onShow');
    fake.respond('desk.endSession', fail('NOT_FOUND'));
    await page.tap('.end');
    expect(page.text()).toContain('现在没有电脑用您的身份登录');
  });

  it('says why an end failed and keeps the row', async () => {
    fake.respond('desk.sessions', TWO);
    const page = await openPage(pageId, 'onShow');
    fake.respond('desk.endSession', fail('INTERNAL'));
    await page.tap('.end');
    expect(page.text()).toContain('系统出了点问题');
    expect(page.findAll('.end')).toHaveLength(2);
  });

  it('explains the empty list and offers to scan a computer’s code', async () => {
    fake.respond('desk.sessions', ok({ items: [] }));
    const page = await openPage(pageId, 'onShow');
    expect(page.text()).toContain('现在没有电脑用您的身份登录');
    fake.answerScan({ path: `pages/desk-login/desk-login?scene=${encodeURIComponent('l=dl_abcdefghijkl')}` });
    await page.tap('#scan');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/desk-login/desk-login?scene=${encodeURIComponent('l=dl_abcdefghijkl')}`,
    });
  });

  it('says so when the camera read something that is not a code', async () => {
    fake.respond('desk.sessions', ok({ items: [] }));
    const page = await openPage(pageId, 'onShow');
    fake.answerScan({ result: 'https://example.com/' });
    await page.tap('#scan');
    expect(page.text()).toContain('这不是电脑上的登录二维码');
  });

  it('offers 重试 when the list does not load', async () => {
    fake.respond('desk.sessions', fail('INTERNAL'));
    const page = await openPage(pageId, 'onShow');
    expect(page.text()).toContain('系统出了点问题');
    fake.respond('desk.sessions', TWO);
    await page.tap('#state >>> .retry');
    expect(page.findAll('.end')).toHaveLength(2);
  });
});
