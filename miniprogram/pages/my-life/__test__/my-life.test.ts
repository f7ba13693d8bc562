import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver, settle } from '../../../../test/setup/simulate-page';
import { activityView, attendanceView } from '../../../../test/setup/fixtures';
import type { ActionOutput } from '../../../../server/contract';

const pageId = loadUnit('pages/my-life/my-life');
const fake = useWxFake();

type Life = ActionOutput<'life.mine'>;

const branch = { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' };

function life(overrides: Partial<Life> = {}): Life {
  return {
    branch,
    upcoming: [
      { activity: activityView(), mine: null },
      {
        activity: activityView({
          activityId: 'a_lecture',
          kind: 'party_lecture',
          topic: '党课：优良作风',
          status: 'cancelled',
          cancelReason: '暴雨预警',
        }),
        mine: null,
      },
      {
        activity: activityView({
          activityId: 'a_day',
          kind: 'themed_day',
          topic: '12月主题党日',
          startsAt: '2026-12-05T01:00:00.000Z',
          endsAt: '2026-12-05T03:00:00.000Z',
        }),
        mine: attendanceView({ activityId: 'a_day', status: 'leave', via: 'secretary', reason: '在外地送货' }),
      },
    ],
    history: [
      {
        activity: activityView({
          activityId: 'a_old1',
          kind: 'volunteer_service',
          topic: '社区义诊',
          startsAt: '2026-09-20T01:00:00.000Z',
          endsAt: '2026-09-20T05:00:00.000Z',
        }),
        mine: attendanceView({ activityId: 'a_old1', status: 'present' }),
      },
      {
        activity: activityView({
          activityId: 'a_old2',
          kind: 'group_meeting',
          topic: '党小组学习',
          startsAt: '2026-08-15T11:00:00.000Z',
          endsAt: '2026-08-15T12:00:00.000Z',
        }),
        mine: attendanceView({ activityId: 'a_old2', status: 'leave', via: 'secretary', reason: '孩子生病' }),
      },
      {
        activity: activityView({
          activityId: 'a_old3',
          kind: 'general_meeting',
          topic: '二季度党员大会',
          startsAt: '2026-06-28T11:00:00.000Z',
          endsAt: '2026-06-28T12:00:00.000Z',
        }),
        mine: attendanceView({ activityId: 'a_old3', status: 'absent', via: 'secretary' }),
      },
    ],
    attendedThisYear: 5,
    volunteerHoursThisYear: 4.5,
    serviceHoursThisYear: 0,
    lastLifeOn: '2026-09-20',
    ...overrides,
  };
}

async function open(data: Life = life()): Promise<PageDriver> {
  fake.respond('life.mine', ok(data));
  return openPage(pageId, 'onLoad', {});
}

function rowText(page: PageDriver, selector: string, index: number): string {
  return (page.findAll(selector)[index]?.dom?.textContent ?? '').replace(/\s+/g, ' ');
}

describe('my-life', () => {
  it('shows loading, then the branch, this year’s figures, upcoming activities and history', async () => {
    const held = fake.hold('life.mine');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', {});
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(life()));
    await loading;
    expect(fake.callsOf('life.mine')).toEqual([{}]);
    expect(page.text()).toContain('新桥社区第一党支部');
    expect(page.text()).toContain('今年参加组织生活 5 次，志愿服务 4.5 小时，最近一次 2026年9月20日');
    expect(page.has('#scan')).toBe(true);

    expect(page.findAll('.upcoming')).toHaveLength(3);
    const first = rowText(page, '.upcoming', 0);
    expect(first).toContain('支部党员大会');
    expect(first).toContain('学习党的二十届四中全会精神');
    expect(first).toContain('2026年11月28日 19:00–20:30');
    expect(first).toContain('新桥社区党群服务中心二楼');
    expect(first).not.toContain('已取消');
    const cancelled = rowText(page, '.upcoming', 1);
    expect(cancelled).toContain('已取消');
    expect(cancelled).toContain('这项活动已取消：暴雨预警');
    const onLeave = rowText(page, '.upcoming', 2);
    expect(onLeave).toContain('已请假');
    expect(onLeave).toContain('请假原因：在外地送货');
    expect(onLeave).toContain('2026年12月5日 09:00–11:00');

    expect(page.findAll('.history')).toHaveLength(3);
    expect(rowText(page, '.history', 0)).toContain('社区义诊');
    expect(rowText(page, '.history', 0)).toContain('志愿服务 · 2026年9月20日');
    expect(rowText(page, '.history', 0)).toContain('出席');
    expect(rowText(page, '.history', 1)).toContain('请假');
    expect(rowText(page, '.history', 1)).toContain('请假原因：孩子生病');
    expect(rowText(page, '.history', 2)).toContain('缺席');
    // Members never see what is reported home about them.
    expect(page.text()).not.toMatch(/评价|反馈|报告|评议/);
  });

  it("counts the services to residents the residents confirmed among the year's volunteer hours", async () => {
    const page = await open(life({ volunteerHoursThisYear: 6.5, serviceHoursThisYear: 2 }));
    expect(page.text()).toContain('志愿服务 6.5 小时（其中为居民服务 2 小时），最近一次 2026年9月20日');
  });

  it('says when nothing is scheduled or recorded yet', async () => {
    const page = await open(
      life({
        upcoming: [],
        history: [],
        attendedThisYear: 0,
        volunteerHoursThisYear: 0,
        serviceHoursThisYear: 0,
        lastLifeOn: null,
      }),
    );
    expect(page.text()).toContain('今年参加组织生活 0 次，志愿服务 0 小时，还没有参加记录');
    expect(page.text()).toContain('近期支部还没有安排活动');
    expect(page.text()).toContain('还没有参加记录。参加活动时扫码签到');
    expect(page.has('#scan')).toBe(true);
  });

  it('explains the page to a member not placed in a branch and leads to check-in', async () => {
    const page = await open(
      life({
        branch: null,
        upcoming: [],
        history: [],
        attendedThisYear: 0,
        volunteerHoursThisYear: 0,
        serviceHoursThisYear: 0,
        lastLifeOn: null,
      }),
    );
    expect(page.text()).toContain('纳入支部管理后，这里会显示支部的组织生活');
    expect(page.has('#scan')).toBe(false);
    expect(page.has('.history')).toBe(false);
    await page.tap('#go-checkin');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/checkin/checkin' });
  });

  it('keeps a former branch member’s own history', async () => {
    const page = await open(life({ branch: null, upcoming: [] }));
    expect(page.text()).toContain('纳入支部管理后');
    expect(page.findAll('.history')).toHaveLength(3);
  });

  it('scans a sign-in code, opens the sign-in page with its scene and reloads on the way back', async () => {
    const page = await open();
    fake.answerScan({ path: 'pages/activity-signin/activity-signin?scene=a%3Da_meeting1' });
    await page.tap('#scan');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: '/pages/activity-signin/activity-signin?scene=a%3Da_meeting1',
    });
    fake.respond('life.mine', ok(life({ attendedThisYear: 6 })));
    await page.run('onShow');
    expect(fake.callsOf('life.mine')).toHaveLength(2);
    expect(page.text()).toContain('今年参加组织生活 6 次');
  });

  it('does not reload when it shows again without having left for sign-in', async () => {
    const page = await open();
    await page.run('onShow');
    expect(fake.callsOf('life.mine')).toHaveLength(1);
  });

  it('says when a scan reads no sign-in code, and stays quiet when scanning is cancelled', async () => {
    const page = await open();
    fake.answerScan({ path: '', result: 'https://example.com/' });
    await page.tap('#scan');
    expect(page.find('.scan-error')?.dom?.textContent).toContain('没有识别出活动签到码');
    expect(fake.navigations).toEqual([]);
    fake.answerScan({ errMsg: 'scanCode:fail cancel' });
    await page.tap('#scan');
    expect(page.has('.scan-error')).toBe(false);
    expect(fake.navigations).toEqual([]);
  });

  it('opens an upcoming activity’s sign-in page by its id', async () => {
    const page = await open();
    page.findAll('.upcoming')[2].dispatchEvent('tap', { detail: {} });
    await settle();
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: '/pages/activity-signin/activity-signin?activityId=a_day',
    });
    // Back from signing in, the record is read again.
    fake.respond('life.mine', ok(life()));
    await page.run('onShow');
    expect(fake.callsOf('life.mine')).toHaveLength(2);
  });

  it('sends an unregistered member to register', async () => {
    fake.respond('life.mine', fail('NOT_REGISTERED'));
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('您还没有登记党员信息');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/profile/profile' });
  });

  it('retries after a load error', async () => {
    fake.failTransport('life.mine', 'request:fail timeout');
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('网络不通');
    fake.respond('life.mine', ok(life()));
    await page.tap('#state >>> .retry');
    expect(page.text()).toContain('今年参加组织生活 5 次');
  });
});
