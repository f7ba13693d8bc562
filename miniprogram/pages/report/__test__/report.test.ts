import type { ReportRevision, ReportView } from '../../../../server/contract/reports';
import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver, settle } from '../../../../test/setup/simulate-page';
import { appraisalView, replyView, reportFigures, reportView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/report/report');
const fake = useWxFake();
const REPORT_ID = 'r_1_2026-Q3';
const OPTIONS = { reportId: REPORT_ID };

function revision(overrides: Partial<ReportRevision> = {}): ReportRevision {
  return {
    revision: 1,
    figures: reportFigures(),
    assessment: {
      thinking: '思想稳定，拥护党的路线',
      conduct: '工作积极，按时参加组织生活',
      needs: '希望孩子在苏州入学',
      comment: '表现良好',
      grade: 'good',
    },
    appraisal: null,
    submittedAt: '2026-10-05T02:00:00.000Z',
    submittedByName: '李秀英',
    correctionReason: null,
    ...overrides,
  };
}

/** A submitted report as the hometown organization reads it. */
function submitted(overrides: Partial<ReportView> = {}): ReportView {
  return reportView({
    side: 'outflow',
    status: 'submitted',
    revision: 1,
    submittedAt: '2026-10-05T02:00:00.000Z',
    draft: null,
    revisions: [revision()],
    version: 3,
    ...overrides,
  });
}

const fromHome = replyView();
const fromBranch = replyView({
  replyId: 'rp_2',
  side: 'inflow',
  authorName: '李秀英',
  orgName: '新桥社区第一党支部',
  body: '已了解，我们会帮他安排好时间。',
  createdAt: '2026-10-21T03:00:00.000Z',
});

async function open(
  view: ReportView = submitted(),
  replies = [fromHome, fromBranch],
  nextCursor: string | null = null,
): Promise<PageDriver> {
  fake.respond('report.get', ok(view));
  fake.respond('report.thread', ok({ items: replies, nextCursor }));
  return openPage(pageId, 'onLoad', OPTIONS);
}

const textOf = (page: PageDriver, selector: string): string =>
  (page.find(selector)?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('report', () => {
  it('shows loading, then the submitted report, its figures, assessment and thread (outflow side)', async () => {
    const held = fake.hold('report.get');
    fake.respond('report.thread', ok({ items: [fromHome, fromBranch], nextCursor: null }));
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(submitted({ member: { memberId: 'm_1', name: '王建国', standing: 'probationary' } })));
    await loading;

    expect(fake.callsOf('report.get')).toEqual([{ reportId: REPORT_ID }]);
    expect(fake.callsOf('report.thread')).toEqual([{ reportId: REPORT_ID, cursor: null, limit: 30 }]);
    const text = page.text();
    for (const expected of [
      '王建国',
      '预备党员',
      '2026年第三季度的反馈',
      '新桥社区第一党支部',
      '新港村党支部',
      '第 1 版',
      '2026年10月5日 10:00提交 · 李秀英',
      '应参加 6 次，参加 5 次，请假 1 次',
      '4 小时',
      '本期学习6 学时',
      '自2026年3月2日起，已完成 20 学时，按计划应完成 20 学时；全年目标 32 学时',
      '2026年9月20日',
      '思想稳定，拥护党的路线',
      '工作积极，按时参加组织生活',
      '希望孩子在苏州入学',
      '表现良好',
      '综合评价',
    ]) {
      expect(text).toContain(expected);
    }
    expect(textOf(page, '.revision')).toMatch(/综合评价\s*好/);
    // The label column holds six characters: a longer label ran into its value.
    const labels = page.findAll('.line-label').map((label) => (label.dom?.textContent ?? '').trim());
    expect(labels).toContain('上次参加');
    expect(labels.filter((label) => label.length > 6)).toEqual([]);
    expect(page.has('.correction-reason')).toBe(false);
    expect(page.has('.versions')).toBe(false);
    expect(page.has('.appraisal')).toBe(false);
    // The read receipt is the branch's to see, not the reader's.
    expect(page.has('.read-receipt')).toBe(false);
    expect(textOf(page, '#acknowledge')).toBe('确认收到');

    const replies = page.findAll('.reply');
    expect(replies).toHaveLength(2);
    expect(textOf(page, '.reply-outflow')).toContain('流出地');
    expect(textOf(page, '.reply-outflow')).toContain('新港村党支部');
    expect(textOf(page, '.reply-outflow')).toContain('吴村书 · 2026年10月20日 10:00');
    expect(textOf(page, '.reply-outflow')).toContain('他母亲今年住院');
    expect(textOf(page, '.reply-inflow')).toContain('流入地');
    expect(page.text().indexOf('他母亲今年住院')).toBeLessThan(page.text().indexOf('已了解，我们会帮他安排好时间'));
    expect(textOf(page, '.reply-hint')).toBe('可说明党员在家乡的情况、家庭需要等流入地应了解的事');
  });

  it('shows the democratic appraisal when it came with the report, and says when there is no life on record', async () => {
    const page = await open(
      submitted({
        revisions: [
          revision({
            figures: reportFigures({ lastLifeOn: null }),
            appraisal: appraisalView({ result: 'excellent', note: '带头参加志愿服务' }),
            assessment: { thinking: '', conduct: '', needs: '', comment: '', grade: null },
          }),
        ],
      }),
      [],
    );
    expect(textOf(page, '.appraisal')).toBe('2026年度民主评议：优秀');
    expect(textOf(page, '.appraisal-note')).toBe('带头参加志愿服务');
    expect(page.text()).toContain('没有记录');
    expect(page.text()).toContain('未填写');
    expect(page.text()).toContain('未评定');
    expect(page.text()).toContain('还没有留言');
  });

  it('a revision submitted before period hours were counted shows the year figures only', async () => {
    const page = await open(
      submitted({
        revisions: [
          revision({
            figures: reportFigures({
              studyHoursInPeriod: null,
              studyCountedFrom: null,
              studyHoursThisYear: 8,
              studyHoursDueThisYear: 12,
            }),
          }),
        ],
      }),
      [],
    );
    expect(page.text()).not.toContain('本期学习');
    expect(page.text()).toContain('今年学习已完成 8 学时，按计划应完成 12 学时；全年目标 32 学时');
  });

  it('acknowledges with the version, then hides the button', async () => {
    const page = await open();
    fake.respond(
      'report.acknowledge',
      ok(
        submitted({
          acknowledgedAt: '2026-10-20T03:00:00.000Z',
          acknowledgedByName: '吴村书',
          readAt: '2026-10-20T02:50:00.000Z',
          version: 4,
        }),
      ),
    );
    await page.tap('#acknowledge');
    expect(fake.callsOf('report.acknowledge')).toEqual([{ reportId: REPORT_ID, version: 3 }]);
    expect(page.has('#acknowledge')).toBe(false);
    expect(textOf(page, '.acknowledged')).toBe('已确认收到（吴村书，2026年10月20日 11:00）');
    expect(fake.toasts[0]?.title).toBe('已确认收到');
  });

  it('on CONFLICT when acknowledging says the report changed and reloads it', async () => {
    const page = await open();
    fake.respond('report.acknowledge', fail('CONFLICT', '报告已被修改'));
    const corrected = submitted({
      revision: 2,
      version: 5,
      revisions: [
        revision({ revision: 2, correctionReason: '参加次数统计有误', submittedAt: '2026-10-22T02:00:00.000Z' }),
        revision(),
      ],
    });
    fake.respond('report.get', ok(corrected));
    fake.respond('report.thread', ok({ items: [fromHome], nextCursor: null }));
    await page.tap('#acknowledge');
    expect(fake.modals[0]?.content).toBe('这份报告刚有更新，已为您重新加载，请看过后再确认');
    expect(fake.callsOf('report.get')).toHaveLength(2);
    expect(page.text()).toContain('第 2 版');
    expect(page.text()).toContain('更正原因：参加次数统计有误');

    fake.respond('report.acknowledge', ok(corrected));
    await page.tap('#acknowledge');
    expect(fake.callsOf('report.acknowledge')[1]).toEqual({ reportId: REPORT_ID, version: 5 });
  });

  it('keeps 确认收到 and shows the failure beside it when the network drops', async () => {
    const page = await open();
    fake.failTransport('report.acknowledge', 'request:fail');
    await page.tap('#acknowledge');
    expect(textOf(page, '.acknowledge-error')).toContain('网络不通');
    expect(page.has('#acknowledge')).toBe(true);
  });

  it('offers 确认收到 again when only an earlier version was confirmed', async () => {
    const page = await open(
      submitted({
        revision: 2,
        acknowledgedAt: '2026-10-06T02:00:00.000Z',
        acknowledgedByName: '吴村书',
        acknowledgedNewest: false,
        revisions: [
          revision({ revision: 2, correctionReason: '补充学习情况', submittedAt: '2026-10-10T02:00:00.000Z' }),
          revision(),
        ],
      }),
    );
    expect(textOf(page, '.acknowledged')).toBe('已确认收到（吴村书，2026年10月6日 10:00），更正后的新版本尚未确认');
    expect(page.has('#acknowledge')).toBe(true);
  });

  it('shows the newest version of a corrected report and earlier ones on tap', async () => {
    const page = await open(
      submitted({
        revision: 2,
        revisions: [
          revision({
            revision: 2,
            correctionReason: '参加次数统计有误',
            submittedAt: '2026-10-12T02:00:00.000Z',
            figures: reportFigures({ meetingsAttended: 6, leaves: 0 }),
          }),
          revision(),
        ],
      }),
    );
    expect(textOf(page, '.revision-title')).toBe('第 2 版');
    expect(textOf(page, '.correction-reason')).toBe('更正原因：参加次数统计有误');
    expect(textOf(page, '.revision')).toContain('应参加 6 次，参加 6 次，请假 0 次');
    const versions = page.findAll('.version-row');
    expect(versions).toHaveLength(2);
    expect(textOf(page, '.versions')).toContain('第 2 版（最新） · 正在查看');

    versions[1]?.dispatchEvent('tap', { detail: {} });
    await settle();
    expect(textOf(page, '.revision-title')).toBe('第 1 版（以前的版本）');
    expect(textOf(page, '.revision')).toContain('应参加 6 次，参加 5 次，请假 1 次');
    expect(page.has('.correction-reason')).toBe(false);
  });

  it('shows the branch whether the hometown has read and confirmed it (inflow side)', async () => {
    const page = await open(submitted({ side: 'inflow', draft: null }));
    expect(textOf(page, '.read-receipt')).toBe('对方尚未阅读');
    expect(textOf(page, '.not-acknowledged')).toBe('对方尚未确认收到');
    expect(page.has('#acknowledge')).toBe(false);
    expect(page.has('.reply-hint')).toBe(false);
    expect(page.text()).toContain('回复流出地党组织');

    fake.respond(
      'report.get',
      ok(
        submitted({
          side: 'inflow',
          readAt: '2026-10-20T02:50:00.000Z',
          readByName: '吴村书',
          acknowledgedAt: '2026-10-20T03:00:00.000Z',
          acknowledgedByName: '吴村书',
        }),
      ),
    );
    fake.respond('report.thread', ok({ items: [], nextCursor: null }));
    await page.run('load');
    expect(textOf(page, '.read-receipt')).toBe('对方已于 2026年10月20日 10:50 阅读（吴村书）');
    expect(textOf(page, '.acknowledged')).toBe('已确认收到（吴村书，2026年10月20日 11:00）');
  });

  it('says which part of the period the report counts when the member moved inside it', async () => {
    const page = await open(submitted({ shareLabel: '在本支部的时段：2026年7月1日至2026年8月20日' }));
    expect(textOf(page, '.share')).toBe('在本支部的时段：2026年7月1日至2026年8月20日');
  });

  it('offers 确认收到 and the reply box only as the view allows, deriving neither', async () => {
    const page = await open(
      submitted({ can: { edit: false, correct: false, acknowledge: false, reply: false }, acknowledgedNewest: false }),
    );
    expect(page.has('#acknowledge')).toBe(false);
    expect(page.has('#send-reply')).toBe(false);
    await page.run('onAcknowledge');
    expect(fake.callsOf('report.acknowledge')).toEqual([]);

    fake.respond(
      'report.get',
      ok(
        submitted({
          side: 'outflow',
          can: { edit: false, correct: false, acknowledge: true, reply: true },
          acknowledgedAt: null,
        }),
      ),
    );
    fake.respond('report.thread', ok({ items: [], nextCursor: null }));
    await page.run('load');
    expect(page.has('#acknowledge')).toBe(true);
    expect(page.has('#send-reply')).toBe(true);
  });

  it('sends the inflow side to the editor while the report was never submitted', async () => {
    await open(reportView(), []);
    expect(fake.lastNavigation()).toEqual({
      method: 'redirectTo',
      url: '/pages/report-editor/report-editor?reportId=r_1_2026-Q3',
    });
  });

  it('shows the last submitted version with 更正中 while a correction is written, and reloads after the editor', async () => {
    const correcting = submitted({
      side: 'inflow',
      status: 'draft',
      revision: 1,
      draft: {
        figures: reportFigures(),
        assessment: { thinking: '', conduct: '', needs: '', comment: '', grade: null },
        appraisal: null,
        appraisalYear: 2026,
        correctionReason: '参加次数统计有误',
      },
    });
    const page = await open(correcting);
    expect(fake.navigations).toEqual([]);
    expect(textOf(page, '.correcting')).toContain('更正中');
    expect(textOf(page, '.correcting')).toContain('更正原因：参加次数统计有误');
    expect(textOf(page, '.revision-title')).toBe('第 1 版');
    expect(page.text()).toContain('工作积极，按时参加组织生活');

    await page.tap('#open-editor');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: '/pages/report-editor/report-editor?reportId=r_1_2026-Q3',
    });

    fake.respond(
      'report.get',
      ok(
        submitted({
          side: 'inflow',
          revision: 2,
          revisions: [revision({ revision: 2, correctionReason: '参加次数统计有误' }), revision()],
        }),
      ),
    );
    fake.respond('report.thread', ok({ items: [], nextCursor: null }));
    await page.run('onShow');
    expect(fake.callsOf('report.get')).toHaveLength(2);
    expect(page.has('.correcting')).toBe(false);
    expect(textOf(page, '.revision-title')).toBe('第 2 版');
    // Showing the page again without a trip to the editor does not reload it.
    await page.run('onShow');
    expect(fake.callsOf('report.get')).toHaveLength(2);
  });

  it('lets the organization above read but not reply', async () => {
    const page = await open(submitted({ side: 'above' }));
    expect(textOf(page, '.above-note')).toBe('上级组织可查看，不能留言。');
    expect(page.has('#send-reply')).toBe(false);
    expect(page.has('#reply-body')).toBe(false);
    expect(page.has('#acknowledge')).toBe(false);
    expect(textOf(page, '.not-acknowledged')).toBe('流出地党组织尚未确认收到');
    expect(page.findAll('.reply')).toHaveLength(2);
  });

  it('asks for a message before sending anything', async () => {
    const page = await open();
    await page.input('#reply-body', '   ');
    await page.tap('#send-reply');
    expect(textOf(page, '.reply-error')).toBe('请填写留言内容');
    expect(fake.callsOf('report.reply')).toEqual([]);
  });

  it('sends a reply with a requestId, resends the same one after a network failure, and shows it at the end', async () => {
    const page = await open();
    await page.input('#reply-body', ' 他母亲已出院，谢谢关心。 ');
    fake.failTransport('report.reply', 'request:fail timeout');
    await page.tap('#send-reply');
    expect(textOf(page, '.reply-error')).toContain('网络不通');
    expect(page.findAll('.reply')).toHaveLength(2);

    const posted = replyView({ replyId: 'rp_3', body: '他母亲已出院，谢谢关心。', createdAt: '2026-10-25T02:00:00.000Z' });
    fake.respond('report.reply', ok(posted));
    await page.tap('#send-reply');
    const [first, retry] = fake.callsOf('report.reply');
    expect(first).toEqual({
      reportId: REPORT_ID,
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{8,40}$/),
      body: '他母亲已出院，谢谢关心。',
    });
    expect(retry).toEqual(first);
    const replies = page.findAll('.reply');
    expect(replies).toHaveLength(3);
    expect(replies[2]?.dom?.textContent ?? '').toContain('他母亲已出院，谢谢关心。');
    expect(page.data.replyBody).toBe('');
    expect(page.has('.reply-error')).toBe(false);
    expect(fake.toasts[0]?.title).toBe('留言已发送');

    // The next message is a new one.
    await page.input('#reply-body', '春节前后他会回来一趟。');
    fake.respond('report.reply', ok(replyView({ replyId: 'rp_4', body: '春节前后他会回来一趟。' })));
    await page.tap('#send-reply');
    expect(fake.callsOf('report.reply')[2]?.requestId).not.toBe(first?.requestId);
  });

  it("shows the server's field error beside the reply box", async () => {
    const page = await open();
    await page.input('#reply-body', '很长的留言');
    fake.respond('report.reply', fail('BAD_REQUEST', '不能超过 500 个字', 'body'));
    await page.tap('#send-reply');
    expect(textOf(page, '.reply-error')).toBe('不能超过 500 个字');
    expect(page.data.replyBody).toBe('很长的留言');
  });

  it('pages the thread oldest first and keeps a reply sent meanwhile in its place', async () => {
    const page = await open(submitted(), [fromHome], 'cur1');
    const posted = replyView({ replyId: 'rp_3', body: '新留言', createdAt: '2026-10-25T02:00:00.000Z' });
    await page.input('#reply-body', '新留言');
    fake.respond('report.reply', ok(posted));
    await page.tap('#send-reply');
    expect(page.findAll('.reply')).toHaveLength(2);

    fake.respond('report.thread', ok({ items: [fromBranch, posted], nextCursor: null }));
    await page.tap('#thread-more');
    expect(fake.callsOf('report.thread')[1]).toEqual({ reportId: REPORT_ID, cursor: 'cur1', limit: 30 });
    expect(page.data.thread).toMatchObject({
      items: [{ replyId: 'rp_1' }, { replyId: 'rp_2' }, { replyId: 'rp_3' }],
      nextCursor: null,
    });
    expect(page.has('#thread-more')).toBe(false);
  });

  it('shows a thread that failed to load beside the report, with 重试', async () => {
    fake.respond('report.get', ok(submitted()));
    fake.failTransport('report.thread', 'request:fail');
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('新桥社区第一党支部');
    expect(textOf(page, '.thread')).toContain('网络不通');
    fake.respond('report.thread', ok({ items: [fromHome], nextCursor: null }));
    await page.tap('#thread-state >>> .retry');
    expect(page.findAll('.reply')).toHaveLength(1);
  });

  it("opens the member's history", async () => {
    const page = await open();
    await page.tap('#history');
    expect(fake.lastNavigation()).toEqual({
      method: 'navigateTo',
      url: `/pages/report-history/report-history?memberId=m_1&name=${encodeURIComponent('王建国')}`,
    });
  });

  it('on NOT_FOUND says so clearly and leads home', async () => {
    fake.respond('report.get', fail('NOT_FOUND', 'report not found'));
    fake.respond('report.thread', fail('NOT_FOUND', 'report not found'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('没有找到这份反馈报告，可能链接已失效');
    expect(textOf(page, '#state >>> .retry')).toBe('返回首页');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('retries after a network error', async () => {
    fake.failTransport('report.get', 'request:fail');
    fake.respond('report.thread', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('网络不通');
    fake.respond('report.get', ok(submitted()));
    fake.respond('report.thread', ok({ items: [], nextCursor: null }));
    await page.tap('#state >>> .retry');
    expect(page.has('#acknowledge')).toBe(true);
  });

  it('without a report id says so and calls nothing', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有指定要查看的反馈报告');
    expect(fake.calls).toEqual([]);
  });
});
