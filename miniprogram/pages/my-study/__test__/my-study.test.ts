import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { studyPlanView, studyProgress } from '../../../../test/setup/fixtures';
import type { ActionOutput } from '../../../../server/contract';
import { useFixedNow } from '../../../../test/setup/fixed-now';

const pageId = loadUnit('pages/my-study/my-study');
const fake = useWxFake();

type Mine = ActionOutput<'study.mine'>;
type Entry = Mine['entries'][number];

const plan = studyPlanView();
const [charter, history, plenum] = plan.items;

function entry(item: Entry['item'], overrides: Partial<Entry> = {}): Entry {
  return { item, status: null, plannedMonth: null, doneOn: null, behind: false, ...overrides };
}

function mine(overrides: Partial<Mine> = {}): Mine {
  return {
    branch: { orgId: 'o_xinqiao1', name: '新桥社区第一党支部' },
    studyMode: 'self_selected',
    partner: null,
    plan,
    entries: [
      entry(charter, { status: 'done', doneOn: '2026-03-05' }),
      entry(history, { status: 'planned', plannedMonth: 6, behind: true }),
      entry(plenum),
    ],
    progress: studyProgress({ hoursDone: 8, hoursDueSoFar: 20, behindCount: 1, behind: true }),
    choices: { months: [11, 12], studiedFrom: '2026-01-01', studiedTo: '2026-11-10' },
    ...overrides,
  };
}

async function open(data: Mine = mine()): Promise<PageDriver> {
  fake.respond('study.mine', ok(data));
  return openPage(pageId, 'onLoad', {});
}

function itemText(page: PageDriver, index: number): string {
  return (page.findAll('.item')[index]?.dom?.textContent ?? '').replace(/\s+/g, ' ');
}

// 2026-11-10 12:00 in Shanghai: the server leaves months 11 and 12 to choose.
const NOW = Date.parse('2026-11-10T04:00:00.000Z');

useFixedNow(NOW);

