import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver, settle } from '../../../../test/setup/simulate-page';
import { activityView, memberView, orgView, roleView, sessionMe } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/home/home');
const fake = useWxFake();

async function open(): Promise<PageDriver> {
  return openPage(pageId, 'onShow');
}

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
    expect(page.find('#next')?.data.variant).toBe('base');
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
    fake.respond(
      'session.me',
      ok(sessionMe({ member: memberView({ status }), consent: { currentVersion: 'v1', agreedVersion: 'v1' } })),
    );
    const page = await open();
    expect(page.text()).toContain(label);
    expect(page.text()).toContain(button);
    await page.tap('#next');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url });
  });

  it('names the branch a placed member belongs to and tells them of the next activity', async () => {
    const member = memberView({ status: 'placed', inflowBranch: { orgId: 'o_b', name: '靖江市驻苏州流动党员党支部' } });
    fake.respond('session.me', ok(sessionMe({ member, consent: { currentVersion: 'v1', agreedVersion: 'v1' } })));
    const cancelled = activityView({ activityId: 'a_0', status: 'cancelled', cancelReason: '下暴雨' });
    const themed = activityView({
      kind: 'themed_day',
      startsAt: '2026-12-01T11:00:00.000Z',
      endsAt: '2026-12-01T12:30:00.000Z',
      place: '党员活动室',
    });
    fake.respond(
      'life.mine',
      ok({
        branch: member.inflowBranch,
        upcoming: [
          { activity: cancelled, mine: null },
          { activity: themed, mine: null },
        ],
        history: [],
        attendedThisYear: 3,
        volunteerHoursThisYear: 0,
        serviceHoursThisYear: 0,
        lastLifeOn: null,
      }),
    );
    const page = await open();
    expect(page.text()).toContain('已纳入“靖江市驻苏州流动党员党支部”管理');
    expect(page.text()).toContain('下一次组织生活：主题党日 · 2026年12月1日 19:00–20:30 · 党员活动室');
    await page.tap('#my-life');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/my-life/my-life' });
    await page.tap('#my-study');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/my-study/my-study' });
    await page.tap('#services');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/services/services' });
    await page.tap('#handbook');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/handbook/handbook' });
    await page.tap('#my-card');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/my-card/my-card' });
    await page.tap('#leave-branch');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/member-detail/member-detail?memberId=${member.memberId}&name=${encodeURIComponent(member.name)}`,
    });
  });

  it('tells a member back home that their mobility ended and leads to the home branch life', async () => {
    fake.respond(
      'session.me',
      ok(sessionMe({ member: memberView({ status: 'returned' }), consent: { currentVersion: 'v1', agreedVersion: 'v1' } })),
    );
    const page = await open();
    expect(page.text()).toContain('已返回家乡');
    expect(page.text()).toContain('您可以参加家乡支部的组织生活');
    expect(page.has('#leave-branch')).toBe(false);
    await page.tap('#next');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/my-life/my-life' });
  });

  it('shows the rest of home when the activities cannot be loaded', async () => {
    const member = memberView({ status: 'placed', inflowBranch: { orgId: 'o_b', name: '靖江市驻苏州流动党员党支部' } });
    fake.respond('session.me', ok(sessionMe({ member, consent: { currentVersion: 'v1', agreedVersion: 'v1' } })));
    fake.failTransport('life.mine', 'request:fail');
    const page = await open();
    expect(page.has('#my-life')).toBe(true);
    expect(page.text()).not.toContain('下一次组织生活');
  });

  it('offers organizational life and study only to a placed member', async () => {
    fake.respond(
      'session.me',
      ok(sessionMe({ member: memberView({ status: 'registered' }), consent: { currentVersion: 'v1', agreedVersion: 'v1' } })),
    );
    const page = await open();
    expect(page.has('#my-life')).toBe(false);
    expect(page.has('#my-study')).toBe(false);
  });

  it('asks a member to re-read an updated notice', async () => {
    fake.respond('session.me', ok(sessionMe({ member: memberView(), consent: { currentVersion: 'v2', agreedVersion: 'v1' } })));
    const page = await open();
    expect(page.text()).toContain('告知书已更新');
    await page.tap('#read-consent');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/consent/consent' });
  });

  it('leads anyone in a post to 我的电脑登录, and no plain member', async () => {
    fake.respond('session.me', ok(sessionMe({ roles: [roleView()] })));
    const page = await open();
    expect(page.text()).toContain('我的电脑登录');
    await page.click('#desk-sessions');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/desk-sessions/desk-sessions' });
    fake.respond('session.me', ok(sessionMe({ roles: [] })));
    expect((await open()).has('#desk-sessions')).toBe(false);
  });

  it('shows work entries per organization for secretaries and admins', async () => {
    const roles = [
      roleView(),
      roleView({ role: 'org_admin', orgId: 'o_jj', orgName: '靖江市委组织部', orgKind: 'committee' }),
      roleView({ role: 'system_admin', orgId: null, orgName: null, orgKind: null }),
    ];
    fake.respond('session.me', ok(sessionMe({ roles })));
    fake.respond('org.list', ok({ items: [], nextCursor: null }));
    const page = await open();
    expect(page.text()).toContain('新桥社区第一党支部 · 支部书记');
    expect(page.text()).toContain('靖江市委组织部 · 组织管理员');
    // Work first: their own 未登记 card comes after it, and its button is not the page's red main action.
    expect(page.text().indexOf('我的工作')).toBeLessThan(page.text().indexOf('未登记'));
    expect(page.find('#next')?.data.variant).toBe('outline');
    // The organization and role head each group in its own heading, not TDesign's small group title.
    expect(page.findAll('.work-heading').map((heading) => heading.dom?.textContent)).toEqual([
      '新桥社区第一党支部 · 支部书记',
      '靖江市委组织部 · 组织管理员',
    ]);
    const entries = page.findAll('.work-entry');
    // A branch secretary runs check-ins, members, life, study and reports, and reads what comes home;
    // an admin of a committee has no branch work but sets the rules and decides record moves.
    expect(page.text()).toContain('分类管理与结对');
    expect(entries).toHaveLength(30);
    // The branch approves its members' skill cards before residents see them.
    expect(page.text()).toContain('技能卡审核');
    // Both take members' service requests; only the admin publishes the policy handbook.
    const urls = entries.map((entry) => entry.dom?.getAttribute('data-url') ?? '');
    expect(urls.filter((url) => url.startsWith('/pages/services/'))).toHaveLength(2);
    expect(urls.filter((url) => url.startsWith('/pages/handbook/'))).toEqual(['/pages/handbook/handbook?orgId=o_jj']);
    // Both organizations find the people their movement lists name (待找党员).
    expect(page.text()).toContain('待找党员');
    expect(page.text()).toContain('反馈收件箱');
    // 应转尽转 from both sides: the branch's candidates, and the transfers the committee answers.
    expect(
      entries.map((entry) => entry.dom?.getAttribute('data-url')).filter((url) => url?.startsWith('/pages/transfers/')),
    ).toEqual([
      `/pages/transfers/transfers?orgId=o_xinqiao1&name=${encodeURIComponent('新桥社区第一党支部')}&branch=1`,
      `/pages/transfers/transfers?orgId=o_jj&name=${encodeURIComponent('靖江市委组织部')}&branch=0`,
    ]);
    expect(page.text()).toContain('规则设置');
    // An admin's 共管协议 with another place's organization, confirmed and read on the phone.
    expect(
      entries.map((entry) => entry.dom?.getAttribute('data-url')).filter((url) => url?.startsWith('/pages/agreements/')),
    ).toEqual([`/pages/agreements/agreements?orgId=o_jj&name=${encodeURIComponent('靖江市委组织部')}`]);
    const moves = entries.filter((entry) => JSON.stringify(entry).includes('/pages/move-requests/move-requests'));
    expect(moves).toHaveLength(1);
    expect(JSON.stringify(moves[0])).toContain('orgId=o_jj');
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

describe('home: system admin', () => {
  const SYSTEM_ADMIN = sessionMe({ roles: [roleView({ role: 'system_admin', orgId: null, orgName: null, orgKind: null })] });
  const jingjiang = orgView({ orgId: 'o_jj', name: '靖江市委组织部', kind: 'committee', parentId: null, branchKind: null });
  const taizhou = orgView({ orgId: 'o_tz', name: '泰州市委组织部', kind: 'committee', parentId: null, branchKind: null });

  it('shows the work entries of every top-level organization', async () => {
    fake.respond('session.me', ok(SYSTEM_ADMIN));
    fake.respond('org.list', ok({ items: [jingjiang, taizhou], nextCursor: null }));
    const page = await open();
    expect(fake.callsOf('org.list')).toEqual([{}]);
    expect(page.text()).toContain('靖江市委组织部 · 系统管理员');
    expect(page.text()).toContain('泰州市委组织部 · 系统管理员');
    // per committee: pending, to find, outflow, inbox, 返乡工作, transfers, messages, services, card scan, settings, places, handbook, record moves, agreements
    expect(page.findAll('.work-entry')).toHaveLength(28);
    await page.clickNth('.work-entry', 0);
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/pending/pending?orgId=o_jj&name=${encodeURIComponent('靖江市委组织部')}`,
    });
    await page.clickNth('.work-entry', 16);
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/outflow-members/outflow-members?orgId=o_tz&name=${encodeURIComponent('泰州市委组织部')}`,
    });
  });

  it('shows the rest of home while the organizations load', async () => {
    fake.respond('session.me', ok(SYSTEM_ADMIN));
    const held = fake.hold('org.list');
    const page = new PageDriver(pageId);
    const shown = page.run('onShow');
    await settle();
    expect(page.text()).toContain('未登记');
    expect(page.text()).toContain('正在加载各组织');
    held.resolve(ok({ items: [jingjiang], nextCursor: null }));
    await shown;
    expect(page.text()).not.toContain('正在加载');
    expect(page.findAll('.work-entry')).toHaveLength(14);
  });

  it('shows an error for the organizations with a retry that works', async () => {
    fake.respond('session.me', ok(SYSTEM_ADMIN));
    fake.failTransport('org.list', 'request:fail');
    const page = await open();
    expect(page.find('#top-orgs-state')?.dom?.textContent).toContain('网络不通');
    expect(page.has('#next')).toBe(true);
    fake.respond('org.list', ok({ items: [jingjiang], nextCursor: null }));
    await page.tap('#top-orgs-state >>> .retry');
    expect(fake.callsOf('org.list')).toEqual([{}, {}]);
    expect(fake.callsOf('session.me')).toHaveLength(1);
    expect(page.has('#top-orgs-state')).toBe(false);
    expect(page.findAll('.work-entry')).toHaveLength(14);
  });

  it('loads more organizations with the cursor', async () => {
    fake.respond('session.me', ok(SYSTEM_ADMIN));
    fake.respond('org.list', ok({ items: [jingjiang], nextCursor: 'cur1' }));
    const page = await open();
    fake.respond('org.list', ok({ items: [taizhou], nextCursor: null }));
    await page.tap('#more-top-orgs');
    expect(fake.callsOf('org.list')).toEqual([{}, { cursor: 'cur1' }]);
    expect(page.findAll('.work-entry')).toHaveLength(28);
    expect(page.has('#more-top-orgs')).toBe(false);
  });

  it('says when there is no organization yet', async () => {
    fake.respond('session.me', ok(SYSTEM_ADMIN));
    fake.respond('org.list', ok({ items: [], nextCursor: null }));
    const page = await open();
    expect(page.text()).toContain('还没有建立任何党组织');
  });
});
