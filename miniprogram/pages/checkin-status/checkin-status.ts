import type { CheckinView } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import { formatDateTime } from '../../services/format';
import { CHECKIN_STATUS_LABELS, CHECKIN_STATUS_THEMES } from '../../services/labels';
import { type Notice, NO_NOTICE, follow, go, loadErrorNotice, noticeFor } from '../../services/navigation';

interface CheckinRow {
  checkinId: string;
  version: number;
  status: CheckinView['status'];
  branchName: string;
  statusText: string;
  theme: string;
  submittedAt: string;
  decidedAt: string;
  decidedBy: string;
  reason: string;
  /** Set when the secretary placed the member in another branch than the one asked for. */
  placedElsewhere: string;
  /** Each hand-over of the request, in words: who passed it on to whom, and why. */
  forwards: string[];
}

function forwardText(step: CheckinView['forwards'][number]): string {
  const by = step.byName ? `${step.byName}（${step.from.name}）` : `“${step.from.name}”`;
  return `${formatDateTime(step.at)}，${by}把您的申请转给了“${step.to.name}”${step.reason ? `，说明：${step.reason}` : ''}。`;
}

function rowOf(checkin: CheckinView): CheckinRow {
  const placed = checkin.placedBranch;
  return {
    checkinId: checkin.checkinId,
    version: checkin.version,
    status: checkin.status,
    branchName: checkin.organization.name,
    statusText: CHECKIN_STATUS_LABELS[checkin.status],
    theme: CHECKIN_STATUS_THEMES[checkin.status],
    submittedAt: formatDateTime(checkin.submittedAt),
    decidedAt: formatDateTime(checkin.decidedAt),
    decidedBy: checkin.decidedByName ?? '',
    reason: checkin.reason ?? '',
    placedElsewhere: placed && placed.orgId !== checkin.organization.orgId ? placed.name : '',
    forwards: checkin.forwards.map(forwardText),
  };
}

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'empty' | 'ready',
    error: NO_NOTICE as Notice,
    current: null as CheckinRow | null,
    history: [] as CheckinRow[],
    withdrawing: false,
    actionError: '',
  },
  methods: {
    // Every time it shows: a decision may have come in while the member was elsewhere.
    onShow() {
      this.load();
    },
    /** `message` stays on screen after the reload (e.g. why a withdrawal did not happen). */
    async load(message = '') {
      this.setData({ status: 'loading', actionError: message });
      const result = await callAction('checkin.mine', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const { current, history } = result.data;
      this.setData({
        status: current ? 'ready' : 'empty',
        current: current ? rowOf(current) : null,
        history: history.map(rowOf),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onCheckin() {
      go('checkin');
    },
    onHome() {
      go('home');
    },
    async onWithdraw() {
      const current = this.data.current;
      if (!current || current.status !== 'pending' || this.data.withdrawing) return;
      const answer = await wx.showModal({
        title: '撤回报到申请',
        content: `确定撤回向“${current.branchName}”的报到申请吗？撤回后可以重新选择支部报到。`,
        confirmText: '撤回',
        cancelText: '不撤回',
      });
      if (!answer.confirm) return;
      this.setData({ withdrawing: true, actionError: '' });
      const result = await callAction('checkin.withdraw', { checkinId: current.checkinId });
      this.setData({ withdrawing: false });
      if (!result.ok) {
        const text = noticeFor(result.error).text;
        // Decided meanwhile: show what happened.
        if (result.error.code === 'CHECKIN_NOT_PENDING') this.load(text);
        else this.setData({ actionError: text });
        return;
      }
      wx.showToast({ title: '已撤回', icon: 'success' });
      this.load();
    },
  },
});
