import type { ActionInput, ActionOutput, CheckinView, OrgKind } from '../../../server/contract';
import { codeSheet } from '../../behaviors/code-sheet';
import { SUBSCRIBE_AT, askToBeTold } from '../../services/subscribe';
import { callAction } from '../../services/call-action';
import type { ClientError, ClientErrorCode } from '../../services/error-messages';
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
  /** 此前在…: the member's last placement, for the deciding branch; empty on a first check-in. */
  previous: string;
  /** The sheet's shorter line: the time is on the list already, so the previous placement fits a small phone. */
  sheetSummary: string;
  /** The organization the request is with now; a committee's request is placed in a branch below it. */
  branchId: string;
  branchName: string;
  orgKind: OrgKind;
  /** The note of the last hand-over, for the decision sheet: '转交说明：…', or ''. */
  forwardNote: string;
}

interface OrgChoice {
  orgId: string;
  name: string;
}

interface Sheet {
  visible: boolean;
  item: PendingRow | null;
  mode: 'choose' | 'reject' | 'forward';
  reason: string;
  placeBranchId: string;
  placeName: string;
  places: OrgChoice[];
  loadingPlaces: boolean;
  placesError: string;
  /** Where the request may be forwarded: branches beside it and the organization above. */
  forwardTo: OrgChoice[];
  forwardToId: string;
  forwardReason: string;
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
  forwardTo: [],
  forwardToId: '',
  forwardReason: '',
  deciding: false,
  error: '',
};

type Choices = ActionOutput<'checkin.choices'>;

/** Where the member asked, and who passed the request on to this list, in words. */
function askedText(checkin: CheckinView): string {
  const first = checkin.forwards[0];
  const last = checkin.forwards[checkin.forwards.length - 1];
  const asked = `${CHECKIN_VIA_LABELS[checkin.via]}到${first ? first.from.name : checkin.organization.name}`;
  return last ? `${asked}，由${last.byName ?? last.from.name}转来` : asked;
}

function lastForwardReason(checkin: CheckinView): string {
  return checkin.forwards[checkin.forwards.length - 1]?.reason ?? '';
}

