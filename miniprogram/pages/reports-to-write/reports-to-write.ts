import type { ReportStatus, ReportSummary } from '../../../server/contract/reports';
import { type EmptyWords, branchTabList } from '../../behaviors/branch-tab-list';
import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDateTime } from '../../services/format';
import { REPORT_STATUS_LABELS } from '../../services/labels';
import { PAGES } from '../../services/pages';
import type { FetchPage } from '../../services/paged-list';
import { type ReportToWrite, reportToWriteOf } from '../../services/report-text';

interface ReportRow extends ReportToWrite {
  reportId: string;
  status: ReportStatus;
  /** A submitted report being corrected (the server says so). */
  correcting: boolean;
  submittedAt: string;
  read: boolean;
  readAt: string;
  acknowledged: boolean;
  replyCount: number;
}

interface Tab {
  status: ReportStatus;
  label: string;
}

const TABS: Tab[] = [
  { status: 'draft', label: REPORT_STATUS_LABELS.draft },
  { status: 'submitted', label: REPORT_STATUS_LABELS.submitted },
];

const EMPTY: Record<ReportStatus, EmptyWords> = {
  draft: { text: '没有待写的反馈报告。每期结束后，系统会自动生成草稿。', actionText: '刷新' },
  submitted: { text: '还没有提交过反馈报告。', actionText: '刷新' },
};

function rowOf(report: ReportSummary): ReportRow {
  return {
    ...reportToWriteOf(report),
    reportId: report.reportId,
    status: report.status,
    correcting: report.correcting,
    submittedAt: formatDateTime(report.submittedAt),
    read: report.readAt !== null,
    readAt: formatDateTime(report.readAt),
    acknowledged: report.acknowledgedAt !== null,
    replyCount: report.replyCount,
  };
}

const reportsOf =
  (branchId: string, status: ReportStatus): FetchPage<ReportSummary> =>
  (cursor) =>
    callAction('report.toWrite', { branchId, status, cursor });

/** Coming back (e.g. after submitting one) reads the list again: see branchTabList. */
// A report reads the same on both tabs.
const reportTabs = branchTabList({ firstTab: 'draft' as ReportStatus, fetch: reportsOf, rowOf: () => rowOf, empty: EMPTY });

Component({
  behaviors: [reportTabs],
  data: {
    branchName: '',
    tabs: TABS,
  },
  methods: {
    onRefresh() {
      this.load();
    },
    onTab(event: Tap<{ status: ReportStatus }>) {
      this.showTab(event.currentTarget.dataset.status);
    },
    onOpen(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (!row) return;
      wx.navigateTo({ url: row.status === 'draft' ? PAGES.reportEditor(row.reportId) : PAGES.report(row.reportId) });
    },
  },
});
