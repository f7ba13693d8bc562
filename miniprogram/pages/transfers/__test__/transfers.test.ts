import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { TransferView } from '../../../../server/contract/transfers';

const pageId = loadUnit('pages/transfers/transfers');
const fake = useWxFake();
const BRANCH = { orgId: 'o_xinqiao1', name: encodeURIComponent('新桥社区第一党支部'), branch: '1' };

function transfer(overrides: Partial<TransferView> = {}): TransferView {
  return {
    transferId: 'tr_m_1_1',
    member: { memberId: 'm_1', name: '王建国' },
    branch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
    outflow: { orgId: 'o_jj_village', name: '靖江市新桥镇某村党支部' },
    status: 'proposed',
    reason: '居住工作已满两年',
    proposed: { on: '2026-11-01', at: '2026-11-01T02:00:00.000Z', byName: '李秀英' },
    decided: null,
    completed: null,
    can: { decide: false, complete: false },
    version: 1,
    ...overrides,
  };
}

const candidate = {
  member: { memberId: 'm_2', name: '李强' },
  placedAt: '2026-03-02T01:00:00.000Z',
  placedMonths: 8,
  occupation: '书店店员',
  workplace: '平江路书店',
};

describe('transfers', () => {
  it("shows a branch's candidates, its proposals and what it must answer, each leading to the member", async () => {
    fake.respond('transfer.candidates', ok({ items: [candidate], nextCursor: null }));
    fake.respond('transfer.list', ok({ items: [transfer()], nextCursor: null }));
    fake.respond(
      'transfer.list',
      ok({
        items: [
          transfer({
            transferId: 'tr_m_3_1',
            member: { memberId: 'm_3', name: '赵小军' },
            can: { decide: true, complete: false },
          }),
        ],
        nextCursor: null,
      }),
    );
    const page = await openPage(pageId, 'onLoad', BRANCH);
    expect(fake.callsOf('transfer.candidates')).toEqual([{ branchId: 'o_xinqiao1', limit: 50 }]);
    expect(fake.callsOf('transfer.list')).toEqual([
      { orgId: 'o_xinqiao1', side: 'inflow', limit: 50 },
      { orgId: 'o_xinqiao1', side: 'outflow', limit: 50 },
    ]);
    const text = page.text();
    expect(text).toContain('2026年3月2日纳入，已满 8 个月 · 书店店员 · 平江路书店');
    expect(text).toContain('已提议，等流出地答复');
    expect(page.find('#to-answer')?.dom?.textContent).toContain('待本组织答复');
    await page.tap('.candidate');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/member-detail/member-detail?memberId=m_2&name=${encodeURIComponent('李强')}`,
    });
    await page.tapNth('#to-answer .row', 0);
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/member-detail/member-detail?memberId=m_3&name=${encodeURIComponent('赵小军')}`,
    });
  });

  it('an organization above branches has no candidates, and says when a list is empty', async () => {
    fake.respond('transfer.list', ok({ items: [], nextCursor: null }));
    fake.respond('transfer.list', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_jj', name: encodeURIComponent('中共靖江市委员会'), branch: '0' });
    expect(fake.callsOf('transfer.candidates')).toEqual([]);
    expect(page.has('#candidates')).toBe(false);
    expect(page.text()).toContain('还没有提议过组织关系转接');
    expect(page.text()).toContain('没有要答复的转接提议');
  });

  it('shows an error and retries', async () => {
    fake.respond('transfer.candidates', ok({ items: [], nextCursor: null }));
    fake.respond('transfer.list', fail('FORBIDDEN', '只能查看本组织及下级组织的组织关系转接'));
    fake.respond('transfer.list', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', BRANCH);
    expect(page.text()).toContain('没有办理这项业务的权限');
  });
});
