import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { memberView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/outflow-members/outflow-members');
const fake = useWxFake();
const OPTIONS = { orgId: 'o_jj', name: encodeURIComponent('靖江市委组织部') };

const placed = memberView({ status: 'placed', inflowBranch: { orgId: 'o_jj_sz', name: '靖江市驻苏州流动党员党支部' } });
const pending = memberView({ memberId: 'm_2', name: '李红梅', status: 'pending' });
const registered = memberView({ memberId: 'm_3', name: '赵小军', status: 'registered', leftOn: '2024-11' });
const notice = {
  noticeId: 'n_1',
  kind: 'member_placed' as const,
  memberId: 'm_1',
  memberName: '王建国',
  branch: { orgId: 'o_jj_sz', name: '靖江市驻苏州流动党员党支部' },
  branchRegion: { province: '江苏省', city: '苏州市', district: '姑苏区' },
  createdAt: '2025-03-02T01:00:00.000Z',
};

function answer(items = [placed, pending, registered], notices = [notice], nextCursor: string | null = null): void {
  fake.respond('outflow.members', ok({ items, nextCursor }));
  fake.respond('outflow.notices', ok({ items: notices, nextCursor: null }));
}

async function open(): Promise<PageDriver> {
  return openPage(pageId, 'onLoad', OPTIONS);
}

describe('outflow-members', () => {
  it('shows loading, then where each member is now and the latest notices', async () => {
    const held = fake.hold('outflow.members');
    fake.respond('outflow.notices', ok({ items: [notice], nextCursor: null }));
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ items: [placed, pending, registered], nextCursor: null }));
    await loading;
    expect(fake.callsOf('outflow.members')).toEqual([{ orgId: 'o_jj', cursor: null }]);
    expect(fake.callsOf('outflow.notices')).toEqual([{ orgId: 'o_jj', cursor: null, limit: 5 }]);
    const text = page.text();
    expect(text).toContain('王建国已被靖江市驻苏州流动党员党支部（江苏省 苏州市 姑苏区）接收');
    // Where each member is now is the page's point: its own line under the name, not a squeezed side column.
    expect(page.find('.member .where')?.dom?.textContent).toBe('现在在：靖江市驻苏州流动党员党支部');
    expect(text).toContain('报到待审批');
    expect(text).toContain('尚未报到');
    expect(text).toContain('2024年11月外出');
    expect(text).toContain('138****5678');
    expect(text.indexOf('最新通知')).toBeLessThan(text.indexOf('外出党员'));
  });

  it('marks a member 失联 in the list', async () => {
    const lost = memberView({
      ...placed,
      memberId: 'm_4',
      name: '钱进',
      lostContact: {
        since: '2026-09-30',
        reason: 'abroad',
        note: '',
        markedOn: '2026-11-20',
        markedByName: '李秀英',
        markedSide: 'inflow',
      },
    });
    answer([placed, lost]);
    const page = await open();
    expect(page.findAll('.lost-tag').map((tag) => tag.dom?.textContent)).toEqual(['失联（最后联系 2026年9月30日）']);
  });

  it("opens a member's record when the row is tapped", async () => {
    answer();
    const page = await open();
    await page.clickNth('.member', 2);
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/member-detail/member-detail?memberId=m_3&name=${encodeURIComponent('赵小军')}`,
    });
  });

  it('says when the organization has no outgoing members', async () => {
    answer([], []);
    const page = await open();
    expect(page.text()).toContain('本组织还没有登记的外出党员');
    expect(page.text()).not.toContain('最新通知');
  });

  it('shows an error with a retry when either list fails', async () => {
    fake.respond('outflow.members', ok({ items: [placed], nextCursor: null }));
    fake.failTransport('outflow.notices', 'request:fail');
    const page = await open();
    expect(page.text()).toContain('网络不通');
    answer();
    await page.tap('#state >>> .retry');
    expect(page.findAll('.member')).toHaveLength(3);
  });

  it('shows FORBIDDEN with a way home', async () => {
    fake.respond('outflow.members', fail('FORBIDDEN'));
    fake.respond('outflow.notices', fail('FORBIDDEN'));
    const page = await open();
    expect(page.text()).toContain('您没有办理这项业务的权限');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('loads more members with the cursor', async () => {
    answer([placed], [], 'cur1');
    const page = await open();
    fake.respond('outflow.members', ok({ items: [pending], nextCursor: null }));
    await page.tap('#more');
    expect(fake.callsOf('outflow.members')[1]).toEqual({ orgId: 'o_jj', cursor: 'cur1' });
    expect(page.findAll('.member')).toHaveLength(2);
  });
});
