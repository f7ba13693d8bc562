import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { checkinView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/pending/pending');
const fake = useWxFake();
const OPTIONS = { orgId: 'o_xinqiao1', name: encodeURIComponent('新桥社区第一党支部') };

const first = checkinView();
const second = checkinView({
  checkinId: 'c_2_1',
  memberId: 'm_2',
  memberName: '李红梅',
  memberStanding: 'probationary',
  version: 2,
});

async function open(items = [first, second], nextCursor: string | null = null): Promise<PageDriver> {
  fake.respond('checkin.pending', ok({ items, nextCursor }));
  return openPage(pageId, 'onLoad', OPTIONS);
}

describe('pending', () => {
  it('shows loading, then the requests of the organization', async () => {
    const held = fake.hold('checkin.pending');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ items: [first, second], nextCursor: null }));
    await loading;
    expect(fake.callsOf('checkin.pending')).toEqual([{ orgId: 'o_xinqiao1', cursor: null }]);
    expect(page.text()).toContain('新桥社区第一党支部');
    expect(page.findAll('.item')).toHaveLength(2);
    expect(page.text()).toContain('预备党员 · 来自靖江市新桥镇某村党支部');
  });

  it('says when nothing is waiting, and refreshes', async () => {
    const page = await open([]);
    expect(page.text()).toContain('目前没有待审批的报到申请');
    fake.respond('checkin.pending', ok({ items: [first], nextCursor: null }));
    await page.tap('#empty >>> .empty-action');
    expect(page.findAll('.item')).toHaveLength(1);
  });

  it('shows FORBIDDEN and a way home; retries a network error', async () => {
    fake.respond('checkin.pending', fail('FORBIDDEN', '只能查看本支部或下级组织的报到申请'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('您没有办理这项业务的权限');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });

    fake.failTransport('checkin.pending', 'request:fail');
    await page.run('load');
    expect(page.text()).toContain('网络不通');
    fake.respond('checkin.pending', ok({ items: [first], nextCursor: null }));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.item')).toHaveLength(1);
  });

  it('loads more with the cursor', async () => {
    const page = await open([first], 'cur1');
    fake.respond('checkin.pending', ok({ items: [second], nextCursor: null }));
    await page.tap('#more');
    expect(fake.callsOf('checkin.pending')[1]).toEqual({ orgId: 'o_xinqiao1', cursor: 'cur1' });
    expect(page.findAll('.item')).toHaveLength(2);
    expect(page.has('#more')).toBe(false);
  });

  it('shows the new branch where the member was placed before, and says nothing on a first check-in', async () => {
    const movedOn = checkinView({
      previousPlacement: {
        branch: { orgId: 'o_old', name: '无锡市某社区党支部' },
        endedOn: '2026-11-20',
        endReason: 'moved_city',
        destination: '来苏州工作',
      },
    });
    const page = await open([movedOn, second]);
    await page.click('.item');
    expect(page.find('#previous-placement')?.dom?.textContent).toBe(
      '。此前在无锡市某社区党支部，2026年11月20日离开（去了别的城市）',
    );
    const firstTime = await open([second]);
    await firstTime.click('.item');
    expect(firstTime.text()).toContain('审批 李红梅 的报到');
    expect(firstTime.has('#previous-placement')).toBe(false);
  });

  it('approves into the requested branch and removes the item', async () => {
    const page = await open();
    await page.click('.item');
    expect(page.text()).toContain('审批 王建国 的报到');
    fake.respond('checkin.decide', ok(checkinView({ status: 'approved' })));
    await page.tap('#approve');
    expect(fake.callsOf('checkin.decide')).toEqual([{ checkinId: 'c_1_1', version: 1, decision: 'approve' }]);
    expect(page.findAll('.item')).toHaveLength(1);
    expect(fake.toasts[0]?.title).toBe('已同意');
  });

  it("lets the secretary check the applicant's identity from the sheet, which stays open", async () => {
    const page = await open();
    await page.clickNth('.item', 1);
    await page.tap('#view-applicant');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/member-detail/member-detail?memberId=m_2&name=${encodeURIComponent('李红梅')}`,
    });
    expect(page.data.sheet).toMatchObject({ visible: true });
    expect(page.text()).toContain('审批 李红梅 的报到');
  });

  it('approves into another branch the admin may place in', async () => {
    const page = await open();
    await page.click('.item');
    fake.respond(
      'checkin.choices',
      ok({
        placeIn: [
          { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
          { orgId: 'o_xinqiao3', name: '新桥社区第三党支部' },
        ],
        forwardTo: [],
      }),
    );
    await page.tap('#place-elsewhere');
    expect(fake.callsOf('checkin.choices')).toEqual([{ checkinId: 'c_1_1' }]);
    const options = page.findAll('.place-option');
    expect(options).toHaveLength(2);
    await page.clickNth('.place-option', 1);
    expect(page.text()).toContain('同意，纳入新桥社区第三党支部');
    fake.respond('checkin.decide', ok(checkinView({ status: 'approved' })));
    await page.tap('#approve');
    expect(fake.callsOf('checkin.decide')).toEqual([
      { checkinId: 'c_1_1', version: 1, decision: 'approve', placeBranchId: 'o_xinqiao3' },
    ]);
  });

  it('tells a secretary who may place only in their own branch to forward instead', async () => {
    const page = await open();
    await page.click('.item');
    fake.respond('checkin.choices', ok({ placeIn: [{ orgId: 'o_xinqiao1', name: '新桥社区第一党支部' }], forwardTo: [] }));
    await page.tap('#place-elsewhere');
    expect(page.findAll('.place-option')).toHaveLength(0);
    expect(page.text()).toContain('您只能把党员安排到本支部');
    expect(page.text()).toContain('转交给其他组织');
  });

  it('forwards a request to a sibling branch with a note, and removes it from the list', async () => {
    const page = await open();
    await page.click('.item');
    fake.respond(
      'checkin.choices',
      ok({
        placeIn: [{ orgId: 'o_xinqiao1', name: '新桥社区第一党支部' }],
        forwardTo: [
          { orgId: 'o_xinqiao3', name: '新桥社区第三党支部', kind: 'branch' },
          { orgId: 'o_xinqiao', name: '中共新桥社区委员会', kind: 'committee' },
        ],
      }),
    );
    await page.tap('#start-forward');
    expect(page.findAll('.forward-option')).toHaveLength(2);
    await page.tap('#forward');
    expect(page.text()).toContain('请先选择转交给哪个组织');
    expect(fake.callsOf('checkin.forward')).toEqual([]);
    await page.clickNth('.forward-option', 0);
    await page.input('#forward-reason', ' 住在第三支部的片区 ');
    fake.respond('checkin.forward', ok(checkinView()));
    await page.tap('#forward');
    expect(fake.callsOf('checkin.forward')).toEqual([
      { checkinId: 'c_1_1', version: 1, toOrgId: 'o_xinqiao3', reason: '住在第三支部的片区' },
    ]);
    expect(page.findAll('.item')).toHaveLength(1);
    expect(fake.toasts[0]?.title).toBe('已转交');
  });

  it("a committee's request opens with its branches to choose from and cannot be approved without one", async () => {
    const committeeRequest = checkinView({
      organization: { orgId: 'o_milan', name: '米兰社区党委', kind: 'committee' },
    });
    const page = await open([committeeRequest]);
    fake.respond(
      'checkin.choices',
      ok({
        placeIn: [
          { orgId: 'o_milan1', name: '米兰社区第一党支部' },
          { orgId: 'o_milan3', name: '米兰社区第三党支部' },
        ],
        forwardTo: [],
      }),
    );
    await page.click('.item');
    expect(page.find('#place')?.data).toMatchObject({ note: '请选择' });
    await page.tap('#approve');
    expect(page.text()).toContain('请先选择安排到哪个党支部');
    expect(page.text()).toContain('选择党支部');
    await page.tap('#place-elsewhere');
    expect(page.findAll('.place-option')).toHaveLength(2);
    await page.tap('#approve');
    expect(page.text()).toContain('请先选择安排到哪个党支部');
    expect(fake.callsOf('checkin.decide')).toEqual([]);
    await page.clickNth('.place-option', 1);
    fake.respond('checkin.decide', ok(checkinView({ status: 'approved' })));
    await page.tap('#approve');
    expect(fake.callsOf('checkin.decide')).toEqual([
      { checkinId: 'c_1_1', version: 1, decision: 'approve', placeBranchId: 'o_milan3' },
    ]);
  });

  it('requires a reason to reject, then sends it', async () => {
    const page = await open();
    await page.click('.item');
    await page.tap('#start-reject');
    await page.tap('#reject');
    expect(page.text()).toContain('请写明不同意的理由');
    expect(fake.callsOf('checkin.decide')).toEqual([]);
    await page.input('#reason', ' 您不住在本社区 ');
    fake.respond('checkin.decide', ok(checkinView({ status: 'rejected' })));
    await page.tap('#reject');
    expect(fake.callsOf('checkin.decide')).toEqual([
      { checkinId: 'c_1_1', version: 1, decision: 'reject', reason: '您不住在本社区' },
    ]);
    expect(fake.toasts[0]?.title).toBe('已退回');
  });

  it('on CONFLICT says someone else handled it and reloads', async () => {
    const page = await open();
    await page.click('.item');
    fake.respond('checkin.decide', fail('CONFLICT', '该申请刚被其他人处理或修改，请刷新后查看'));
    fake.respond('checkin.pending', ok({ items: [second], nextCursor: null }));
    await page.tap('#approve');
    expect(fake.modals[0]?.content).toBe('该申请已被其他人处理');
    expect(fake.callsOf('checkin.pending')).toHaveLength(2);
    expect(page.findAll('.item')).toHaveLength(1);
    expect(page.data.sheet).toMatchObject({ visible: false });
  });

  it('shows INVALID_PLACEMENT in the sheet', async () => {
    const page = await open();
    await page.click('.item');
    fake.respond('checkin.decide', fail('INVALID_PLACEMENT', '只能安排到您负责的党支部；其他支部的申请请转交', 'placeBranchId'));
    await page.tap('#approve');
    expect(page.find('.sheet')?.dom?.textContent).toContain('只能安排到您负责的党支部；其他支部的申请请转交');
  });

  it('shows the empty state after the last item is decided', async () => {
    const page = await open([first]);
    await page.click('.item');
    fake.respond('checkin.decide', ok(checkinView({ status: 'approved' })));
    await page.tap('#approve');
    expect(page.text()).toContain('目前没有待审批的报到申请');
  });

  it("shows the organization's own check-in code: a committee's hangs on the wall too", async () => {
    fake.respond('checkin.pending', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_milan', name: encodeURIComponent('米兰社区党委') });
    fake.respond(
      'org.checkinCode',
      ok({
        organization: { orgId: 'o_milan', name: '米兰社区党委', kind: 'committee' },
        scene: 'b=o_milan',
        page: 'pages/checkin/checkin',
        imageDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
      }),
    );
    await page.tap('#show-code');
    expect(fake.callsOf('org.checkinCode')).toEqual([{ orgId: 'o_milan' }]);
    expect(page.text()).toContain('米兰社区党委 报到码');
    expect(page.has('.code-image')).toBe(true);
  });

  it('says where the member asked and who forwarded the request here, with the note', async () => {
    const forwarded = checkinView({
      via: 'search',
      organization: { orgId: 'o_xinqiao', name: '中共新桥社区委员会', kind: 'committee' },
      forwards: [
        {
          from: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
          to: { orgId: 'o_xinqiao', name: '中共新桥社区委员会' },
          byName: '李秀英',
          reason: '不在本支部片区',
          at: '2026-11-29T02:00:00.000Z',
        },
      ],
    });
    const page = await open([forwarded]);
    expect(page.text()).toContain('搜索报到到新桥社区第一党支部，由李秀英转来');
    fake.respond('checkin.choices', ok({ placeIn: [{ orgId: 'o_xinqiao3', name: '新桥社区第三党支部' }], forwardTo: [] }));
    await page.click('.item');
    expect(page.find('.forward-note')?.dom?.textContent).toBe('。转交说明：不在本支部片区');
  });
});
