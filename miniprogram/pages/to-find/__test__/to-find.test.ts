import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { ToFindView } from '../../../../server/contract/imports';

const pageId = loadUnit('pages/to-find/to-find');
const fake = useWxFake();

const person = (toFindId: string, name: string, overrides: Partial<ToFindView> = {}): ToFindView => ({
  toFindId,
  status: 'open',
  name,
  gender: '男',
  idCardMasked: '341***********0516',
  phoneMasked: '139****0001',
  outflowName: '中共定远县定城镇东门村支部委员会',
  destination: { province: '江苏省', city: '苏州市', district: '姑苏区' },
  addressMasked: null,
  leftOn: '2026-06-01',
  reason: '务工经商',
  month: '2026-11',
  organization: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
  memberId: null,
  visit: null,
  version: 2,
  ...overrides,
});

describe('to-find', () => {
  it('lists the people to find, masked, with what the list says', async () => {
    fake.respond(
      'toFind.list',
      ok({ items: [person('tf_1', '钱国强'), person('tf_2', '冯晓丽', { gender: '女' })], nextCursor: null }),
    );
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_xinqiao1' });
    expect(fake.callsOf('toFind.list')).toEqual([{ orgId: 'o_xinqiao1', status: 'open', cursor: null }]);
    const rows = page.findAll('.row').map((row) => (row.dom?.textContent ?? '').replace(/\s+/g, ' '));
    expect(rows[0]).toContain('钱国强');
    expect(rows[0]).toContain('身份证 341***********0516');
    expect(rows[0]).toContain('2026年6月1日外出务工经商，去往苏州市姑苏区');
    expect(rows[0]).toContain('2026年11月名单');
    expect(rows[1]).toContain('女');
  });

  it('records a visit that cannot reach the person as 失联, asking for the reason first', async () => {
    fake.respond('toFind.list', ok({ items: [person('tf_1', '钱国强')], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_xinqiao1' });
    await page.tapNth('.visit', 0);
    await page.tap('#confirm-visit');
    expect(page.text()).toContain('请选择走访结果');
    await page.fire('#sheet-outcome', 'change', { value: 'unreachable' });
    await page.tap('#confirm-visit');
    expect(page.text()).toContain('请选择失联原因');
    expect(fake.callsOf('toFind.visit')).toEqual([]);
    await page.fire('#sheet-reason', 'change', { value: 'residence_changed' });
    await page.fire('#sheet-since', 'change', { value: '2026-07-01' });
    await page.fire('#sheet-day', 'change', { value: '2026-11-20' });
    fake.respond('toFind.visit', fail('BAD_REQUEST', '最后联系日期不能晚于走访日期', 'lost.since'));
    await page.tap('#confirm-visit');
    expect(page.find('.since-error')?.dom?.textContent).toContain('最后联系日期不能晚于走访日期');
    fake.respond('toFind.visit', ok(person('tf_1', '钱国强', { status: 'lost' })));
    fake.respond('toFind.list', ok({ items: [], nextCursor: null }));
    await page.tap('#confirm-visit');
    expect(fake.callsOf('toFind.visit')[1]).toEqual({
      toFindId: 'tf_1',
      version: 2,
      outcome: 'unreachable',
      visitedOn: '2026-11-20',
      note: '',
      lost: { since: '2026-07-01', reason: 'residence_changed', note: '' },
    });
    expect(page.text()).toContain('钱国强：走访结果已登记。');
    expect(page.text()).toContain('现在没有待找的党员');
  });

  it('records moved on with where to, and reloads when someone else recorded first', async () => {
    fake.respond('toFind.list', ok({ items: [person('tf_1', '钱国强')], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_xinqiao1' });
    await page.tapNth('.visit', 0);
    await page.fire('#sheet-outcome', 'change', { value: 'moved_on' });
    await page.input('#sheet-note', '已去无锡工作');
    fake.respond('toFind.visit', fail('CONFLICT', '这条记录已由李秀英登记了走访结果'));
    fake.respond('toFind.list', ok({ items: [], nextCursor: null }));
    await page.tap('#confirm-visit');
    expect(fake.callsOf('toFind.visit')[0]).toMatchObject({ outcome: 'moved_on', note: '已去无锡工作', lost: null });
    expect(page.data.sheet).toMatchObject({ visible: false });
    expect(page.text()).toContain('现在没有待找的党员');
  });

  it('leads home from an organization out of sight', async () => {
    fake.respond('toFind.list', fail('NOT_FOUND', '找不到这个党组织', 'orgId'));
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_other' });
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });
});
