import type { ActionInput, ActionOutput } from '../../../server/contract';
import type { PeriodChoice, ReportSummary } from '../../../server/contract/reports';
import { type CallResult, callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDate } from '../../services/format';
import { type NextSteps, GO_HOME, follow, noRecordState } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../../services/paged-list';

interface InboxRow {
  reportId: string;
  unread: boolean;
  memberId: string;
  memberName: string;
  probationary: boolean;
  branchName: string;
  periodLabel: string;
  submitted: string;
  acknowledged: boolean;
  replies: string;
  /** `第 2 版（已更正）` for a corrected report, empty for the first version. */
  revisionText: string;
}

const ALL_PERIODS = '全部期次';
// The server answers an organization one does not manage as a missing one.
const LOAD_STEPS: NextSteps = { NOT_FOUND: { ...GO_HOME, text: '只有本组织的书记或管理员能查看这里的反馈' } };

function rowOf(report: ReportSummary): InboxRow {
  return {
    reportId: report.reportId,
    unread: report.readAt === null,
    memberId: report.member.memberId,
    memberName: report.member.name,
    probationary: report.member.standing === 'probationary',
    branchName: report.branch.name,
    periodLabel: report.period.label,
    submitted: report.submittedAt ? `${formatDate(report.submittedAt)}提交` : '',
    acknowledged: report.acknowledgedAt !== null,
    replies: report.replyCount > 0 ? `${report.replyCount} 条留言` : '',
    revisionText: report.revision > 1 ? `第 ${report.revision} 版（已更正）` : '',
  };
}

Component({
  data: {
    orgId: '',
    memberId: '',
    memberName: '',
    unreadOnly: false,
    /** The periods the server offers for the filter (the organization's reporting period). */
    periodChoices: [] as PeriodChoice[],
    /** The picker's range: 全部期次 first, then the choices. */
    periodLabels: [ALL_PERIODS] as string[],
    /** 0 is 全部期次; n is periodChoices[n - 1]. */
    periodIndex: 0,
    /** Counts first-page loads, so that an answer to a filter that was changed meanwhile is dropped. */
    seq: 0,
    ...pagedList<InboxRow>(),
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      const memberId = options.memberId ?? '';
      const memberName = options.memberName ? decodeURIComponent(options.memberName) : '';
      this.setData({ orgId, memberId, memberName });
      if (orgId) this.load();
      else this.setData(noRecordState('没有指定要查看的组织'));
    },
    fetcher(): (cursor: string | null) => Promise<CallResult<ActionOutput<'report.inbox'>>> {
      const { orgId, unreadOnly, memberId, periodChoices, periodIndex } = this.data;
      const periodKey = periodIndex > 0 ? periodChoices[periodIndex - 1]?.key : undefined;
      return (cursor) => {
        const input: ActionInput<'report.inbox'> = { orgId, unreadOnly, cursor };
        if (periodKey) input.periodKey = periodKey;
        if (memberId) input.memberId = memberId;
        return callAction('report.inbox', input);
      };
    },
    async load() {
      const seq = this.data.seq + 1;
      // A 加载更多 still on its way belongs to the old filter: its answer is dropped, so its spinner goes too.
      this.setData({ ...FIRST_PAGE_LOADING, loadingMore: false, seq });
      let periodChoices: PeriodChoice[] | null = null;
      const fetch = this.fetcher();
      const patch = await loadFirstPage(
        async (cursor) => {
          const result = await fetch(cursor);
          if (result.ok) periodChoices = result.data.periods;
          return result;
        },
        rowOf,
        LOAD_STEPS,
      );
      if (seq !== this.data.seq) return;
      this.setData(patch);
      if (patch.status === 'error') return;
      if (periodChoices) this.showPeriodChoices(periodChoices);
      const first = this.data.items[0];
      if (first && !this.data.memberName && this.data.memberId) this.setData({ memberName: first.memberName });
    },
    /** The choices follow the organization's reporting period; a period already chosen stays chosen. */
    showPeriodChoices(choices: PeriodChoice[]) {
      const chosen = this.data.periodIndex > 0 ? this.data.periodChoices[this.data.periodIndex - 1]?.key : undefined;
      const index = chosen ? choices.findIndex((choice) => choice.key === chosen) : -1;
      this.setData({
        periodChoices: choices,
        periodLabels: [ALL_PERIODS, ...choices.map((choice) => choice.label)],
        periodIndex: index + 1,
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.load();
    },
    onMore() {
      const seq = this.data.seq;
      return showNextPage(this, this.fetcher(), rowOf, () => seq === this.data.seq);
    },

    onShowAll() {
      if (!this.data.unreadOnly) return;
      this.setData({ unreadOnly: false });
      this.load();
    },
    onShowUnread() {
      if (this.data.unreadOnly) return;
      this.setData({ unreadOnly: true });
      this.load();
    },
    onPeriod(event: Change<string>) {
      const periodIndex = Number(event.detail.value);
      if (!Number.isInteger(periodIndex) || periodIndex < 0 || periodIndex > this.data.periodChoices.length) return;
      if (periodIndex === this.data.periodIndex) return;
      this.setData({ periodIndex });
      this.load();
    },
    onClearMember() {
      this.setData({ memberId: '', memberName: '' });
      this.load();
    },
    /** The empty list under a filter leads back to everything. */
    onClearFilters() {
      this.setData({ unreadOnly: false, periodIndex: 0, memberId: '', memberName: '' });
      this.load();
    },

    onOpen(event: Tap<{ index: number }>) {
      const index = event.currentTarget.dataset.index;
      const row = this.data.items[index];
      if (!row) return;
      // Opening a report records it as read on the server; the dot goes now rather than on the next refresh.
      if (row.unread) this.setData({ [`items[${index}].unread`]: false });
      wx.navigateTo({ url: PAGES.report(row.reportId) });
    },
  },
});
