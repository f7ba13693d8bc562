import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { memberView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/member-detail/member-detail');
const fake = useWxFake();
const OPTIONS = { memberId: 'm_1', name: encodeURIComponent('王建国') };
const CONFIRM = '查看完整信息会被记录，确定查看吗？';

const placed = memberView({
  status: 'placed',
  inflowBranch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
  placedAt: '2025-03-02T01:00:00.000Z',
});

async function open(member = placed): Promise<PageDriver> {
  fake.respond('member.get', ok(member));
  return openPage(pageId, 'onLoad', OPTIONS);
}

const textOf = (page: PageDriver, selector: string): string =>
  (page.find(selector)?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('member-detail', () => {
  it('shows loading, then the record in plain Chinese with personal data masked', async () => {
    const held = fake.hold('member.get');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(placed));
    await loading;
    expect(fake.callsOf('member.get')).toEqual([{ memberId: 'm_1' }]);
    const text = page.text();
    for (const expected of [
      '王建国',
      '男',
      '正式党员',
      '2010年7月1日',
      '已纳入支部管理',
      '新桥社区第一党支部，2025年3月2日起',
      '靖江市新桥镇某村党支部',
      '江苏省 泰州市 靖江市',
      '2021年3月',
      '外出务工',
      '江苏省 苏州市 姑苏区',
      '苏州某物流公司',
      '货车司机',
      '交通运输、仓储和邮政业（货车、快递、外卖）',
      '不固定作息',
      '水电维修',
      '138****5678',
      '3212**********1234',
      '新桥路****',
    ]) {
      expect(text).toContain(expected);
    }
    expect(textOf(page, '#reveal-phone')).toBe('查看完整号码');
    expect(textOf(page, '#reveal-idCard')).toBe('查看完整号码');
    expect(textOf(page, '#reveal-address')).toBe('查看完整住址');
    expect(page.has('#call-phone')).toBe(false);
    expect(fake.calls.map((call) => call.action)).toEqual(['member.get']);
  });

  it("leads to the member's reports across periods", async () => {
    const page = await open();
    await page.tap('#report-history');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/report-history/report-history?memberId=m_1&name=${encodeURIComponent('王建国')}`,
    });
  });

  it('says when a member has not been placed and left things blank', async () => {
    const page = await open(
      memberView({ standing: 'probationary', gender: 'female', status: 'pending', skills: [], workplace: '' }),
    );
    const text = page.text();
    expect(text).toContain('预备党员');
    expect(text).toContain('女');
    expect(text).toContain('报到待审批');
    expect(text).not.toContain('所在支部');
    expect(text).toContain('未填写');
  });

  it('shows an error and retries', async () => {
    fake.failTransport('member.get', 'request:fail');
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('网络不通');
    fake.respond('member.get', ok(placed));
    await page.tap('#state >>> .retry');
    expect(fake.callsOf('member.get')).toHaveLength(2);
    expect(page.text()).toContain('138****5678');
  });

  it('offers a way home when the member cannot be seen', async () => {
    fake.respond('member.get', fail('NOT_FOUND', '找不到这名党员', 'memberId'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('没有找到相关记录');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('without a memberId says so and offers a way home, calling nothing', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有指定要查看的党员');
    expect(fake.calls).toEqual([]);
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('asks before revealing, and reveals nothing when cancelled', async () => {
    const page = await open();
    fake.answerModal(false);
    await page.tap('#reveal-idCard');
    expect(fake.modals.map((modal) => modal.content)).toEqual([CONFIRM]);
    expect(fake.callsOf('member.revealSensitive')).toEqual([]);
    expect(page.text()).toContain('3212**********1234');
    expect(page.has('#reveal-idCard')).toBe(true);
  });

  it('after confirming, reveals only the field asked for, in place', async () => {
    const page = await open();
    fake.answerModal(true);
    fake.respond('member.revealSensitive', ok({ field: 'idCard', value: '321281199001011234' }));
    await page.tap('#reveal-idCard');
    expect(fake.modals.map((modal) => modal.content)).toEqual([CONFIRM]);
    expect(fake.callsOf('member.revealSensitive')).toEqual([{ memberId: 'm_1', field: 'idCard' }]);
    expect(textOf(page, '#value-idCard')).toBe('321281199001011234');
    expect(page.has('#reveal-idCard')).toBe(false);
    expect(textOf(page, '#value-phone')).toBe('138****5678');
    expect(textOf(page, '#value-address')).toBe('新桥路****');
    expect(page.has('#call-phone')).toBe(false);

    fake.respond('member.revealSensitive', ok({ field: 'address', value: '新桥路 18 号 3 幢 201 室' }));
    await page.tap('#reveal-address');
    expect(fake.callsOf('member.revealSensitive')[1]).toEqual({ memberId: 'm_1', field: 'address' });
    expect(textOf(page, '#value-address')).toBe('新桥路 18 号 3 幢 201 室');
  });

  it('offers to call the revealed phone number', async () => {
    const page = await open();
    fake.respond('member.revealSensitive', ok({ field: 'phone', value: '13812345678' }));
    await page.tap('#reveal-phone');
    expect(fake.callsOf('member.revealSensitive')).toEqual([{ memberId: 'm_1', field: 'phone' }]);
    expect(textOf(page, '#value-phone')).toBe('13812345678');
    expect(page.has('#reveal-phone')).toBe(false);
    await page.tap('#call-phone');
    expect(fake.phoneCalls).toEqual(['13812345678']);
  });

  it('on FORBIDDEN shows the server message and hides the reveal buttons', async () => {
    const page = await open();
    fake.respond('member.revealSensitive', fail('FORBIDDEN', '流出地党组织只能查看隐去部分号码的信息'));
    await page.tap('#reveal-phone');
    expect(textOf(page, '.reveal-forbidden')).toBe('流出地党组织只能查看隐去部分号码的信息');
    expect(page.has('#reveal-phone')).toBe(false);
    expect(page.has('#reveal-idCard')).toBe(false);
    expect(page.has('#reveal-address')).toBe(false);
    expect(page.has('#retry-phone')).toBe(false);
    expect(page.has('#call-phone')).toBe(false);
    expect(textOf(page, '#value-phone')).toBe('138****5678');
  });

  it('shows another failure beside the field with a retry', async () => {
    const page = await open();
    fake.failTransport('member.revealSensitive', 'request:fail');
    await page.tap('#reveal-address');
    expect(textOf(page, '#error-address')).toBe('网络不通，请检查网络后重试');
    expect(textOf(page, '#value-address')).toBe('新桥路****');
    fake.respond('member.revealSensitive', ok({ field: 'address', value: '新桥路 18 号' }));
    await page.tap('#retry-address');
    expect(fake.callsOf('member.revealSensitive')).toEqual([
      { memberId: 'm_1', field: 'address' },
      { memberId: 'm_1', field: 'address' },
    ]);
    expect(textOf(page, '#value-address')).toBe('新桥路 18 号');
    expect(page.has('#error-address')).toBe(false);
  });
});
