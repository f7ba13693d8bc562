import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { appraisalView, reportFigures, reportView } from '../../../../test/setup/fixtures';
import type { Assessment, ReportView } from '../../../../server/contract/reports';

const pageId = loadUnit('pages/report-editor/report-editor');
const fake = useWxFake();
const REPORT_ID = 'r_1_2026-Q3';
const OPTIONS = { reportId: REPORT_ID };
const REPORT_URL = `/pages/report/report?reportId=${REPORT_ID}`;

const BLANK: Assessment = { thinking: '', conduct: '', needs: '', comment: '', grade: null };

function draft(overrides: Partial<NonNullable<ReportView['draft']>> = {}, report: Partial<ReportView> = {}): ReportView {
  return reportView({
    draft: {
      figures: reportFigures(),
      assessment: BLANK,
      appraisal: null,
      appraisalYear: 2026,
      correctionReason: null,
      ...overrides,
    },
    ...report,
  });
}

function submitted(overrides: Partial<ReportView> = {}): ReportView {
  return reportView({
    status: 'submitted',
    revision: 1,
    submittedAt: '2026-10-08T02:00:00.000Z',
    readAt: '2026-10-09T06:30:00.000Z',
    draft: null,
    revisions: [
      {
        revision: 1,
        figures: reportFigures(),
        assessment: { ...BLANK, comment: '表现良好', grade: 'good' },
        appraisal: null,
        submittedAt: '2026-10-08T02:00:00.000Z',
        submittedByName: '李秀英',
        correctionReason: null,
      },
    ],
    version: 3,
    ...overrides,
  });
}

async function open(report: ReportView = draft()): Promise<PageDriver> {
  fake.respond('report.get', ok(report));
  return openPage(pageId, 'onLoad', OPTIONS);
}

async function fillForm(page: PageDriver): Promise<void> {
  await page.input('#thinking', '思想稳定');
  await page.input('#conduct', '按时参加组织生活');
  await page.input('#needs', '孩子秋季入学');
  await page.input('#comment', '表现良好');
  await page.input('#grade', 'good');
}

const TYPED: Assessment = {
  thinking: '思想稳定',
  conduct: '按时参加组织生活',
  needs: '孩子秋季入学',
  comment: '表现良好',
  grade: 'good',
};

