import type { CheckinVia, OrgView } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import { SUBSCRIBE_AT, askToBeTold } from '../../services/subscribe';
import { ERROR_MESSAGES } from '../../services/error-messages';
import type { Change, Tap } from '../../services/events';
import { formatRegion } from '../../services/format';
import { BRANCH_KIND_LABELS, ORG_KIND_LABELS, SUGGESTION_REASON_LABELS } from '../../services/labels';
import { type NextSteps, type Notice, NO_NOTICE, follow, go, loadErrorNotice, noticeFor, urlOf } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { scanScene } from '../../services/scan-code';

interface BranchRow {
  orgId: string;
  name: string;
  kindText: string;
  place: string;
  /** Why it is suggested; '' for search results. */
  reasonText: string;
  /** Who decides the request: a branch's secretary, or a committee's admins who place below it. */
  deciderText: string;
}

interface Sheet {
  visible: boolean;
  branch: BranchRow | null;
  via: CheckinVia;
}

function rowOf(org: OrgView, reasonText = ''): BranchRow {
  return {
    orgId: org.orgId,
    name: org.name,
    kindText: org.branchKind ? BRANCH_KIND_LABELS[org.branchKind] : ORG_KIND_LABELS[org.kind],
    place: [formatRegion(org.region), org.address].filter(Boolean).join(' '),
    reasonText,
    deciderText:
      org.kind === 'branch'
        ? '提交后，由该支部书记审批。审批前您可以撤回。'
        : '提交后，由该组织审批，并把您安排到它下属的一个党支部。审批前您可以撤回。',
  };
}

const SUBMIT_STEPS: NextSteps = {
  INTERNAL: { actionText: '', action: '' },
  NETWORK: { actionText: '', action: '' },
};

const CLOSED: Sheet = { visible: false, branch: null, via: 'search' };

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    suggestions: [] as BranchRow[],
    scanning: false,
    scanError: '',
    query: '',
    results: [] as BranchRow[],
    nextCursor: null as string | null,
    searched: false,
    searching: false,
    searchError: '',
    sheet: CLOSED as Sheet,
    submitting: false,
    sheetError: NO_NOTICE as Notice,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.loadSuggestions();
      // Opened by scanning an organization's mini-program code with the phone camera, or by 报到
      // on the list of places near the member (pages/nearby), which passes the same scene.
      if (options.scene) this.resolveScene(decodeURIComponent(options.scene), options.via === 'nearby' ? 'nearby' : 'scan');
    },
    async loadSuggestions() {
      this.setData({ status: 'loading' });
      const result = await callAction('checkin.suggest', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      this.setData({
        status: 'ready',
        suggestions: result.data.suggestions.map((s) => rowOf(s.branch, SUGGESTION_REASON_LABELS[s.reason])),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.loadSuggestions());
    },

    async onScan() {
      if (this.data.scanning) return;
      this.setData({ scanning: true, scanError: '' });
      const scanned = await scanScene(ERROR_MESSAGES.INVALID_CODE);
      this.setData({ scanning: false, scanError: scanned.ok ? '' : scanned.error });
      if (scanned.ok) await this.resolveScene(scanned.scene);
    },
    async resolveScene(scene: string, via: CheckinVia = 'scan') {
      const result = await callAction('checkin.resolveCode', { scene });
      if (!result.ok) {
        this.setData({ scanError: noticeFor(result.error).text });
        return;
      }
      this.openSheet(rowOf(result.data), via);
    },

    onNearby() {
      wx.navigateTo({ url: PAGES.nearby() });
    },

    onQuery(event: Change<string>) {
      this.setData({ query: event.detail.value });
    },
    onSearch() {
      this.search(false);
    },
    onMore() {
      this.search(true);
    },
    async search(more: boolean) {
      const query = this.data.query.trim();
      if (!query || this.data.searching) return;
      this.setData({ searching: true, searchError: '' });
      const cursor = more ? this.data.nextCursor : null;
      const result = await callAction('org.list', { query, kind: 'branch', cursor, limit: 20 });
      if (!result.ok) {
        this.setData({ searching: false, searchError: noticeFor(result.error).text });
        return;
      }
      const rows = result.data.items.map((org) => rowOf(org));
      this.setData({
        searching: false,
        searched: true,
        results: more ? this.data.results.concat(rows) : rows,
        nextCursor: result.data.nextCursor,
      });
    },

    onPickSuggestion(event: Tap<{ index: number }>) {
      const branch = this.data.suggestions[event.currentTarget.dataset.index];
      if (branch) this.openSheet(branch, 'suggestion');
    },
    onPickResult(event: Tap<{ index: number }>) {
      const branch = this.data.results[event.currentTarget.dataset.index];
      if (branch) this.openSheet(branch, 'search');
    },
    openSheet(branch: BranchRow, via: CheckinVia) {
      this.setData({ sheet: { visible: true, branch, via }, sheetError: NO_NOTICE });
    },
    onCloseSheet() {
      if (!this.data.submitting) this.setData({ sheet: CLOSED, sheetError: NO_NOTICE });
    },
    onSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseSheet();
    },
    async onConfirm() {
      const { branch, via } = this.data.sheet;
      if (!branch || this.data.submitting) return;
      // First, inside the tap: WeChat opens its sheet only from one. The request goes out meanwhile.
      const asked = askToBeTold(SUBSCRIBE_AT.checkinSubmit);
      this.setData({ submitting: true, sheetError: NO_NOTICE });
      const result = await callAction('checkin.submit', { orgId: branch.orgId, via });
      await asked;
      this.setData({ submitting: false });
      if (!result.ok) {
        this.setData({ sheetError: noticeFor(result.error, SUBMIT_STEPS) });
        return;
      }
      this.setData({ sheet: CLOSED });
      wx.showToast({ title: '报到申请已提交', icon: 'success' });
      wx.redirectTo({ url: urlOf('checkin-status') });
    },
    onSheetAction() {
      const { action } = this.data.sheetError;
      this.setData({ sheet: CLOSED, sheetError: NO_NOTICE });
      go(action);
    },
  },
});
