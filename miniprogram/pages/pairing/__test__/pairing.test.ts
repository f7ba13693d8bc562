import type { ActionOutput } from '../../../../server/contract';
import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver, settle } from '../../../../test/setup/simulate-page';
import { studyProgress } from '../../../../test/setup/fixtures';
import { useFixedNow } from '../../../../test/setup/fixed-now';

const pageId = loadUnit('pages/pairing/pairing');
const fake = useWxFake();
const OPTIONS = { branchId: 'o_xinqiao1' };
const NOW = Date.parse('2026-03-15T04:00:00.000Z');

type StudyRow = ActionOutput<'study.branch'>['items'][number];

function studyRow(memberId: string, name: string, overrides: Partial<StudyRow> = {}): StudyRow {
  return {
    member: { memberId, name, standing: 'full' },
    workPattern: 'regular',
    studyMode: 'paired',
    partner: null,
    progress: studyProgress(),
    memberVersion: 1,
    ...overrides,
  };
}

// 王建国 and 赵强 are paired and free; 李红梅 studies on her own; 孙丽 and 周涛 are partners.
const wang = studyRow('m_1', '王建国');
const li = studyRow('m_2', '李红梅', {
  member: { memberId: 'm_2', name: '李红梅', standing: 'probationary' },
  workPattern: 'irregular',
  studyMode: 'self_selected',
  progress: studyProgress({ hoursDone: 6, hoursDueSoFar: 12, behind: true, behindCount: 1 }),
});
const zhao = studyRow('m_3', '赵强');
const sun = studyRow('m_4', '孙丽', { partner: { memberId: 'm_5', name: '周涛' } });
const zhou = studyRow('m_5', '周涛', { partner: { memberId: 'm_4', name: '孙丽' } });
const ALL = [wang, li, zhao, sun, zhou];

useFixedNow(NOW);

async function open(items: StudyRow[] = ALL, nextCursor: string | null = null): Promise<PageDriver> {
  fake.respond('study.branch', ok({ items, nextCursor }));
  return openPage(pageId, 'onLoad', OPTIONS);
}

/** The button `selector` inside the member row at `row`. */
async function tapIn(page: PageDriver, row: number, selector: string): Promise<void> {
  const rowNode = page.findAll('.member')[row];
  const index = page.findAll(selector).findIndex((node) => rowNode?.dom?.contains(node.dom ?? null));
  if (index < 0) throw new Error(`no ${selector} in row ${row}: ${rowNode?.dom?.textContent}`);
  page.findAll(selector)[index].dispatchEvent('tap', { detail: {} });
  await settle();
}

const rowText = (page: PageDriver, index: number): string => page.findAll('.member')[index]?.dom?.textContent ?? '';