describe('report-editor: showing a draft', () => {
  it('shows loading, then the member, the period, the figures and the empty form', async () => {
    const held = fake.hold('report.get');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', OPTIONS);
    expect(page.text()).toContain('正在加载');
    held.resolve(ok(draft({}, { member: { memberId: 'm_2', name: '李红梅', standing: 'probationary' }, overdue: true })));
    await loading;
    expect(fake.callsOf('report.get')).toEqual([{ reportId: REPORT_ID }]);
    const text = page.text();
    expect(text).toContain('李红梅');
    expect(text).toContain('预备党员');
    expect(text).toContain('已逾期');
    expect(text).toContain('2026年第三季度');
    expect(text).toContain('截止日期：2026年10月15日');
    expect(text).toContain('反馈给：新港村党支部');
    expect(text).toContain('组织生活：应参加 6 次，参加 5 次，请假 1 次');
    expect(text).toContain('志愿服务：4 小时');
    // What each study figure counts: this period's hours, and the year so far since counting started.
    expect(text).toContain('本期学习：6 学时');
    expect(text).toContain('今年学习：自2026年3月2日起，已完成 20 学时，按计划应完成 20 学时；全年目标 32 学时');
    expect(text).toContain('上次参加组织生活：2026年9月20日');
    expect(text).toContain('以上数据提交时按最新记录重新统计');
    expect(text).toContain('2026年度民主评议');
    expect(text).toContain('本年度还没有登记民主评议结果');
    expect(text).toContain('登记评议结果');
    for (const label of ['思想', '表现', '需求', '综合意见']) expect(text).toContain(label);
    expect(page.find('#grade')?.data).toMatchObject({
      value: '',
      options: [
        { value: 'good', label: '好' },
        { value: 'fair', label: '较好' },
        { value: 'needs_attention', label: '需关注' },
      ],
    });
    // A regular draft is not a correction.
    expect(text).not.toContain('更正原因');
  });

  it('says 无 when the member has not taken part in organizational life', async () => {
    const page = await open(draft({ figures: reportFigures({ lastLifeOn: null, meetingsAttended: 0 }) }));
    expect(page.text()).toContain('上次参加组织生活：无');
    expect(page.text()).toContain('参加 0 次');
  });

  it('fills the form from the saved draft and shows the appraisal that goes home with it', async () => {
    const page = await open(
      draft({ assessment: { ...TYPED, grade: 'fair' }, appraisal: appraisalView({ result: 'excellent', note: '群众评价好' }) }),
    );
    expect(page.find('#thinking')?.data).toMatchObject({ value: '思想稳定' });
    expect(page.find('#comment')?.data).toMatchObject({ value: '表现良好' });
    expect(page.find('#grade')?.data).toMatchObject({ value: 'fair' });
    expect(page.text()).toContain('评议结果：优秀');
    expect(page.text()).toContain('说明：群众评价好');
    expect(page.text()).toContain('2026年9月15日 李秀英登记');
    expect(page.text()).toContain('评议结果会随本期报告送回流出地');
    expect(page.text()).toContain('修改评议结果');
  });

  it('shows the reason when the draft corrects a submitted report', async () => {
    const page = await open(draft({ correctionReason: '漏记了 9 月的党小组会' }, { revision: 1 }));
    expect(page.text()).toContain('这是对第 1 版的更正，提交后成为第 2 版');
    expect(page.text()).toContain('更正原因：漏记了 9 月的党小组会');
  });

  it('sends the outflow side and the organizations above to the report page', async () => {
    const page = await open(submitted({ side: 'outflow', draft: null }));
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: REPORT_URL });
    expect(page.has('#submit')).toBe(false);

    fake.reset();
    fake.respond('report.get', ok(submitted({ side: 'above' })));
    await openPage(pageId, 'onLoad', OPTIONS);
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: REPORT_URL });
  });

  it('shows FORBIDDEN with a way home, NOT_FOUND with a way home, and retries a network error', async () => {
    fake.respond('report.get', fail('FORBIDDEN', '只有本支部书记可以填写'));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('您没有办理这项业务的权限');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });

    fake.respond('report.get', fail('NOT_FOUND', '没有这份报告'));
    await page.run('load', false);
    expect(page.text()).toContain('没有找到相关记录');
    expect(page.find('#state >>> .retry')?.dom?.textContent).toContain('返回首页');

    fake.failTransport('report.get', 'request:fail');
    await page.run('load', false);
    expect(page.text()).toContain('网络不通');
    fake.respond('report.get', ok(draft()));
    await page.tap('#state >>> .retry');
    expect(page.has('#submit')).toBe(true);
  });

  it('without a report says so and sends nothing', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有指定要填写的报告');
    expect(fake.calls).toEqual([]);
  });
});

