import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { reportSummary } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/reports-to-write/reports-to-write');
const fake = useWxFake();
const OPTIONS = { branchId: 'o_xinqiao1' };

const due = reportSummary();
const overdueProbationary = reportSummary({
  reportId: 'r_2_2026-Q3',
  member: { memberId: 'm_2', name: '李红梅', standing: 'probationary' },
  outflow: { orgId: 'o_jj_other', name: '靖江市新桥镇某村党支部' },
  dueOn: '2026-10-10',
  overdue: true,
});
const submittedRead = reportSummary({
  reportId: 'r_3_2026-Q2',
  member: { memberId: 'm_3', name: '张志强', standing: 'full' },
  period: { key: '2026-Q2', kind: 'quarter', start: '2026-04-01', end: '2026-06-30', label: '2026年第二季度' },
  status: 'submitted',
  revision: 1,
  submittedAt: '2026-07-05T02:00:00.000Z',
  readAt: '2026-07-06T06:30:00.000Z',
  acknowledgedAt: '2026-07-06T07:00:00.000Z',
  replyCount: 2,
});
const submittedUnread = reportSummary({
  reportId: 'r_4_2026-Q2',
  member: { memberId: 'm_4', name: '赵小燕', standing: 'full' },
  status: 'submitted',
  revision: 1,
  submittedAt: '2026-07-05T02:00:00.000Z',
});

async function open(items = [overdueProbationary, due], nextCursor: string | null = null): Promise<PageDriver> {
  fake.respond('report.toWrite', ok({ items, nextCursor }));
  return openPage(pageId, 'onLoad', OPTIONS);
}

function rowText(page: PageDriver, index: number): string {
  return (page.findAll('.report')[index]?.dom?.textContent ?? '').replace(/\s+/g, ' ');
}

