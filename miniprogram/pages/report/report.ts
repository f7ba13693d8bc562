import type { ReplyView, ReportFigures, ReportRevision, ReportView } from '../../../server/contract/reports';
import { SUBSCRIBE_AT, askToBeTold } from '../../services/subscribe';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDate, formatDateTime } from '../../services/format';
import { studyFigureLines, volunteerHoursText } from '../../services/report-text';
import { APPRAISAL_RESULT_LABELS, ASSESSMENT_GRADE_LABELS } from '../../services/labels';
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
import {
  type FetchPage,
  type PagedList,
  FIRST_PAGE_LOADING,
  NEXT_PAGE_LOADING,
  canLoadMore,
  firstPageOf,
  loadNextPage,
  pagedList,
} from '../../services/paged-list';
import { newRequestId } from '../../services/request-id';

type Side = ReportView['side'];

interface Line {
  label: string;
  value: string;
}

/** One submitted version as the screen shows it. */
interface RevisionCard {
  revision: number;
  title: string;
  submitted: string;
  correctionReason: string;
  figures: Line[];
  assessment: Line[];
  appraisal: string;
  appraisalNote: string;
}

interface ReplyRow {
  replyId: string;
  sideLabel: string;
  side: ReplyView['side'];
  orgName: string;
  authorName: string;
  time: string;
  body: string;
}

interface Head {
  reportId: string;
  version: number;
  side: Side;
  memberId: string;
  memberName: string;
  probationary: boolean;
  branchName: string;
  outflowName: string;
  periodLabel: string;
  /** The part of the period the report counts, when the member was in the branch for part of it; '' otherwise. */
  shareLabel: string;
  /** A correction is being written (inflow side): the last submitted version is what the other side sees. */
  correcting: boolean;
  correctingReason: string;
  /** Inflow side: whether and when the outflow side opened it. */
  readText: string;
  read: boolean;
  /** Every side: the outflow side's confirmation, or ''. */
  acknowledgedText: string;
  /** Inflow and above: what is shown while the outflow side has not confirmed. */
  notAcknowledgedText: string;
  /** Outflow side: 确认收到 is offered until this revision is confirmed. */
  canAcknowledge: boolean;
  /** Either side posts in the thread; an organization above both only looks. */
  canReply: boolean;
}

const THREAD_LIMIT = 30;
const SIDE_LABELS: Record<ReplyView['side'], string> = { inflow: '流入地', outflow: '流出地' };
const REPLY_PLACEHOLDERS: Record<Side, string> = {
  outflow: '可说明党员在家乡的情况、家庭需要等流入地应了解的事',
  inflow: '回复流出地党组织',
  above: '',
};
const LOAD_STEPS: NextSteps = {
  NOT_FOUND: { ...GO_HOME, text: '没有找到这份反馈报告，可能链接已失效' },
  REPORT_NOT_SUBMITTED: GO_HOME,
  FORBIDDEN: GO_HOME,
};
const orNone = (text: string): string => text.trim() || '未填写';

function figureLines(figures: ReportFigures): Line[] {
  return [
    {
      label: '组织生活',
      value: `应参加 ${figures.meetingsHeld} 次，参加 ${figures.meetingsAttended} 次，请假 ${figures.leaves} 次`,
    },
    { label: '志愿服务', value: volunteerHoursText(figures) },
    ...studyFigureLines(figures),
    { label: '上次参加', value: figures.lastLifeOn ? formatDate(figures.lastLifeOn) : '没有记录' },
  ];
}

function revisionCardOf(revision: ReportRevision): RevisionCard {
  const { assessment, appraisal } = revision;
  const by = revision.submittedByName ? ` · ${revision.submittedByName}` : '';
  return {
    revision: revision.revision,
    title: `第 ${revision.revision} 版`,
    submitted: `${formatDateTime(revision.submittedAt)}提交${by}`,
    correctionReason: revision.correctionReason ?? '',
    figures: figureLines(revision.figures),
    assessment: [
      { label: '思想', value: orNone(assessment.thinking) },
      { label: '表现', value: orNone(assessment.conduct) },
      { label: '需求', value: orNone(assessment.needs) },
      { label: '综合意见', value: orNone(assessment.comment) },
      { label: '综合评价', value: assessment.grade ? ASSESSMENT_GRADE_LABELS[assessment.grade] : '未评定' },
    ],
    appraisal: appraisal ? `${appraisal.year}年度民主评议：${APPRAISAL_RESULT_LABELS[appraisal.result]}` : '',
    appraisalNote: appraisal?.note ?? '',
  };
}

