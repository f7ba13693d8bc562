import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { activityView } from '../../../../test/setup/fixtures';
import { ACTIVITY_KINDS, type ActivityKind, HOME_LIFE_KINDS } from '../../../../server/contract/activities';

const pageId = loadUnit('pages/activity-form/activity-form');
const fake = useWxFake();
const OPTIONS = { branchId: 'o_xinqiao1' };
/** What a branch with no members of its own away may arrange. */
const BRANCH_KINDS = ACTIVITY_KINDS.filter((kind) => !HOME_LIFE_KINDS.includes(kind));

function open(kinds: ActivityKind[] = [...BRANCH_KINDS]): Promise<PageDriver> {
  fake.respond('activity.kinds', ok({ kinds }));
  return openPage(pageId, 'onLoad', OPTIONS);
}

async function fill(page: PageDriver, kind = 'general_meeting'): Promise<void> {
  await page.input('#kind', kind);
  await page.input('#topic', ' 学习党的二十届四中全会精神 ');
  await page.input('#place', '新桥社区党群服务中心二楼');
  await page.fire('#date', 'change', { value: '2026-11-28' });
  await page.fire('#startTime', 'change', { value: '19:00' });
  await page.input('#duration', 90);
}

function fieldError(page: PageDriver, row: string): string {
  return page.find(`#row-${row} .field-error`)?.dom?.textContent ?? '';
}

