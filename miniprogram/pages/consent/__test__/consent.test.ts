import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';

const pageId = loadUnit('pages/consent/consent');
const fake = useWxFake();
const NOTICE = {
  version: '2025-01',
  title: '个人信息收集告知书',
  sections: [
    { heading: '我们收集哪些信息', body: '姓名、身份证号、手机号、住址……' },
    { heading: '用来做什么', body: '只用于流动党员的教育管理。' },
  ],
};

async function open(): Promise<PageDriver> {
  fake.respond('consent.notice', ok(NOTICE));
  return openPage(pageId, 'onLoad', {});
}

describe('consent', () => {
  it('shows loading, then every section of the notice', async () => {
    const held = fake.hold('consent.notice');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', {});
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(NOTICE));
    await loading;
    expect(page.text()).toContain('个人信息收集告知书');
    expect(page.text()).toContain('我们收集哪些信息');
    expect(page.text()).toContain('只用于流动党员的教育管理。');
  });

  it('shows an error and retries', async () => {
    fake.failTransport('consent.notice', 'request:fail');
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('网络不通');
    fake.respond('consent.notice', ok(NOTICE));
    await page.tap('#state >>> .retry');
    expect(page.text()).toContain('我们收集哪些信息');
  });

  it('accepts the version it showed and goes on to the form', async () => {
    const page = await open();
    fake.respond('consent.accept', ok({ version: '2025-01', agreedAt: '2025-03-01T06:05:00.000Z' }));
    await page.tap('#accept');
    expect(fake.callsOf('consent.accept')).toEqual([{ version: '2025-01' }]);
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/profile/profile' });
  });

  it('explains that nothing is collected when declining, then goes home', async () => {
    const page = await open();
    await page.tap('#decline');
    expect(fake.modals[0]?.content).toContain('不会收集您的任何个人信息');
    expect(fake.callsOf('consent.accept')).toEqual([]);
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('reloads a notice that changed meanwhile', async () => {
    const page = await open();
    fake.respond('consent.accept', fail('CONFLICT', '告知书已更新，请重新阅读后再同意', 'version'));
    await page.tap('#accept');
    expect(page.text()).toContain('告知书已更新，请重新阅读后再同意');
    fake.respond('consent.notice', ok({ ...NOTICE, version: '2025-02' }));
    await page.tap('#notice-action');
    fake.respond('consent.accept', ok({ version: '2025-02', agreedAt: '2025-03-01T06:05:00.000Z' }));
    await page.tap('#accept');
    expect(fake.callsOf('consent.accept')[1]).toEqual({ version: '2025-02' });
  });

  it('keeps the page when accepting fails on the network, so the button retries', async () => {
    const page = await open();
    fake.failTransport('consent.accept', 'request:fail');
    await page.tap('#accept');
    expect(page.text()).toContain('网络不通');
    expect(fake.navigations).toEqual([]);
  });
});
