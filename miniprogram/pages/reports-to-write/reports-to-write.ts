import type { ReportStatus, ReportSummary } from '../../../server/contract/joint';
import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDate, formatDateTime } from '../../services/format';
import { REPORT_STATUS_LABELS } from '../../services/labels';
import { follow, homeNotice } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { type FetchPage, FIRST_PAGE_LOADING, NEXT_PAGE_LOADING, canLoadMore, loadFirstPage, loadNextPage, pagedList } from '../../services/paged-list';

interface ReportRow {
  reportId: string;
  status: ReportStatus;
  memberName: string;
  probationary: boolean;
  outflowName: string;
  periodLabel: string;
  dueOn: string;
  overdue: boolean;
  /** A submitted report being corrected comes back as a draft with a revision above 0. */
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

const EMPTY_TEXT: Record<ReportStatus, string> = {
  draft: '没有待写的反馈报告。每期结束后，系统会自动生成草稿。',
  submitted: '还没有提交过反馈报告。',
};

function rowOf(report: ReportSummary): ReportRow {
  return {
    reportId: report.reportId,
    status: report.status,
    memberName: report.member.name,
    probationary: report.member.standing === 'probationary',
    outflowName: report.outflow.name,
    periodLabel: report.period.label,
    dueOn: formatDate(report.dueOn),
    overdue: report.overdue,
    correcting: report.status === 'draft' && report.revision > 0,
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

Component({
  data: {
    branchId: '',
    branchName: '',
    tabs: TABS,
    tab: 'draft' as ReportStatus,
    emptyText: EMPTY_TEXT.draft,
    ...pagedList<ReportRow>(),
    /** Set when the page goes out of sight, so coming back (e.g. after submitting) shows fresh rows. */
    stale: false,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const branchId = options.branchId ?? '';
      this.setData({ branchId });
      if (!branchId) {
        this.setData({ status: 'error', error: homeNotice('没有指定支部') });
        return;
      }
      this.load();
    },
    onHide() {
      this.setData({ stale: true });
    },
    onShow() {
      if (!this.data.stale || !this.data.branchId) return;
      this.setData({ stale: false });
      this.load();
    },
    async load() {
      const tab = this.data.tab;
      this.setData({ ...FIRST_PAGE_LOADING, emptyText: EMPTY_TEXT[tab] });
      const patch = await loadFirstPage(reportsOf(this.data.branchId, tab), rowOf);
      // A tab switched while this page was on its way: the newer load owns the screen.
      if (this.data.tab !== tab) return;
      this.setData(patch);
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.load();
    },
    onTab(event: Tap<{ status: ReportStatus }>) {
      const status = event.currentTarget.dataset.status;
      if (status === this.data.tab || !this.data.branchId) return;
      this.setData({ tab: status, items: [], nextCursor: null });
      this.load();
    },
    async onMore() {
      if (!canLoadMore(this.data)) return;
      const tab = this.data.tab;
      this.setData(NEXT_PAGE_LOADING);
      const patch = await loadNextPage(() => this.data, reportsOf(this.data.branchId, tab), rowOf);
      if (this.data.tab !== tab) return;
      this.setData(patch);
    },
    onOpen(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (!row) return;
      wx.navigateTo({ url: row.status === 'draft' ? PAGES.reportEditor(row.reportId) : PAGES.report(row.reportId) });
    },
  },
});
