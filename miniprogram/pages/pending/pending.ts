import type { ActionInput, CheckinView } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import type { ClientErrorCode } from '../../services/error-messages';
import type { Change, Tap } from '../../services/events';
import { formatDateTime, formatDay } from '../../services/format';
import { CHECKIN_VIA_LABELS, PLACEMENT_END_REASON_LABELS, STANDING_LABELS } from '../../services/labels';
import { follow, memberDetailUrl, noRecordState, noticeFor } from '../../services/navigation';
import { type FetchPage, FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../../services/paged-list';

interface PendingRow {
  checkinId: string;
  version: number;
  memberId: string;
  memberName: string;
  summary: string;
  /** The sheet's shorter line: the branch is on its buttons already, the time on the list. */
  sheetSummary: string;
  /** 此前在…: the member's last placement, for the deciding branch; empty on a first check-in. */
  previous: string;
  branchId: string;
  branchName: string;
}

interface BranchChoice {
  orgId: string;
  name: string;
}

interface Sheet {
  visible: boolean;
  item: PendingRow | null;
  mode: 'choose' | 'reject';
  reason: string;
  placeBranchId: string;
  placeName: string;
  places: BranchChoice[];
  loadingPlaces: boolean;
  placesError: string;
  deciding: boolean;
  error: string;
}

const CLOSED: Sheet = {
  visible: false,
  item: null,
  mode: 'choose',
  reason: '',
  placeBranchId: '',
  placeName: '',
  places: [],
  loadingPlaces: false,
  placesError: '',
  deciding: false,
  error: '',
};

function rowOf(checkin: CheckinView): PendingRow {
  return {
    checkinId: checkin.checkinId,
    version: checkin.version,
    memberId: checkin.memberId,
    memberName: checkin.memberName,
    summary: `${STANDING_LABELS[checkin.memberStanding]} · 来自${checkin.memberOutflowName} · ${CHECKIN_VIA_LABELS[checkin.via]}到${checkin.branch.name} · ${formatDateTime(checkin.submittedAt)}`,
    sheetSummary: `${STANDING_LABELS[checkin.memberStanding]} · 来自${checkin.memberOutflowName}`,
    previous: previousOf(checkin.previousPlacement),
    branchId: checkin.branch.orgId,
    branchName: checkin.branch.name,
  };
}

function previousOf(previous: CheckinView['previousPlacement']): string {
  if (!previous) return '';
  return `此前在${previous.branch.name}，${formatDay(previous.endedOn)}离开（${PLACEMENT_END_REASON_LABELS[previous.endReason]}）`;
}

const pendingOf =
  (orgId: string): FetchPage<CheckinView> =>
  (cursor) =>
    callAction('checkin.pending', { orgId, cursor });

/** Someone else decided first: the request is gone from everybody's list. */
const DECIDED_ELSEWHERE: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['CONFLICT', 'CHECKIN_NOT_PENDING']);

Component({
  data: {
    orgId: '',
    orgName: '',
    ...pagedList<PendingRow>(),
    sheet: CLOSED as Sheet,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      const orgName = options.name ? decodeURIComponent(options.name) : '';
      this.setData({ orgId, orgName });
      if (orgId) this.load();
      else this.setData(noRecordState('没有指定要审批的组织'));
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      this.setData(await loadFirstPage(pendingOf(this.data.orgId), rowOf));
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.load();
    },
    onMore() {
      return showNextPage(this, pendingOf(this.data.orgId), rowOf);
    },

    onOpen(event: Tap<{ index: number }>) {
      const item = this.data.items[event.currentTarget.dataset.index];
      if (!item) return;
      this.setData({ sheet: { ...CLOSED, visible: true, item, placeBranchId: item.branchId, placeName: item.branchName } });
    },
    onClose() {
      if (!this.data.sheet.deciding) this.setData({ sheet: CLOSED });
    },
    onSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onClose();
    },
    /** Identity is checked before deciding; the sheet stays open for the way back. */
    onViewApplicant() {
      const item = this.data.sheet.item;
      if (item) wx.navigateTo({ url: memberDetailUrl(item.memberId, item.memberName) });
    },
    async onPlaceElsewhere() {
      const item = this.data.sheet.item;
      if (!item || this.data.sheet.loadingPlaces) return;
      this.setData({ 'sheet.loadingPlaces': true, 'sheet.placesError': '' });
      const branch = await callAction('org.get', { orgId: item.branchId });
      if (!branch.ok || !branch.data.parentId) {
        const text = branch.ok ? '该支部没有上级组织，不能安排到其他支部' : noticeFor(branch.error).text;
        this.setData({ 'sheet.loadingPlaces': false, 'sheet.placesError': text });
        return;
      }
      const siblings = await callAction('org.list', { parentId: branch.data.parentId, kind: 'branch', limit: 50 });
      if (!siblings.ok) {
        this.setData({ 'sheet.loadingPlaces': false, 'sheet.placesError': noticeFor(siblings.error).text });
        return;
      }
      this.setData({
        'sheet.loadingPlaces': false,
        'sheet.places': siblings.data.items.map((org) => ({ orgId: org.orgId, name: org.name })),
      });
    },
    onPickPlace(event: Tap<{ index: number }>) {
      const place = this.data.sheet.places[event.currentTarget.dataset.index];
      if (place) this.setData({ 'sheet.placeBranchId': place.orgId, 'sheet.placeName': place.name, 'sheet.places': [] });
    },
    onStartReject() {
      this.setData({ 'sheet.mode': 'reject', 'sheet.error': '' });
    },
    onBackToChoose() {
      this.setData({ 'sheet.mode': 'choose', 'sheet.error': '' });
    },
    onReason(event: Change<string>) {
      this.setData({ 'sheet.reason': event.detail.value, 'sheet.error': '' });
    },
    onApprove() {
      const { item, placeBranchId } = this.data.sheet;
      if (!item) return;
      this.decide({
        checkinId: item.checkinId,
        version: item.version,
        decision: 'approve',
        ...(placeBranchId && placeBranchId !== item.branchId ? { placeBranchId } : {}),
      });
    },
    onReject() {
      const { item, reason } = this.data.sheet;
      if (!item) return;
      if (!reason.trim()) {
        this.setData({ 'sheet.error': '请写明不同意的理由，党员会看到这段话' });
        return;
      }
      this.decide({ checkinId: item.checkinId, version: item.version, decision: 'reject', reason: reason.trim() });
    },
    async decide(input: ActionInput<'checkin.decide'>) {
      if (this.data.sheet.deciding) return;
      this.setData({ 'sheet.deciding': true, 'sheet.error': '' });
      const result = await callAction('checkin.decide', input);
      this.setData({ 'sheet.deciding': false });
      if (!result.ok) {
        if (DECIDED_ELSEWHERE.has(result.error.code)) {
          this.setData({ sheet: CLOSED });
          await wx.showModal({ title: '提示', content: '该申请已被其他人处理', showCancel: false, confirmText: '知道了' });
          this.load();
          return;
        }
        this.setData({ 'sheet.error': noticeFor(result.error).text });
        return;
      }
      const items = this.data.items.filter((item) => item.checkinId !== input.checkinId);
      this.setData({ sheet: CLOSED, items });
      wx.showToast({ title: input.decision === 'approve' ? '已同意' : '已退回', icon: 'success' });
      if (items.length === 0) {
        if (this.data.nextCursor) this.load();
        else this.setData({ status: 'empty' });
      }
    },
  },
});
