import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { checkinView, orgView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/checkin/checkin');
const fake = useWxFake();

const hometown = orgView({ orgId: 'o_jj_sz', name: '靖江市驻苏州流动党员党支部', branchKind: 'hometown', address: null });
const community = orgView();

async function open(
  options: Record<string, string> = {},
  suggestions = [{ branch: hometown, reason: 'hometown' as const }],
): Promise<PageDriver> {
  fake.respond('checkin.suggest', ok({ suggestions }));
  return openPage(pageId, 'onLoad', options);
}

describe('checkin', () => {
  it('shows loading, then suggestions with their reason', async () => {
    const held = fake.hold('checkin.suggest');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', {});
    expect(page.text()).toContain('正在加载');
    held.resolve(
      ok({
        suggestions: [
          { branch: hometown, reason: 'hometown' },
          { branch: community, reason: 'community' },
        ],
      }),
    );
    await loading;
    expect(page.text()).toContain('靖江市驻苏州流动党员党支部');
    expect(page.text()).toContain('家乡流动党员党支部');
    expect(page.text()).toContain('居住地社区党支部');
  });

  it('says when there is nothing to suggest and points to scan and search', async () => {
    const page = await open({}, []);
    expect(page.text()).toContain('暂时没有为您推荐的支部');
    expect(page.text()).toContain('扫码报到');
  });

  it('sends an unregistered member to register', async () => {
    fake.respond('checkin.suggest', fail('NOT_REGISTERED'));
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('您还没有登记党员信息');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/profile/profile' });
  });

  it('retries after a load error', async () => {
    fake.failTransport('checkin.suggest', 'request:fail timeout');
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('网络不通');
    fake.respond('checkin.suggest', ok({ suggestions: [{ branch: hometown, reason: 'hometown' }] }));
    await page.tap('#state >>> .retry');
    expect(page.text()).toContain('靖江市驻苏州流动党员党支部');
  });

  it('submits a suggested branch after confirmation and shows the progress', async () => {
    const page = await open();
    await page.click('.suggestion');
    expect(page.text()).toContain('确认向这里报到？');
    expect(page.find('.decider')?.dom?.textContent).toContain('由该支部书记审批');
    fake.respond('checkin.submit', ok(checkinView()));
    await page.tap('#confirm');
    expect(fake.callsOf('checkin.submit')).toEqual([{ orgId: 'o_jj_sz', via: 'suggestion' }]);
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/checkin-status/checkin-status' });
  });

  it('scans a branch code, resolves it and submits with via scan', async () => {
    const page = await open();
    fake.answerScan({ path: 'pages/checkin/checkin?scene=b%3Do_xinqiao1' });
    fake.respond('checkin.resolveCode', ok(community));
    await page.tap('#scan');
    expect(fake.callsOf('checkin.resolveCode')).toEqual([{ scene: 'b=o_xinqiao1' }]);
    expect(page.text()).toContain('新桥社区第一党支部');
    fake.respond('checkin.submit', ok(checkinView()));
    await page.tap('#confirm');
    expect(fake.callsOf('checkin.submit')).toEqual([{ orgId: 'o_xinqiao1', via: 'scan' }]);
  });

  it("scans a community committee's code: it says the committee will place the member in one of its branches", async () => {
    const page = await open();
    fake.answerScan({ path: 'pages/checkin/checkin?scene=b%3Do_milan' });
    fake.respond(
      'checkin.resolveCode',
      ok(orgView({ orgId: 'o_milan', name: '米兰社区党委', kind: 'committee', branchKind: null, parentId: 'o_street' })),
    );
    await page.tap('#scan');
    expect(page.text()).toContain('米兰社区党委');
    expect(page.find('.decider')?.dom?.textContent).toContain('由该组织审批，并把您安排到它下属的一个党支部');
    fake.respond('checkin.submit', ok(checkinView()));
    await page.tap('#confirm');
    expect(fake.callsOf('checkin.submit')).toEqual([{ orgId: 'o_milan', via: 'scan' }]);
  });

  it('resolves the scene the page was opened with', async () => {
    fake.respond('checkin.resolveCode', ok(community));
    await open({ scene: encodeURIComponent('b=o_xinqiao1') });
    expect(fake.callsOf('checkin.resolveCode')).toEqual([{ scene: 'b=o_xinqiao1' }]);
  });

  it('opened by 报到 on the list of places nearby, submits with via nearby', async () => {
    fake.respond('checkin.resolveCode', ok(community));
    const page = await open({ scene: encodeURIComponent('b=o_xinqiao1'), via: 'nearby' });
    expect(page.text()).toContain('确认向这里报到？');
    fake.respond('checkin.submit', ok(checkinView()));
    await page.tap('#confirm');
    expect(fake.callsOf('checkin.submit')).toEqual([{ orgId: 'o_xinqiao1', via: 'nearby' }]);
  });

  it('offers the organizations nearest the member', async () => {
    const page = await open();
    await page.tap('#nearby');
    expect(fake.lastUrl()).toBe('/pages/nearby/nearby');
  });

  it('explains a code that is not a check-in code', async () => {
    const page = await open();
    fake.answerScan({ path: '', result: 'https://example.com/' });
    await page.tap('#scan');
    expect(page.text()).toContain('没有识别出报到码');
    expect(fake.callsOf('checkin.resolveCode')).toEqual([]);
  });

  it('shows the server message for an invalid scene', async () => {
    const page = await open();
    fake.answerScan({ path: 'pages/checkin/checkin?scene=x%3D1' });
    fake.respond('checkin.resolveCode', fail('INVALID_CODE', '这不是党支部的报到码，请换一个码再扫', 'scene'));
    await page.tap('#scan');
    expect(page.text()).toContain('这不是党支部的报到码');
  });

  it('does nothing when scanning is cancelled', async () => {
    const page = await open();
    fake.answerScan({ errMsg: 'scanCode:fail cancel' });
    await page.tap('#scan');
    expect(page.find('.scan-error')).toBeUndefined();
  });

  it('searches branches by name and loads more', async () => {
    const page = await open();
    await page.input('#query', '新桥');
    fake.respond('org.list', ok({ items: [community], nextCursor: 'next1' }));
    await page.tap('#search');
    expect(fake.callsOf('org.list')).toEqual([{ query: '新桥', kind: 'branch', cursor: null, limit: 20 }]);
    fake.respond('org.list', ok({ items: [orgView({ orgId: 'o_xinqiao3', name: '新桥社区第三党支部' })], nextCursor: null }));
    await page.tap('#more');
    expect(fake.callsOf('org.list')[1]).toEqual({ query: '新桥', kind: 'branch', cursor: 'next1', limit: 20 });
    expect(page.findAll('.result')).toHaveLength(2);
    expect(page.has('#more')).toBe(false);
    await page.click('.result');
    fake.respond('checkin.submit', ok(checkinView()));
    await page.tap('#confirm');
    expect(fake.callsOf('checkin.submit')).toEqual([{ orgId: 'o_xinqiao1', via: 'search' }]);
  });

  it('says when a search finds nothing', async () => {
    const page = await open();
    await page.input('#query', '不存在');
    fake.respond('org.list', ok({ items: [], nextCursor: null }));
    await page.tap('#search');
    expect(page.text()).toContain('没有找到名称里有“不存在”的党支部');
  });

  it.each([
    [
      'CHECKIN_ALREADY_OPEN',
      '您已向“新桥社区第一党支部”提交报到申请，请等待审批或先撤回',
      '查看报到进度',
      { method: 'navigateTo', url: '/pages/checkin-status/checkin-status' },
    ],
    [
      'ALREADY_PLACED',
      '您已纳入“新桥社区第一党支部”管理，无需再报到',
      '返回首页',
      { method: 'reLaunch', url: '/pages/home/home' },
    ],
    ['NOT_REGISTERED', '请先完成党员登记', '去登记', { method: 'navigateTo', url: '/pages/profile/profile' }],
  ] as const)('handles %s with a next step', async (code, serverMessage, actionText, navigation) => {
    const page = await open();
    await page.click('.suggestion');
    fake.respond('checkin.submit', fail(code, serverMessage));
    await page.tap('#confirm');
    const sheetText = page.find('.sheet')?.dom?.textContent ?? '';
    expect(sheetText).toContain(code === 'NOT_REGISTERED' ? '您还没有登记党员信息' : serverMessage);
    expect(sheetText).toContain(actionText);
    await page.tap('#sheet-action');
    expect(fake.lastNavigation()).toEqual(navigation);
  });

  it('keeps the sheet open with the message when the network fails, so 确认报到 retries', async () => {
    const page = await open();
    await page.click('.suggestion');
    fake.failTransport('checkin.submit', 'request:fail');
    await page.tap('#confirm');
    expect(page.text()).toContain('网络不通');
    fake.respond('checkin.submit', ok(checkinView()));
    await page.tap('#confirm');
    expect(fake.callsOf('checkin.submit')).toHaveLength(2);
  });

  describe('asking to be told', () => {
    const TEMPLATES = {
      checkin_result: 'tmpl_checkin_result',
      activity_reminder: 'tmpl_activity',
      placement_update: 'tmpl_placement',
      todo_reminder: 'tmpl_todo',
    };
    beforeEach(() => {
      fake.storage.set('notify.templates', TEMPLATES);
    });

    it('never asks on load, asks at the submit tap, and records what was accepted', async () => {
      const page = await open();
      expect(fake.subscribeRequests).toEqual([]);
      await page.click('.suggestion');
      expect(fake.subscribeRequests).toEqual([]);
      fake.answerSubscribe({ tmpl_checkin_result: 'accept', tmpl_activity: 'accept', tmpl_placement: 'reject' });
      fake.respond('checkin.submit', ok(checkinView()));
      fake.respond('notify.subscribe', ok({ accepted: ['checkin_result', 'activity_reminder'] }));
      await page.tap('#confirm');
      expect(fake.subscribeRequests).toEqual([['tmpl_checkin_result', 'tmpl_activity', 'tmpl_placement']]);
      expect(fake.callsOf('checkin.submit')).toEqual([{ orgId: 'o_jj_sz', via: 'suggestion' }]);
      expect(fake.callsOf('notify.subscribe')).toEqual([
        {
          answers: { tmpl_checkin_result: 'accept', tmpl_activity: 'accept', tmpl_placement: 'reject' },
          requestId: expect.any(String),
        },
      ]);
    });

    it('honours a refusal: the refused template is not asked for again, and nothing is recorded', async () => {
      fake.storage.set('notify.refused', { checkin_result: Date.now(), activity_reminder: Date.now() });
      const page = await open();
      await page.click('.suggestion');
      fake.answerSubscribe({ tmpl_placement: 'reject' });
      fake.respond('checkin.submit', fail('CHECKIN_ALREADY_OPEN', '您已提交报到申请'));
      await page.tap('#confirm');
      expect(fake.subscribeRequests).toEqual([['tmpl_placement']]);
      expect(fake.callsOf('notify.subscribe')).toEqual([]);
      expect(fake.storage.get('notify.refused')).toEqual(expect.objectContaining({ placement_update: expect.any(Number) }));

      // Everything refused: the sheet is not opened at all, and the check-in goes on.
      fake.respond('checkin.submit', ok(checkinView()));
      await page.click('.suggestion');
      await page.tap('#confirm');
      expect(fake.subscribeRequests).toHaveLength(1);
      expect(fake.callsOf('checkin.submit')).toHaveLength(2);
    });

    it('goes on with the check-in when the sheet fails or subscriptions are off', async () => {
      const page = await open();
      await page.click('.suggestion');
      fake.answerSubscribe({ errMsg: 'requestSubscribeMessage:fail cancel' });
      fake.respond('checkin.submit', ok(checkinView()));
      await page.tap('#confirm');
      expect(fake.callsOf('notify.subscribe')).toEqual([]);
      expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/checkin-status/checkin-status' });
    });
  });
});
