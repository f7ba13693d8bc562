import type { AppraisalResult, AppraisalView } from '../../../server/contract/appraisals';
import type { Assessment, ReportFigures, ReportView } from '../../../server/contract/reports';
import { callAction } from '../../services/call-action';
import type { ClientError } from '../../services/error-messages';
import type { Change } from '../../services/events';
import { formatDate, formatDateTime } from '../../services/format';
import { APPRAISAL_RESULT_LABELS, ASSESSMENT_GRADE_LABELS, type AssessmentGrade, optionsOf } from '../../services/labels';
import {
  type NextSteps,
  type Notice,
  GO_HOME,
  NO_NOTICE,
  follow,
  loadErrorNotice,
  noRecordState,
  noticeFor,
} from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { reportToWriteOf, studyFigureLines, type ReportToWrite, volunteerHoursText } from '../../services/report-text';

type FormKey = 'thinking' | 'conduct' | 'needs' | 'comment' | 'grade';
const FORM_KEYS: readonly FormKey[] = ['thinking', 'conduct', 'needs', 'comment', 'grade'];

interface AssessmentForm {
  thinking: string;
  conduct: string;
  needs: string;
  comment: string;
  /** '' until a grade is chosen (the radio group cannot hold null). */
  grade: AssessmentGrade | '';
}

type FormErrors = Partial<Record<FormKey, string>>;

interface Head extends ReportToWrite {
  /** Submitted revisions so far; a draft above 0 is a correction. */
  revision: number;
}

interface Line {
  label: string;
  value: string;
}

interface AppraisalShown {
  result: string;
  note: string;
  recorded: string;
}

interface Submitted {
  revision: number;
  submittedAt: string;
  submittedBy: string;
  readText: string;
  acknowledgedText: string;
  /** 更正 is offered while the server says a correction may start. */
  canCorrect: boolean;
}

/** The notice above the form after a refused save: what happened and, where there is one, the way on. */
interface EditorNotice {
  text: string;
  actionText: string;
  /** 'view': open the submitted report; 'reload': load again, keeping what was typed. */
  action: 'view' | 'reload' | '';
}

interface AppraisalSheet {
  visible: boolean;
  result: AppraisalResult | '';
  note: string;
  saving: boolean;
  error: string;
  resultError: string;
  noteError: string;
}

interface CorrectSheet {
  visible: boolean;
  reason: string;
  saving: boolean;
  error: string;
}

const EMPTY_FORM: AssessmentForm = { thinking: '', conduct: '', needs: '', comment: '', grade: '' };
const NO_EDITOR_NOTICE: EditorNotice = { text: '', actionText: '', action: '' };
const APPRAISAL_CLOSED: AppraisalSheet = {
  visible: false,
  result: '',
  note: '',
  saving: false,
  error: '',
  resultError: '',
  noteError: '',
};
const CORRECT_CLOSED: CorrectSheet = { visible: false, reason: '', saving: false, error: '' };

/** A report that is not there (a wrong link) has nothing to retry. */
const LOAD_STEPS: NextSteps = { NOT_FOUND: GO_HOME };

const SUBMIT_CONFIRM = '提交后不能修改，如需更正将另起新版本。确定提交吗？';
const SHOWN_CHARS = 24;

/** A long text shortened for the confirmation; '未填写' when empty. */
function shortText(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '未填写';
  return trimmed.length > SHOWN_CHARS ? `${trimmed.slice(0, SHOWN_CHARS)}…` : trimmed;
}

/** What goes home on submit, so the secretary confirms the content and not only the act. */
function submitSummary(
  form: AssessmentForm,
  appraisal: AppraisalShown | null,
  appraisalYear: number,
  outflowName: string,
): string {
  return [
    `将送回${outflowName}：`,
    `总体评价：${form.grade ? ASSESSMENT_GRADE_LABELS[form.grade] : '未填写'}`,
    `综合意见：${shortText(form.comment)}`,
    `思想：${shortText(form.thinking)}`,
    `表现：${shortText(form.conduct)}`,
    `需求：${shortText(form.needs)}`,
    `${appraisalYear}年度民主评议：${appraisal ? appraisal.result : '未登记'}`,
    '',
    SUBMIT_CONFIRM,
  ].join('\n');
}
const FINAL_NOTICE: EditorNotice = {
  text: '这份报告已经由其他人提交，不能再修改。',
  actionText: '查看已提交的报告',
  action: 'view',
};
const CONFLICT_NOTICE: EditorNotice = {
  text: '这份报告刚被其他人修改过，已重新载入最新数据。您填写的内容已保留，请核对后再保存或提交。',
  actionText: '',
  action: '',
};
const APPRAISAL_CONFLICT_NOTICE: EditorNotice = {
  text: '评议结果刚被其他人修改过，已重新载入。您填写的报告内容已保留，请核对评议结果。',
  actionText: '',
  action: '',
};