function rowOf(checkin: CheckinView): PendingRow {
  return {
    checkinId: checkin.checkinId,
    version: checkin.version,
    memberId: checkin.memberId,
    memberName: checkin.memberName,
    summary: `${STANDING_LABELS[checkin.memberStanding]} · 来自${checkin.memberOutflowName} · ${askedText(checkin)} · ${formatDateTime(checkin.submittedAt)}`,
    sheetSummary: `${STANDING_LABELS[checkin.memberStanding]} · 来自${checkin.memberOutflowName} · ${askedText(checkin)}`,
    previous: previousOf(checkin.previousPlacement),
    branchId: checkin.organization.orgId,
    branchName: checkin.organization.name,
    orgKind: checkin.organization.kind,
    forwardNote: lastForwardReason(checkin) ? `转交说明：${lastForwardReason(checkin)}` : '',
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
  behaviors: [codeSheet],
  data: {
    orgId: '',
    orgName: '',
    ...pagedList<PendingRow>(),
    sheet: CLOSED as Sheet,
    /** The server's answer for the open sheet's request: what this decider may do with it. */
    choices: null as Choices | null,
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
    /** Any organization's code can hang on the wall: a community committee's as well as a branch's. */
    onShowCode() {
      const orgId = this.data.orgId;
      return this.showCodeSheet(`checkin-code-${orgId}.png`, () => callAction('org.checkinCode', { orgId }));
    },

    onOpen(event: Tap<{ index: number }>) {
      const item = this.data.items[event.currentTarget.dataset.index];
      if (!item) return;
      // A committee's request has no branch yet: 安排到 waits for one to be chosen.
      const inBranch = item.orgKind === 'branch';
      this.setData({
        choices: null,
        sheet: {
          ...CLOSED,
          visible: true,
          item,
          placeBranchId: inBranch ? item.branchId : '',
          placeName: inBranch ? item.branchName : '',
        },
      });
    },
    onClose() {
      if (!this.data.sheet.deciding) this.setData({ sheet: CLOSED, choices: null });
    },
    onSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onClose();
    },
    /** Identity is checked before deciding; the sheet stays open for the way back. */
    onViewApplicant() {
      const item = this.data.sheet.item;
      if (item) wx.navigateTo({ url: memberDetailUrl(item.memberId, item.memberName) });
    },
    /** The choices once per sheet; a failure is shown in the sheet and the tap can be repeated. */
    async loadChoices(): Promise<Choices | null> {
      const item = this.data.sheet.item;
      if (!item || this.data.sheet.loadingPlaces) return null;
      if (this.data.choices) return this.data.choices;
      this.setData({ 'sheet.loadingPlaces': true, 'sheet.placesError': '' });
      const result = await callAction('checkin.choices', { checkinId: item.checkinId });
      if (!result.ok) {
        this.setData({ 'sheet.loadingPlaces': false, 'sheet.placesError': noticeFor(result.error).text });
        return null;
      }
      this.setData({ 'sheet.loadingPlaces': false, choices: result.data });
      return result.data;
    },
    async onPlaceElsewhere() {
      const choices = await this.loadChoices();
      const item = this.data.sheet.item;
      if (!choices || !item) return;
      const others = choices.placeIn.filter((branch) => branch.orgId !== item.branchId);
      if (others.length === 0) {
        this.setData({
          'sheet.placesError': choices.placeIn.length
            ? '您只能把党员安排到本支部。申请人应去其他支部的，请点“转交给其他组织”'
            : '这里没有可以安排的党支部，请转交给上级组织',
        });
        return;
      }
      this.setData({ 'sheet.places': choices.placeIn });
    },
    onPickPlace(event: Tap<{ index: number }>) {
      const place = this.data.sheet.places[event.currentTarget.dataset.index];
      if (place)
        this.setData({
          'sheet.placeBranchId': place.orgId,
          'sheet.placeName': place.name,
          'sheet.places': [],
          'sheet.error': '',
        });
    },
    async onStartForward() {
      const choices = await this.loadChoices();
      if (!choices) return;
      if (choices.forwardTo.length === 0) {
        this.setData({ 'sheet.placesError': '这条申请没有可以转交的组织' });
        return;
      }
      this.setData({
        'sheet.mode': 'forward',
        'sheet.forwardTo': choices.forwardTo.map((org) => ({ orgId: org.orgId, name: org.name })),
        'sheet.forwardToId': '',
        'sheet.error': '',
      });
    },
    onPickForward(event: Tap<{ index: number }>) {
      const target = this.data.sheet.forwardTo[event.currentTarget.dataset.index];
      if (target) this.setData({ 'sheet.forwardToId': target.orgId, 'sheet.error': '' });
    },
    onForwardReason(event: Change<string>) {
      this.setData({ 'sheet.forwardReason': event.detail.value });
    },
    async onForward() {
      const { item, forwardToId, forwardReason, forwardTo, deciding } = this.data.sheet;
      if (!item || deciding) return;
      const target = forwardTo.find((org) => org.orgId === forwardToId);
      if (!target) {
        this.setData({ 'sheet.error': '请先选择转交给哪个组织' });
        return;
      }
      const reason = forwardReason.trim();
      this.setData({ 'sheet.deciding': true, 'sheet.error': '' });
      const result = await callAction('checkin.forward', {
        checkinId: item.checkinId,
        version: item.version,
        toOrgId: target.orgId,
        ...(reason ? { reason } : {}),
      });
      this.setData({ 'sheet.deciding': false });
      if (!result.ok) return this.failed(result.error);
      this.done(item.checkinId, '已转交');
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
      if (!placeBranchId) {
        this.setData({ 'sheet.error': '请先选择安排到哪个党支部' });
        return;
      }
      void askToBeTold(SUBSCRIBE_AT.checkinDecide);
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
      if (!result.ok) return this.failed(result.error);
      this.done(input.checkinId, input.decision === 'approve' ? '已同意' : '已退回');
    },
    async failed(error: ClientError) {
      if (DECIDED_ELSEWHERE.has(error.code)) {
        this.setData({ sheet: CLOSED, choices: null });
        await wx.showModal({ title: '提示', content: '该申请已被其他人处理', showCancel: false, confirmText: '知道了' });
        this.load();
        return;
      }
      this.setData({ 'sheet.error': noticeFor(error).text });
    },
    /** The request left this list (decided or forwarded). */
    done(checkinId: string, toast: string) {
      const items = this.data.items.filter((item) => item.checkinId !== checkinId);
      this.setData({ sheet: CLOSED, choices: null, items });
      wx.showToast({ title: toast, icon: 'success' });
      if (items.length === 0) {
        if (this.data.nextCursor) this.load();
        else this.setData({ status: 'empty' });
      }
    },
  },
});
