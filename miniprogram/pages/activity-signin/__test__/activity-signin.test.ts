import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { activityView, attendanceView } from '../../../../test/setup/fixtures';
import type { ActivityView, AttendanceView, SignInView } from '../../../../server/contract/activities';

const pageId = loadUnit('pages/activity-signin/activity-signin');
const fake = useWxFake();

const CODE_OPTIONS = { scene: encodeURIComponent('a=a_meeting1') };
/** The server's view of the caller's sign-in; the fixture activity's window is 10:30–12:30 UTC. */
const signIn = (state: SignInView['state'] = 'open'): SignInView => ({
  state,
  opensAt: '2026-11-28T10:30:00.000Z',
  closesAt: '2026-11-28T12:30:00.000Z',
});

async function open(
  activity: ActivityView = activityView(),
  mine: AttendanceView | null = null,
  options: Record<string, string> = CODE_OPTIONS,
  state: SignInView['state'] = 'open',
): Promise<PageDriver> {
  fake.respond('activity.resolveCode', ok({ activity, mine, signIn: signIn(state) }));
  return openPage(pageId, 'onLoad', options);
}

describe('activity-signin', () => {
  it('shows loading, then the activity of the scanned code with its sign-in window', async () => {
    const held = fake.hold('activity.resolveCode');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', CODE_OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ activity: activityView(), mine: null, signIn: signIn() }));
    await loading;
    // The code's scene arrives encoded; the server gets it decoded.
    expect(fake.callsOf('activity.resolveCode')).toEqual([{ scene: 'a=a_meeting1' }]);
    const text = page.text();
    expect(text).toContain('支部党员大会');
    expect(text).toContain('学习党的二十届四中全会精神');
    // 11:00–12:30 UTC is 19:00–20:30 in Shanghai; sign-in 10:30–12:30 UTC.
    expect(text).toContain('2026年11月28日 19:00–20:30');
    expect(text).toContain('新桥社区党群服务中心二楼');
    expect(text).toContain('签到时间：18:30 至 20:30');
    expect(text).toContain('您还没有签到');
    expect(page.has('#sign-in')).toBe(true);
  });

  it('resolves an activity opened from 我的组织生活 by its id', async () => {
    await open(activityView(), null, { activityId: 'a_meeting1' });
    expect(fake.callsOf('activity.resolveCode')).toEqual([{ scene: 'a=a_meeting1' }]);
  });

  it('signs in and shows the time it was recorded', async () => {
    const page = await open();
    fake.respond('activity.signIn', ok({ attendance: attendanceView(), alreadySignedIn: false }));
    await page.tap('#sign-in');
    expect(fake.callsOf('activity.signIn')).toEqual([{ activityId: 'a_meeting1' }]);
    expect(page.text()).toContain('签到成功');
    expect(page.text()).toContain('签到时间：2026年11月28日 18:58');
    expect(page.has('#sign-in')).toBe(false);
    await page.tap('#done');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/my-life/my-life' });
  });

  it('says a second sign-in is not counted twice', async () => {
    const page = await open();
    fake.respond('activity.signIn', ok({ attendance: attendanceView(), alreadySignedIn: true }));
    await page.tap('#sign-in');
    expect(page.text()).toContain('您已签到过，不会重复计算');
    expect(page.text()).not.toContain('签到成功');
  });

  it('goes back to 我的组织生活 when that page opened it', async () => {
    const g = globalThis as unknown as { getCurrentPages: () => unknown[] };
    const original = g.getCurrentPages;
    g.getCurrentPages = () => [{ route: 'pages/my-life/my-life' }, { route: 'pages/activity-signin/activity-signin' }];
    try {
      const page = await open();
      fake.respond('activity.signIn', ok({ attendance: attendanceView(), alreadySignedIn: false }));
      await page.tap('#sign-in');
      await page.tap('#done');
      expect(fake.lastNavigation()).toEqual({ method: 'navigateBack', delta: 1 });
    } finally {
      g.getCurrentPages = original;
    }
  });

  it('says before any tap when sign-in opens, offers no 签到 until then, and looks again on 刷新', async () => {
    const page = await open(activityView(), null, CODE_OPTIONS, 'not_yet_open');
    expect(page.has('#sign-in')).toBe(false);
    // 10:30 UTC is 18:30 in Shanghai.
    expect(page.find('.before-tap-text')?.dom?.textContent).toContain('签到还没开始，2026年11月28日 18:30 开始签到');
    fake.respond('activity.resolveCode', ok({ activity: activityView(), mine: null, signIn: signIn('open') }));
    await page.tap('#before-tap-action');
    expect(fake.callsOf('activity.resolveCode')).toHaveLength(2);
    expect(page.has('#sign-in')).toBe(true);
    expect(fake.callsOf('activity.signIn')).toEqual([]);
  });

  it('tells someone not placed in the branch before the tap, and leads to check-in', async () => {
    const page = await open(activityView(), null, CODE_OPTIONS, 'not_placed');
    expect(page.has('#sign-in')).toBe(false);
    expect(page.find('.before-tap-text')?.dom?.textContent).toContain('您还没有纳入“新桥社区第一党支部”管理');
    await page.tap('#before-tap-action');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/checkin/checkin' });
  });

  it('says sign-in has ended before the tap and leads back to 我的组织生活', async () => {
    const page = await open(activityView(), null, CODE_OPTIONS, 'closed');
    expect(page.has('#sign-in')).toBe(false);
    expect(page.find('.before-tap-text')?.dom?.textContent).toContain('签到已结束');
    await page.tap('#before-tap-action');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/my-life/my-life' });
    expect(fake.callsOf('activity.signIn')).toEqual([]);
  });

  it('shows when sign-in opens, keeps 签到 for later and leads back to 我的组织生活', async () => {
    const page = await open();
    fake.respond('activity.signIn', fail('SIGN_IN_CLOSED', '签到还没开始，11月28日 18:30 开始签到'));
    await page.tap('#sign-in');
    expect(page.find('.refusal')?.dom?.textContent).toContain('签到还没开始，11月28日 18:30 开始签到');
    expect(page.has('#sign-in')).toBe(true);
    fake.respond('activity.signIn', ok({ attendance: attendanceView(), alreadySignedIn: false }));
    await page.tap('#sign-in');
    expect(fake.callsOf('activity.signIn')).toHaveLength(2);
    expect(page.text()).toContain('签到成功');
    expect(page.has('.refusal')).toBe(false);
  });

  it('leads back to 我的组织生活 after sign-in has ended', async () => {
    const page = await open();
    fake.respond('activity.signIn', fail('SIGN_IN_CLOSED', '签到已结束'));
    await page.tap('#sign-in');
    expect(page.text()).toContain('签到已结束');
    await page.tap('#refusal-action');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/my-life/my-life' });
  });

  it('explains that only members placed in the branch can sign in and leads to check-in', async () => {
    const page = await open();
    fake.respond('activity.signIn', fail('NOT_PLACED', '您还没有纳入“新桥社区第一党支部”管理，不能在这项活动签到'));
    await page.tap('#sign-in');
    const refusal = page.find('.refusal')?.dom?.textContent ?? '';
    expect(refusal).toContain('您还没有纳入“新桥社区第一党支部”管理');
    expect(refusal).toContain('只有纳入这个支部管理的党员才能在这里签到');
    expect(page.has('#sign-in')).toBe(false);
    await page.tap('#refusal-action');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/checkin/checkin' });
  });

  it('shows a cancellation the server reports at sign-in', async () => {
    const page = await open();
    fake.respond('activity.signIn', fail('ACTIVITY_CANCELLED', '这项活动已经取消（暴雨预警）'));
    await page.tap('#sign-in');
    expect(page.text()).toContain('这项活动已经取消（暴雨预警）');
    expect(page.has('#sign-in')).toBe(false);
    await page.tap('#cancelled-back');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/my-life/my-life' });
  });

  it('shows an activity already cancelled without a sign-in button', async () => {
    const page = await open(activityView({ status: 'cancelled', cancelReason: '暴雨预警' }));
    expect(page.text()).toContain('这项活动已取消：暴雨预警');
    expect(page.has('#sign-in')).toBe(false);
  });

  it('shows leave marked by the secretary and still lets the member sign in', async () => {
    const page = await open(activityView(), attendanceView({ status: 'leave', via: 'secretary', reason: '出车在外地' }));
    expect(page.text()).toContain('支部书记已登记您请假（出车在外地）');
    expect(page.has('#sign-in')).toBe(true);
  });

  it('shows that the member has already signed in', async () => {
    const page = await open(activityView(), attendanceView());
    expect(page.text()).toContain('您已签到（2026年11月28日 18:58）');
    expect(page.has('#sign-in')).toBe(false);
  });

  it('keeps 签到 as the retry when the network fails', async () => {
    const page = await open();
    fake.failTransport('activity.signIn', 'request:fail timeout');
    await page.tap('#sign-in');
    expect(page.text()).toContain('网络不通');
    fake.respond('activity.signIn', ok({ attendance: attendanceView(), alreadySignedIn: false }));
    await page.tap('#sign-in');
    expect(fake.callsOf('activity.signIn')).toEqual([{ activityId: 'a_meeting1' }, { activityId: 'a_meeting1' }]);
    expect(page.text()).toContain('签到成功');
  });

  it('sends an unregistered member to register', async () => {
    const page = await open();
    fake.respond('activity.signIn', fail('NOT_REGISTERED'));
    await page.tap('#sign-in');
    expect(page.text()).toContain('您还没有登记党员信息');
    await page.tap('#refusal-action');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/profile/profile' });
  });

  it('lets the person scan again when the code is not a sign-in code', async () => {
    fake.respond('activity.resolveCode', fail('INVALID_CODE', '这不是活动签到码', 'scene'));
    const page = await openPage(pageId, 'onLoad', { scene: encodeURIComponent('b=o_xinqiao1') });
    expect(page.text()).toContain('这不是活动签到码');
    expect(page.has('#sign-in')).toBe(false);
    fake.answerScan({ path: 'pages/activity-signin/activity-signin?scene=a%3Da_meeting1' });
    fake.respond('activity.resolveCode', ok({ activity: activityView(), mine: null, signIn: signIn() }));
    await page.tap('#scan');
    expect(fake.callsOf('activity.resolveCode')).toEqual([{ scene: 'b=o_xinqiao1' }, { scene: 'a=a_meeting1' }]);
    expect(page.has('#sign-in')).toBe(true);
  });

  it('asks for a code when opened without one, and says when a scan reads none', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('请扫描活动现场的签到码');
    expect(fake.calls).toEqual([]);
    fake.answerScan({ path: '', result: 'https://example.com/' });
    await page.tap('#scan');
    expect(page.text()).toContain('没有识别出活动签到码');
    expect(fake.calls).toEqual([]);
    await page.tap('#scan-back');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/my-life/my-life' });
  });

  it('retries the same code after a load error', async () => {
    fake.failTransport('activity.resolveCode', 'request:fail');
    const page = await openPage(pageId, 'onLoad', CODE_OPTIONS);
    expect(page.text()).toContain('网络不通');
    fake.respond('activity.resolveCode', ok({ activity: activityView(), mine: null, signIn: signIn() }));
    await page.tap('#state >>> .retry');
    expect(fake.callsOf('activity.resolveCode')).toEqual([{ scene: 'a=a_meeting1' }, { scene: 'a=a_meeting1' }]);
    expect(page.text()).toContain('签到时间：18:30 至 20:30');
  });

  it('leads back to 我的组织生活 when the activity no longer exists', async () => {
    fake.respond('activity.resolveCode', fail('NOT_FOUND', '找不到这项活动', 'scene'));
    const page = await openPage(pageId, 'onLoad', CODE_OPTIONS);
    expect(page.text()).toContain('没有找到这项活动');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: '/pages/my-life/my-life' });
  });

  it('sends an unregistered member to register when loading', async () => {
    fake.respond('activity.resolveCode', fail('NOT_REGISTERED'));
    const page = await openPage(pageId, 'onLoad', CODE_OPTIONS);
    expect(page.text()).toContain('去登记');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/profile/profile' });
  });
});