function headOf(report: ReportView): Head {
  return { ...reportToWriteOf(report), revision: report.revision };
}

function figureLines(figures: ReportFigures): Line[] {
  return [
    {
      label: '组织生活',
      value: `应参加 ${figures.meetingsHeld} 次，参加 ${figures.meetingsAttended} 次，请假 ${figures.leaves} 次`,
    },
    { label: '志愿服务', value: volunteerHoursText(figures) },
    ...studyFigureLines(figures),
    { label: '上次参加组织生活', value: figures.lastLifeOn ? formatDate(figures.lastLifeOn) : '无' },
  ];
}

function appraisalShownOf(appraisal: AppraisalView | null): AppraisalShown | null {
  if (!appraisal) return null;
  const by = appraisal.recordedByName ? ` ${appraisal.recordedByName}` : '';
  return {
    result: APPRAISAL_RESULT_LABELS[appraisal.result],
    note: appraisal.note,
    recorded: `${formatDate(appraisal.recordedOn)}${by}登记`,
  };
}

function formOf(assessment: Assessment): AssessmentForm {
  return {
    thinking: assessment.thinking,
    conduct: assessment.conduct,
    needs: assessment.needs,
    comment: assessment.comment,
    grade: assessment.grade ?? '',
  };
}

function assessmentOf(form: AssessmentForm): Assessment {
  return {
    thinking: form.thinking,
    conduct: form.conduct,
    needs: form.needs,
    comment: form.comment,
    grade: form.grade === '' ? null : form.grade,
  };
}

function submittedOf(report: ReportView): Submitted {
  const latest = report.revisions[0];
  return {
    revision: report.revision,
    submittedAt: formatDateTime(report.submittedAt ?? latest?.submittedAt),
    submittedBy: latest?.submittedByName ?? '',
    readText: report.readAt ? `流出地已读（${formatDateTime(report.readAt)}）` : '流出地未读',
    acknowledgedText: report.acknowledgedAt ? `流出地已确认（${formatDateTime(report.acknowledgedAt)}）` : '',
    canCorrect: report.can.correct,
  };
}

/** `assessment.thinking` → `thinking`; anything not on the form is shown above the buttons. */
function formKeyOf(field: string | undefined): FormKey | null {
  const key = field?.replace(/^assessment\./, '');
  return FORM_KEYS.find((candidate) => candidate === key) ?? null;
}

