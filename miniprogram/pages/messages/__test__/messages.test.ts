import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { messageView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/messages/messages');
const fake = useWxFake();
const OPTIONS = { orgId: 'o_jj_village' };

const overdue = messageView();
const received = messageView({
  messageId: 'msg_2',
  kind: 'report_received',
  title: '收到王建国的反馈报告',
  body: '新桥社区第一党支部提交了2026年第三季度的反馈。',
  reportId: 'r_1_2026-Q3',
  memberId: 'm_1',
  createdAt: '2026-10-05T02:00:00.000Z',
});
const warning = messageView({
  messageId: 'msg_3',
  kind: 'life_warning',
  title: '李红梅已 3 个月没有参加组织生活',
  body: '请与流入地党支部联系了解情况。',
  memberId: 'm_2',
  createdAt: '2026-09-30T18:00:00.000Z',
});

async function open(items = [overdue, received, warning], nextCursor: string | null = null): Promise<PageDriver> {
  fake.respond('message.list', ok({ items, nextCursor }));
  return openPage(pageId, 'onLoad', OPTIONS);
}

const textOf = (node: { dom?: { textContent: string | null } } | undefined): string =>
  (node?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('messages', () => {
  it('shows loading, then the messages newest first with their kind, title, body and time', async () => {
    const held = fake.hold('message.list');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ items: [overdue, received, warning], nextCursor: null }));
    await loading;
    expect(fake.callsOf('message.list')).toEqual([{ orgId: 'o_jj_village', cursor: null }]);

    const rows = page.findAll('.row').map(textOf);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('报告逾期');
    expect(rows[0]).toContain('有 2 份反馈报告已逾期');
    expect(rows[0]).toContain('2026年第三季度的反馈报告已过截止日期，请尽快提交。');
    expect(rows[0]).toContain('2026年10月17日 02:00');
    expect(rows[0]).not.toContain('查看');
    expect(rows[1]).toContain('收到反馈');
    expect(rows[1]).toContain('查看');
    expect(rows[2]).toContain('组织生活预警');
    expect(rows[2]).toContain('2026年10月1日 02:00');
  });

  it('opens the report a message is about, else its member, else nothing', async () => {
    const page = await open();
    await page.tapNth('.row', 1);
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/report/report?reportId=r_1_2026-Q3' });
    await page.tapNth('.row', 2);
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/member-detail/member-detail?memberId=m_2' });
    await page.tapNth('.row', 0);
    expect(fake.navigations).toHaveLength(2);
  });

  it('says when there is nothing new, and refreshes', async () => {
    const page = await open([]);
    expect(page.text()).toContain('没有新的提醒');
    fake.respond('message.list', ok({ items: [overdue], nextCursor: null }));
    await page.tap('#empty >>> .empty-action');
    expect(fake.callsOf('message.list')).toHaveLength(2);
    expect(page.findAll('.row')).toHaveLength(1);
  });

  it('loads more with the cursor; a failure stays beside the button', async () => {
    const page = await open([overdue], 'cur1');
    fake.failTransport('message.list', 'request:fail');
    await page.tap('#more');
    expect(textOf(page.find('.more-error'))).toContain('网络不通');
    expect(page.findAll('.row')).toHaveLength(1);
    fake.respond('message.list', ok({ items: [received, warning], nextCursor: null }));
    await page.tap('#more');
    expect(fake.callsOf('message.list').slice(1)).toEqual([
      { orgId: 'o_jj_village', cursor: 'cur1' },
      { orgId: 'o_jj_village', cursor: 'cur1' },
    ]);
    expect(page.findAll('.row')).toHaveLength(3);
    expect(page.has('#more')).toBe(false);
  });

  it('for an organization that is not theirs says who may read them and leads home', async () => {
    fake.respond('message.list', fail('NOT_FOUND', '找不到这个党组织', 'orgId'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('只有本组织的书记或管理员能查看这些提醒');
    expect(textOf(page.find('#state >>> .retry'))).toBe('返回首页');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('retries after a network error', async () => {
    fake.failTransport('message.list', 'request:fail');
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('网络不通');
    fake.respond('message.list', ok({ items: [warning], nextCursor: null }));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.row')).toHaveLength(1);
  });

  it('without an organization says so and calls nothing', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有指定要查看的组织');
    expect(fake.calls).toEqual([]);
  });

  it('says to whom a message below this organization was sent', async () => {
    const belowWarning = messageView({
      messageId: 'msg_4',
      kind: 'life_escalation',
      title: '外出党员组织生活预警上报',
      body: '赵志强（在靖江市驻苏州流动党员党支部）自 2026-05-10 起已 6 个月没有参加组织生活。',
      memberId: 'm_3',
      addressedTo: { orgId: 'o_jj_village', name: '新港村党支部' },
    });
    const page = await open([belowWarning, overdue]);
    const rows = page.findAll('.row').map(textOf);
    expect(rows[0]).toContain('发给：新港村党支部');
    expect(page.findAll('.row-to')).toHaveLength(1);
    expect(rows[1]).not.toContain('发给');
    expect(page.text()).toContain('本组织和下级组织收到的提醒');
  });
});