describe('report-editor: saving and submitting', () => {
  it('saves the draft with the version, then uses the new version', async () => {
    const page = await open();
    await fillForm(page);
    fake.respond('report.saveDraft', ok(draft({ assessment: TYPED }, { version: 2 })));
    await page.tap('#save-draft');
    expect(fake.callsOf('report.saveDraft')).toEqual([{ reportId: REPORT_ID, version: 1, assessment: TYPED }]);
    expect(fake.toasts[0]?.title).toBe('草稿已保存');
    expect(page.find('#thinking')?.data).toMatchObject({ value: '思想稳定' });

    await page.input('#needs', '');
    fake.respond('report.saveDraft', ok(draft({ assessment: { ...TYPED, needs: '' } }, { version: 3 })));
    await page.tap('#save-draft');
    expect(fake.callsOf('report.saveDraft')[1]).toEqual({ reportId: REPORT_ID, version: 2, assessment: { ...TYPED, needs: '' } });
  });

  it('sends no grade as null', async () => {
    const page = await open();
    await page.input('#comment', '表现良好');
    fake.respond('report.saveDraft', ok(draft({}, { version: 2 })));
    await page.tap('#save-draft');
    expect(fake.callsOf('report.saveDraft')[0]?.assessment).toEqual({ ...BLANK, comment: '表现良好', grade: null });
  });

  it('asks before submitting; cancelling sends nothing', async () => {
    const page = await open();
    await fillForm(page);
    fake.answerModal(false);
    await page.tap('#submit');
    expect(fake.modals[0]?.content).toContain('提交后不能修改，如需更正将另起新版本');
    // The confirmation says what will go home, not only that it is final.
    expect(fake.modals[0]?.content).toContain('总体评价：好');
    expect(fake.modals[0]?.content).toContain('综合意见：表现良好');
    expect(fake.modals[0]?.content).toContain('民主评议：未登记');
    expect(fake.callsOf('report.submit')).toEqual([]);
    expect(fake.navigations).toEqual([]);
  });

  it('puts 提交 after 保存草稿 in a bar that stays on screen, and names what is missing before submitting', async () => {
    const page = await open();
    const bar = page.find('.bottom-bar');
    const order = (bar?.dom?.textContent ?? '').replace(/\s+/g, '');
    expect(order.indexOf('保存草稿')).toBeLessThan(order.indexOf('提交'));
    fake.answerModal(false);
    await page.tap('#submit');
    expect(fake.modals[0]?.content).toContain('总体评价：未填写');
    expect(fake.modals[0]?.content).toContain('综合意见：未填写');
  });

  it('shows the refusal of a report without the overall grade under that field and stays', async () => {
    const page = await open();
    await page.input('#comment', '表现良好');
    fake.respond('report.submit', fail('ASSESSMENT_REQUIRED', '提交前请选择总体评价', 'assessment.grade'));
    await page.tap('#submit');
    expect(page.find('#row-grade')?.dom?.textContent).toContain('提交前请填写综合意见，并选择总体评价');
    expect(page.find('#comment')?.data).toMatchObject({ value: '表现良好' });
    expect(fake.navigations).toEqual([]);
  });

  it('submits with the version and goes to the submitted report', async () => {
    const page = await open();
    await fillForm(page);
    fake.respond('report.submit', ok(submitted()));
    await page.tap('#submit');
    expect(fake.callsOf('report.submit')).toEqual([{ reportId: REPORT_ID, version: 1, assessment: TYPED }]);
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: REPORT_URL });
    expect(fake.toasts[0]?.title).toBe('已提交');
  });

  it('on REPORT_FINAL says someone else submitted it, keeps the text and offers to view it', async () => {
    const page = await open();
    await fillForm(page);
    fake.respond('report.submit', fail('REPORT_FINAL', '报告已提交'));
    await page.tap('#submit');
    expect(page.text()).toContain('这份报告已经由其他人提交，不能再修改');
    expect(page.find('#thinking')?.data).toMatchObject({ value: '思想稳定' });
    expect(fake.navigations).toEqual([]);
    await page.tap('#notice-action');
    expect(fake.lastNavigation()).toEqual({ method: 'redirectTo', url: REPORT_URL });
  });

  it('on CONFLICT says so, reloads the figures and version and keeps what was typed', async () => {
    const page = await open();
    await fillForm(page);
    fake.respond('report.saveDraft', fail('CONFLICT', '报告刚被修改'));
    fake.respond(
      'report.get',
      ok(
        draft(
          { assessment: { ...BLANK, comment: '别人写的' }, figures: reportFigures({ meetingsAttended: 6, leaves: 0 }) },
          { version: 4 },
        ),
      ),
    );
    await page.tap('#save-draft');
    expect(page.text()).toContain('这份报告刚被其他人修改过，已重新载入最新数据。您填写的内容已保留');
    expect(fake.callsOf('report.get')).toHaveLength(2);
    expect(page.text()).toContain('参加 6 次，请假 0 次');
    expect(page.find('#comment')?.data).toMatchObject({ value: '表现良好' });
    expect(page.find('#grade')?.data).toMatchObject({ value: 'good' });

    fake.respond('report.saveDraft', ok(draft({ assessment: TYPED }, { version: 5 })));
    await page.tap('#save-draft');
    expect(fake.callsOf('report.saveDraft')[1]).toEqual({ reportId: REPORT_ID, version: 4, assessment: TYPED });
    expect(page.text()).not.toContain('已重新载入最新数据');
  });

  it('when the reload after a CONFLICT finds it submitted, says so instead of keeping the text', async () => {
    const page = await open();
    await fillForm(page);
    fake.respond('report.saveDraft', fail('CONFLICT'));
    fake.respond('report.get', ok(submitted()));
    await page.tap('#save-draft');
    expect(page.text()).toContain('这份报告已经由其他人提交，不能再修改');
    expect(page.text()).not.toContain('您填写的内容已保留');
    expect(page.has('#open-correct')).toBe(true);
  });

  it('offers 更正 on a submitted report only when the view allows it', async () => {
    fake.respond('report.get', ok(submitted({ can: { edit: false, correct: false, acknowledge: false, reply: true } })));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('第 1 版');
    expect(page.has('#open-correct')).toBe(false);
  });

  it('when the reload after a CONFLICT fails, keeps the text and offers to reload again', async () => {
    const page = await open();
    await fillForm(page);
    fake.respond('report.submit', fail('CONFLICT'));
    fake.failTransport('report.get', 'request:fail');
    await page.tap('#submit');
    expect(page.text()).toContain('没能重新载入');
    expect(page.find('#needs')?.data).toMatchObject({ value: '孩子秋季入学' });
    fake.respond('report.get', ok(draft({}, { version: 2 })));
    await page.tap('#notice-action');
    expect(page.data.version).toBe(2);
    expect(page.find('#needs')?.data).toMatchObject({ value: '孩子秋季入学' });
  });

  it("shows the server's field error beside the field", async () => {
    const page = await open();
    await fillForm(page);
    fake.respond('report.saveDraft', fail('BAD_REQUEST', '不能超过 500 个字', 'assessment.comment'));
    await page.tap('#save-draft');
    expect(page.find('#row-comment')?.dom?.textContent).toContain('不能超过 500 个字');
    expect(page.find('#row-thinking')?.dom?.textContent).not.toContain('不能超过');
    await page.input('#comment', '短一些');
    expect(page.find('#row-comment')?.dom?.textContent).not.toContain('不能超过 500 个字');
  });

  it('shows other refusals above the buttons', async () => {
    const page = await open();
    fake.failTransport('report.saveDraft', 'request:fail timeout');
    await page.tap('#save-draft');
    expect(page.find('.notice')?.dom?.textContent).toContain('网络不通');
  });
});