Component({
  data: {
    reportId: '',
    status: 'loading' as 'loading' | 'error' | 'draft' | 'submitted',
    loadingText: '正在加载…',
    error: NO_NOTICE as Notice,
    version: 0,
    memberId: '',
    /** The year whose democratic appraisal goes home with this report. */
    appraisalYear: 0,
    head: null as Head | null,
    figures: [] as Line[],
    computedAt: '',
    correctionReason: '',
    appraisal: null as AppraisalShown | null,
    appraisalResult: '' as AppraisalResult | '',
    appraisalNote: '',
    appraisalVersion: null as number | null,
    submitted: null as Submitted | null,
    form: { ...EMPTY_FORM } as AssessmentForm,
    errors: {} as FormErrors,
    notice: NO_EDITOR_NOTICE as EditorNotice,
    busy: '' as '' | 'save' | 'submit',
    gradeOptions: optionsOf(ASSESSMENT_GRADE_LABELS),
    appraisalOptions: optionsOf(APPRAISAL_RESULT_LABELS),
    appraisalSheet: APPRAISAL_CLOSED as AppraisalSheet,
    correctSheet: CORRECT_CLOSED as CorrectSheet,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const reportId = options.reportId ?? '';
      this.setData({ reportId });
      if (reportId) this.load(false);
      else this.setData(noRecordState('没有指定要填写的报告'));
    },
    /**
     * Loads the report. `keepTyped` (after a CONFLICT) keeps the form on screen and what the
     * person typed in it, taking only the new version, figures and appraisal from the server.
     */
    async load(keepTyped: boolean) {
      if (!keepTyped) this.setData({ status: 'loading', loadingText: '正在加载…', notice: NO_EDITOR_NOTICE, errors: {} });
      const result = await callAction('report.get', { reportId: this.data.reportId });
      if (!result.ok) {
        if (keepTyped) {
          this.setData({
            notice: {
              text: `没能重新载入：${noticeFor(result.error).text}。您填写的内容还在。`,
              actionText: '重新载入',
              action: 'reload',
            },
          });
        } else {
          this.setData({ status: 'error', error: loadErrorNotice(result.error, LOAD_STEPS) });
        }
        return;
      }
      this.show(result.data, keepTyped);
    },
    /** Puts a report the server answered on screen (after get, save, correct). */
    show(report: ReportView, keepTyped: boolean) {
      if (report.side !== 'inflow') {
        // The outflow side and the organizations above read; only the branch writes.
        this.setData({ status: 'loading', loadingText: '正在打开报告…' });
        wx.redirectTo({ url: PAGES.report(report.reportId) });
        return;
      }
      const common = { head: headOf(report), version: report.version, memberId: report.member.memberId };
      if (report.status === 'submitted') {
        // Reloaded after a CONFLICT and someone else submitted meanwhile: the typed text cannot go in.
        const notice = keepTyped ? { notice: { ...FINAL_NOTICE, actionText: '', action: '' as const } } : {};
        this.setData({ ...common, ...notice, status: 'submitted', submitted: submittedOf(report) });
        return;
      }
      const draft = report.draft;
      if (!draft) {
        this.setData({ status: 'error', error: { text: '报告内容暂时无法显示', actionText: '重试', action: 'reload' } });
        return;
      }
      this.setData({
        ...common,
        status: 'draft',
        submitted: null,
        figures: figureLines(draft.figures),
        computedAt: formatDateTime(draft.figures.computedAt),
        correctionReason: report.revision > 0 ? (draft.correctionReason ?? '') : '',
        appraisalYear: draft.appraisalYear,
        ...this.appraisalPatch(draft.appraisal),
        ...(keepTyped ? {} : { form: formOf(draft.assessment), errors: {} }),
      });
    },
    appraisalPatch(appraisal: AppraisalView | null) {
      return {
        appraisal: appraisalShownOf(appraisal),
        appraisalResult: appraisal?.result ?? ('' as const),
        appraisalNote: appraisal?.note ?? '',
        appraisalVersion: appraisal?.version ?? null,
      };
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load(false));
    },
    onNoticeAction() {
      const { action } = this.data.notice;
      if (action === 'view') wx.redirectTo({ url: PAGES.report(this.data.reportId) });
      else if (action === 'reload') {
        this.setData({ notice: NO_EDITOR_NOTICE });
        this.load(true);
      }
    },

    // ---- the assessment ----------------------------------------------------------------

    onField(event: Change<string, { field: FormKey }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${field}`]: '' });
    },
    /** Saving and submitting send the same thing: the form as it is on screen, at the version the page holds. */
    formInput() {
      return { reportId: this.data.reportId, version: this.data.version, assessment: assessmentOf(this.data.form) };
    },
    async onSaveDraft() {
      if (this.data.busy) return;
      this.setData({ busy: 'save', notice: NO_EDITOR_NOTICE, errors: {} });
      const result = await callAction('report.saveDraft', this.formInput());
      this.setData({ busy: '' });
      if (!result.ok) return this.refused(result.error);
      // Only the version moves on: the form keeps what is on screen, even text typed while saving.
      this.setData({ version: result.data.version });
      wx.showToast({ title: '草稿已保存', icon: 'success' });
    },
    async onSubmit() {
      if (this.data.busy) return;
      const answer = await wx.showModal({
        title: '提交反馈报告',
        content: submitSummary(
          this.data.form,
          this.data.appraisal,
          this.data.appraisalYear,
          this.data.head?.outflowName ?? '流出地党组织',
        ),
        confirmText: '确定提交',
        cancelText: '再看看',
      });
      if (!answer.confirm) return;
      this.setData({ busy: 'submit', notice: NO_EDITOR_NOTICE, errors: {} });
      const result = await callAction('report.submit', this.formInput());
      this.setData({ busy: '' });
      if (!result.ok) return this.refused(result.error);
      wx.showToast({ title: '已提交', icon: 'success' });
      wx.redirectTo({ url: PAGES.report(this.data.reportId) });
    },
    /** A refused save or submit: the form and what was typed always stay. */
    refused(error: ClientError) {
      if (error.code === 'REPORT_FINAL') {
        this.setData({ notice: FINAL_NOTICE });
        return;
      }
      if (error.code === 'CONFLICT') {
        this.setData({ notice: CONFLICT_NOTICE });
        this.load(true);
        return;
      }
      const text = noticeFor(error).text;
      const key = formKeyOf(error.field);
      if (key) {
        this.setData({ [`errors.${key}`]: text, notice: { text: '有一项需要修改，请看标红的提示', actionText: '', action: '' } });
        wx.pageScrollTo({ selector: `#row-${key}`, duration: 200 });
        return;
      }
      this.setData({ notice: { text, actionText: '', action: '' } });
    },

    // ---- the year's democratic appraisal -----------------------------------------------

    onOpenAppraisal() {
      this.setData({
        appraisalSheet: { ...APPRAISAL_CLOSED, visible: true, result: this.data.appraisalResult, note: this.data.appraisalNote },
      });
    },
    onCloseAppraisal() {
      if (!this.data.appraisalSheet.saving) this.setData({ appraisalSheet: APPRAISAL_CLOSED });
    },
    onAppraisalVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseAppraisal();
    },
    onAppraisalResult(event: Change<AppraisalResult>) {
      this.setData({ 'appraisalSheet.result': event.detail.value, 'appraisalSheet.resultError': '' });
    },
    onAppraisalNote(event: Change<string>) {
      this.setData({ 'appraisalSheet.note': event.detail.value, 'appraisalSheet.noteError': '' });
    },
    async onSaveAppraisal() {
      const sheet = this.data.appraisalSheet;
      if (sheet.saving) return;
      if (!sheet.result) {
        this.setData({ 'appraisalSheet.resultError': '请选择评议结果' });
        return;
      }
      this.setData({
        'appraisalSheet.saving': true,
        'appraisalSheet.error': '',
        'appraisalSheet.resultError': '',
        'appraisalSheet.noteError': '',
      });
      const result = await callAction('appraisal.record', {
        memberId: this.data.memberId,
        year: this.data.appraisalYear,
        result: sheet.result,
        note: sheet.note,
        version: this.data.appraisalVersion,
      });
      this.setData({ 'appraisalSheet.saving': false });
      if (result.ok) {
        this.setData({ appraisalSheet: APPRAISAL_CLOSED, ...this.appraisalPatch(result.data) });
        wx.showToast({ title: '评议结果已登记', icon: 'success' });
        return;
      }
      if (result.error.code === 'CONFLICT') {
        this.setData({ appraisalSheet: APPRAISAL_CLOSED, notice: APPRAISAL_CONFLICT_NOTICE });
        this.load(true);
        return;
      }
      const text = noticeFor(result.error).text;
      if (result.error.field === 'note') this.setData({ 'appraisalSheet.noteError': text });
      else if (result.error.field === 'result') this.setData({ 'appraisalSheet.resultError': text });
      else this.setData({ 'appraisalSheet.error': text });
    },

    // ---- a submitted report ------------------------------------------------------------

    onViewReport() {
      wx.navigateTo({ url: PAGES.report(this.data.reportId) });
    },
    onOpenCorrect() {
      this.setData({ correctSheet: { ...CORRECT_CLOSED, visible: true } });
    },
    onCloseCorrect() {
      if (!this.data.correctSheet.saving) this.setData({ correctSheet: CORRECT_CLOSED });
    },
    onCorrectVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseCorrect();
    },
    onCorrectReason(event: Change<string>) {
      this.setData({ 'correctSheet.reason': event.detail.value, 'correctSheet.error': '' });
    },
    async onCorrect() {
      const { reason, saving } = this.data.correctSheet;
      if (saving) return;
      if (!reason.trim()) {
        this.setData({ 'correctSheet.error': '请写明更正原因，流出地会看到这段话' });
        return;
      }
      this.setData({ 'correctSheet.saving': true, 'correctSheet.error': '' });
      const result = await callAction('report.correct', {
        reportId: this.data.reportId,
        version: this.data.version,
        reason: reason.trim(),
      });
      this.setData({ 'correctSheet.saving': false });
      if (result.ok) {
        // The answer is the new draft revision: the editor opens it as it would on a reload.
        this.setData({ correctSheet: CORRECT_CLOSED, notice: NO_EDITOR_NOTICE });
        this.show(result.data, false);
        wx.showToast({ title: '已另起新版本', icon: 'success' });
        return;
      }
      if (result.error.code === 'CONFLICT' || result.error.code === 'REPORT_NOT_SUBMITTED') {
        // Someone else changed or already reopened it: show what is there now.
        this.setData({ correctSheet: CORRECT_CLOSED });
        await this.load(false);
        this.setData({ notice: { text: '这份报告刚被其他人修改过，已重新载入，请看最新情况。', actionText: '', action: '' } });
        return;
      }
      this.setData({ 'correctSheet.error': noticeFor(result.error).text });
    },
  },
});
