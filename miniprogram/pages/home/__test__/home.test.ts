import { fail, ok, wxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, PageDriver } from '../../../../test/setup/simulate-page';
import { memberView, roleView, sessionMe } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/home/home');
const fake = wxFake();

async function open(): Promise<PageDriver> {
  const page = new PageDriver(pageId);
  await page.run('onShow');
  return page;
}

beforeEach(() => fake.reset());
afterEach(() => expect(fake.unanswered).toEqual([]));

describe('home', () => {
  it('shows loading while session.me is in flight', async () => {
    const held = fake.hold('session.me');
    const page = new PageDriver(pageId);
    const shown = page.run('onShow');
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(sessionMe()));
    await shown;
    expect(page.text()).not.toContain('正在加载');
  });

  it('asks a newcomer to agree to the notice and register', async () => {
    fake.respond('session.me', ok(sessionMe()));
    const page = await open();
    expect(fake.callsOf('session.me')).toEqual([{}]);
    expect(page.text()).toContain('未登记');
    expect(page.text()).toContain('同意告知并登记');
    await page.tap('#next');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/consent/consent' });
  });

  it('sends someone who agreed but has not registered straight to the form', async () => {
    fake.respond('session.me', ok(sessionMe({ consent: { currentVersion: 'v1', agreedVersion: 'v1' } })));
    const page = await open();
    await page.tap('#next');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/profile/profile' });
  });

  it.each([
    ['registered', '已登记，尚未报到', '去报到', '/pages/checkin/checkin'],
    ['pending', '报到待审批', '查看报到进度', '/pages/checkin-status/checkin-status'],
  ] as const)('a %s member sees %s and the next step %s', async (status, label, button, url) => {
    fake.respond('session.me', ok(sessionMe({ member: memberView({ status }), consent: { currentVersion: 'v1', agreedVersion: 'v1' } })));
    const page = await open();
    expect(page.text()).toContain(label);
    expect(page.text()).toContain(button);
    await page.tap('#next');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url });
  });

  it('names the branch a placed member belongs to', async () => {
    const member = memberView({ status: 'placed', inflowBranch: { orgId: 'o_b', name: '靖江市驻苏州流动党员党支部' } });
    fake.respond('session.me', ok(sessionMe({ member, consent: { currentVersion: 'v1', agreedVersion: 'v1' } })));
    const page = await open();
    expect(page.text()).toContain('已纳入“靖江市驻苏州流动党员党支部”管理');
  });

  it('asks a member to re-read an updated notice', async () => {
    fake.respond('session.me', ok(sessionMe({ member: memberView(), consent: { currentVersion: 'v2', agreedVersion: 'v1' } })));
    const page = await open();
    expect(page.text()).toContain('告知书已更新');
    await page.tap('#read-consent');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/consent/consent' });
  });

  it('shows work entries per organization for secretaries and admins', async () => {
    const roles = [
      roleView(),
      roleView({ role: 'org_admin', orgId: 'o_jj', orgName: '靖江市委组织部', orgKind: 'committee' }),
      roleView({ role: 'system_admin', orgId: null, orgName: null, orgKind: null }),
    ];
    fake.respond('session.me', ok(sessionMe({ roles })));
    const page = await open();
    expect(page.text()).toContain('新桥社区第一党支部 · 支部书记');
    expect(page.text()).toContain('靖江市委组织部 · 组织管理员');
    const entries = page.findAll('.work-entry');
    // branch: pending, members, outflow; committee: pending, outflow
    expect(entries).toHaveLength(5);
    await page.click('.work-entry');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/pending/pending?orgId=o_xinqiao1&name=${encodeURIComponent('新桥社区第一党支部')}`,
    });
  });

  it('shows an error with a retry that works', async () => {
    fake.failTransport('session.me', 'cloud.callFunction:fail request:fail timeout');
    const page = await open();
    expect(page.text()).toContain('网络不通');
    fake.respond('session.me', ok(sessionMe()));
    await page.tap('#state >>> .retry');
    expect(fake.callsOf('session.me')).toHaveLength(2);
    expect(page.text()).toContain('未登记');
  });

  it('explains an expired login', async () => {
    fake.respond('session.me', fail('UNAUTHENTICATED'));
    const page = await open();
    expect(page.text()).toContain('登录状态已失效');
  });
});
