import type { DeskLoginView, RoleView } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import { formatDateTime } from '../../services/format';
import { ROLE_LABELS } from '../../services/labels';
import {
  type NextSteps,
  type Notice,
  GO_HOME,
  NO_NOTICE,
  follow,
  go,
  loadErrorNotice,
  noticeFor,
} from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { scanScene } from '../../services/scan-code';

/**
 * 电脑登录确认: an official scanned the code on a computer's screen. The page says which computer
 * asks, from where and when, and which of the official's roles it will carry, and asks yes or no.
 */

/** Where the answer stands: open to answer, too late, answered by someone else, or answered here. */
type Phase = 'open' | 'expired' | 'used' | 'confirmed' | 'refused';

interface Request {
  loginId: string;
  device: string;
  address: string;
  requestedAt: string;
  roles: string[];
}

const LOAD_STEPS: NextSteps = {
  DESK_NOT_ALLOWED: {
    ...GO_HOME,
    text: '只有党组织管理员和支部书记可以登录电脑端。如需使用，请联系上级党组织为您任命。',
  },
  INVALID_CODE: GO_HOME,
};

function roleText(role: RoleView): string {
  return role.orgName ? `${role.orgName} · ${ROLE_LABELS[role.role]}` : ROLE_LABELS[role.role];
}

function phaseOf(view: DeskLoginView): Phase {
  if (view.status === 'waiting' || view.status === 'scanned') return 'open';
  if (view.status === 'expired') return 'expired';
  return view.answeredByMe ? view.status : 'used';
}

function requestOf(view: DeskLoginView): Request {
  return {
    loginId: view.loginId,
    device: view.device,
    address: view.address ?? '',
    requestedAt: formatDateTime(view.requestedAt),
    roles: view.roles.map(roleText),
  };
}

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'no-scene' | 'ready',
    error: NO_NOTICE as Notice,
    scene: '',
    phase: 'open' as Phase,
    request: null as Request | null,
    answering: '' as '' | 'confirm' | 'refuse',
    answerError: '',
    scanError: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const scene = options.scene ? decodeURIComponent(options.scene) : '';
      if (!scene) {
        this.setData({ status: 'no-scene' });
        return;
      }
      this.setData({ scene });
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', answerError: '' });
      const result = await callAction('desk.loginDescribe', { scene: this.data.scene });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error, LOAD_STEPS) });
        return;
      }
      this.setData({ status: 'ready', phase: phaseOf(result.data), request: requestOf(result.data) });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onConfirm() {
      this.answer('confirm');
    },
    onRefuse() {
      this.answer('refuse');
    },
    async answer(decision: 'confirm' | 'refuse') {
      const request = this.data.request;
      if (!request || this.data.answering || this.data.phase !== 'open') return;
      this.setData({ answering: decision, answerError: '' });
      const result = await callAction('desk.loginConfirm', { loginId: request.loginId, decision });
      if (result.ok) {
        this.setData({ answering: '', phase: result.data.status });
        return;
      }
      // Too late or taken meanwhile: the page turns into that state, with no button left to press.
      if (result.error.code === 'LOGIN_EXPIRED') this.setData({ answering: '', phase: 'expired' });
      else if (result.error.code === 'LOGIN_USED') this.setData({ answering: '', phase: 'used' });
      else this.setData({ answering: '', answerError: noticeFor(result.error).text });
    },
    async onScan() {
      this.setData({ scanError: '' });
      const scanned = await scanScene('这不是电脑上的登录二维码，请对准电脑屏幕上的二维码再扫');
      if (!scanned.ok) {
        this.setData({ scanError: scanned.error });
        return;
      }
      this.setData({ scene: scanned.scene });
      this.load();
    },
    onMySessions() {
      wx.redirectTo({ url: PAGES.deskSessions() });
    },
    onHome() {
      go('home');
    },
  },
});
