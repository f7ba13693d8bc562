import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { memberView } from '../../../../test/setup/fixtures';
import type { ActionOutput } from '../../../../server/contract';

const pageId = loadUnit('pages/member-detail/member-detail');
const fake = useWxFake();
const OPTIONS = { memberId: 'm_1', name: encodeURIComponent('王建国') };
const CONFIRM = '查看完整信息会被记录，确定查看吗？';

const placed = memberView({
  status: 'placed',
  inflowBranch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
  placedAt: '2025-03-02T01:00:00.000Z',
});

/** The branch side's view of the talks: a contact, a due talk, one talk with its note. */
const TALKS: ActionOutput<'talk.list'> = {
  member: { memberId: 'm_1', name: '王建国' },
  side: 'inflow',
  contact: { name: '李秀英', kind: 'secretary', memberId: null, setOn: '2025-03-05', setByName: '李秀英' },
  contactVersion: 1,
  talks: [
    {
      talkId: 'tk_1',
      memberId: 'm_1',
      cause: 'placement',
      heldOn: '2025-03-10',
      heldByName: '李秀英',
      topic: '了解工作和生活',
      note: '孩子想在苏州上学',
      recordedByName: '李秀英',
      recordedAt: '2025-03-10T08:00:00.000Z',
    },
  ],
  due: [
    { dueId: 'td_1', member: { memberId: 'm_1', name: '王建国' }, cause: 'year_end', since: '2026-01-18', dueBy: '2026-02-16' },
  ],
  canRecord: true,
};

const CARD: ActionOutput<'card.get'> = {
  memberId: 'm_1',
  name: '王建国',
  gender: 'male',
  standing: 'full',
  status: 'placed',
  joinedPartyOn: '2010-07-01',
  outflow: { name: '靖江市新桥镇某村党支部' },
  inflowBranch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
  contact: null,
  participation: [],
  reviews: [],
  side: 'inflow',
  canReview: false,
};

/** The talks and the card load after the record; a page test that does not look at them still answers them. */
function answerTalksAndCard(talks: ActionOutput<'talk.list'> = TALKS, card: ActionOutput<'card.get'> = CARD): void {
  fake.respond('talk.list', ok(talks));
  fake.respond('card.get', ok(card));
}

async function open(member = placed, talks = TALKS, card = CARD): Promise<PageDriver> {
  fake.respond('member.get', ok(member));
  answerTalksAndCard(talks, card);
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
    answerTalksAndCard();
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
    // Nothing is revealed on load.
    expect(fake.calls.map((call) => call.action)).toEqual(['member.get', 'talk.list', 'card.get']);
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
    answerTalksAndCard();
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

describe('member-detail: the contact and the talks', () => {
  it('shows the branch side the contact, the talk due and the talks with their notes, and leads to record and name', async () => {
    const page = await open();
    expect(fake.callsOf('talk.list')).toEqual([{ memberId: 'm_1' }]);
    expect(textOf(page, '.contact')).toBe('李秀英（支部书记）');
    expect(textOf(page, '.due')).toBe('返乡前谈话：请在 2026年2月16日 前谈话');
    expect(textOf(page, '.talk')).toContain('2025年3月10日 纳入管理谈话：了解工作和生活');
    expect(textOf(page, '.talk-note')).toBe('备注：孩子想在苏州上学');
    expect(page.has('#review')).toBe(false);
    await page.tap('#record-talk');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/talk-record/talk-record?memberId=m_1&name=${encodeURIComponent('王建国')}`,
    });
    await page.tap('#set-contact');
    expect(fake.lastUrl()).toBe(`/pages/contact-set/contact-set?memberId=m_1&name=${encodeURIComponent('王建国')}`);
    await page.tap('#card');
    expect(fake.lastUrl()).toBe('/pages/card-scan/card-scan?memberId=m_1');
  });

  it('lets the outflow side read the talks without the buttons, and offers it the yearly review', async () => {
    const outflow = { ...TALKS, side: 'outflow' as const, canRecord: false };
    const page = await open(placed, outflow, { ...CARD, side: 'outflow', canReview: true });
    expect(textOf(page, '.talk-note')).toBe('备注：孩子想在苏州上学');
    expect(page.has('#record-talk')).toBe(false);
    expect(page.has('#set-contact')).toBe(false);
    await page.tap('#review');
    expect(fake.lastUrl()).toMatch(/^\/pages\/card-review\/card-review\?memberId=m_1&name=.+&year=\d{4}$/);
  });

  it('shows no talks to a branch the member is only checking in to', async () => {
    fake.respond('member.get', ok(placed));
    fake.respond('talk.list', fail('NOT_FOUND', '找不到这名党员', 'memberId'));
    fake.respond('card.get', ok(CARD));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('138****5678');
    expect(page.has('.talks')).toBe(false);
  });
});
