import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { studyPlanView } from '../../../../test/setup/fixtures';
import { useFixedNow } from '../../../../test/setup/fixed-now';

const pageId = loadUnit('pages/study-plan/study-plan');
const fake = useWxFake();
const OPTIONS = { branchId: 'o_xinqiao1', year: '2026' };
// 2026-03-15 noon in Shanghai: 今年 is 2026, 明年 2027.
const NOW = Date.parse('2026-03-15T04:00:00.000Z');

useFixedNow(NOW);

async function openWith(plan = studyPlanView(), options: Record<string, string> = OPTIONS): Promise<PageDriver> {
  fake.respond('study.plan', ok({ plan, defaultTargetHours: 32 }));
  return openPage(pageId, 'onLoad', options);
}

async function openEmpty(): Promise<PageDriver> {
  fake.respond('study.plan', ok({ plan: null, defaultTargetHours: 32 }));
  return openPage(pageId, 'onLoad', OPTIONS);
}

const rowText = (page: PageDriver, index: number): string => page.findAll('.plan-row')[index]?.dom?.textContent ?? '';

describe('study-plan', () => {
  it('shows loading, then the published plan with its total against the target', async () => {
    const held = fake.hold('study.plan');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ plan: studyPlanView(), defaultTargetHours: 32 }));
    await loading;
    expect(fake.callsOf('study.plan')).toEqual([{ branchId: 'o_xinqiao1', year: 2026 }]);
    expect(page.text()).toContain('2026年学习计划');
    expect(page.text()).toContain('已于 2026年1月10日 发布');
    expect(page.findAll('.plan-row')).toHaveLength(3);
    expect(rowText(page, 0)).toContain('党章学习');
    expect(rowText(page, 0)).toContain('3 月底前');
    expect(page.find('#total')?.dom?.textContent).toBe('计划 32 学时，目标 32 学时');
    expect(page.has('#short')).toBe(false);
    expect(page.find('#save')?.dom?.textContent).toContain('保存修改');
    // The save stays on screen however long the plan is.
    expect(page.find('.bottom-bar #save')).toBeDefined();
  });

  it('says when the year has no plan and starts one from the default target', async () => {
    const page = await openEmpty();
    expect(page.text()).toContain('还没有发布2026年的学习计划');
    await page.tap('#empty >>> .empty-action');
    expect(page.find('#target-hours')?.dom?.textContent).toContain('32');
    expect(page.findAll('.plan-row')).toHaveLength(1);
    expect(page.find('#total')?.dom?.textContent).toBe('计划 0 学时，目标 32 学时');
    expect(page.find('#save')?.dom?.textContent).toContain('发布');
  });

  it('publishes a new plan with rows, warning while the total is below the target', async () => {
    const page = await openEmpty();
    await page.tap('#empty >>> .empty-action');
    await page.fireNth('.item-title', 0, 'change', { value: ' 党章学习 ' });
    await page.fireNth('.item-hours', 0, 'change', { value: '12' });
    await page.fireNth('.item-month', 0, 'change', { value: '2' });
    await page.tap('#add-item');
    await page.fireNth('.item-title', 1, 'change', { value: '党史专题' });
    await page.fireNth('.item-hours', 1, 'change', { value: '18' });
    expect(page.find('#total')?.dom?.textContent).toBe('计划 30 学时，目标 32 学时');
    expect(page.find('#short')?.dom?.textContent).toContain('比目标少 2 学时');
    expect(rowText(page, 0)).toContain('3 月底前');
    expect(rowText(page, 1)).toContain('12 月底前');

    fake.respond(
      'study.savePlan',
      ok(
        studyPlanView({
          items: [
            { itemId: 'i1', title: '党章学习', hours: 12, dueMonth: 3 },
            { itemId: 'i2', title: '党史专题', hours: 18, dueMonth: 12 },
          ],
        }),
      ),
    );
    await page.tap('#save');
    expect(fake.callsOf('study.savePlan')).toEqual([
      {
        branchId: 'o_xinqiao1',
        year: 2026,
        targetHours: 32,
        items: [
          { title: '党章学习', hours: 12, dueMonth: 3 },
          { title: '党史专题', hours: 18, dueMonth: 12 },
        ],
        version: null,
      },
    ]);
    expect(fake.toasts[0]?.title).toBe('已发布');
    expect(page.find('#save')?.dom?.textContent).toContain('保存修改');
  });

  it('saves an edited plan with its version, keeping the ids of existing items', async () => {
    const page = await openWith();
    await page.fireNth('.item-hours', 1, 'change', { value: '10.5' });
    await page.fireNth('.item-remove', 2, 'tap', {});
    await page.tap('#add-item');
    await page.fireNth('.item-title', 2, 'change', { value: '身边的榜样' });
    await page.fireNth('.item-hours', 2, 'change', { value: '4' });
    await page.input('#target-hours', '24');
    expect(page.find('#total')?.dom?.textContent).toBe('计划 22.5 学时，目标 24 学时');
    fake.respond('study.savePlan', ok(studyPlanView({ version: 2 })));
    await page.tap('#save');
    expect(fake.callsOf('study.savePlan')).toEqual([
      {
        branchId: 'o_xinqiao1',
        year: 2026,
        targetHours: 24,
        items: [
          { itemId: 'i1', title: '党章学习', hours: 8, dueMonth: 3 },
          { itemId: 'i2', title: '党史专题', hours: 10.5, dueMonth: 7 },
          { title: '身边的榜样', hours: 4, dueMonth: 12 },
        ],
        version: 1,
      },
    ]);
    expect(fake.toasts[0]?.title).toBe('已保存');
  });

  it('marks blank or non-numeric rows and sends nothing', async () => {
    const page = await openWith();
    await page.fireNth('.item-title', 0, 'change', { value: '  ' });
    await page.fireNth('.item-hours', 1, 'change', { value: '两小时' });
    await page.tap('#save');
    expect(fake.callsOf('study.savePlan')).toEqual([]);
    expect(rowText(page, 0)).toContain('请填写学习内容');
    expect(rowText(page, 1)).toContain('请填写数字');
    expect(rowText(page, 2)).not.toContain('请填写');
  });

  it("shows the server's item error on the row it names", async () => {
    const page = await openWith();
    fake.respond('study.savePlan', fail('BAD_REQUEST', '不能超过 60 个字', 'items.1.title'));
    await page.tap('#save');
    const titleErrors = page.findAll('.title-error');
    expect(titleErrors).toHaveLength(1);
    expect(rowText(page, 1)).toContain('不能超过 60 个字');
    expect(rowText(page, 0)).not.toContain('不能超过 60 个字');
    expect(page.find('.submit-error')?.dom?.textContent).toContain('第 2 项：不能超过 60 个字');

    fake.respond('study.savePlan', fail('BAD_REQUEST', '按半小时填写，如 1.5', 'items.2.hours'));
    await page.tap('#save');
    expect(page.findAll('.hours-error')).toHaveLength(1);
    expect(rowText(page, 2)).toContain('按半小时填写，如 1.5');
    expect(rowText(page, 1)).not.toContain('不能超过 60 个字');
  });

  it('shows list-level and target errors where they belong', async () => {
    const page = await openWith();
    fake.respond('study.savePlan', fail('BAD_REQUEST', '最多 40 项', 'items'));
    await page.tap('#save');
    expect(page.find('.items-error')?.dom?.textContent).toBe('最多 40 项');
    fake.respond('study.savePlan', fail('BAD_REQUEST', '不能超过 200 小时', 'targetHours'));
    await page.tap('#save');
    expect(page.find('.target-error')?.dom?.textContent).toBe('不能超过 200 小时');
  });

  it('on CONFLICT says someone else changed it and reloads the plan', async () => {
    const page = await openWith();
    await page.fireNth('.item-hours', 0, 'change', { value: '9' });
    fake.respond('study.savePlan', fail('CONFLICT'));
    fake.respond(
      'study.plan',
      ok({
        plan: studyPlanView({ items: [{ itemId: 'i1', title: '别人改过的内容', hours: 32, dueMonth: 6 }], version: 2 }),
        defaultTargetHours: 32,
      }),
    );
    await page.tap('#save');
    expect(page.find('#notice')?.dom?.textContent).toContain('刚被其他人修改过');
    expect(fake.callsOf('study.plan')).toHaveLength(2);
    expect(page.findAll('.plan-row')).toHaveLength(1);
    expect(rowText(page, 0)).toContain('别人改过的内容');
    fake.respond('study.savePlan', ok(studyPlanView({ version: 3 })));
    await page.tap('#save');
    expect(fake.callsOf('study.savePlan')[1]).toMatchObject({ version: 2 });
  });

  it('switches between this year and next year', async () => {
    const page = await openWith();
    expect(page.find('#year-this')?.dom?.textContent).toBe('今年（2026）');
    fake.respond('study.plan', ok({ plan: null, defaultTargetHours: 30 }));
    await page.tap('#year-next');
    expect(fake.callsOf('study.plan')[1]).toEqual({ branchId: 'o_xinqiao1', year: 2027 });
    expect(page.text()).toContain('还没有发布2027年的学习计划');
    await page.tap('#empty >>> .empty-action');
    expect(page.find('#target-hours')?.dom?.textContent).toContain('30');
    await page.fireNth('.item-title', 0, 'change', { value: '党章' });
    await page.fireNth('.item-hours', 0, 'change', { value: '30' });
    fake.respond('study.savePlan', ok(studyPlanView({ year: 2027 })));
    await page.tap('#save');
    expect(fake.callsOf('study.savePlan')[0]).toMatchObject({ year: 2027, version: null, targetHours: 30 });
  });

  it('opens this year when the address names none', async () => {
    const page = await openWith(studyPlanView(), { branchId: 'o_xinqiao1' });
    expect(fake.callsOf('study.plan')).toEqual([{ branchId: 'o_xinqiao1', year: 2026 }]);
    expect(page.text()).toContain('2026年学习计划');
  });

  it('shows a load error with a retry, and a missing branch with the way home', async () => {
    fake.failTransport('study.plan', 'request:fail');
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('网络不通');
    fake.respond('study.plan', ok({ plan: studyPlanView(), defaultTargetHours: 32 }));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.plan-row')).toHaveLength(3);

    const none = await openPage(pageId, 'onLoad', {});
    expect(none.text()).toContain('没有指定支部');
    await none.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });
});