describe('my-study', () => {
  it('offers the months and the study days the server says, not ones worked out from the phone clock', async () => {
    const page = await open(mine({ choices: { months: [12], studiedFrom: '2026-01-01', studiedTo: '2026-11-09' } }));
    expect(page.data.monthLabels).toEqual(['12月']);
    expect(page.data.dateStart).toBe('2026-01-01');
    expect(page.data.dateEnd).toBe('2026-11-09');
  });

  it('shows loading, then the study mode, progress with a behind warning, and the plan items', async () => {
    const held = fake.hold('study.mine');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', {});
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(mine()));
    await loading;
    expect(fake.callsOf('study.mine')).toEqual([{}]);

    const text = page.text();
    expect(text).toContain('自主选学');
    expect(text).toContain('自己选择每项内容在哪个月学');
    expect(text).toContain('已学 8 学时 / 全年目标 32 学时');
    expect(text).toContain('按计划到现在应完成 20 学时');
    expect(page.find('.behind-warning')?.dom?.textContent).toContain(
      '您的学习进度落后了：按计划到现在应学完 20 学时，您已学 8 学时，有 1 项内容没有按时学完',
    );
    expect(page.find('.bar-fill')?.dom?.getAttribute('style')).toContain('width: 25%');

    expect(page.findAll('.item')).toHaveLength(3);
    expect(itemText(page, 0)).toContain('党章学习');
    expect(itemText(page, 0)).toContain('8 学时 · 计划 3 月底前完成');
    expect(itemText(page, 0)).toContain('已完成 2026年3月5日');
    expect(itemText(page, 0)).not.toContain('登记完成');
    expect(itemText(page, 1)).toContain('落后');
    expect(itemText(page, 1)).toContain('我选择 6 月学');
    expect(itemText(page, 2)).toContain('计划 12 月底前完成');
    expect(itemText(page, 2)).not.toContain('落后');
    // Only unfinished items can be scheduled or recorded.
    expect(page.findAll('.record')).toHaveLength(2);
    expect(page.findAll('.month-picker')).toHaveLength(2);
    expect(page.data.monthLabels).toEqual(['11月', '12月']);
  });

  it('shows a paired member’s partner and no warning when on track', async () => {
    const page = await open(
      mine({
        studyMode: 'paired',
        partner: { memberId: 'm_2', name: '张伟' },
        progress: studyProgress({ hoursDone: 20, hoursDueSoFar: 20 }),
      }),
    );
    expect(page.text()).toContain('结对学习');
    expect(page.text()).toContain('结对对象：张伟');
    expect(page.text()).toContain('和结对的党员一起线下学习');
    expect(page.has('.behind-warning')).toBe(false);
  });

  it('says when a paired member has no partner yet', async () => {
    const page = await open(mine({ studyMode: 'paired', partner: null }));
    expect(page.text()).toContain('结对对象：支部书记还没有为您安排');
  });

  it('explains the page to a member not placed in a branch and leads to check-in', async () => {
    const page = await open(mine({ branch: null, studyMode: null, plan: null, entries: [], progress: null }));
    expect(page.text()).toContain('纳入支部管理后，这里会显示支部的学习计划');
    await page.tap('#go-checkin');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/checkin/checkin' });
  });

  it('says when the branch has not published this year’s plan, and refreshes', async () => {
    const page = await open(mine({ plan: null, entries: [], progress: null }));
    expect(page.text()).toContain('支部还没有发布今年的学习计划');
    expect(page.has('.item')).toBe(false);
    fake.respond('study.mine', ok(mine()));
    await page.tap('#refresh');
    expect(fake.callsOf('study.mine')).toHaveLength(2);
    expect(page.findAll('.item')).toHaveLength(3);
  });

  it('schedules an item for a chosen month and reads the progress again', async () => {
    const page = await open();
    fake.respond('study.schedule', ok(entry(plenum, { status: 'planned', plannedMonth: 12 })));
    fake.respond(
      'study.mine',
      ok(mine({ entries: [mine().entries[0], mine().entries[1], entry(plenum, { status: 'planned', plannedMonth: 12 })] })),
    );
    // The second picker belongs to the third item; position 1 of [11月, 12月] is December.
    await page.fireNth('.month-picker', 1, 'change', { value: '1' });
    expect(fake.callsOf('study.schedule')).toEqual([{ year: 2026, itemId: 'i3', plannedMonth: 12 }]);
    expect(fake.callsOf('study.mine')).toHaveLength(2);
    expect(itemText(page, 2)).toContain('我选择 12 月学');
  });

  it('shows the server’s refusal of a month on the item’s row', async () => {
    const page = await open();
    fake.respond('study.schedule', fail('BAD_REQUEST', '只能选择本月及以后的月份', 'plannedMonth'));
    await page.fireNth('.month-picker', 0, 'change', { value: 0 });
    expect(fake.callsOf('study.schedule')).toEqual([{ year: 2026, itemId: 'i2', plannedMonth: 11 }]);
    const errors = page.findAll('.row-error');
    expect(errors).toHaveLength(1);
    expect(itemText(page, 1)).toContain('只能选择本月及以后的月份');
    expect(itemText(page, 2)).not.toContain('只能选择');
  });

  it('reloads when the plan was changed meanwhile', async () => {
    const page = await open();
    fake.respond('study.schedule', fail('CONFLICT'));
    fake.answerModal(true);
    fake.respond('study.mine', ok(mine({ entries: [mine().entries[0], mine().entries[1]] })));
    await page.fireNth('.month-picker', 1, 'change', { value: 1 });
    expect(fake.modals[0]?.content).toContain('支部书记刚修改了学习计划');
    expect(fake.callsOf('study.mine')).toHaveLength(2);
    expect(page.findAll('.item')).toHaveLength(2);
  });

  it('records an item as done on a chosen date with a note', async () => {
    const page = await open();
    await page.fireNth('.record', 0, 'tap');
    expect(page.find('.sheet')?.dom?.textContent).toContain('登记完成：党史专题');
    // Today (Shanghai) is the default and the latest date the picker offers.
    expect(page.data.sheet).toMatchObject({ itemId: 'i2', studiedOn: '2026-11-10' });
    expect(page.data.dateEnd).toBe('2026-11-10');
    expect(page.data.dateStart).toBe('2026-01-01');
    await page.fire('#studiedOn', 'change', { value: '2026-11-08' });
    // The day reads as every other date on the screens, not as the picker's 2026-11-08.
    expect(page.find('#row-studiedOn')?.dom?.textContent).toContain('2026年11月8日');
    await page.input('#note', '  和张伟一起学了第三章 ');
    fake.respond('study.record', ok(entry(history, { status: 'done', plannedMonth: 6, doneOn: '2026-11-08' })));
    fake.respond(
      'study.mine',
      ok(
        mine({
          progress: studyProgress({ hoursDone: 20, hoursDueSoFar: 20 }),
          entries: [mine().entries[0], entry(history, { status: 'done', plannedMonth: 6, doneOn: '2026-11-08' }), entry(plenum)],
        }),
      ),
    );
    await page.tap('#record-confirm');
    expect(fake.callsOf('study.record')).toEqual([
      { year: 2026, itemId: 'i2', studiedOn: '2026-11-08', note: '和张伟一起学了第三章' },
    ]);
    expect(fake.toasts[0]?.title).toBe('已登记完成');
    expect(page.has('.sheet')).toBe(false);
    expect(itemText(page, 1)).toContain('已完成 2026年11月8日');
    expect(page.text()).toContain('已学 20 学时 / 全年目标 32 学时');
    expect(page.has('.behind-warning')).toBe(false);
  });

  it('sends no note when none is written', async () => {
    const page = await open();
    await page.fireNth('.record', 1, 'tap');
    fake.respond('study.record', ok(entry(plenum, { status: 'done', doneOn: '2026-11-10' })));
    fake.respond('study.mine', ok(mine()));
    await page.tap('#record-confirm');
    expect(fake.callsOf('study.record')).toEqual([{ year: 2026, itemId: 'i3', studiedOn: '2026-11-10' }]);
  });

  it('shows the server’s field error beside the date and keeps the sheet open', async () => {
    const page = await open();
    await page.fireNth('.record', 0, 'tap');
    fake.respond('study.record', fail('BAD_REQUEST', '学习日期不能晚于今天', 'studiedOn'));
    await page.tap('#record-confirm');
    expect(page.find('.studiedOn-error')?.dom?.textContent).toContain('学习日期不能晚于今天');
    expect(page.has('.sheet-error')).toBe(false);
    expect(page.has('.sheet')).toBe(true);
    // Choosing another date clears the message.
    await page.fire('#studiedOn', 'change', { value: '2026-11-01' });
    expect(page.has('.studiedOn-error')).toBe(false);
  });

  it('keeps the sheet open after a network failure so 确认登记 retries', async () => {
    const page = await open();
    await page.fireNth('.record', 0, 'tap');
    fake.failTransport('study.record', 'request:fail');
    await page.tap('#record-confirm');
    expect(page.find('.sheet-error')?.dom?.textContent).toContain('网络不通');
    fake.respond('study.record', ok(entry(history, { status: 'done', doneOn: '2026-11-10' })));
    fake.respond('study.mine', ok(mine()));
    await page.tap('#record-confirm');
    expect(fake.callsOf('study.record')).toHaveLength(2);
    expect(page.has('.sheet')).toBe(false);
  });

  it('reloads when the item was removed from the plan while recording', async () => {
    const page = await open();
    await page.fireNth('.record', 0, 'tap');
    fake.respond('study.record', fail('NOT_FOUND', '学习计划中没有这项内容', 'itemId'));
    fake.answerModal(true);
    fake.respond('study.mine', ok(mine()));
    await page.tap('#record-confirm');
    expect(fake.modals).toHaveLength(1);
    expect(fake.callsOf('study.mine')).toHaveLength(2);
    expect(page.has('.sheet')).toBe(false);
  });

  it('sends an unregistered member to register', async () => {
    fake.respond('study.mine', fail('NOT_REGISTERED'));
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('您还没有登记党员信息');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/profile/profile' });
  });

  it('retries after a load error', async () => {
    fake.failTransport('study.mine', 'request:fail timeout');
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('网络不通');
    fake.respond('study.mine', ok(mine()));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.item')).toHaveLength(3);
  });
});
