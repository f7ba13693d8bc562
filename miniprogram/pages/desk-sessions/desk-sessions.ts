import type { DeskSessionView } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDateTime } from '../../services/format';
import { type Notice, NO_NOTICE, follow, go, loadErrorNotice, noticeFor } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { scanScene } from '../../services/scan-code';

/** 我的电脑登录: where the official sees which computers are signed in as them, and ends any of them. */

interface SessionRow {
  sessionId: string;
  device: string;
  address: string;
  signedInAt: string;
  lastSeenAt: string;
  endsAt: string;
}

function rowOf(session: DeskSessionView): SessionRow {
  return {
    sessionId: session.sessionId,
    device: session.device,
    address: session.address ?? '',
    signedInAt: formatDateTime(session.signedInAt),
    lastSeenAt: formatDateTime(session.lastSeenAt),
    endsAt: formatDateTime(session.endsAt),
  };
}

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'empty' | 'ready',
    error: NO_NOTICE as Notice,
    sessions: [] as SessionRow[],
    ending: '',
    endError: '',
    scanError: '',
  },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', endError: '' });
      const result = await callAction('desk.sessions', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const sessions = result.data.items.map(rowOf);
      this.setData({ status: sessions.length > 0 ? 'ready' : 'empty', sessions });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    async onEnd(event: Tap<{ id: string }>) {
      const sessionId = event.currentTarget.dataset.id;
      const session = this.data.sessions.find((row) => row.sessionId === sessionId);
      if (!session || this.data.ending) return;
      const answer = await wx.showModal({
        title: '退出这台电脑的登录',
        content: `确定让“${session.device}”退出吗？退出后，那台电脑要重新扫码才能登录。`,
        confirmText: '退出登录',
        cancelText: '不退出',
      });
      if (!answer.confirm) return;
      this.setData({ ending: sessionId, endError: '' });
      const result = await callAction('desk.endSession', { sessionId });
      if (!result.ok && result.error.code !== 'NOT_FOUND') {
        this.setData({ ending: '', endError: noticeFor(result.error).text });
        return;
      }
      // NOT_FOUND: it had ended already (timed out, or signed out at the desk); either way it is gone.
      const sessions = this.data.sessions.filter((row) => row.sessionId !== sessionId);
      this.setData({ ending: '', sessions, status: sessions.length > 0 ? 'ready' : 'empty' });
      wx.showToast({ title: '已退出', icon: 'success' });
    },
    async onScan() {
      this.setData({ scanError: '' });
      const scanned = await scanScene('这不是电脑上的登录二维码，请对准电脑屏幕上的二维码再扫');
      if (!scanned.ok) {
        this.setData({ scanError: scanned.error });
        return;
      }
      wx.navigateTo({ url: PAGES.deskLogin(scanned.scene) });
    },
    onHome() {
      go('home');
    },
  },
});