describe('activity-form', () => {
  it('shows the kinds the branch may arrange and the duration choices, and asks nothing else yet', async () => {
    const page = await open();
    expect(fake.callsOf('activity.kinds')).toEqual([{ branchId: 'o_xinqiao1' }]);
    expect(fake.callsOf('activity.create')).toEqual([]);
    expect(page.text()).toContain('活动类型 *');
    expect(page.text()).toContain('三会一课：支部党员大会、支委会、党小组会、党课');
    const data = page.data as { kindOptions: Array<{ label: string }>; durationOptions: Array<{ label: string }> };
    expect(data.kindOptions.map((option) => option.label)).toEqual([
      '支部党员大会',
      '支委会',
      '党小组会',
      '党课',
      '主题党日',
      '志愿服务',
    ]);
    expect(page.has('.home-life-hint')).toBe(false);
    expect(data.durationOptions.map((option) => option.label)).toEqual(['30 分钟', '1 小时', '1.5 小时', '2 小时', '半天']);
    expect(page.has('#row-volunteerHours')).toBe(false);
  });

  it('offers 返乡报到 and 集中补学 where the server does (a home branch), and says for whom', async () => {
    const page = await open([...BRANCH_KINDS, 'homecoming_report', 'makeup_study']);
    const data = page.data as { kindOptions: Array<{ label: string }> };
    expect(data.kindOptions.map((option) => option.label).slice(-2)).toEqual(['返乡报到', '集中补学']);
    expect(page.find('.home-life-hint')?.dom?.textContent).toContain('为本支部外出流动的党员安排');
  });

  it('says so when the kinds cannot be loaded, and retries', async () => {
    fake.failTransport('activity.kinds', 'request:fail');
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('网络不通');
    expect(page.has('#kind')).toBe(false);
    fake.respond('activity.kinds', ok({ kinds: [...BRANCH_KINDS] }));
    await page.tap('#state >>> .retry');
    expect(page.has('#kind')).toBe(true);
  });

  it('marks the empty fields and sends nothing', async () => {
    const page = await open();
    await page.input('#topic', '学习');
    await page.tap('#submit');
    expect(fake.callsOf('activity.create')).toEqual([]);
    expect(fieldError(page, 'kind')).toBe('请选择活动类型');
    expect(fieldError(page, 'place')).toBe('请填写地点');
    expect(fieldError(page, 'date')).toBe('请选择日期');
    expect(fieldError(page, 'startTime')).toBe('请选择开始时间');
    expect(fieldError(page, 'durationMinutes')).toBe('请选择活动时长');
    expect(fieldError(page, 'topic')).toBe('');
    expect(page.text()).toContain('还有 5 项需要填写');
  });

  it('schedules the activity, then opens its attendance sheet with a toast', async () => {
    const page = await open();
    await fill(page);
    expect(page.find('#row-date')?.dom?.textContent).toContain('2026年11月28日');
    fake.respond('activity.create', ok(activityView({ activityId: 'a_new1' })));
    await page.tap('#submit');
    const sent = fake.callsOf('activity.create');
    expect(sent).toEqual([
      {
        branchId: 'o_xinqiao1',
        requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,40}$/),
        kind: 'general_meeting',
        topic: '学习党的二十届四中全会精神',
        place: '新桥社区党群服务中心二楼',
        date: '2026-11-28',
        startTime: '19:00',
        durationMinutes: 90,
      },
    ]);
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/attendance/attendance?activityId=a_new1' });
    expect(fake.toasts[0]?.title).toBe('已安排，党员可在“我的组织生活”中看到');
    // A second tap after success does not schedule it twice.
    await page.tap('#submit');
    expect(fake.callsOf('activity.create')).toHaveLength(1);
  });

  it('asks for volunteer hours only for 志愿服务, and sends them only then', async () => {
    const page = await open();
    await fill(page, 'volunteer_service');
    expect(page.has('#row-volunteerHours')).toBe(true);
    expect(page.find('#row-volunteerHours')?.dom?.textContent).toContain('按活动时长计算');
    await page.fire('#volunteerHours', 'change', { value: '4' }); // 2 小时
    expect(page.find('#row-volunteerHours')?.dom?.textContent).toContain('2 小时');
    fake.respond('activity.create', ok(activityView({ activityId: 'a_vol1', kind: 'volunteer_service', volunteerHours: 2 })));
    await page.tap('#submit');
    expect(fake.callsOf('activity.create')[0]).toMatchObject({
      kind: 'volunteer_service',
      durationMinutes: 90,
      volunteerHours: 2,
    });
  });

  it('drops the hours when the kind is changed back from 志愿服务', async () => {
    const page = await open();
    await fill(page, 'volunteer_service');
    await page.fire('#volunteerHours', 'change', { value: '3' });
    await page.input('#kind', 'themed_day');
    expect(page.has('#row-volunteerHours')).toBe(false);
    fake.respond('activity.create', ok(activityView({ kind: 'themed_day' })));
    await page.tap('#submit');
    expect(fake.callsOf('activity.create')[0]).not.toHaveProperty('volunteerHours');
    expect(fake.callsOf('activity.create')[0]).toMatchObject({ kind: 'themed_day' });
  });

  it('resends the same request id after a network failure, so the activity is made once', async () => {
    const page = await open();
    await fill(page);
    fake.failTransport('activity.create', 'request:fail timeout');
    await page.tap('#submit');
    expect(page.find('.submit-error')?.dom?.textContent).toContain('网络不通');
    expect(fake.navigations).toEqual([]);
    fake.respond('activity.create', ok(activityView({ activityId: 'a_new1' })));
    await page.tap('#submit');
    const [first, second] = fake.callsOf('activity.create');
    expect(second.requestId).toBe(first.requestId);
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/attendance/attendance?activityId=a_new1' });
  });

  it('makes a new request id for each new form', async () => {
    const one = await open();
    const two = await open();
    expect(one.data.requestId).toEqual(expect.any(String));
    expect(two.data.requestId).not.toBe(one.data.requestId);
  });

  it("shows the server's field error beside its field", async () => {
    const page = await open();
    await fill(page);
    fake.respond('activity.create', fail('BAD_REQUEST', '活动日期不能早于今天', 'date'));
    await page.tap('#submit');
    expect(fieldError(page, 'date')).toBe('活动日期不能早于今天');
    expect(fieldError(page, 'topic')).toBe('');
    expect(fake.navigations).toEqual([]);
    await page.fire('#date', 'change', { value: '2026-11-29' });
    expect(fieldError(page, 'date')).toBe('');
  });

  it('shows a volunteer-hours refusal beside the hours', async () => {
    const page = await open();
    await fill(page, 'volunteer_service');
    await page.fire('#volunteerHours', 'change', { value: '24' });
    fake.respond('activity.create', fail('BAD_REQUEST', '志愿服务时长不能超过活动时长', 'volunteerHours'));
    await page.tap('#submit');
    expect(fake.callsOf('activity.create')[0]).toMatchObject({ volunteerHours: 12 });
    expect(fieldError(page, 'volunteerHours')).toBe('志愿服务时长不能超过活动时长');
  });

  it('on FORBIDDEN says so and offers the way home', async () => {
    const page = await open();
    await fill(page);
    fake.respond('activity.create', fail('FORBIDDEN'));
    await page.tap('#submit');
    expect(page.find('.submit-error')?.dom?.textContent).toContain('您没有办理这项业务的权限');
    await page.tap('#notice-action');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('sends the person home when opened without a branch', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有指定支部');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
    expect(fake.calls).toEqual([]);
  });
});
