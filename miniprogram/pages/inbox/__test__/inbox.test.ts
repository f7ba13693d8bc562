import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver, settle } from '../../../../test/setup/simulate-page';
import { reportSummary } from '../../../../test/setup/fixtures';
import type { ActionOutput } from '../../../../server/contract';
import type { PeriodChoice, ReportSummary } from '../../../../server/contract/reports';

const pageId = loadUnit('pages/inbox/inbox');
const fake = useWxFake();
const OPTIONS = { orgId: 'o_jj_village' };
/** The server offers the last ended quarters (on 2026-11-20 the last is 2026-Q3). */
const QUARTERS: PeriodChoice[] = [
  { key: '2026-Q3', label: '2026年第三季度' },
  { key: '2026-Q2', label: '2026年第二季度' },
  { key: '2026-Q1', label: '2026年第一季度' },
  { key: '2025-Q4', label: '2025年第四季度' },
];

function inboxPage(
  items: ReportSummary[],
  nextCursor: string | null,
  periods: PeriodChoice[] = QUARTERS,
): ActionOutput<'report.inbox'> {
  return { items, nextCursor, periods };
}

const unread = reportSummary({
  reportId: 'r_1_2026-Q3',
  status: 'submitted',
  revision: 1,
  submittedAt: '2026-10-05T02:00:00.000Z',
});
const read = reportSummary({
  reportId: 'r_2_2026-Q3',
  member: { memberId: 'm_2', name: '李红梅', standing: 'probationary' },
  branch: { orgId: 'o_jj_suzhou', name: '靖江市驻苏州流动党员党支部' },
  status: 'submitted',
  revision: 2,
  submittedAt: '2026-10-12T02:00:00.000Z',
  readAt: '2026-10-13T01:00:00.000Z',
  acknowledgedAt: '2026-10-13T01:05:00.000Z',
  replyCount: 3,
});

async function open(
  items = [unread, read],
  nextCursor: string | null = null,
  options: Record<string, string> = OPTIONS,
): Promise<PageDriver> {
  fake.respond('report.inbox', ok(inboxPage(items, nextCursor)));
  return openPage(pageId, 'onLoad', options);
}