describe('pairing', () => {
  it("shows loading, then each member's standing, work pattern, study mode, partner and progress", async () => {
    const held = fake.hold('study.branch');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ items: ALL, nextCursor: null }));
    await loading;
    expect(fake.callsOf('study.branch')).toEqual([{ branchId: 'o_xinqiao1', year: 2026, cursor: null }]);
    expect(rowText(page, 0)).toContain('作息：固定作息 · 学习方式：结对学习');
    expect(rowText(page, 0)).toContain('结对对象：还没有结对');
    expect(rowText(page, 0)).toContain('已学 20 / 目标 32 学时');
    expect(rowText(page, 0)).not.toContain('预备党员');
    expect(rowText(page, 0)).not.toContain('落后');
    expect(rowText(page, 1)).toContain('预备党员');
    expect(rowText(page, 1)).toContain('不固定作息');
    expect(rowText(page, 1)).toContain('自主选学');
    expect(rowText(page, 1)).toContain('已学 6 / 目标 32 学时');
    expect(rowText(page, 1)).toContain('落后');
    expect(rowText(page, 1)).not.toContain('结对对象');
    expect(rowText(page, 3)).toContain('结对对象：周涛');
  });

  it('offers the actions that fit each row', async () => {
    const page = await open();
    expect(rowText(page, 0)).toContain('改为自主选学');
    expect(rowText(page, 0)).not.toContain('解除结对');
    expect(rowText(page, 1)).toContain('改为结对学习');
    expect(page.findAll('.pair')).toHaveLength(2); // 王建国, 赵强
    expect(page.findAll('.unpair')).toHaveLength(2); // 孙丽, 周涛
  });

  it("changes a member's study mode and shows the server's row", async () => {
    const page = await open();
    fake.respond('study.classify', ok({ ...li, studyMode: 'paired' }));
    await tapIn(page, 1, '.classify');
    expect(fake.callsOf('study.classify')).toEqual([{ memberId: 'm_2', studyMode: 'paired' }]);
    expect(rowText(page, 1)).toContain('学习方式：结对学习');
    expect(rowText(page, 1)).toContain('改为自主选学');
    expect(page.findAll('.pair')).toHaveLength(3);
    expect(fake.toasts[0]?.title).toBe('已改为结对学习');
    expect(fake.callsOf('study.branch')).toHaveLength(1);
  });

  it('refreshes the list when a paired member is moved to self-selected study, since the partner changes too', async () => {
    const page = await open();
    fake.respond('study.classify', ok({ ...sun, studyMode: 'self_selected', partner: null }));
    fake.respond(
      'study.branch',
      ok({
        items: [wang, li, zhao, { ...sun, studyMode: 'self_selected', partner: null }, { ...zhou, partner: null }],
        nextCursor: null,
      }),
    );
    await tapIn(page, 3, '.classify');
    expect(fake.callsOf('study.classify')).toEqual([{ memberId: 'm_4', studyMode: 'self_selected' }]);
    expect(fake.callsOf('study.branch')).toHaveLength(2);
    expect(rowText(page, 4)).toContain('结对对象：还没有结对');
  });

  it('pairs with a member chosen among those in paired study without a partner', async () => {
    const page = await open();
    await tapIn(page, 0, '.pair');
    expect(page.find('.sheet')?.dom?.textContent).toContain('为 王建国 选结对对象');
    const candidates = page.findAll('.candidate');
    expect(candidates).toHaveLength(1);
    expect(candidates[0].dom?.textContent).toContain('赵强');
    fake.respond(
      'study.pair',
      ok({
        member: { ...wang, partner: { memberId: 'm_3', name: '赵强' } },
        partner: { ...zhao, partner: { memberId: 'm_1', name: '王建国' } },
      }),
    );
    await page.click('.candidate');
    expect(fake.callsOf('study.pair')).toEqual([{ memberId: 'm_1', partnerId: 'm_3' }]);
    expect(page.has('.sheet')).toBe(false);
    expect(rowText(page, 0)).toContain('结对对象：赵强');
    expect(rowText(page, 2)).toContain('结对对象：王建国');
    expect(page.findAll('.pair')).toHaveLength(0);
    expect(fake.toasts[0]?.title).toBe('已结对');
  });

  it('explains when nobody can be chosen as a partner', async () => {
    const page = await open([wang, li, sun, zhou]);
    await tapIn(page, 0, '.pair');
    expect(page.findAll('.candidate')).toHaveLength(0);
    expect(page.find('.no-candidates')?.dom?.textContent).toContain('现在没有可以结对的党员');
  });

  it('shows INVALID_PAIRING in the sheet and offers the partners as they are now', async () => {
    const page = await open();
    await tapIn(page, 0, '.pair');
    fake.respond('study.pair', fail('INVALID_PAIRING', '赵强已有结对对象'));
    const zhaoTaken = { ...zhao, partner: { memberId: 'm_9', name: '吴刚' } };
    fake.respond('study.branch', ok({ items: [wang, li, zhaoTaken, sun, zhou], nextCursor: null }));
    await page.click('.candidate');
    expect(page.find('.sheet-error')?.dom?.textContent).toBe('赵强已有结对对象');
    expect(fake.callsOf('study.branch')).toHaveLength(2);
    expect(page.findAll('.candidate')).toHaveLength(0);
    expect(rowText(page, 2)).toContain('结对对象：吴刚');
  });

  it('shows NOT_PLACED for the pairing in words for the secretary', async () => {
    const page = await open();
    await tapIn(page, 0, '.pair');
    fake.respond('study.pair', fail('NOT_PLACED'));
    fake.respond('study.branch', ok({ items: [wang, li, sun, zhou], nextCursor: null }));
    await page.click('.candidate');
    expect(page.find('.sheet-error')?.dom?.textContent).toContain('有党员已不在本支部管理');
    expect(page.find('.sheet-error')?.dom?.textContent).not.toContain('请先到支部报到');
  });

  it('unpairs only after the secretary confirms, then refreshes both rows', async () => {
    const page = await open();
    fake.answerModal(false);
    await tapIn(page, 3, '.unpair');
    expect(fake.modals[0]?.content).toContain('确定解除孙丽和周涛的结对吗');
    expect(fake.callsOf('study.unpair')).toEqual([]);

    fake.answerModal(true);
    fake.respond('study.unpair', ok({ ...sun, partner: null }));
    fake.respond(
      'study.branch',
      ok({ items: [wang, li, zhao, { ...sun, partner: null }, { ...zhou, partner: null }], nextCursor: null }),
    );
    await tapIn(page, 3, '.unpair');
    expect(fake.callsOf('study.unpair')).toEqual([{ memberId: 'm_4' }]);
    expect(fake.callsOf('study.branch')).toHaveLength(2);
    expect(rowText(page, 3)).toContain('结对对象：还没有结对');
    expect(rowText(page, 4)).toContain('结对对象：还没有结对');
    expect(page.findAll('.unpair')).toHaveLength(0);
    expect(fake.toasts[0]?.title).toBe('已解除结对');
  });

  it('on NOT_PLACED tells the secretary and refreshes; another refusal shows on the row', async () => {
    const page = await open();
    fake.respond('study.classify', fail('NOT_PLACED'));
    fake.respond('study.branch', ok({ items: [wang, zhao, sun, zhou], nextCursor: null }));
    await tapIn(page, 1, '.classify');
    expect(page.find('#notice')?.dom?.textContent).toContain('有党员已不在本支部管理');
    expect(page.findAll('.member')).toHaveLength(4);

    fake.respond('study.classify', fail('FORBIDDEN'));
    await tapIn(page, 0, '.classify');
    expect(page.findAll('.row-error')).toHaveLength(1);
    expect(rowText(page, 0)).toContain('您没有办理这项业务的权限');
  });

  it('shows an empty branch with a refresh, loads more with the cursor', async () => {
    const page = await open([]);
    expect(page.text()).toContain('本支部还没有纳入管理的党员');
    fake.respond('study.branch', ok({ items: [wang], nextCursor: 'cur1' }));
    await page.tap('#empty >>> .empty-action');
    expect(page.findAll('.member')).toHaveLength(1);
    fake.respond('study.branch', ok({ items: [li], nextCursor: null }));
    await page.tap('#more');
    expect(fake.callsOf('study.branch')[2]).toEqual({ branchId: 'o_xinqiao1', year: 2026, cursor: 'cur1' });
    expect(page.findAll('.member')).toHaveLength(2);
  });

  it('shows a load error with a retry, and a missing branch with the way home', async () => {
    fake.respond('study.branch', fail('INTERNAL'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('系统出了点问题');
    fake.respond('study.branch', ok({ items: ALL, nextCursor: null }));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.member')).toHaveLength(5);

    const none = await openPage(pageId, 'onLoad', {});
    expect(none.text()).toContain('没有指定支部');
    await none.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });
});