describe("report-editor: the year's appraisal", () => {
  it('records the appraisal for the year the server names, not one worked out from the period', async () => {
    const lateQuarter = draft(
      { appraisalYear: 2025 },
      { period: { key: '2026-Q1', kind: 'quarter', start: '2026-01-01', end: '2026-03-31', label: '2026年第一季度' } },
    );
    fake.respond('report.get', ok(lateQuarter));
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('2025年度民主评议');
    await page.tap('#open-appraisal');
    await page.input('#appraisal-result', 'qualified');
    fake.respond('appraisal.record', ok(appraisalView({ year: 2025, result: 'qualified' })));
    await page.tap('#save-appraisal');
    expect(fake.callsOf('appraisal.record')[0]).toMatchObject({ memberId: 'm_1', year: 2025, result: 'qualified' });
  });

  it('records the first appraisal of the year with version null', async () => {
    const page = await open();
    await page.tap('#open-appraisal');
    expect(page.find('#appraisal-result')?.data).toMatchObject({
      options: [
        { value: 'excellent', label: '优秀' },
        { value: 'qualified', label: '合格' },
        { value: 'basically_qualified', label: '基本合格' },
        { value: 'unqualified', label: '不合格' },
      ],
    });
    await page.tap('#save-appraisal');
    expect(page.text()).toContain('请选择评议结果');
    expect(fake.callsOf('appraisal.record')).toEqual([]);

    await page.input('#appraisal-result', 'qualified');
    await page.input('#appraisal-note', '书面参加评议');
    fake.respond('appraisal.record', ok(appraisalView({ note: '书面参加评议' })));
    await page.tap('#save-appraisal');
    expect(fake.callsOf('appraisal.record')).toEqual([
      { memberId: 'm_1', year: 2026, result: 'qualified', note: '书面参加评议', version: null },
    ]);
    expect(page.data.appraisalSheet).toMatchObject({ visible: false });
    expect(page.text()).toContain('评议结果：合格');
    expect(page.text()).toContain('修改评议结果');
  });

  it('changes an existing appraisal with its version', async () => {
    const page = await open(draft({ appraisal: appraisalView({ version: 2 }) }));
    await page.tap('#open-appraisal');
    expect(page.find('#appraisal-result')?.data).toMatchObject({ value: 'qualified' });
    await page.input('#appraisal-result', 'excellent');
    fake.respond('appraisal.record', ok(appraisalView({ result: 'excellent', version: 3 })));
    await page.tap('#save-appraisal');
    expect(fake.callsOf('appraisal.record')).toEqual([
      { memberId: 'm_1', year: 2026, result: 'excellent', note: '', version: 2 },
    ]);
    expect(page.text()).toContain('评议结果：优秀');
  });

  it('shows a field error beside the note', async () => {
    const page = await open();
    await page.tap('#open-appraisal');
    await page.input('#appraisal-result', 'qualified');
    fake.respond('appraisal.record', fail('BAD_REQUEST', '说明不能超过 200 个字', 'note'));
    await page.tap('#save-appraisal');
    expect(page.find('.appraisal-note-error')?.dom?.textContent).toContain('说明不能超过 200 个字');
    expect(page.data.appraisalSheet).toMatchObject({ visible: true });
  });

  it('on CONFLICT reloads the appraisal and keeps the report text', async () => {
    const page = await open();
    await fillForm(page);
    await page.tap('#open-appraisal');
    await page.input('#appraisal-result', 'qualified');
    fake.respond('appraisal.record', fail('CONFLICT'));
    fake.respond('report.get', ok(draft({ appraisal: appraisalView({ result: 'basically_qualified', version: 2 }) })));
    await page.tap('#save-appraisal');
    expect(page.text()).toContain('评议结果刚被其他人修改过');
    expect(page.text()).toContain('评议结果：基本合格');
    expect(page.find('#thinking')?.data).toMatchObject({ value: '思想稳定' });
    expect(page.data.appraisalVersion).toBe(2);
  });
});