describe('reports-to-write', () => {
  it('shows loading, then the drafts in the order the server gives (earliest due first)', async () => {
    const held = fake.hold('report.toWrite');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ items: [overdueProbationary, due], nextCursor: null }));
    await loading;
    expect(fake.callsOf('report.toWrite')).toEqual([{ branchId: 'o_xinqiao1', status: 'draft', cursor: null }]);
    expect(page.findAll('.report')).toHaveLength(2);
    expect(rowText(page, 0)).toContain('李红梅');
    expect(rowText(page, 0)).toContain('预备党员');
    expect(rowText(page, 0)).toContain('已逾期');
    expect(rowText(page, 0)).toContain('反馈给：靖江市新桥镇某村党支部');
    expect(rowText(page, 0)).toContain('2026年第三季度 · 截止 2026年10月10日');
    expect(rowText(page, 1)).toContain('王建国');
    expect(rowText(page, 1)).not.toContain('预备党员');
    expect(rowText(page, 1)).not.toContain('已逾期');
    // Drafts with no thread show no read receipt and no "0 条留言" noise.
    expect(rowText(page, 1)).not.toContain('未读');
    expect(rowText(page, 1)).not.toContain('留言');
  });

  it('marks a draft that corrects a submitted report, as the server says', async () => {
    const page = await open([
      reportSummary({ revision: 1, correcting: true, replyCount: 1 }),
      // The page does not work the correction out from the status and revision itself.
      reportSummary({ reportId: 'r_2_2026-Q3', revision: 1, correcting: false }),
    ]);
    expect(rowText(page, 0)).toContain('更正中');
    expect(rowText(page, 0)).toContain('1 条留言');
    expect(rowText(page, 1)).not.toContain('更正中');
  });

  it('says which part of the period a share counts when the member moved inside it', async () => {
    const page = await open([
      reportSummary({ shareLabel: '在本支部的时段：2026年7月27日至2026年9月30日' }),
      reportSummary({ reportId: 'r_2_2026-Q3' }),
    ]);
    expect(rowText(page, 0)).toContain('在本支部的时段：2026年7月27日至2026年9月30日');
    expect(rowText(page, 1)).not.toContain('在本支部的时段');
  });

  it('says when there is nothing to write, and refreshes', async () => {
    const page = await open([]);
    expect(page.text()).toContain('没有待写的反馈报告。每期结束后，系统会自动生成草稿。');
    fake.respond('report.toWrite', ok({ items: [due], nextCursor: null }));
    await page.tap('#empty >>> .empty-action');
    expect(fake.callsOf('report.toWrite')).toHaveLength(2);
    expect(page.findAll('.report')).toHaveLength(1);
  });

  it('switches to 已提交 and shows read, acknowledged and replies', async () => {
    const page = await open();
    fake.respond('report.toWrite', ok({ items: [submittedRead, submittedUnread], nextCursor: null }));
    await page.tap('#tab-submitted');
    expect(fake.callsOf('report.toWrite')[1]).toEqual({ branchId: 'o_xinqiao1', status: 'submitted', cursor: null });
    expect(page.findAll('.report')).toHaveLength(2);
    expect(rowText(page, 0)).toContain('张志强');
    expect(rowText(page, 0)).toContain('提交于 2026年7月5日 10:00');
    expect(rowText(page, 0)).toContain('已读（2026年7月6日 14:30）');
    expect(rowText(page, 0)).toContain('已确认');
    expect(rowText(page, 0)).toContain('2 条留言');
    expect(rowText(page, 1)).toContain('未读');
    expect(rowText(page, 1)).not.toContain('已确认');
    expect(rowText(page, 1)).toContain('0 条留言');
  });

  it('has its own empty text for 已提交', async () => {
    const page = await open();
    fake.respond('report.toWrite', ok({ items: [], nextCursor: null }));
    await page.tap('#tab-submitted');
    expect(page.text()).toContain('还没有提交过反馈报告');
    expect(page.text()).not.toContain('没有待写的反馈报告');
  });

  it('ignores a late answer for the tab the person already left', async () => {
    const held = fake.hold('report.toWrite');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    fake.respond('report.toWrite', ok({ items: [submittedRead], nextCursor: null }));
    await page.tap('#tab-submitted');
    held.resolve(ok({ items: [due, overdueProbationary], nextCursor: null }));
    await loading;
    expect(page.findAll('.report')).toHaveLength(1);
    expect(rowText(page, 0)).toContain('张志强');
  });

  it('opens a draft in the editor and a submitted report in the report page', async () => {
    const page = await open();
    await page.tap('.report');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: '/pages/report-editor/report-editor?reportId=r_2_2026-Q3',
    });
    fake.respond('report.toWrite', ok({ items: [submittedRead], nextCursor: null }));
    await page.tap('#tab-submitted');
    await page.tap('.report');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/report/report?reportId=r_3_2026-Q2' });
  });

  it('loads more with the cursor of the current tab', async () => {
    const page = await open([overdueProbationary], 'cur1');
    fake.respond('report.toWrite', ok({ items: [due], nextCursor: null }));
    await page.tap('#more');
    expect(fake.callsOf('report.toWrite')[1]).toEqual({ branchId: 'o_xinqiao1', status: 'draft', cursor: 'cur1' });
    expect(page.findAll('.report')).toHaveLength(2);
    expect(page.has('#more')).toBe(false);
  });

  it('keeps the rows when loading more fails, and retries', async () => {
    const page = await open([overdueProbationary], 'cur1');
    fake.failTransport('report.toWrite', 'request:fail timeout');
    await page.tap('#more');
    expect(page.findAll('.report')).toHaveLength(1);
    expect(page.text()).toContain('网络不通');
    fake.respond('report.toWrite', ok({ items: [due], nextCursor: null }));
    await page.tap('#more');
    expect(page.findAll('.report')).toHaveLength(2);
  });

  it('shows FORBIDDEN with a way home; retries a network error', async () => {
    fake.respond('report.toWrite', fail('FORBIDDEN', '只有本支部书记可以查看'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('您没有办理这项业务的权限');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });

    fake.failTransport('report.toWrite', 'request:fail');
    await page.run('load');
    expect(page.text()).toContain('网络不通');
    fake.respond('report.toWrite', ok({ items: [due], nextCursor: null }));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.report')).toHaveLength(1);
  });

  it('without a branch says so and sends nothing', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有指定支部');
    expect(fake.calls).toEqual([]);
  });

  it('reloads when coming back to the page, not on the first show', async () => {
    const page = await open();
    await page.run('onShow');
    expect(fake.callsOf('report.toWrite')).toHaveLength(1);
    await page.run('onHide');
    fake.respond('report.toWrite', ok({ items: [due], nextCursor: null }));
    await page.run('onShow');
    expect(fake.callsOf('report.toWrite')).toHaveLength(2);
    expect(page.findAll('.report')).toHaveLength(1);
  });
});
