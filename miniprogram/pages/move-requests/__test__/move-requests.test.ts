import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { moveRequestView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/move-requests/move-requests');
const fake = useWxFake();
const OPTIONS = { orgId: 'o_jj', name: encodeURIComponent('中共靖江市委员会') };

const first = moveRequestView();
const second = moveRequestView({
  moveId: 'mv_2',
  version: 3,
  member: { ...moveRequestView().member, memberId: 'm_2', name: '李红梅', inflowBranchName: null },
});

async function open(items = [first, second], nextCursor: string | null = null): Promise<PageDriver> {
  fake.respond('account.moveRequests', ok({ items, nextCursor }));
  return openPage(pageId, 'onLoad', OPTIONS);
}

describe('move-requests', () => {
  it('shows loading, then the pending requests of the organization', async () => {
    const held = fake.hold('account.moveRequests');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ items: [first, second], nextCursor: null }));
    await loading;
    expect(fake.callsOf('account.moveRequests')).toEqual([{ orgId: 'o_jj', status: 'pending', cursor: null }]);
    expect(page.text()).toContain('中共靖江市委员会');
    expect(page.findAll('.item')).toHaveLength(2);
    expect(page.text()).toContain('来自靖江市新桥镇某村党支部，现在新桥社区第一党支部。');
    expect(page.text()).toContain('尚未纳入支部管理');
    // The masked facts of the record and of both accounts, on the card itself.
    expect(page.text()).toContain('身份证号：321***********1234');
    expect(page.text()).toContain('微信号：oAbc****wxyz');
    expect(page.text()).toContain('微信号：oXyz****abcd');
    expect(page.text()).toContain('当天查询过的身份证号：1 个');
  });

  it('says when nothing is waiting, and switches to the decided ones', async () => {
    const page = await open([]);
    expect(page.text()).toContain('目前没有待处理的找回档案申请');
    fake.respond('account.moveRequests', ok({ items: [moveRequestView({ status: 'confirmed' })], nextCursor: null }));
    await page.tap('#switch-view');
    expect(fake.callsOf('account.moveRequests')[1]).toEqual({ orgId: 'o_jj', status: 'decided', cursor: null });
    expect(page.text()).toContain('已转到新微信号');
    expect(page.has('.confirm')).toBe(false);
  });

  it('needs a reason to confirm, then sends it and removes the request', async () => {
    const page = await open();
    await page.tap('.confirm');
    expect(page.find('.sheet')?.dom?.textContent).toContain('把王建国的档案转到新微信号');
    await page.tap('#decide');
    expect(page.find('.sheet')?.dom?.textContent).toContain('请写明怎样核实的');
    expect(fake.callsOf('account.decideMove')).toEqual([]);
    await page.input('#reason', ' 已电话联系本人核实 ');
    fake.respond('account.decideMove', ok(moveRequestView({ status: 'confirmed' })));
    await page.tap('#decide');
    expect(fake.callsOf('account.decideMove')).toEqual([
      { moveId: 'mv_1', version: 1, decision: 'confirm', reason: '已电话联系本人核实' },
    ]);
    expect(page.findAll('.item')).toHaveLength(1);
    expect(fake.toasts[0]?.title).toBe('已转到新微信号');
  });

  it('rejects with a reason, and shows the empty state after the last one', async () => {
    const page = await open([second]);
    await page.tap('.reject');
    expect(page.find('.sheet')?.dom?.textContent).toContain('不同意李红梅的申请');
    await page.input('#reason', '无法核实本人');
    fake.respond('account.decideMove', ok(moveRequestView({ status: 'rejected' })));
    await page.tap('#decide');
    expect(fake.callsOf('account.decideMove')).toEqual([
      { moveId: 'mv_2', version: 3, decision: 'reject', reason: '无法核实本人' },
    ]);
    expect(page.text()).toContain('目前没有待处理的找回档案申请');
  });

  it('on CONFLICT says someone else handled it and reloads', async () => {
    const page = await open();
    await page.tap('.confirm');
    await page.input('#reason', '核实');
    fake.respond('account.decideMove', fail('CONFLICT', '这条申请刚被其他人处理'));
    fake.respond('account.moveRequests', ok({ items: [second], nextCursor: null }));
    await page.tap('#decide');
    expect(fake.modals[0]?.content).toBe('这条申请已被其他人处理');
    expect(page.findAll('.item')).toHaveLength(1);
  });

  it('keeps the sheet open with the server words when the request can only be rejected', async () => {
    const page = await open();
    await page.tap('.confirm');
    await page.input('#reason', '核实');
    fake.respond('account.decideMove', fail('MOVE_STALE', '这份档案在申请之后已经转到别的微信号，这条申请只能选择“不同意”'));
    await page.tap('#decide');
    expect(page.find('.sheet')?.dom?.textContent).toContain('这条申请只能选择“不同意”');
    expect(page.data.sheet).toMatchObject({ visible: true });
  });

  it('answers a missing organization with the way home', async () => {
    fake.respond('account.moveRequests', fail('NOT_FOUND', '找不到这个党组织', 'orgId'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('只有档案所在流入地或流出地组织的管理员能查看这些申请');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('tells a secretary that admins handle these, with the way home', async () => {
    fake.respond('account.moveRequests', fail('FORBIDDEN', '只有档案所在组织或上级组织的管理员可以处理找回档案申请'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('找回档案申请由组织管理员处理');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('loads more with the cursor', async () => {
    const page = await open([first], 'cur1');
    fake.respond('account.moveRequests', ok({ items: [second], nextCursor: null }));
    await page.tap('#more');
    expect(fake.callsOf('account.moveRequests')[1]).toEqual({ orgId: 'o_jj', status: 'pending', cursor: 'cur1' });
    expect(page.findAll('.item')).toHaveLength(2);
  });
});