function acknowledgedTextOf(view: ReportView): string {
  if (!view.acknowledgedAt) return '';
  const by = view.acknowledgedByName ? `${view.acknowledgedByName}，` : '';
  const text = `已确认收到（${by}${formatDateTime(view.acknowledgedAt)}）`;
  return view.acknowledgedNewest ? text : `${text}，更正后的新版本尚未确认`;
}

function headOf(view: ReportView): Head {
  const correcting = view.can.edit && view.correcting;
  const readBy = view.readByName ? `（${view.readByName}）` : '';
  return {
    reportId: view.reportId,
    version: view.version,
    side: view.side,
    memberId: view.member.memberId,
    memberName: view.member.name,
    probationary: view.member.standing === 'probationary',
    branchName: view.branch.name,
    outflowName: view.outflow.name,
    periodLabel: view.period.label,
    shareLabel: view.shareLabel ?? '',
    correcting,
    correctingReason: correcting ? (view.draft?.correctionReason ?? '') : '',
    read: view.readAt !== null,
    readText: view.readAt ? `对方已于 ${formatDateTime(view.readAt)} 阅读${readBy}` : '对方尚未阅读',
    acknowledgedText: acknowledgedTextOf(view),
    notAcknowledgedText: view.side === 'above' ? '流出地党组织尚未确认收到' : '对方尚未确认收到',
    canAcknowledge: view.can.acknowledge,
    canReply: view.can.reply,
  };
}

function replyRowOf(reply: ReplyView): ReplyRow {
  return {
    replyId: reply.replyId,
    side: reply.side,
    sideLabel: SIDE_LABELS[reply.side],
    orgName: reply.orgName,
    authorName: reply.authorName,
    time: formatDateTime(reply.createdAt),
    body: reply.body,
  };
}

/**
 * A reply sent here is shown at once at the end; when a later page of the thread brings it
 * again, the copy in its real place is kept.
 */
function withoutEarlierCopies(rows: ReplyRow[]): ReplyRow[] {
  return rows.filter((row, index) => !rows.slice(index + 1).some((later) => later.replyId === row.replyId));
}

const threadOf =
  (reportId: string): FetchPage<ReplyView> =>
  (cursor) =>
    callAction('report.thread', { reportId, cursor, limit: THREAD_LIMIT });

const EMPTY_HEAD: Head = {
  reportId: '',
  version: 0,
  side: 'outflow',
  memberId: '',
  memberName: '',
  probationary: false,
  branchName: '',
  outflowName: '',
  periodLabel: '',
  shareLabel: '',
  correcting: false,
  correctingReason: '',
  read: false,
  readText: '',
  acknowledgedText: '',
  notAcknowledgedText: '',
  canAcknowledge: false,
  canReply: false,
};

