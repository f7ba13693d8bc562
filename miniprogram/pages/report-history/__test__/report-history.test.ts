import type { ActionOutput } from '../../../../server/contract';
import type { ReportSummary } from '../../../../server/contract/reports';
import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver, settle } from '../../../../test/setup/simulate-page';
import { reportSummary } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/report-history/report-history');
const fake = useWxFake();
const OPTIONS = { memberId: 'm_1', name: encodeURIComponent('王建国') };

const draft = reportSummary({
  reportId: 'r_1_2026-Q4',
  period: { key: '2026-Q4', kind: 'quarter', start: '2026-10-01', end: '2026-12-31', label: '2026年第四季度' },
  dueOn: '2027-01-15',
});
const submitted = reportSummary({
  status: 'submitted',
  revision: 2,
  submittedAt: '2026-10-12T02:00:00.000Z',
  readAt: '2026-10-13T01:00:00.000Z',
  replyCount: 2,
});
const older = reportSummary({
  reportId: 'r_1_2026-Q2',
  period: { key: '2026-Q2', kind: 'quarter', start: '2026-04-01', end: '2026-06-30', label: '2026年第二季度' },
  status: 'submitted',
  revision: 1,
  submittedAt: '2026-07-08T02:00:00.000Z',
  readAt: '2026-07-09T01:00:00.000Z',
  acknowledgedAt: '2026-07-09T01:10:00.000Z',
});

type History = ActionOutput<'report.history'>;

function history(
  items: ReportSummary[],
  nextCursor: string | null = null,
  standing: 'full' | 'probationary' = 'probationary',
): History {
  return { member: { memberId: 'm_1', name: '王建国', standing }, items, nextCursor };
}

async function open(answer: History = history([draft, submitted, older])): Promise<PageDriver> {
  fake.respond('report.history', ok(answer));
  return openPage(pageId, 'onLoad', OPTIONS);
}

const textOf = (node: { dom?: { textContent: string | null } } | undefined): string =>
  (node?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('report-history', () => {
  it('shows loading, then the member and every period, newest first', async () => {
    const held = fake.hold('report.history');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    expect(page.text()).toContain('王建国');
    held.resolve(ok(history([draft, submitted, older])));
    await loading;

    expect(fake.callsOf('report.history')).toEqual([{ memberId: 'm_1', cursor: null }]);
    expect(textOf(page.find('.member'))).toBe('王建国预备党员');
    const rows = page.findAll('.row').map(textOf);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('2026年第四季度');
    expect(rows[0]).toContain('待提交');
    expect(rows[0]).toContain('2027年1月15日前提交');
    expect(rows[0]).not.toContain('对方');
    expect(rows[1]).toContain('2026年第三季度');
    expect(rows[1]).toContain('已提交');
    expect(rows[1]).toContain('2026年10月12日提交');
    expect(rows[1]).toContain('对方已读');
    expect(rows[1]).toContain('2 条留言');
    expect(rows[1]).toContain('第 2 版');
    expect(rows[2]).toContain('已确认收到');
    expect(rows[2]).not.toContain('留言');
  });

  it('marks an overdue draft and a correction in progress', async () => {
    const page = await open(
      history(
        [
          reportSummary({ overdue: true }),
          reportSummary({ reportId: 'r_1_2026-Q2', status: 'draft', revision: 1, submittedAt: '2026-07-08T02:00:00.000Z' }),
        ],
        null,
        'full',
      ),
    );
    const rows = page.findAll('.row').map(textOf);
    expect(rows[0]).toContain('待提交（已逾期）');
    expect(rows[1]).toContain('更正中');
    expect(rows[1]).toContain('对方未读');
    expect(page.text()).not.toContain('预备党员');
  });

  it('says when there are no reports yet, and refreshes', async () => {
    const page = await open(history([]));
    expect(page.text()).toContain('还没有这名党员的反馈报告');
    fake.respond('report.history', ok(history([older])));
    await page.tap('#empty >>> .empty-action');
    expect(page.findAll('.row')).toHaveLength(1);
  });

  it('opens a report', async () => {
    const page = await open();
    const rows = page.findAll('.row');
    rows[1]?.dispatchEvent('tap', { detail: {} });
    await settle();
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/report/report?reportId=r_1_2026-Q3' });
  });

  it('loads more with the cursor; a failure stays beside the button', async () => {
    const page = await open(history([draft], 'cur1'));
    fake.failTransport('report.history', 'request:fail');
    await page.tap('#more');
    expect(textOf(page.find('.more-error'))).toContain('网络不通');
    expect(page.findAll('.row')).toHaveLength(1);
    fake.respond('report.history', ok(history([submitted, older])));
    await page.tap('#more');
    expect(fake.callsOf('report.history').slice(1)).toEqual([
      { memberId: 'm_1', cursor: 'cur1' },
      { memberId: 'm_1', cursor: 'cur1' },
    ]);
    expect(page.findAll('.row')).toHaveLength(3);
    expect(page.has('#more')).toBe(false);
  });

  it('on FORBIDDEN or NOT_FOUND leads home; a network error retries', async () => {
    fake.respond('report.history', fail('FORBIDDEN', '只能查看本组织党员的反馈'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('您没有办理这项业务的权限');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });

    fake.respond('report.history', fail('NOT_FOUND', 'member not found'));
    await page.run('load');
    expect(page.text()).toContain('没有找到相关记录');
    expect(textOf(page.find('#state >>> .retry'))).toBe('返回首页');

    fake.failTransport('report.history', 'request:fail');
    await page.run('load');
    expect(page.text()).toContain('网络不通');
    fake.respond('report.history', ok(history([older])));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.row')).toHaveLength(1);
  });

  it('without a member says so and calls nothing', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有指定要查看的党员');
    expect(fake.calls).toEqual([]);
  });
});
