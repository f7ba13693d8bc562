import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { checkinView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/checkin-status/checkin-status');
const fake = useWxFake();

async function open(
  current = checkinView(),
  history = [
    checkinView({
      checkinId: 'c_old',
      status: 'withdrawn',
      organization: { orgId: 'o_2', name: '物流行业党委第四流动党支部', kind: 'branch' },
    }),
  ],
): Promise<PageDriver> {
  fake.respond('checkin.mine', ok({ current, history }));
  return openPage(pageId, 'onShow');
}

describe('checkin-status', () => {
  it('shows loading, then the pending request and its history', async () => {
    const held = fake.hold('checkin.mine');
    const page = new PageDriver(pageId);
    const shown = page.run('onShow');
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ current: checkinView(), history: [checkinView({ checkinId: 'c_old', status: 'withdrawn' })] }));
    await shown;
    expect(page.text()).toContain('新桥社区第一党支部');
    expect(page.text()).toContain('待审批');
    // 06:05 UTC is 14:05 in China Standard Time
    expect(page.text()).toContain('2025年3月1日 14:05');
    expect(page.findAll('.history')).toHaveLength(1);
    expect(page.text()).toContain('撤回申请');
  });

  it('offers 去报到 when there is no request yet', async () => {
    fake.respond('checkin.mine', ok({ current: null, history: [] }));
    const page = await openPage(pageId, 'onShow');
    expect(page.text()).toContain('您还没有提交过报到申请');
    await page.tap('#go-checkin');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/checkin/checkin' });
  });

  it('shows an error and retries', async () => {
    fake.failTransport('checkin.mine', 'request:fail');
    const page = await openPage(pageId, 'onShow');
    expect(page.text()).toContain('网络不通');
    fake.respond('checkin.mine', ok({ current: checkinView(), history: [] }));
    await page.tap('#state >>> .retry');
    expect(page.text()).toContain('待审批');
  });

  it('withdraws after confirmation and reloads', async () => {
    const page = await open();
    fake.answerModal(true);
    fake.respond('checkin.withdraw', ok(checkinView({ status: 'withdrawn', decidedAt: '2025-03-02T01:00:00.000Z' })));
    fake.respond(
      'checkin.mine',
      ok({ current: checkinView({ status: 'withdrawn', decidedAt: '2025-03-02T01:00:00.000Z' }), history: [] }),
    );
    await page.tap('#withdraw');
    expect(fake.modals[0]?.content).toContain('新桥社区第一党支部');
    expect(fake.callsOf('checkin.withdraw')).toEqual([{ checkinId: 'c_1_1' }]);
    expect(page.text()).toContain('已撤回');
    expect(page.text()).toContain('重新报到');
  });

  it('does not withdraw when the member cancels', async () => {
    const page = await open();
    fake.answerModal(false);
    await page.tap('#withdraw');
    expect(fake.callsOf('checkin.withdraw')).toEqual([]);
  });

  it('reloads when the request was decided meanwhile', async () => {
    const page = await open();
    fake.respond('checkin.withdraw', fail('CHECKIN_NOT_PENDING'));
    fake.respond(
      'checkin.mine',
      ok({
        current: checkinView({ status: 'approved', decidedAt: '2025-03-02T01:00:00.000Z', decidedByName: '李秀英' }),
        history: [],
      }),
    );
    await page.tap('#withdraw');
    expect(page.text()).toContain('已经处理过');
    expect(page.text()).toContain('已同意');
    expect(page.text()).toContain('李秀英');
  });

  it('shows the reason of a rejection and offers 重新报到', async () => {
    const page = await open(
      checkinView({ status: 'rejected', reason: '您不住在本社区，请向居住地社区报到', decidedAt: '2025-03-02T01:00:00.000Z' }),
      [],
    );
    expect(page.text()).toContain('未同意');
    expect(page.text()).toContain('您不住在本社区，请向居住地社区报到');
    await page.tap('#recheckin');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/checkin/checkin' });
  });

  it('says where an approved member was placed', async () => {
    const page = await open(
      checkinView({
        status: 'approved',
        decidedAt: '2025-03-02T01:00:00.000Z',
        placedBranch: { orgId: 'o_x3', name: '新桥社区第三党支部' },
      }),
      [],
    );
    expect(page.text()).toContain('支部书记已将您安排到“新桥社区第三党支部”');
    expect(page.has('#withdraw')).toBe(false);
  });

  it('tells the member who forwarded the request where, and who decides it now', async () => {
    const page = await open(
      checkinView({
        organization: { orgId: 'o_x3', name: '新桥社区第三党支部', kind: 'branch' },
        forwards: [
          {
            from: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
            to: { orgId: 'o_x3', name: '新桥社区第三党支部' },
            byName: '李秀英',
            reason: '您住在第三支部的片区',
            at: '2025-03-01T08:00:00.000Z',
          },
        ],
      }),
      [],
    );
    expect(page.findAll('.forward')).toHaveLength(1);
    expect(page.text()).toContain('李秀英（新桥社区第一党支部）把您的申请转给了“新桥社区第三党支部”，说明：您住在第三支部的片区');
    expect(page.text()).toContain('请耐心等待“新桥社区第三党支部”审批');
  });
});
