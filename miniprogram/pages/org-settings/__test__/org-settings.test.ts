import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import type { ActionOutput } from '../../../../server/contract';
import type { Settings } from '../../../../server/contract/settings';

const pageId = loadUnit('pages/org-settings/org-settings');
const fake = useWxFake();
const OPTIONS = { orgId: 'o_jj' };

const DEFAULTS: Settings = {
  reportPeriod: 'quarter',
  reportDueDays: 15,
  studyTargetHours: 32,
  noLifeWarnMonths: 3,
  noLifeEscalateMonths: 6,
  signInEarlyMinutes: 30,
  reminderEveryDays: 7,
  transferAfterMonths: 6,
  transferReminderDays: 14,
  placementTalkDays: 30,
  yearEndTalkWindowDays: 30,
  absenceTalkAfter: 2,
  serviceAnswerDays: 3,
  serviceEscalateDays: 7,
};

type SettingsOutput = ActionOutput<'settings.get'>;

/** This organization set the period and the warning; everything else comes from above or the default. */
const MIXED: SettingsOutput = {
  own: { reportPeriod: 'month', noLifeWarnMonths: 2 },
  effective: { ...DEFAULTS, reportPeriod: 'month', noLifeWarnMonths: 2, studyTargetHours: 40 },
  version: 3,
};
const NOTHING_OWN: SettingsOutput = { own: {}, effective: DEFAULTS, version: null };

async function open(settings: SettingsOutput = MIXED): Promise<PageDriver> {
  fake.respond('settings.get', ok(settings));
  return openPage(pageId, 'onLoad', OPTIONS);
}

function rowText(page: PageDriver, key: string): string {
  return (page.find(`#row-${key}`)?.dom?.textContent ?? '').replace(/\s+/g, ' ');
}

