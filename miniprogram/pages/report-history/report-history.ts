import type { ReportSummary } from '../../../server/contract/reports';
import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDate } from '../../services/format';
import { REPORT_STATUS_LABELS } from '../../services/labels';
import { type NextSteps, GO_HOME, follow, loadErrorNotice, noRecordState } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { type FetchPage, FIRST_PAGE_LOADING, firstPageOf, pagedList, showNextPage } from '../../services/paged-list';

interface HistoryRow {
  reportId: string;
  periodLabel: string;
  statusText: string;
  statusTheme: 'success' | 'warning' | 'danger';
  submitted: string;
  /** 对方已读 / 对方未读 / 已确认收到, for a submitted report. */
  receipt: string;
  replies: string;
  revisionText: string;
}

const LOAD_STEPS: NextSteps = {
  NOT_FOUND: GO_HOME,
  FORBIDDEN: GO_HOME,
};

function statusOf(report: ReportSummary): Pick<HistoryRow, 'statusText' | 'statusTheme'> {
  if (report.status === 'submitted') return { statusText: REPORT_STATUS_LABELS.submitted, statusTheme: 'success' };
  // A draft after a submission is a correction: the submitted version still stands.
  if (report.revision >= 1) return { statusText: '更正中', statusTheme: 'warning' };
  return {
    statusText: report.overdue ? `${REPORT_STATUS_LABELS.draft}（已逾期）` : REPORT_STATUS_LABELS.draft,
    statusTheme: report.overdue ? 'danger' : 'warning',
  };
}

function receiptOf(report: ReportSummary): string {
  if (report.submittedAt === null) return '';
  if (report.acknowledgedAt) return '已确认收到';
  return report.readAt ? '对方已读' : '对方未读';
}

function rowOf(report: ReportSummary): HistoryRow {
  return {
    reportId: report.reportId,
    periodLabel: report.period.label,
    ...statusOf(report),
    submitted: report.submittedAt ? `${formatDate(report.submittedAt)}提交` : `${formatDate(report.dueOn)}前提交`,
    receipt: receiptOf(report),
    replies: report.replyCount > 0 ? `${report.replyCount} 条留言` : '',
    revisionText: report.revision > 1 ? `第 ${report.revision} 版` : '',
  };
}

const historyOf =
  (memberId: string): FetchPage<ReportSummary> =>
  (cursor) =>
    callAction('report.history', { memberId, cursor });

Component({
  data: {
    memberId: '',
    name: '',
    probationary: false,
    ...pagedList<HistoryRow>(),
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const memberId = options.memberId ?? '';
      const name = options.name ? decodeURIComponent(options.name) : '';
      if (name) wx.setNavigationBarTitle({ title: `${name}的历次反馈` });
      this.setData({ memberId, name });
      if (memberId) this.load();
      else this.setData(noRecordState('没有指定要查看的党员'));
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      const result = await callAction('report.history', { memberId: this.data.memberId, cursor: null });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error, LOAD_STEPS) });
        return;
      }
      const { member } = result.data;
      if (member.name !== this.data.name) wx.setNavigationBarTitle({ title: `${member.name}的历次反馈` });
      this.setData({ name: member.name, probationary: member.standing === 'probationary', ...firstPageOf(result.data, rowOf) });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.load();
    },
    onMore() {
      return showNextPage(this, historyOf(this.data.memberId), rowOf);
    },
    onOpen(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: PAGES.report(row.reportId) });
    },
  },
});
