import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { memberView } from '../../../../test/setup/fixtures';
import type { ActionOutput } from '../../../../server/contract';
import type { TransferView } from '../../../../server/contract/transfers';

const pageId = loadUnit('pages/member-detail/member-detail');
const fake = useWxFake();
const OPTIONS = { memberId: 'm_1', name: encodeURIComponent('王建国') };
const CONFIRM = '查看完整信息会被记录，确定查看吗？';

const placed = memberView({
  status: 'placed',
  inflowBranch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
  placedAt: '2025-03-02T01:00:00.000Z',
});

const NO_JOURNEY = {
  lost: { current: null, proposal: null, episodes: [], can: { mark: true, found: false } },
  transfers: { items: [], canPropose: false },
};

/** What both sides see of 失联 and the transfer; the member's own view answers NOT_FOUND. */
function respondJourney(
  lost: ActionOutput<'lostContact.get'> = NO_JOURNEY.lost,
  transfers: ActionOutput<'transfer.ofMember'> = NO_JOURNEY.transfers,
): void {
  fake.respond('lostContact.get', ok(lost));
  fake.respond('transfer.ofMember', ok(transfers));
}

type History = ActionOutput<'placement.history'>;

const openPlacement = {
  placementId: 'pl_m_1_2',
  memberId: 'm_1',
  branch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
  startedAt: '2025-03-02T01:00:00.000Z',
  endedOn: null,
  endReason: null,
  destination: null,
  endedBy: null,
  endedByName: null,
  version: 1,
};
const endedPlacement = {
  ...openPlacement,
  placementId: 'pl_m_1_1',
  branch: { orgId: 'o_wuxi', name: '无锡市某社区党支部' },
  startedAt: '2024-05-01T01:00:00.000Z',
  endedOn: '2025-02-20',
  endReason: 'moved_city' as const,
  destination: '来苏州工作',
  endedBy: 'member' as const,
  endedByName: '王建国',
  version: 2,
};

function history(overrides: Partial<History> = {}): History {
  return {
    items: [openPlacement, endedPlacement],
    returnedOn: null,
    homeLife: [],
    can: { leave: false, recordReturn: false },
    ...overrides,
  };
}

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

/** The second argument answers 失联 and the transfer (a function) or the placement history. */
async function open(member = placed, setup: History | (() => void) = history(), talks = TALKS, card = CARD): Promise<PageDriver> {
  fake.respond('member.get', ok(member));
  if (typeof setup === 'function') {
    setup();
    fake.respond('placement.history', ok(history()));
  } else {
    respondJourney();
    fake.respond('placement.history', ok(setup));
  }
  answerTalksAndCard(talks, card);
  return openPage(pageId, 'onLoad', OPTIONS);
}

