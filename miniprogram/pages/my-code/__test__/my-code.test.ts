import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';

const pageId = loadUnit('pages/my-code/my-code');
const fake = useWxFake();

describe('my-code', () => {
  it('shows the code in two groups of four, large, with when it stops working', async () => {
    fake.respond('post.myCode', ok({ code: 'AB2CD3EF', expiresAt: '2026-12-01T06:35:00.000Z' }));
    const page = await openPage(pageId, 'onLoad');
    expect(page.data.groups).toEqual(['AB2C', 'D3EF']);
    const text = page.text();
    expect(text).toContain('我的任职码');
    expect(text).toContain('AB2C');
    expect(text).toContain('D3EF');
    expect(text).toContain('有效到 2026年12月1日 14:35');
    expect(text).toContain('只能用一次');
    expect(page.has('#code')).toBe(true);
  });

  it('gets a new code on request', async () => {
    fake.respond('post.myCode', ok({ code: 'AB2CD3EF', expiresAt: '2026-12-01T06:35:00.000Z' }));
    const page = await openPage(pageId, 'onLoad');
    fake.respond('post.myCode', ok({ code: 'XY7ZW8VU', expiresAt: '2026-12-01T06:50:00.000Z' }));
    await page.tap('#refresh');
    expect(page.data.groups).toEqual(['XY7Z', 'W8VU']);
    expect(page.text()).toContain('有效到 2026年12月1日 14:50');
  });

  it('says the network failed and retries', async () => {
    fake.failTransport('post.myCode', 'request:fail');
    const page = await openPage(pageId, 'onLoad');
    expect(page.text()).toContain('网络不通');
    fake.respond('post.myCode', ok({ code: 'AB2CD3EF', expiresAt: '2026-12-01T06:35:00.000Z' }));
    await page.tap('#state >>> .retry');
    expect(page.data.groups).toEqual(['AB2C', 'D3EF']);
  });

  it('answers a refusal in plain words with a way home', async () => {
    fake.respond('post.myCode', fail('FORBIDDEN', 'not on a phone'));
    const page = await openPage(pageId, 'onLoad');
    expect(page.data.status).toBe('error');
    expect(page.text()).toContain('您没有办理这项业务的权限');
    expect(page.text()).toContain('返回首页');
  });
});