Component({
  data: {
    reportId: '',
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    head: EMPTY_HEAD as Head,
    revisions: [] as RevisionCard[],
    /** Which of `revisions` (newest first) is shown; 0 is the latest. */
    shown: 0,
    acknowledging: false,
    acknowledgeError: '',
    thread: pagedList<ReplyRow>() as PagedList<ReplyRow>,
    replyPlaceholder: '',
    replyBody: '',
    /** Made once per message and kept until it is posted, so a retry never posts it twice. */
    replyRequestId: '',
    replying: false,
    replyError: '',
    /** Set when the editor is opened, so that coming back shows what was submitted there. */
    stale: false,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const reportId = options.reportId ?? '';
      this.setData({ reportId });
      if (reportId) this.load();
      else this.setData(noRecordState('没有指定要查看的反馈报告'));
    },
    onShow() {
      if (this.data.stale) {
        this.setData({ stale: false });
        this.load();
      }
    },
    async load() {
      this.setData({
        status: 'loading',
        error: NO_NOTICE,
        acknowledgeError: '',
        thread: { ...this.data.thread, ...FIRST_PAGE_LOADING },
      });
      const reportId = this.data.reportId;
      const [report, thread] = await Promise.all([callAction('report.get', { reportId }), threadOf(reportId)(null)]);
      if (!report.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(report.error, LOAD_STEPS) });
        return;
      }
      const view = report.data;
      // A report never submitted is still being written: the branch's secretary belongs in the editor.
      if (view.can.edit && !view.correcting) {
        wx.redirectTo({ url: PAGES.reportEditor(view.reportId) });
        return;
      }
      if (view.revisions.length === 0) {
        this.setData({ status: 'error', error: loadErrorNotice({ code: 'REPORT_NOT_SUBMITTED', message: '' }, LOAD_STEPS) });
        return;
      }
      this.show(view);
      this.setData({
        status: 'ready',
        shown: 0,
        replyPlaceholder: REPLY_PLACEHOLDERS[view.side],
        thread: {
          ...this.data.thread,
          ...(thread.ok ? firstPageOf(thread.data, replyRowOf) : { status: 'error', error: loadErrorNotice(thread.error) }),
        },
      });
    },
    show(view: ReportView) {
      wx.setNavigationBarTitle({ title: `${view.member.name} · ${view.period.label}` });
      this.setData({ head: headOf(view), revisions: view.revisions.map(revisionCardOf) });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },

    onShowRevision(event: Tap<{ index: number }>) {
      const index = event.currentTarget.dataset.index;
      if (index >= 0 && index < this.data.revisions.length) this.setData({ shown: index });
    },
    onOpenEditor() {
      this.setData({ stale: true });
      wx.navigateTo({ url: PAGES.reportEditor(this.data.head.reportId) });
    },
    onOpenHistory() {
      const { memberId, memberName } = this.data.head;
      wx.navigateTo({ url: PAGES.reportHistory(memberId, memberName) });
    },

    async onAcknowledge() {
      const { head } = this.data;
      if (this.data.acknowledging || !head.canAcknowledge) return;
      this.setData({ acknowledging: true, acknowledgeError: '' });
      const result = await callAction('report.acknowledge', { reportId: head.reportId, version: head.version });
      this.setData({ acknowledging: false });
      if (result.ok) {
        this.show(result.data);
        wx.showToast({ title: '已确认收到', icon: 'success' });
        return;
      }
      if (result.error.code === 'CONFLICT') {
        // Most likely the branch submitted a correction meanwhile: show the newest before confirming.
        await wx.showModal({
          title: '提示',
          content: '这份报告刚有更新，已为您重新加载，请看过后再确认',
          showCancel: false,
          confirmText: '知道了',
        });
        this.load();
        return;
      }
      this.setData({ acknowledgeError: noticeFor(result.error).text });
    },

    async onMoreThread() {
      const thread = this.data.thread;
      if (!canLoadMore(thread)) return;
      this.setData({ 'thread.loadingMore': true, 'thread.moreError': '' });
      const patch = await loadNextPage(() => this.data.thread, threadOf(this.data.reportId), replyRowOf);
      const next = 'items' in patch ? { ...patch, items: withoutEarlierCopies(patch.items) } : patch;
      this.setData({ thread: { ...this.data.thread, ...NEXT_PAGE_LOADING, ...next } });
    },
    async onRetryThread() {
      this.setData({ thread: { ...this.data.thread, ...FIRST_PAGE_LOADING } });
      const result = await threadOf(this.data.reportId)(null);
      this.setData({
        thread: {
          ...this.data.thread,
          ...(result.ok ? firstPageOf(result.data, replyRowOf) : { status: 'error', error: loadErrorNotice(result.error) }),
        },
      });
    },

    onReplyInput(event: Change<string>) {
      this.setData({ replyBody: event.detail.value, replyError: '' });
    },
    async onSendReply() {
      if (this.data.replying || !this.data.head.canReply) return;
      const body = this.data.replyBody.trim();
      if (!body) {
        this.setData({ replyError: '请填写留言内容' });
        return;
      }
      void askToBeTold(SUBSCRIBE_AT.reportReply);
      const requestId = this.data.replyRequestId || newRequestId();
      this.setData({ replyRequestId: requestId, replying: true, replyError: '' });
      const result = await callAction('report.reply', { reportId: this.data.head.reportId, requestId, body });
      if (!result.ok) {
        this.setData({ replying: false, replyError: noticeFor(result.error).text });
        return;
      }
      this.setData({ replying: false, replyBody: '', replyRequestId: '' });
      wx.showToast({ title: '留言已发送', icon: 'success' });
      const thread = this.data.thread;
      if (thread.status === 'ready' || thread.status === 'empty') {
        this.setData({
          thread: { ...thread, status: 'ready', items: withoutEarlierCopies(thread.items.concat(replyRowOf(result.data))) },
        });
      } else {
        // The earlier replies never arrived: fetch the thread (the new reply included) rather than show it alone.
        await this.onRetryThread();
      }
    },
  },
});