const textOf = (page: PageDriver, selector: string): string =>
  (page.find(selector)?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('member-detail', () => {
  it('shows loading, then the record in plain Chinese with personal data masked', async () => {
    const held = fake.hold('member.get');
    const page = new PageDriver(pageId);
    respondJourney();
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    fake.respond('placement.history', ok(history()));
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
    expect(fake.calls.map((call) => call.action)).toEqual([
      'member.get',
      'placement.history',
      'talk.list',
      'card.get',
      'lostContact.get',
      'transfer.ofMember',
    ]);
  });

  it('shows the history of placements, newest first, with no buttons for a caller who may record nothing', async () => {
    const page = await open();
    const text = textOf(page, '#history');
    expect(text).toContain('新桥社区第一党支部2025年3月2日起，至今');
    expect(text).toContain('无锡市某社区党支部2024年5月1日起，2025年2月20日止去了别的城市，去向：来苏州工作（王建国登记）');
    expect(page.has('#start-leave')).toBe(false);
    expect(page.has('#start-return')).toBe(false);
  });

  it('the branch records a leave: reason and day are asked for, then the page reloads', async () => {
    const page = await open(placed, history({ can: { leave: true, recordReturn: false } }));
    expect(textOf(page, '#start-leave')).toBe('登记离开新桥社区第一党支部');
    await page.tap('#start-leave');
    await page.tap('#confirm-sheet');
    expect(textOf(page, '.sheet-error')).toBe('请选择离开的原因');
    await page.fire('#leave-reason', 'change', { value: 'changed_job' });
    await page.tap('#confirm-sheet');
    expect(textOf(page, '.sheet-error')).toBe('请选择离开的日子');
    await page.fire('#sheet-day', 'change', { value: '2025-06-30' });
    await page.fire('#destination', 'change', { value: '去无锡工作' });
    fake.respond('placement.leave', ok({ ...openPlacement, endedOn: '2025-06-30', endReason: 'changed_job', version: 2 }));
    fake.respond('member.get', ok(memberView({ status: 'registered' })));
    fake.respond(
      'placement.history',
      ok(history({ items: [{ ...openPlacement, endedOn: '2025-06-30', endReason: 'changed_job' }] })),
    );
    answerTalksAndCard();
    respondJourney();
    await page.tap('#confirm-sheet');
    expect(fake.callsOf('placement.leave')).toEqual([
      { memberId: 'm_1', branchId: 'o_xinqiao1', endedOn: '2025-06-30', reason: 'changed_job', destination: '去无锡工作' },
    ]);
    expect(fake.toasts[0]?.title).toBe('已登记离开');
    expect(textOf(page, '#history')).toContain('2025年6月30日止换了工作');
    expect(page.has('#start-leave')).toBe(false);
  });

  it("a refused leave keeps the sheet open with the server's words", async () => {
    const page = await open(placed, history({ can: { leave: true, recordReturn: false } }));
    await page.tap('#start-leave');
    await page.fire('#leave-reason', 'change', { value: 'moved_city' });
    await page.fire('#sheet-day', 'change', { value: '2025-06-30' });
    fake.respond('placement.leave', fail('CONFLICT', '这名党员的情况刚被其他人登记或修改，请刷新后查看'));
    await page.tap('#confirm-sheet');
    expect(textOf(page, '.sheet-error')).toContain('已被其他人修改');
    expect(page.has('#confirm-sheet')).toBe(true);
  });

  it('the outflow side records the return home, and sees the sign-ins at the home branch', async () => {
    const page = await open(
      placed,
      history({
        can: { leave: false, recordReturn: true },
        homeLife: [
          {
            activityId: 'a_1',
            branch: { orgId: 'o_village', name: '新港村党支部' },
            topic: '春节返乡党员报到座谈',
            heldOn: '2026-02-10',
          },
        ],
      }),
    );
    expect(textOf(page, '#history')).toContain('2026年2月10日 新港村党支部：春节返乡党员报到座谈');
    await page.tap('#start-return');
    await page.fire('#sheet-day', 'change', { value: '2025-07-01' });
    fake.respond('placement.return', ok({ member: memberView({ status: 'returned' }), ended: null }));
    fake.respond('member.get', ok(memberView({ status: 'returned' })));
    fake.respond('placement.history', ok(history({ returnedOn: '2025-07-01' })));
    answerTalksAndCard();
    respondJourney();
    await page.tap('#confirm-sheet');
    expect(fake.callsOf('placement.return')).toEqual([{ memberId: 'm_1', returnedOn: '2025-07-01' }]);
    expect(textOf(page, '#returned')).toBe('2025年7月1日返回家乡，流动结束');
    expect(page.text()).toContain('已返回家乡（流动结束）');
  });

  it('a history that fails to load says so and retries, leaving the record on the page', async () => {
    fake.respond('member.get', ok(placed));
    answerTalksAndCard();
    respondJourney();
    fake.failTransport('placement.history', 'request:fail');
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(textOf(page, '.history-error')).toContain('网络不通');
    expect(page.text()).toContain('138****5678');
    fake.respond('placement.history', ok(history()));
    await page.tap('#retry-history');
    expect(textOf(page, '#history')).toContain('至今');
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
    respondJourney();
    fake.respond('placement.history', ok(history()));
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

  describe('失联 and the transfer of the organization relationship', () => {
    const lostMark = {
      since: '2026-09-30',
      reason: 'other' as const,
      note: '电话停机',
      markedOn: '2026-11-20',
      markedByName: '李秀英',
      markedSide: 'inflow' as const,
    };
    const transfer = (overrides: Partial<TransferView> = {}): TransferView => ({
      transferId: 'tr_m_1_1',
      member: { memberId: 'm_1', name: '王建国' },
      branch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
      outflow: { orgId: 'o_jj_village', name: '靖江市新桥镇某村党支部' },
      status: 'proposed',
      reason: '居住工作已满两年',
      proposed: { on: '2026-11-01', at: '2026-11-01T02:00:00.000Z', byName: '李秀英' },
      decided: null,
      completed: null,
      can: { decide: true, complete: false },
      version: 1,
      ...overrides,
    });

    it('shows the mark to the other side, and records the member found again', async () => {
      const page = await open(placed, () =>
        respondJourney({ current: lostMark, proposal: null, episodes: [], can: { mark: false, found: true } }),
      );
      const text = page.text();
      for (const expected of ['已标记失联', '2026年9月30日', '其他：电话停机', '李秀英，2026年11月20日'])
        expect(text).toContain(expected);
      expect(page.has('#mark-lost')).toBe(false);
      await page.tap('#found');
      expect(page.data.sheet).toMatchObject({ kind: 'found', visible: true });
      await page.fire('#sheet-day', 'change', { value: '2026-11-22' });
      await page.input('#sheet-text', '上门走访');
      fake.respond('lostContact.found', ok(placed));
      fake.respond('member.get', ok(placed));
      respondJourney();
      fake.respond('placement.history', ok(history()));
      answerTalksAndCard();
      await page.tap('#confirm-sheet');
      expect(fake.callsOf('lostContact.found')).toEqual([
        { memberId: 'm_1', version: 3, foundOn: '2026-11-22', how: '上门走访' },
      ]);
      expect(page.data.sheet).toMatchObject({ visible: false });
      expect(page.text()).toContain('登记已找到：已记录');
      expect(page.text()).toContain('没有失联标记');
    });

    it("offers the no-life clock's proposal, asks for a reason, and shows the server's word beside the date", async () => {
      const page = await open(placed, () =>
        respondJourney({
          current: null,
          proposal: { since: '2026-05-10', months: 6 },
          episodes: [],
          can: { mark: true, found: false },
        }),
      );
      expect(page.find('#lost-proposal')?.dom?.textContent).toContain('自 2026年5月10日 起已 6 个月没有参加组织生活');
      await page.tap('#mark-lost');
      await page.tap('#confirm-sheet');
      expect(page.text()).toContain('请选择失联原因');
      expect(fake.callsOf('lostContact.mark')).toEqual([]);
      await page.fire('#sheet-reason', 'change', { value: 'abroad' });
      await page.fire('#sheet-day', 'change', { value: '2026-12-30' });
      fake.respond('lostContact.mark', fail('BAD_REQUEST', '最后联系日期不能晚于今天', 'lastContactOn'));
      await page.tap('#confirm-sheet');
      expect(fake.callsOf('lostContact.mark')).toEqual([
        { memberId: 'm_1', version: 3, lastContactOn: '2026-12-30', reason: 'abroad', note: '' },
      ]);
      expect(page.find('#row-day')?.dom?.textContent).toContain('最后联系日期不能晚于今天');
      expect(page.data.sheet).toMatchObject({ visible: true });
    });

    it('lets the outflow side agree or refuse with a reason', async () => {
      const page = await open(placed, () => respondJourney(NO_JOURNEY.lost, { items: [transfer()], canPropose: false }));
      expect(page.text()).toContain('已提议，等流出地答复');
      expect(page.text()).toContain('2026年11月1日 李秀英提议：居住工作已满两年');
      await page.tap('.refuse');
      fake.respond('transfer.decide', fail('BAD_REQUEST', '不同意转接时请写明理由', 'reason'));
      await page.tap('#confirm-sheet');
      expect(page.text()).toContain('不同意转接时请写明理由');
      await page.input('#sheet-text', '本人明年回村任职');
      fake.respond('transfer.decide', ok(transfer({ status: 'refused' })));
      fake.respond('member.get', ok(placed));
      respondJourney();
      fake.respond('placement.history', ok(history()));
      answerTalksAndCard();
      await page.tap('#confirm-sheet');
      expect(fake.callsOf('transfer.decide')[1]).toEqual({
        transferId: 'tr_m_1_1',
        version: 1,
        decision: 'refuse',
        reason: '本人明年回村任职',
      });
    });

    it('records the completion with the letter, and says when someone else acted first', async () => {
      const agreed = transfer({
        status: 'agreed',
        decided: { on: '2026-11-05', at: '2026-11-05T02:00:00.000Z', byName: '吴村书', refusalReason: null },
        can: { decide: false, complete: true },
        version: 2,
      });
      const page = await open(placed, () => respondJourney(NO_JOURNEY.lost, { items: [agreed], canPropose: false }));
      expect(page.has('.agree')).toBe(false);
      await page.tap('.complete');
      await page.input('#sheet-letter', '12');
      fake.respond('transfer.complete', fail('BAD_REQUEST', '介绍信编号应为 6 至 40 位字母或数字（可含“-”）', 'letterNumber'));
      await page.tap('#confirm-sheet');
      expect(page.text()).toContain('介绍信编号应为 6 至 40 位字母或数字');
      fake.respond('transfer.complete', fail('CONFLICT', '这条转接刚被其他人处理，请刷新后查看'));
      fake.respond('member.get', ok(placed));
      respondJourney();
      fake.respond('placement.history', ok(history()));
      answerTalksAndCard();
      await page.tap('#confirm-sheet');
      expect(page.data.sheet).toMatchObject({ visible: false });
      expect(page.find('#notice')?.dom?.textContent).toContain('已有其他人办理过');
    });

    it("shows neither section on the member's own view", async () => {
      const page = await open(placed, () => {
        fake.respond('lostContact.get', fail('NOT_FOUND', '找不到这名党员', 'memberId'));
        fake.respond('transfer.ofMember', fail('NOT_FOUND', '找不到这名党员', 'memberId'));
      });
      expect(page.text()).not.toContain('是否失联');
      expect(page.text()).not.toContain('组织关系转接');
      expect(page.text()).toContain('138****5678');
    });
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
    await page.tap('#ask-service');
    expect(fake.lastUrl()).toBe(`/pages/service-ask/service-ask?memberId=m_1&name=${encodeURIComponent('王建国')}`);
    await page.tap('#card');
    expect(fake.lastUrl()).toBe('/pages/card-scan/card-scan?memberId=m_1');
  });

  it('lets the outflow side read the talks without the buttons, and offers it the yearly review', async () => {
    const outflow = { ...TALKS, side: 'outflow' as const, canRecord: false };
    const page = await open(placed, history(), outflow, { ...CARD, side: 'outflow', canReview: true });
    expect(textOf(page, '.talk-note')).toBe('备注：孩子想在苏州上学');
    expect(page.has('#record-talk')).toBe(false);
    expect(page.has('#set-contact')).toBe(false);
    expect(page.has('#ask-service')).toBe(false);
    await page.tap('#review');
    expect(fake.lastUrl()).toMatch(/^\/pages\/card-review\/card-review\?memberId=m_1&name=.+&year=\d{4}$/);
  });

  it('shows no talks to a branch the member is only checking in to', async () => {
    fake.respond('member.get', ok(placed));
    fake.respond('placement.history', ok(history()));
    fake.respond('talk.list', fail('NOT_FOUND', '找不到这名党员', 'memberId'));
    fake.respond('card.get', ok(CARD));
    respondJourney();
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('138****5678');
    expect(page.has('.talks')).toBe(false);
  });
});