describe('org-settings', () => {
  it('shows loading, then each rule in force and where it comes from', async () => {
    const held = fake.hold('settings.get');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(MIXED));
    await loading;
    expect(fake.callsOf('settings.get')).toEqual([{ orgId: 'o_jj' }]);

    expect(rowText(page, 'reportPeriod')).toContain('反馈周期');
    expect(rowText(page, 'reportPeriod')).toContain('本组织外出党员的反馈报告多久一份');
    expect(rowText(page, 'reportPeriod')).toContain('本组织设置');
    expect(page.find('#reportPeriod')?.data).toMatchObject({
      value: 'month',
      options: [
        { value: 'month', label: '每月' },
        { value: 'quarter', label: '每季度' },
        { value: 'half_year', label: '每半年' },
        { value: 'year', label: '每年' },
      ],
    });
    expect(rowText(page, 'reportDueDays')).toContain('截止天数');
    expect(rowText(page, 'reportDueDays')).toContain('每期结束后 15 天内提交');
    expect(rowText(page, 'reportDueDays')).toContain('沿用上级或默认');
    expect(page.find('#reportDueDays')?.data).toMatchObject({ value: '15' });
    expect(rowText(page, 'studyTargetHours')).toContain('年度学习目标学时');
    expect(rowText(page, 'studyTargetHours')).toContain('沿用上级或默认');
    expect(page.find('#studyTargetHours')?.data).toMatchObject({ value: '40' });
    expect(rowText(page, 'noLifeWarnMonths')).toContain('组织生活预警月数');
    expect(rowText(page, 'noLifeWarnMonths')).toContain('默认 3');
    expect(rowText(page, 'noLifeWarnMonths')).toContain('本组织设置');
    expect(page.find('#noLifeWarnMonths')?.data).toMatchObject({ value: '2' });
    expect(rowText(page, 'noLifeEscalateMonths')).toContain('上报月数');
    expect(rowText(page, 'noLifeEscalateMonths')).toContain('默认 6');
    expect(rowText(page, 'signInEarlyMinutes')).toContain('签到提前分钟数');
    expect(rowText(page, 'reminderEveryDays')).toContain('逾期提醒间隔天数');
    expect(rowText(page, 'reminderEveryDays')).toContain('沿用上级或默认');
  });

  it('sends only the changed fields with the version, and shows them as set here', async () => {
    const page = await open();
    await page.input('#reportPeriod', 'quarter');
    await page.input('#reportDueDays', '20');
    await page.input('#studyTargetHours', '40');
    expect(rowText(page, 'reportDueDays')).toContain('每期结束后 20 天内提交');
    fake.respond(
      'settings.update',
      ok({
        own: { reportPeriod: 'quarter', noLifeWarnMonths: 2, reportDueDays: 20 },
        effective: { ...MIXED.effective, reportPeriod: 'quarter', reportDueDays: 20 },
        version: 4,
      }),
    );
    await page.tap('#save');
    expect(fake.callsOf('settings.update')).toEqual([
      { orgId: 'o_jj', changes: { reportPeriod: 'quarter', reportDueDays: 20 }, version: 3 },
    ]);
    expect(fake.toasts[0]?.title).toBe('已保存');
    expect(rowText(page, 'reportDueDays')).toContain('本组织设置');
    expect(page.find('#reportDueDays')?.data).toMatchObject({ value: '20' });

    await page.input('#reminderEveryDays', '3');
    fake.respond(
      'settings.update',
      ok({ own: { reminderEveryDays: 3 }, effective: { ...DEFAULTS, reminderEveryDays: 3 }, version: 5 }),
    );
    await page.tap('#save');
    expect(fake.callsOf('settings.update')[1]).toEqual({ orgId: 'o_jj', changes: { reminderEveryDays: 3 }, version: 4 });
  });

  it('sends version null when the organization has no settings of its own yet', async () => {
    const page = await open(NOTHING_OWN);
    expect(page.findAll('.source').every((tag) => (tag.dom?.textContent ?? '').includes('沿用上级或默认'))).toBe(true);
    await page.input('#studyTargetHours', '36.5');
    fake.respond(
      'settings.update',
      ok({ own: { studyTargetHours: 36.5 }, effective: { ...DEFAULTS, studyTargetHours: 36.5 }, version: 1 }),
    );
    await page.tap('#save');
    expect(fake.callsOf('settings.update')).toEqual([{ orgId: 'o_jj', changes: { studyTargetHours: 36.5 }, version: null }]);
  });

  it('sends nothing when nothing changed', async () => {
    const page = await open();
    await page.input('#reportDueDays', ' 15 ');
    await page.tap('#save');
    expect(fake.callsOf('settings.update')).toEqual([]);
    expect(fake.toasts[0]?.title).toBe('没有修改任何设置');
  });

  it('marks a field that is not a number and sends nothing', async () => {
    const page = await open();
    await page.input('#signInEarlyMinutes', '');
    await page.tap('#save');
    expect(fake.callsOf('settings.update')).toEqual([]);
    expect(rowText(page, 'signInEarlyMinutes')).toContain('请填写一个数字');
    await page.input('#signInEarlyMinutes', '45');
    expect(rowText(page, 'signInEarlyMinutes')).not.toContain('请填写一个数字');
  });

  it("shows the server's field error beside the field", async () => {
    const page = await open();
    await page.input('#noLifeEscalateMonths', '2');
    fake.respond('settings.update', fail('BAD_REQUEST', '上报的月数应大于预警的月数', 'changes.noLifeEscalateMonths'));
    await page.tap('#save');
    expect(rowText(page, 'noLifeEscalateMonths')).toContain('上报的月数应大于预警的月数');
    expect(rowText(page, 'noLifeWarnMonths')).not.toContain('上报的月数应大于预警的月数');
    expect(page.text()).toContain('有一项需要修改，请看标红的提示');
    // What the admin typed stays for them to correct.
    expect(page.find('#noLifeEscalateMonths')?.data).toMatchObject({ value: '2' });
  });

  it('on FORBIDDEN when saving says who may change it and offers the way back', async () => {
    const page = await open();
    await page.input('#reportDueDays', '10');
    fake.respond('settings.update', fail('FORBIDDEN', '只有本组织或上级组织的管理员可以修改设置'));
    await page.tap('#save');
    expect(page.text()).toContain('只有本组织或上级组织的管理员可以修改这些设置');
    await page.tap('#back');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('goes back, not home, from an organization that is not theirs when there is a page to go back to', async () => {
    const g = globalThis as unknown as { getCurrentPages: () => unknown[] };
    const original = g.getCurrentPages;
    g.getCurrentPages = () => [{ route: 'pages/home/home' }, { route: 'pages/org-settings/org-settings' }];
    try {
      fake.respond('settings.get', fail('NOT_FOUND', '找不到这个党组织', 'orgId'));
      const page = await openPage(pageId, 'onLoad', OPTIONS);
      expect(page.text()).toContain('只有本组织的书记、管理员和上级组织的管理员可以查看');
      expect(page.find('#state >>> .retry')?.dom?.textContent).toContain('返回');
      await page.tap('#state >>> .retry');
      expect(fake.lastNavigation()).toEqual({ method: 'navigateBack', delta: 1 });
      expect(fake.callsOf('settings.get')).toHaveLength(1);
    } finally {
      g.getCurrentPages = original;
    }
  });

  it('on CONFLICT says someone else changed it and reloads the settings', async () => {
    const page = await open();
    await page.input('#reportDueDays', '10');
    fake.respond('settings.update', fail('CONFLICT', '设置刚被其他人修改，请刷新后再试'));
    fake.respond(
      'settings.get',
      ok({ own: { ...MIXED.own, reportDueDays: 25 }, effective: { ...MIXED.effective, reportDueDays: 25 }, version: 4 }),
    );
    await page.tap('#save');
    expect(fake.callsOf('settings.get')).toHaveLength(2);
    expect(page.text()).toContain('设置刚被其他人修改过，已重新载入最新设置');
    expect(page.find('#reportDueDays')?.data).toMatchObject({ value: '25' });
    expect(rowText(page, 'reportDueDays')).toContain('本组织设置');

    await page.input('#reportDueDays', '10');
    fake.respond(
      'settings.update',
      ok({ own: { ...MIXED.own, reportDueDays: 10 }, effective: { ...MIXED.effective, reportDueDays: 10 }, version: 5 }),
    );
    await page.tap('#save');
    expect(fake.callsOf('settings.update')[1]).toEqual({ orgId: 'o_jj', changes: { reportDueDays: 10 }, version: 4 });
  });

  it('shows a network failure when saving beside the button, and keeps the values', async () => {
    const page = await open();
    await page.input('#reportDueDays', '10');
    fake.failTransport('settings.update', 'request:fail timeout');
    await page.tap('#save');
    expect(page.find('.notice')?.dom?.textContent).toContain('网络不通');
    expect(page.find('#reportDueDays')?.data).toMatchObject({ value: '10' });
  });

  it('retries a load that failed on the network', async () => {
    fake.failTransport('settings.get', 'request:fail');
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('网络不通');
    fake.respond('settings.get', ok(MIXED));
    await page.tap('#state >>> .retry');
    expect(page.has('#save')).toBe(true);
  });

  it('without an organization says so and sends nothing', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有指定组织');
    expect(fake.calls).toEqual([]);
  });
});
