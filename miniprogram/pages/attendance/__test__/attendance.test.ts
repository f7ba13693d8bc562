import type { ActionOutput } from '../../../../server/contract';
import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { activityView, attendanceView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/attendance/attendance');
const fake = useWxFake();
const OPTIONS = { activityId: 'a_meeting1' };

type Sheet = ActionOutput<'activity.attendance'>;

const meeting = activityView({ presentCount: 1, leaveCount: 1 });
const wang = { member: { memberId: 'm_1', name: '王建国' }, attendance: attendanceView() };
const li = {
  member: { memberId: 'm_2', name: '李红梅' },
  attendance: attendanceView({
    attendanceId: 'at_a_meeting1_m_2',
    memberId: 'm_2',
    memberName: '李红梅',
    status: 'leave',
    via: 'secretary',
    reason: '在外地跑车',
    recordedByName: '李秀英',
    version: 3,
  }),
};
const zhang = { member: { memberId: 'm_3', name: '张伟' }, attendance: null };

function sheet(overrides: Partial<Sheet> = {}): Sheet {
  return { activity: meeting, lists: 'placed', rows: [wang, li, zhang], nextCursor: null, ...overrides };
}

async function open(reply: Sheet = sheet()): Promise<PageDriver> {
  fake.respond('activity.attendance', ok(reply));
  return openPage(pageId, 'onLoad', OPTIONS);
}

const rowText = (page: PageDriver, index: number): string => page.findAll('.member')[index]?.dom?.textContent ?? '';
const headerText = (page: PageDriver): string => page.find('#header')?.dom?.textContent ?? '';

describe('attendance', () => {
  it('shows loading, then the activity and every member with status, way and reason', async () => {
    const held = fake.hold('activity.attendance');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(sheet()));
    await loading;
    expect(fake.callsOf('activity.attendance')).toEqual([{ activityId: 'a_meeting1', cursor: null }]);
    expect(headerText(page)).toContain('支部党员大会');
    expect(headerText(page)).toContain('学习党的二十届四中全会精神');
    expect(headerText(page)).toContain('2026年11月28日 19:00–20:30');
    expect(headerText(page)).toContain('新桥社区党群服务中心二楼');
    expect(headerText(page)).toContain('已签到 1 人 / 请假 1 人');
    expect(rowText(page, 0)).toContain('王建国');
    expect(rowText(page, 0)).toContain('出席');
    expect(rowText(page, 0)).toContain('扫码签到');
    expect(rowText(page, 1)).toContain('请假');
    expect(rowText(page, 1)).toContain('书记登记（李秀英）');
    expect(rowText(page, 1)).toContain('请假原因：在外地跑车');
    expect(rowText(page, 2)).toContain('张伟');
    expect(rowText(page, 2)).toContain('未登记');
  });

  it('marks a member with no record as present, sending no expected version', async () => {
    const page = await open();
    await page.tapNth('.member', 2);
    expect(page.find('.sheet')?.dom?.textContent).toContain('登记 张伟 的出席情况');
    await page.input('#mark-status', 'present');
    fake.respond(
      'activity.mark',
      ok(
        attendanceView({
          memberId: 'm_3',
          memberName: '张伟',
          status: 'present',
          via: 'secretary',
          recordedByName: '李秀英',
          version: 1,
        }),
      ),
    );
    await page.tap('#save-mark');
    expect(fake.callsOf('activity.mark')).toEqual([
      { activityId: 'a_meeting1', memberId: 'm_3', status: 'present', expectedVersion: null },
    ]);
    expect(page.has('.sheet')).toBe(false);
    expect(rowText(page, 2)).toContain('出席');
    expect(rowText(page, 2)).toContain('书记登记（李秀英）');
    expect(headerText(page)).toContain('已签到 2 人 / 请假 1 人');
    expect(fake.toasts[0]?.title).toBe('已登记出席');
  });

  it("changes a leave to present with the record's version, and the counts follow", async () => {
    const page = await open();
    await page.tapNth('.member', 1);
    await page.input('#mark-status', 'present');
    fake.respond('activity.mark', ok(attendanceView({ memberId: 'm_2', status: 'present', via: 'secretary', version: 4 })));
    await page.tap('#save-mark');
    expect(fake.callsOf('activity.mark')).toEqual([
      { activityId: 'a_meeting1', memberId: 'm_2', status: 'present', expectedVersion: 3 },
    ]);
    expect(headerText(page)).toContain('已签到 2 人 / 请假 0 人');
    expect(rowText(page, 1)).not.toContain('请假原因');
  });

  it('saves nothing until a status is chosen', async () => {
    const page = await open();
    await page.tapNth('.member', 2);
    await page.tap('#save-mark');
    expect(fake.callsOf('activity.mark')).toEqual([]);
  });

  it("sends the leave reason, and shows the server's word on it beside the box", async () => {
    const page = await open();
    await page.tapNth('.member', 2);
    await page.input('#mark-status', 'leave');
    fake.respond('activity.mark', fail('BAD_REQUEST', '请假请写明原因', 'reason'));
    await page.tap('#save-mark');
    expect(fake.callsOf('activity.mark')[0]).toEqual({
      activityId: 'a_meeting1',
      memberId: 'm_3',
      status: 'leave',
      reason: '',
      expectedVersion: null,
    });
    expect(page.find('.reason-error')?.dom?.textContent).toBe('请假请写明原因');
    expect(page.has('.sheet')).toBe(true);

    await page.input('#leave-reason', ' 孩子生病 ');
    expect(page.has('.reason-error')).toBe(false);
    fake.respond('activity.mark', ok(attendanceView({ memberId: 'm_3', status: 'leave', via: 'secretary', reason: '孩子生病' })));
    await page.tap('#save-mark');
    expect(fake.callsOf('activity.mark')[1]).toEqual({
      activityId: 'a_meeting1',
      memberId: 'm_3',
      status: 'leave',
      reason: '孩子生病',
      expectedVersion: null,
    });
    expect(rowText(page, 2)).toContain('请假原因：孩子生病');
    expect(headerText(page)).toContain('请假 2 人');
  });

  it('shows SIGN_IN_CLOSED and other refusals in the sheet', async () => {
    const page = await open();
    await page.tapNth('.member', 2);
    await page.input('#mark-status', 'absent');
    fake.respond('activity.mark', fail('SIGN_IN_CLOSED', '活动开始后才能登记'));
    await page.tap('#save-mark');
    expect(page.find('.sheet-error')?.dom?.textContent).toBe('活动开始后才能登记');
    fake.respond('activity.mark', fail('BAD_REQUEST', '只能登记本支部的党员'));
    await page.tap('#save-mark');
    expect(page.find('.sheet-error')?.dom?.textContent).toBe('只能登记本支部的党员');
    expect(rowText(page, 2)).toContain('未登记');
  });

  it('on CONFLICT closes the sheet, says so and reloads the rows', async () => {
    const page = await open();
    await page.tapNth('.member', 2);
    await page.input('#mark-status', 'absent');
    fake.respond('activity.mark', fail('CONFLICT'));
    const markedElsewhere = { ...zhang, attendance: attendanceView({ memberId: 'm_3', memberName: '张伟', status: 'present' }) };
    fake.respond(
      'activity.attendance',
      ok(sheet({ activity: activityView({ presentCount: 2, leaveCount: 1 }), rows: [wang, li, markedElsewhere] })),
    );
    await page.tap('#save-mark');
    expect(page.has('.sheet')).toBe(false);
    expect(page.find('#notice')?.dom?.textContent).toContain('刚被其他人登记过');
    expect(fake.callsOf('activity.attendance')).toHaveLength(2);
    expect(rowText(page, 2)).toContain('出席');
    expect(headerText(page)).toContain('已签到 2 人');
  });

  it('asks for hours of a volunteer service only when marking present, and sends them when chosen', async () => {
    const service = activityView({ kind: 'volunteer_service', topic: '为老人义务理发', volunteerHours: 2 });
    const page = await open(sheet({ activity: service, rows: [zhang] }));
    expect(headerText(page)).toContain('志愿服务时长：每人 2 小时');
    await page.tapNth('.member', 0);
    await page.input('#mark-status', 'absent');
    expect(page.has('#mark-hours')).toBe(false);
    await page.input('#mark-status', 'present');
    expect(page.find('#mark-hours')?.dom?.textContent).toContain('按活动设定（2 小时）');
    await page.fire('#mark-hours', 'change', { value: '3' }); // 1.5 小时
    fake.respond(
      'activity.mark',
      ok(attendanceView({ memberId: 'm_3', status: 'present', via: 'secretary', volunteerHours: 1.5 })),
    );
    await page.tap('#save-mark');
    expect(fake.callsOf('activity.mark')).toEqual([
      { activityId: 'a_meeting1', memberId: 'm_3', status: 'present', volunteerHours: 1.5, expectedVersion: null },
    ]);
    expect(rowText(page, 0)).toContain('志愿服务 1.5 小时');
  });

  it("shows a cancelled activity's reason, with no code and no marking", async () => {
    const page = await open(sheet({ activity: activityView({ status: 'cancelled', cancelReason: '台风预警，改期另行通知' }) }));
    expect(headerText(page)).toContain('已取消');
    expect(headerText(page)).toContain('取消原因：台风预警，改期另行通知');
    expect(page.has('#show-code')).toBe(false);
    await page.tapNth('.member', 2);
    expect(page.has('.sheet')).toBe(false);
  });

  it('shows the sign-in code with its window and saves it to the album', async () => {
    const page = await open();
    fake.respond(
      'activity.code',
      ok({
        activity: meeting,
        scene: 'a=a_meeting1',
        page: 'pages/activity-signin/activity-signin',
        imageDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
      }),
    );
    await page.tap('#show-code');
    expect(fake.callsOf('activity.code')).toEqual([{ activityId: 'a_meeting1' }]);
    expect(page.find('.code-image')?.toJSON().attrs).toContainEqual({ name: 'src', value: 'data:image/png;base64,iVBORw0KGgo=' });
    expect(page.find('.code-rule')?.dom?.textContent).toBe('党员在签到时段内（开始前 30 分钟至结束）扫码签到');
    expect(page.find('.code-window')?.dom?.textContent).toBe('签到时间：18:30 至 20:30');
    await page.tap('#save-code');
    expect(fake.writtenFiles[0]).toMatchObject({
      filePath: 'wxfile://usr/activity-code-a_meeting1.png',
      data: 'iVBORw0KGgo=',
      encoding: 'base64',
    });
    expect(fake.savedImages).toEqual(['wxfile://usr/activity-code-a_meeting1.png']);
    expect(fake.toasts[0]?.title).toBe('已保存到相册');
  });

  it('says why the code could not be made, with a retry', async () => {
    const page = await open();
    fake.respond('activity.code', fail('ACTIVITY_CANCELLED'));
    await page.tap('#show-code');
    expect(page.find('.code-error')?.dom?.textContent).toBe('这项活动已取消');
    fake.respond(
      'activity.code',
      ok({ activity: meeting, scene: 'a=a_meeting1', page: 'p', imageDataUrl: 'data:image/png;base64,AAAA' }),
    );
    await page.tap('#code-retry');
    expect(page.has('.code-image')).toBe(true);
  });

  it('shows an empty sheet with a refresh, and loads more with the cursor', async () => {
    const page = await open(sheet({ rows: [] }));
    expect(headerText(page)).toContain('学习党的二十届四中全会精神');
    expect(page.text()).toContain('签到表是空的');
    fake.respond('activity.attendance', ok(sheet({ rows: [wang], nextCursor: 'cur1' })));
    await page.tap('#empty >>> .empty-action');
    expect(page.findAll('.member')).toHaveLength(1);
    fake.respond('activity.attendance', ok(sheet({ rows: [li, zhang], nextCursor: null })));
    await page.tap('#more');
    expect(fake.callsOf('activity.attendance')[2]).toEqual({ activityId: 'a_meeting1', cursor: 'cur1' });
    expect(page.findAll('.member')).toHaveLength(3);
    expect(page.has('#more')).toBe(false);
  });

  it("says a home branch's 返乡报到 sheet lists the members who flowed out, and its empty sheet says so", async () => {
    const homecoming = { ...meeting, kind: 'homecoming_report' as const, topic: '春节返乡党员报到座谈' };
    const page = await open(sheet({ activity: homecoming, lists: 'flowed_out' }));
    expect(page.find('.flowed-out')?.dom?.textContent).toContain('从本支部外出流动的党员');
    expect(page.findAll('.member')).toHaveLength(3);

    fake.respond('activity.attendance', ok(sheet({ activity: homecoming, lists: 'flowed_out', rows: [] })));
    await page.run('load');
    expect(page.text()).toContain('本支部没有外出流动的党员');
  });

  it('shows a load error with a retry, and NOT_FOUND, and a missing activity', async () => {
    fake.respond('activity.attendance', fail('INTERNAL', 'db down'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('系统出了点问题');
    expect(page.text()).not.toContain('db down');
    fake.respond('activity.attendance', ok(sheet()));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.member')).toHaveLength(3);

    const lost = await (async () => {
      fake.respond('activity.attendance', fail('NOT_FOUND'));
      return openPage(pageId, 'onLoad', OPTIONS);
    })();
    expect(lost.text()).toContain('没有找到相关记录');

    const none = await openPage(pageId, 'onLoad', {});
    expect(none.text()).toContain('没有指定活动');
    await none.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });
});
