import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { activityView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/activities/activities');
const fake = useWxFake();
const OPTIONS = { branchId: 'o_xinqiao1' };

const meeting = activityView({ presentCount: 3, leaveCount: 1, version: 4 });
const lecture = activityView({
  activityId: 'a_lecture1',
  kind: 'party_lecture',
  topic: '党课：做合格党员',
  startsAt: '2026-12-05T01:00:00.000Z',
  endsAt: '2026-12-05T02:00:00.000Z',
  signInOpensAt: '2026-12-05T00:30:00.000Z',
  signInClosesAt: '2026-12-05T02:00:00.000Z',
});
const cancelledDay = activityView({
  activityId: 'a_day1',
  kind: 'themed_day',
  topic: '主题党日：清理楼道',
  status: 'cancelled',
  cancelReason: '台风预警，改期另行通知',
});

async function open(items = [meeting, lecture], nextCursor: string | null = null): Promise<PageDriver> {
  fake.respond('activity.list', ok({ items, nextCursor }));
  return openPage(pageId, 'onLoad', OPTIONS);
}

describe('activities', () => {
  it('shows loading, then the upcoming activities with kind, Shanghai time, place and counts', async () => {
    const held = fake.hold('activity.list');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ items: [meeting, lecture], nextCursor: null }));
    await loading;
    expect(fake.callsOf('activity.list')).toEqual([{ branchId: 'o_xinqiao1', when: 'upcoming', cursor: null }]);
    const rows = page.findAll('.activity');
    expect(rows).toHaveLength(2);
    const first = rows[0].dom?.textContent ?? '';
    expect(first).toContain('支部党员大会');
    expect(first).toContain('学习党的二十届四中全会精神');
    // 11:00Z is 19:00 in Shanghai.
    expect(first).toContain('2026年11月28日 19:00–20:30');
    expect(first).toContain('新桥社区党群服务中心二楼');
    expect(first).toContain('已签到 3 人 / 请假 1 人');
    expect(rows[1].dom?.textContent).toContain('党课');
    expect(rows[1].dom?.textContent).toContain('2026年12月5日 09:00–10:00');
    expect(page.findAll('.cancel')).toHaveLength(2);
  });

  it('tags a cancelled activity with its reason and offers no cancel for it', async () => {
    const page = await open([cancelledDay]);
    const row = page.find('.activity')?.dom?.textContent ?? '';
    expect(row).toContain('已取消');
    expect(row).toContain('取消原因：台风预警，改期另行通知');
    expect(page.has('.cancel')).toBe(false);
  });

  it('opens the attendance sheet of a tapped activity, and the form from 安排活动', async () => {
    const page = await open();
    await page.tapNth('.activity-body', 1);
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/attendance/attendance?activityId=a_lecture1' });
    await page.tap('#create');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: '/pages/activity-form/activity-form?branchId=o_xinqiao1',
    });
  });

  it('switches to 已开展, which asks for past activities and offers no cancel', async () => {
    const page = await open();
    fake.respond('activity.list', ok({ items: [activityView({ activityId: 'a_old', presentCount: 8 })], nextCursor: null }));
    await page.tap('#tab-past');
    expect(fake.callsOf('activity.list')[1]).toEqual({ branchId: 'o_xinqiao1', when: 'past', cursor: null });
    expect(page.findAll('.activity')).toHaveLength(1);
    expect(page.text()).toContain('已签到 8 人');
    expect(page.has('.cancel')).toBe(false);
  });

  it('keeps the newer tab when an older answer arrives late', async () => {
    const held = fake.hold('activity.list');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    fake.respond(
      'activity.list',
      ok({ items: [activityView({ activityId: 'a_old', topic: '十月主题党日' })], nextCursor: null }),
    );
    await page.tap('#tab-past');
    held.resolve(ok({ items: [meeting, lecture], nextCursor: null }));
    await loading;
    expect(page.findAll('.activity')).toHaveLength(1);
    expect(page.text()).toContain('十月主题党日');
  });

  it('when nothing is scheduled, offers to schedule one; an empty past offers a refresh', async () => {
    const page = await open([]);
    expect(page.text()).toContain('近期没有安排的活动');
    await page.tap('#empty >>> .empty-action');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: '/pages/activity-form/activity-form?branchId=o_xinqiao1',
    });

    fake.respond('activity.list', ok({ items: [], nextCursor: null }));
    await page.tap('#tab-past');
    expect(page.text()).toContain('还没有开展过的活动');
    fake.respond('activity.list', ok({ items: [meeting], nextCursor: null }));
    await page.tap('#empty >>> .empty-action');
    expect(fake.callsOf('activity.list')[2]).toEqual({ branchId: 'o_xinqiao1', when: 'past', cursor: null });
    expect(page.findAll('.activity')).toHaveLength(1);
  });

  it('shows a load error with a retry, and FORBIDDEN with the way home', async () => {
    fake.failTransport('activity.list', 'request:fail timeout');
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('网络不通');
    fake.respond('activity.list', ok({ items: [meeting], nextCursor: null }));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.activity')).toHaveLength(1);

    fake.respond('activity.list', fail('FORBIDDEN'));
    await page.run('load');
    expect(page.text()).toContain('您没有办理这项业务的权限');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('sends the person home when opened without a branch', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(fake.calls).toEqual([]);
    expect(page.text()).toContain('没有指定支部');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('loads more with the cursor', async () => {
    const page = await open([meeting], 'cur1');
    fake.respond('activity.list', ok({ items: [lecture], nextCursor: null }));
    await page.tap('#more');
    expect(fake.callsOf('activity.list')[1]).toEqual({ branchId: 'o_xinqiao1', when: 'upcoming', cursor: 'cur1' });
    expect(page.findAll('.activity')).toHaveLength(2);
    expect(page.has('#more')).toBe(false);
  });

  it('cancels with the reason and the version, and tags the row', async () => {
    const page = await open();
    await page.tapNth('.cancel', 0);
    expect(page.find('.sheet')?.dom?.textContent).toContain('支部党员大会：学习党的二十届四中全会精神');
    await page.input('#cancel-reason', ' 台风预警 ');
    fake.respond('activity.cancel', ok(activityView({ ...meeting, status: 'cancelled', cancelReason: '台风预警', version: 5 })));
    await page.tap('#confirm-cancel');
    expect(fake.callsOf('activity.cancel')).toEqual([{ activityId: 'a_meeting1', version: 4, reason: '台风预警' }]);
    expect(page.has('.sheet')).toBe(false);
    const row = page.findAll('.activity')[0].dom?.textContent ?? '';
    expect(row).toContain('已取消');
    expect(row).toContain('取消原因：台风预警');
    expect(page.findAll('.cancel')).toHaveLength(1);
    expect(fake.toasts[0]?.title).toBe('活动已取消');
  });

  it('names an activity whose topic already starts with its kind once in the cancel sheet', async () => {
    const page = await open([lecture]);
    await page.tapNth('.cancel', 0);
    expect(page.find('.sheet-activity')?.dom?.textContent).toBe('党课：做合格党员');
  });

  it("shows the server's word on the reason under the text box, and keeps the sheet open", async () => {
    const page = await open();
    await page.tapNth('.cancel', 0);
    fake.respond('activity.cancel', fail('BAD_REQUEST', '请写明取消原因', 'reason'));
    await page.tap('#confirm-cancel');
    expect(fake.callsOf('activity.cancel')).toEqual([{ activityId: 'a_meeting1', version: 4, reason: '' }]);
    expect(page.find('.reason-error')?.dom?.textContent).toBe('请写明取消原因');
    expect(page.has('.sheet')).toBe(true);
    await page.input('#cancel-reason', '改期');
    expect(page.has('.reason-error')).toBe(false);
  });

  it('shows another refusal inside the sheet', async () => {
    const page = await open();
    await page.tapNth('.cancel', 0);
    await page.input('#cancel-reason', '改期');
    fake.respond('activity.cancel', fail('FORBIDDEN'));
    await page.tap('#confirm-cancel');
    expect(page.find('.sheet-error')?.dom?.textContent).toBe('您没有办理这项业务的权限');
  });

  it('on CONFLICT tells that someone else changed it and reloads the list', async () => {
    const page = await open();
    await page.tapNth('.cancel', 0);
    await page.input('#cancel-reason', '改期');
    fake.respond('activity.cancel', fail('CONFLICT'));
    fake.respond(
      'activity.list',
      ok({ items: [activityView({ ...meeting, topic: '改过的主题', version: 5 })], nextCursor: null }),
    );
    await page.tap('#confirm-cancel');
    expect(page.has('.sheet')).toBe(false);
    expect(page.find('#notice')?.dom?.textContent).toContain('刚被其他人修改过');
    expect(fake.callsOf('activity.list')).toHaveLength(2);
    expect(page.text()).toContain('改过的主题');
  });

  it('shows fresh rows when the secretary comes back to the page', async () => {
    const page = await open([meeting]);
    await page.run('onShow');
    expect(fake.callsOf('activity.list')).toHaveLength(1);
    await page.run('onHide');
    fake.respond('activity.list', ok({ items: [meeting, lecture], nextCursor: null }));
    await page.run('onShow');
    expect(fake.callsOf('activity.list')).toHaveLength(2);
    expect(page.findAll('.activity')).toHaveLength(2);
  });
});