describe('report-editor: a submitted report and its correction', () => {
  it('shows 已提交 with who and when, and links to the report', async () => {
    const page = await open(submitted());
    expect(page.text()).toContain('已提交');
    expect(page.text()).toContain('第 1 版，提交于 2026年10月8日 10:00（李秀英）');
    expect(page.text()).toContain('流出地已读（2026年10月9日 14:30）');
    expect(page.has('#submit')).toBe(false);
    await page.tap('#view-report');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: REPORT_URL });
  });

  it('asks for a reason, then opens the new draft revision', async () => {
    const page = await open(submitted());
    await page.tap('#open-correct');
    await page.tap('#correct');
    expect(page.find('.correct-error')?.dom?.textContent).toContain('请写明更正原因');
    expect(fake.callsOf('report.correct')).toEqual([]);

    await page.input('#correct-reason', ' 漏记了 9 月的党小组会 ');
    fake.respond(
      'report.correct',
      ok(
        draft(
          { assessment: { ...BLANK, comment: '表现良好', grade: 'good' }, correctionReason: '漏记了 9 月的党小组会' },
          { revision: 1, version: 4 },
        ),
      ),
    );
    await page.tap('#correct');
    expect(fake.callsOf('report.correct')).toEqual([{ reportId: REPORT_ID, version: 3, reason: '漏记了 9 月的党小组会' }]);
    expect(page.data.correctSheet).toMatchObject({ visible: false });
    expect(page.text()).toContain('更正原因：漏记了 9 月的党小组会');
    expect(page.find('#comment')?.data).toMatchObject({ value: '表现良好' });

    fake.respond('report.submit', ok(submitted({ revision: 2, version: 5 })));
    await page.tap('#submit');
    expect(fake.callsOf('report.submit')[0]).toMatchObject({ reportId: REPORT_ID, version: 4 });
  });

  it('shows a refused reason beside it', async () => {
    const page = await open(submitted());
    await page.tap('#open-correct');
    await page.input('#correct-reason', '原因');
    fake.respond('report.correct', fail('BAD_REQUEST', '更正原因不能超过 200 个字', 'reason'));
    await page.tap('#correct');
    expect(page.find('.correct-error')?.dom?.textContent).toContain('更正原因不能超过 200 个字');
    expect(page.data.correctSheet).toMatchObject({ visible: true, reason: '原因' });
  });

  it('on CONFLICT closes the sheet, reloads and says why', async () => {
    const page = await open(submitted());
    await page.tap('#open-correct');
    await page.input('#correct-reason', '数据有误');
    fake.respond('report.correct', fail('CONFLICT'));
    fake.respond('report.get', ok(draft({ correctionReason: '别人先更正了' }, { revision: 1, version: 4 })));
    await page.tap('#correct');
    expect(page.data.correctSheet).toMatchObject({ visible: false });
    expect(page.text()).toContain('这份报告刚被其他人修改过，已重新载入');
    expect(page.text()).toContain('更正原因：别人先更正了');
  });
});