const textOf = (node: { dom?: { textContent: string | null } } | undefined): string =>
  (node?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('inbox', () => {
  it('shows loading, then the reports with unread marks, tags and counts', async () => {
    const held = fake.hold('report.inbox');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(inboxPage([unread, read], null)));
    await loading;
    expect(fake.callsOf('report.inbox')).toEqual([{ orgId: 'o_jj_village', unreadOnly: false, cursor: null }]);

    const rows = page.findAll('.row');
    expect(rows).toHaveLength(2);
    const first = textOf(rows[0]);
    expect(first).toContain('未读');
    expect(first).toContain('王建国');
    expect(first).not.toContain('预备党员');
    expect(first).toContain('2026年第三季度 · 新桥社区第一党支部');
    expect(first).toContain('2026年10月5日提交');
    expect(first).not.toContain('已确认');
    expect(first).not.toContain('第 1 版');
    // Only the unread row is marked (bold, with the dot).
    expect(page.findAll('.row-unread')).toHaveLength(1);
    expect(page.findAll('.unread-dot')).toHaveLength(1);

    const second = textOf(rows[1]);
    expect(second).not.toContain('未读');
    expect(second).toContain('李红梅');
    expect(second).toContain('预备党员');
    expect(second).toContain('靖江市驻苏州流动党员党支部');
    expect(second).toContain('已确认');
    expect(second).toContain('3 条留言');
    expect(second).toContain('第 2 版（已更正）');
  });

  it('says when nothing has arrived, and refreshes', async () => {
    const page = await open([]);
    expect(page.text()).toContain('还没有收到流入地党组织的反馈');
    fake.respond('report.inbox', ok(inboxPage([unread], null)));
    await page.tap('#empty >>> .empty-action');
    expect(fake.callsOf('report.inbox')).toHaveLength(2);
    expect(page.findAll('.row')).toHaveLength(1);
  });

  it('switches to unread only and back', async () => {
    const page = await open();
    fake.respond('report.inbox', ok(inboxPage([unread], null)));
    await page.tap('#show-unread');
    expect(fake.callsOf('report.inbox')[1]).toEqual({ orgId: 'o_jj_village', unreadOnly: true, cursor: null });
    expect(page.findAll('.row')).toHaveLength(1);

    fake.respond('report.inbox', ok(inboxPage([unread, read], null)));
    await page.tap('#show-all');
    expect(fake.callsOf('report.inbox')[2]).toEqual({ orgId: 'o_jj_village', unreadOnly: false, cursor: null });
    expect(page.findAll('.row')).toHaveLength(2);
  });

  it('filters by one of the periods the server offers, and back to all', async () => {
    const page = await open();
    expect(page.data.periodLabels).toEqual(['全部期次', '2026年第三季度', '2026年第二季度', '2026年第一季度', '2025年第四季度']);
    expect(textOf(page.find('.period-value'))).toBe('全部期次');

    fake.respond('report.inbox', ok(inboxPage([read], null)));
    await page.fire('#period', 'change', { value: '4' });
    expect(fake.callsOf('report.inbox')[1]).toEqual({
      orgId: 'o_jj_village',
      unreadOnly: false,
      periodKey: '2025-Q4',
      cursor: null,
    });
    expect(textOf(page.find('.period-value'))).toBe('2025年第四季度');

    fake.respond('report.inbox', ok(inboxPage([unread, read], null)));
    await page.fire('#period', 'change', { value: '0' });
    expect(fake.callsOf('report.inbox')[2]).toEqual({ orgId: 'o_jj_village', unreadOnly: false, cursor: null });
  });

  it('offers the periods the server names for the organization (monthly here), even with no report yet', async () => {
    const months = [
      { key: '2026-M10', label: '2026年10月' },
      { key: '2026-M09', label: '2026年9月' },
    ];
    fake.respond('report.inbox', ok(inboxPage([], null, months)));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.data.periodLabels).toEqual(['全部期次', '2026年10月', '2026年9月']);
  });

  it('filters to one member when opened with memberId, and clears it', async () => {
    const page = await open([read], null, { ...OPTIONS, memberId: 'm_2' });
    expect(fake.callsOf('report.inbox')[0]).toEqual({ orgId: 'o_jj_village', unreadOnly: false, memberId: 'm_2', cursor: null });
    expect(textOf(page.find('.member-filter'))).toContain('只看 李红梅 的反馈');

    fake.respond('report.inbox', ok(inboxPage([unread, read], null)));
    await page.tap('#clear-member');
    expect(fake.callsOf('report.inbox')[1]).toEqual({ orgId: 'o_jj_village', unreadOnly: false, cursor: null });
    expect(page.has('.member-filter')).toBe(false);
    expect(page.findAll('.row')).toHaveLength(2);
  });

  it('says when the filters match nothing and leads back to everything', async () => {
    const page = await open([], null, { ...OPTIONS, memberId: 'm_9', memberName: encodeURIComponent('赵六') });
    expect(page.text()).toContain('只看 赵六 的反馈');
    expect(page.text()).toContain('没有符合条件的反馈');
    expect(page.text()).not.toContain('还没有收到流入地党组织的反馈');
    fake.respond('report.inbox', ok(inboxPage([unread], null)));
    await page.tap('#empty-filtered >>> .empty-action');
    expect(fake.callsOf('report.inbox')[1]).toEqual({ orgId: 'o_jj_village', unreadOnly: false, cursor: null });
    expect(page.findAll('.row')).toHaveLength(1);
  });

  it('opens a report and drops its unread mark', async () => {
    const page = await open();
    await page.tap('.row');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/report/report?reportId=r_1_2026-Q3' });
    expect(textOf(page.findAll('.row')[0])).not.toContain('未读');
    expect(page.findAll('.unread-dot')).toHaveLength(0);
  });

  it('loads more with the cursor and the same filters; a failure stays beside the button', async () => {
    const page = await open([unread], 'cur1');
    fake.respond('report.inbox', ok(inboxPage([unread], 'cur1')));
    await page.tap('#show-unread');

    fake.failTransport('report.inbox', 'request:fail');
    await page.tap('#more');
    expect(fake.callsOf('report.inbox')[2]).toEqual({ orgId: 'o_jj_village', unreadOnly: true, cursor: 'cur1' });
    expect(textOf(page.find('.more-error'))).toContain('网络不通');
    expect(page.findAll('.row')).toHaveLength(1);
    expect(textOf(page.find('#more'))).toBe('重试');

    fake.respond('report.inbox', ok(inboxPage([read], null)));
    await page.tap('#more');
    expect(page.findAll('.row')).toHaveLength(2);
    expect(page.has('#more')).toBe(false);
  });

  it('drops an answer to a filter that was changed meanwhile', async () => {
    const page = await open();
    const stale = fake.hold('report.inbox');
    const switching = page.tap('#show-unread');
    fake.respond('report.inbox', ok(inboxPage([read], null)));
    await page.tap('#show-all');
    stale.resolve(ok(inboxPage([unread, unread, unread], null)));
    await switching;
    await settle();
    expect(page.data.unreadOnly).toBe(false);
    expect(page.findAll('.row')).toHaveLength(1);
    expect(textOf(page.find('.row'))).toContain('李红梅');
  });

  it('drops a next page asked for under the old filter, and pages the new one', async () => {
    const page = await open([unread], 'cur1');
    const stale = fake.hold('report.inbox');
    const more = page.tap('#more');
    fake.respond('report.inbox', ok(inboxPage([read], 'cur2')));
    await page.tap('#show-unread');
    stale.resolve(ok(inboxPage([unread], null)));
    await more;
    await settle();
    expect(page.findAll('.row')).toHaveLength(1);
    expect(textOf(page.find('.row'))).toContain('李红梅');

    fake.respond('report.inbox', ok(inboxPage([unread], null)));
    await page.tap('#more');
    expect(fake.callsOf('report.inbox')[3]).toEqual({ orgId: 'o_jj_village', unreadOnly: true, cursor: 'cur2' });
    expect(page.findAll('.row')).toHaveLength(2);
  });

  it('shows an organization that is not theirs with a way home; retries a network error', async () => {
    fake.respond('report.inbox', fail('NOT_FOUND', '找不到这个党组织', 'orgId'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('只有本组织的书记或管理员能查看这里的反馈');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });

    fake.failTransport('report.inbox', 'request:fail');
    await page.run('load');
    expect(page.text()).toContain('网络不通');
    fake.respond('report.inbox', ok(inboxPage([unread], null)));
    await page.tap('#state >>> .retry');
    expect(page.findAll('.row')).toHaveLength(1);
  });

  it('without an organization says so and leads home, calling nothing', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有指定要查看的组织');
    expect(fake.calls).toEqual([]);
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });
});
