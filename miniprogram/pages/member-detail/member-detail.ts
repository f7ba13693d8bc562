import type { ActionInput, ActionOutput, MemberView } from '../../../server/contract';
import type { LostContactReason } from '../../../server/contract/lost-contact';
import { type ClientError, callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { type TextLine, type TransferRow, episodeText, lostContactLines, transferRowOf } from '../../services/journey-text';
import type { PlacementEndReason } from '../../../server/contract/placements';
import { PAGES } from '../../services/pages';
import { formatDate, formatDay, formatMonth, formatRegion, todayCst } from '../../services/format';
import {
  CONTACT_KIND_LABELS,
  GENDER_LABELS,
  INDUSTRY_LABELS,
  LEAVE_REASON_LABELS,
  LOST_CONTACT_REASON_LABELS,
  MEMBER_STATUS_LABELS,
  PLACEMENT_END_REASON_LABELS,
  STANDING_LABELS,
  TALK_CAUSE_LABELS,
  WORK_PATTERN_LABELS,
  optionsOf,
} from '../../services/labels';
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

type SecretField = ActionInput<'member.revealSensitive'>['field'];

/** One line of the record: a label and what it says. */
interface Line {
  label: string;
  value: string;
}

interface Section {
  title: string;
  lines: Line[];
}

/** A masked field that can be shown in full: every full view is recorded on the server. */
interface Secret {
  field: SecretField;
  label: string;
  /** The masked text until revealed, then the full one. */
  value: string;
  revealText: string;
  revealed: boolean;
  revealing: boolean;
  /** Why the last reveal failed; the button turns into 重试. */
  error: string;
}

const REVEAL_CONFIRM = '查看完整信息会被记录，确定查看吗？';
/** The server's own words are preferred; this is what it says when they are missing. */
const OUTFLOW_FORBIDDEN = '流出地党组织只能查看隐去部分号码的信息';

const LOAD_STEPS: NextSteps = { NOT_FOUND: GO_HOME };

const orNone = (text: string): string => text.trim() || '未填写';

/** 失联 and the transfer as both sides see them; null while not loaded or not the caller's to see. */
interface Journey {
  lost: TextLine[];
  /** The no-life clock's proposal, in a sentence; empty when there is none. */
  proposal: string;
  episodes: { key: string; marked: string; found: string }[];
  canMark: boolean;
  canFound: boolean;
  transfers: TransferRow[];
  canPropose: boolean;
}

type SheetKind = 'mark' | 'found' | 'propose' | 'decide' | 'complete';
type SheetField = 'day' | 'reason' | 'note' | 'text' | 'letterNumber';

/** One bottom sheet for every step: which fields show depends on the kind. */
interface Sheet {
  visible: boolean;
  kind: SheetKind | '';
  title: string;
  dayLabel: string;
  day: string;
  dayText: string;
  reason: LostContactReason | '';
  note: string;
  textLabel: string;
  textPlaceholder: string;
  text: string;
  decision: 'agree' | 'refuse';
  letterNumber: string;
  confirmText: string;
  transferId: string;
  transferVersion: number;
  errors: Partial<Record<SheetField, string>>;
  error: string;
  sending: boolean;
}

const CLOSED: Sheet = {
  visible: false,
  kind: '',
  title: '',
  dayLabel: '',
  day: '',
  dayText: '',
  reason: '',
  note: '',
  textLabel: '',
  textPlaceholder: '',
  text: '',
  decision: 'agree',
  letterNumber: '',
  confirmText: '',
  transferId: '',
  transferVersion: 0,
  errors: {},
  error: '',
  sending: false,
};

/** The server's wrong field → the sheet's field that shows it. */
const SHEET_FIELDS: Record<string, SheetField> = {
  lastContactOn: 'day',
  foundOn: 'day',
  letterDate: 'day',
  reason: 'text',
  how: 'text',
  note: 'note',
  letterNumber: 'letterNumber',
};

/** Someone else acted first: the sheet closes and the page shows what is now true. */
const CHANGED_ELSEWHERE = new Set([
  'CONFLICT',
  'ALREADY_LOST_CONTACT',
  'NOT_LOST_CONTACT',
  'TRANSFER_NOT_PENDING',
  'TRANSFER_ALREADY_OPEN',
]);

const CHANGED_NOTICE = '刚才已有其他人办理过，页面已重新载入，请核对后再办。';

function journeyOf(lost: ActionOutput<'lostContact.get'>, transfers: ActionOutput<'transfer.ofMember'>): Journey {
  return {
    lost: lost.current ? lostContactLines(lost.current) : [],
    proposal: lost.proposal
      ? `自 ${formatDay(lost.proposal.since)} 起已 ${lost.proposal.months} 个月没有参加组织生活。如两地都联系不上本人，可以标记失联；联系得上则不必标记。`
      : '',
    episodes: lost.episodes
      .filter((episode) => episode.foundOn)
      .map((episode) => ({ key: episode.episodeId, ...episodeText(episode) })),
    canMark: lost.can.mark,
    canFound: lost.can.found,
    transfers: transfers.items.map(transferRowOf),
    canPropose: transfers.canPropose,
  };
}

function placementOf(member: MemberView): string {
  if (!member.inflowBranch) return '';
  const since = member.placedAt ? `，${formatDate(member.placedAt)}起` : '';
  return `${member.inflowBranch.name}${since}`;
}

function sectionsOf(member: MemberView): Section[] {
  const placement = placementOf(member);
  return [
    {
      title: '基本情况',
      lines: [
        { label: '姓名', value: member.name },
        { label: '性别', value: GENDER_LABELS[member.gender] },
        { label: '党员类别', value: STANDING_LABELS[member.standing] },
        { label: '入党时间', value: formatDay(member.joinedPartyOn) || member.joinedPartyOn },
      ],
    },
    {
      title: '报到情况',
      lines: [
        { label: '目前状态', value: MEMBER_STATUS_LABELS[member.status] },
        ...(placement ? [{ label: '所在支部', value: placement }] : []),
      ],
    },
    {
      title: '外出情况',
      lines: [
        { label: '流出地党组织', value: member.outflow.name },
        { label: '流出地', value: formatRegion(member.outflow.region) },
        { label: '外出时间', value: formatMonth(member.leftOn) || member.leftOn },
        { label: '外出原因', value: LEAVE_REASON_LABELS[member.leaveReason] },
      ],
    },
    {
      title: '现在的工作和住处',
      lines: [
        { label: '现居住地', value: formatRegion(member.residence.region) },
        { label: '工作单位', value: orNone(member.workplace) },
        { label: '职业', value: orNone(member.occupation) },
        { label: '行业', value: INDUSTRY_LABELS[member.industry] },
        { label: '作息时间', value: WORK_PATTERN_LABELS[member.workPattern] },
        { label: '技能特长', value: member.skills.length ? member.skills.join('、') : '未填写' },
      ],
    },
  ];
}

function secretsOf(member: MemberView): Secret[] {
  const secret = (field: SecretField, label: string, value: string, revealText: string): Secret => ({
    field,
    label,
    value,
    revealText,
    revealed: false,
    revealing: false,
    error: '',
  });
  return [
    secret('phone', '手机号', member.phoneMasked, '查看完整号码'),
    secret('idCard', '身份证号', member.idCardMasked, '查看完整号码'),
    secret('address', '住址', member.residence.addressMasked, '查看完整住址'),
  ];
}

type History = ActionOutput<'placement.history'>;
type LeaveReason = Exclude<PlacementEndReason, 'returned_home'>;

/** One placement as the history section shows it. */
interface PlacementRow {
  placementId: string;
  branchName: string;
  period: string;
  ending: string;
}

interface HistoryState {
  status: 'loading' | 'error' | 'ready';
  error: string;
  rows: PlacementRow[];
  returnedText: string;
  homeLife: { activityId: string; text: string }[];
  canLeave: boolean;
  canReturn: boolean;
  /** The branch an open placement is in: what a leave names. */
  openBranchId: string;
  openBranchName: string;
}

const HISTORY_LOADING: HistoryState = {
  status: 'loading',
  error: '',
  rows: [],
  returnedText: '',
  homeLife: [],
  canLeave: false,
  canReturn: false,
  openBranchId: '',
  openBranchName: '',
};

interface PlacementSheet {
  visible: boolean;
  mode: 'leave' | 'return';
  reason: LeaveReason | '';
  day: string;
  dayText: string;
  destination: string;
  saving: boolean;
  error: string;
}

const CLOSED_PLACEMENT_SHEET: PlacementSheet = {
  visible: false,
  mode: 'leave',
  reason: '',
  day: '',
  dayText: '',
  destination: '',
  saving: false,
  error: '',
};

const LEAVE_REASON_OPTIONS = optionsOf<LeaveReason>({
  moved_city: PLACEMENT_END_REASON_LABELS.moved_city,
  went_home: PLACEMENT_END_REASON_LABELS.went_home,
  changed_job: PLACEMENT_END_REASON_LABELS.changed_job,
  other: PLACEMENT_END_REASON_LABELS.other,
});

function historyOf(history: History): HistoryState {
  const open = history.items.find((item) => item.endedOn === null) ?? null;
  return {
    status: 'ready',
    error: '',
    rows: history.items.map((item) => ({
      placementId: item.placementId,
      branchName: item.branch.name,
      period: `${formatDate(item.startedAt)}起，${item.endedOn ? `${formatDay(item.endedOn)}止` : '至今'}`,
      ending: item.endReason
        ? `${PLACEMENT_END_REASON_LABELS[item.endReason]}${item.destination ? `，去向：${item.destination}` : ''}${
            item.endedByName ? `（${item.endedByName}登记）` : ''
          }`
        : '',
    })),
    returnedText: history.returnedOn ? `${formatDay(history.returnedOn)}返回家乡，流动结束` : '',
    homeLife: history.homeLife.map((entry) => ({
      activityId: entry.activityId,
      text: `${formatDay(entry.heldOn)} ${entry.branch.name}：${entry.topic}`,
    })),
    canLeave: history.can.leave && open !== null,
    canReturn: history.can.recordReturn,
    openBranchId: open?.branch.orgId ?? '',
    openBranchName: open?.branch.name ?? '',
  };
}

/** The contact person and the talks, as either side reads them (the note only where the server sends it). */
interface TalksSection {
  contact: string;
  due: Array<{ dueId: string; text: string }>;
  talks: Array<{ talkId: string; title: string; who: string; note: string }>;
  canRecord: boolean;
}

const NO_TALKS: TalksSection = { contact: '', due: [], talks: [], canRecord: false };

function talksSectionOf(list: ActionOutput<'talk.list'>): TalksSection {
  return {
    contact: list.contact ? `${list.contact.name}（${CONTACT_KIND_LABELS[list.contact.kind]}）` : '还没有指定',
    due: list.due.map((due) => ({
      dueId: due.dueId,
      text: `${TALK_CAUSE_LABELS[due.cause]}：请在 ${formatDay(due.dueBy)} 前谈话`,
    })),
    talks: list.talks.map((talk) => ({
      talkId: talk.talkId,
      title: `${formatDay(talk.heldOn)} ${TALK_CAUSE_LABELS[talk.cause]}：${talk.topic}`,
      who: `谈话人：${talk.heldByName}`,
      note: talk.note ?? '',
    })),
    canRecord: list.canRecord,
  };
}

Component({
  data: {
    memberId: '',
    name: '',
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    sections: [] as Section[],
    secrets: [] as Secret[],
    /** Set when the server refuses full views to this caller (the outflow side): no reveal buttons then. */
    revealForbidden: '',
    memberVersion: 0,
    journey: null as Journey | null,
    /** Why 失联 and the transfer could not be loaded (the rest of the page stands). */
    journeyError: '',
    /** Said above the sections after a step: done, or changed by someone else meanwhile. */
    notice: '',
    sheet: CLOSED as Sheet,
    today: '',
    reasonOptions: optionsOf(LOST_CONTACT_REASON_LABELS),
    history: HISTORY_LOADING as HistoryState,
    placementSheet: CLOSED_PLACEMENT_SHEET as PlacementSheet,
    leaveReasonOptions: LEAVE_REASON_OPTIONS,
    /** Shown only to the two sides; a branch the member is still checking in to sees no talks. */
    hasTalks: false,
    talks: NO_TALKS as TalksSection,
    canReview: false,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const memberId = options.memberId ?? '';
      const name = options.name ? decodeURIComponent(options.name) : '';
      if (name) wx.setNavigationBarTitle({ title: name });
      if (!memberId) {
        this.setData({ memberId, name, ...noRecordState('没有指定要查看的党员') });
        return;
      }
      this.setData({ memberId, name });
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', revealForbidden: '' });
      const result = await callAction('member.get', { memberId: this.data.memberId });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error, LOAD_STEPS) });
        return;
      }
      const member = result.data;
      if (member.name !== this.data.name) wx.setNavigationBarTitle({ title: member.name });
      this.setData({
        status: 'ready',
        name: member.name,
        sections: sectionsOf(member),
        secrets: secretsOf(member),
        memberVersion: member.version,
        today: todayCst(),
      });
      await Promise.all([this.loadHistory(), this.loadTalks(), this.loadJourney()]);
    },
    /** 失联 and the transfer: only the two sides see them; the member's own view has neither. */
    async loadJourney() {
      const memberId = this.data.memberId;
      const [lost, transfers] = await Promise.all([
        callAction('lostContact.get', { memberId }),
        callAction('transfer.ofMember', { memberId }),
      ]);
      if (lost.ok && transfers.ok) {
        this.setData({ journey: journeyOf(lost.data, transfers.data), journeyError: '' });
        return;
      }
      const failure = !lost.ok ? lost.error : !transfers.ok ? transfers.error : null;
      if (failure?.code === 'NOT_FOUND') this.setData({ journey: null, journeyError: '' });
      else this.setData({ journey: null, journeyError: failure ? noticeFor(failure).text : '' });
    },
    onRetryJourney() {
      this.loadJourney();
    },

    onMarkLost() {
      this.openSheet({ kind: 'mark', title: '标记失联', dayLabel: '最后联系日期', confirmText: '确认标记失联' });
    },
    onFound() {
      this.openSheet({
        kind: 'found',
        title: '登记已找到',
        dayLabel: '找到的日期',
        textLabel: '怎样联系上的',
        textPlaceholder: '如：上门走访，本人换了手机号',
        confirmText: '确认已找到',
      });
    },
    onPropose() {
      this.openSheet({
        kind: 'propose',
        title: '提议转接组织关系',
        textLabel: '提议的理由',
        textPlaceholder: '如：在本地居住、工作已满半年，工作稳定',
        confirmText: '提交提议',
      });
    },
    onAgree(event: Tap<{ index: number }>) {
      const row = this.data.journey?.transfers[event.currentTarget.dataset.index];
      if (!row?.canDecide) return;
      this.openSheet({
        kind: 'decide',
        decision: 'agree',
        title: '同意转接组织关系',
        confirmText: '确认同意',
        transferId: row.transferId,
        transferVersion: row.version,
      });
    },
    onRefuse(event: Tap<{ index: number }>) {
      const row = this.data.journey?.transfers[event.currentTarget.dataset.index];
      if (!row?.canDecide) return;
      this.openSheet({
        kind: 'decide',
        decision: 'refuse',
        title: '不同意转接',
        textLabel: '不同意的理由（流入地支部会看到）',
        textPlaceholder: '如：本人明年回村任职',
        confirmText: '确认不同意',
        transferId: row.transferId,
        transferVersion: row.version,
      });
    },
    onComplete(event: Tap<{ index: number }>) {
      const row = this.data.journey?.transfers[event.currentTarget.dataset.index];
      if (!row?.canComplete) return;
      this.openSheet({
        kind: 'complete',
        title: '登记转接办结',
        dayLabel: '介绍信日期',
        confirmText: '确认已办结',
        transferId: row.transferId,
        transferVersion: row.version,
      });
    },
    openSheet(fields: Partial<Sheet>) {
      const today = this.data.today || todayCst();
      this.setData({ notice: '', sheet: { ...CLOSED, day: today, dayText: formatDay(today), ...fields, visible: true } });
    },
    onCloseSheet() {
      if (!this.data.sheet.sending) this.setData({ sheet: CLOSED });
    },
    onSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseSheet();
    },
    onSheetDay(event: Change<string>) {
      this.setData({ 'sheet.day': event.detail.value, 'sheet.dayText': formatDay(event.detail.value), 'sheet.errors.day': '' });
    },
    onSheetReason(event: Change<LostContactReason>) {
      this.setData({ 'sheet.reason': event.detail.value, 'sheet.errors.reason': '', 'sheet.errors.note': '' });
    },
    onSheetNote(event: Change<string>) {
      this.setData({ 'sheet.note': event.detail.value, 'sheet.errors.note': '' });
    },
    onSheetText(event: Change<string>) {
      this.setData({ 'sheet.text': event.detail.value, 'sheet.errors.text': '' });
    },
    onSheetLetter(event: Change<string>) {
      this.setData({ 'sheet.letterNumber': event.detail.value, 'sheet.errors.letterNumber': '' });
    },
    async onConfirmSheet() {
      const sheet = this.data.sheet;
      if (!sheet.kind || sheet.sending) return;
      if (sheet.kind === 'mark' && !sheet.reason) {
        this.setData({ 'sheet.errors.reason': '请选择失联原因' });
        return;
      }
      this.setData({ 'sheet.sending': true, 'sheet.errors': {}, 'sheet.error': '' });
      const result = await this.send(sheet);
      this.setData({ 'sheet.sending': false });
      if (result.ok) {
        this.setData({ sheet: CLOSED, notice: `${sheet.title}：已记录。` });
        await this.load();
        return;
      }
      if (CHANGED_ELSEWHERE.has(result.error.code)) {
        this.setData({ sheet: CLOSED, notice: CHANGED_NOTICE });
        await this.load();
        return;
      }
      const field = result.error.field ? SHEET_FIELDS[result.error.field] : undefined;
      const text = noticeFor(result.error).text;
      if (field) this.setData({ [`sheet.errors.${field}`]: text });
      else this.setData({ 'sheet.error': text });
    },
    send(sheet: Sheet) {
      const memberId = this.data.memberId;
      const version = this.data.memberVersion;
      switch (sheet.kind) {
        case 'mark':
          return callAction('lostContact.mark', {
            memberId,
            version,
            lastContactOn: sheet.day,
            reason: sheet.reason || 'other',
            note: sheet.note,
          });
        case 'found':
          return callAction('lostContact.found', { memberId, version, foundOn: sheet.day, how: sheet.text });
        case 'propose':
          return callAction('transfer.propose', { memberId, reason: sheet.text });
        case 'decide':
          return callAction('transfer.decide', {
            transferId: sheet.transferId,
            version: sheet.transferVersion,
            decision: sheet.decision,
            reason: sheet.text,
          });
        default:
          return callAction('transfer.complete', {
            transferId: sheet.transferId,
            version: sheet.transferVersion,
            letterNumber: sheet.letterNumber,
            letterDate: sheet.day,
          });
      }
    },
    async loadHistory() {
      this.setData({ history: HISTORY_LOADING });
      const result = await callAction('placement.history', { memberId: this.data.memberId });
      this.setData({
        history: result.ok
          ? historyOf(result.data)
          : { ...HISTORY_LOADING, status: 'error', error: noticeFor(result.error).text },
      });
    },

    /** 登记离开本支部: the member themself, or the branch's secretary. */
    onStartLeave() {
      this.setData({ placementSheet: { ...CLOSED_PLACEMENT_SHEET, visible: true, mode: 'leave' } });
    },
    /** 返回登记: the outflow side records the member home. */
    onStartReturn() {
      this.setData({ placementSheet: { ...CLOSED_PLACEMENT_SHEET, visible: true, mode: 'return' } });
    },
    onPlacementSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.setData({ placementSheet: CLOSED_PLACEMENT_SHEET });
    },
    onClosePlacementSheet() {
      this.setData({ placementSheet: CLOSED_PLACEMENT_SHEET });
    },
    onLeaveReason(event: Change<LeaveReason>) {
      this.setData({ 'placementSheet.reason': event.detail.value, 'placementSheet.error': '' });
    },
    onPlacementSheetDay(event: Change<string>) {
      this.setData({
        'placementSheet.day': event.detail.value,
        'placementSheet.dayText': formatDay(event.detail.value),
        'placementSheet.error': '',
      });
    },
    onDestination(event: Change<string>) {
      this.setData({ 'placementSheet.destination': event.detail.value });
    },
    async onConfirmPlacementSheet() {
      const sheet = this.data.placementSheet;
      if (sheet.saving) return;
      if (sheet.mode === 'leave' && !sheet.reason) {
        this.setData({ 'placementSheet.error': '请选择离开的原因' });
        return;
      }
      if (!sheet.day) {
        this.setData({ 'placementSheet.error': sheet.mode === 'leave' ? '请选择离开的日子' : '请选择返回的日子' });
        return;
      }
      this.setData({ 'placementSheet.saving': true, 'placementSheet.error': '' });
      const result =
        sheet.mode === 'leave' && sheet.reason
          ? await callAction('placement.leave', {
              memberId: this.data.memberId,
              branchId: this.data.history.openBranchId,
              endedOn: sheet.day,
              reason: sheet.reason,
              destination: sheet.destination,
            })
          : await callAction('placement.return', { memberId: this.data.memberId, returnedOn: sheet.day });
      if (!result.ok) {
        this.setData({ 'placementSheet.saving': false, 'placementSheet.error': noticeFor(result.error).text });
        return;
      }
      this.setData({ placementSheet: CLOSED_PLACEMENT_SHEET });
      wx.showToast({ title: sheet.mode === 'leave' ? '已登记离开' : '已登记返回', icon: 'success' });
      await this.load();
    },
    /** Back from recording a talk or naming the contact: read them again. */
    onShow() {
      if (this.data.status === 'ready') this.loadTalks();
    },
    async loadTalks() {
      const memberId = this.data.memberId;
      const [talks, card] = await Promise.all([callAction('talk.list', { memberId }), callAction('card.get', { memberId })]);
      this.setData({
        hasTalks: talks.ok,
        talks: talks.ok ? talksSectionOf(talks.data) : NO_TALKS,
        canReview: card.ok && card.data.canReview,
      });
    },
    onAskService() {
      wx.navigateTo({ url: PAGES.serviceAsk(this.data.memberId, this.data.name) });
    },
    onRecordTalk() {
      wx.navigateTo({ url: PAGES.talkRecord(this.data.memberId, this.data.name) });
    },
    onSetContact() {
      wx.navigateTo({ url: PAGES.contactSet(this.data.memberId, this.data.name) });
    },
    onCard() {
      wx.navigateTo({ url: PAGES.cardScan({ memberId: this.data.memberId }) });
    },
    onReview() {
      wx.navigateTo({ url: PAGES.cardReview(this.data.memberId, this.data.name, Number(todayCst().slice(0, 4))) });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },

    /** 查看完整…: asks first, because the server records every full view. */
    async onReveal(event: Tap<{ index: number }>) {
      const index = event.currentTarget.dataset.index;
      const secret = this.data.secrets[index];
      if (!secret || secret.revealed || secret.revealing || this.data.revealForbidden) return;
      const answer = await wx.showModal({
        title: '查看完整信息',
        content: REVEAL_CONFIRM,
        confirmText: '确定查看',
        cancelText: '取消',
      });
      if (!answer.confirm) return;
      await this.reveal(index);
    },
    /** 重试 after a failed reveal: the person already agreed to the recorded view. */
    async onRetryReveal(event: Tap<{ index: number }>) {
      await this.reveal(event.currentTarget.dataset.index);
    },
    async reveal(index: number) {
      const secret = this.data.secrets[index];
      if (!secret || secret.revealed || secret.revealing || this.data.revealForbidden) return;
      const at = `secrets[${index}]`;
      this.setData({ [`${at}.revealing`]: true, [`${at}.error`]: '' });
      const result = await callAction('member.revealSensitive', { memberId: this.data.memberId, field: secret.field });
      if (result.ok) {
        this.setData({ [`${at}.revealing`]: false, [`${at}.revealed`]: true, [`${at}.value`]: result.data.value });
      } else if (result.error.code === 'FORBIDDEN') {
        this.setData({ [`${at}.revealing`]: false, revealForbidden: OUTFLOW_FORBIDDEN });
      } else {
        this.setData({ [`${at}.revealing`]: false, [`${at}.error`]: noticeFor(result.error).text });
      }
    },
    /** The reports the branch sent home on this member, period by period (either side may read them). */
    onReportHistory() {
      wx.navigateTo({ url: PAGES.reportHistory(this.data.memberId, this.data.name) });
    },
    onCall() {
      const phone = this.data.secrets.find((secret) => secret.field === 'phone');
      if (!phone?.revealed) return;
      // Cancelling the call sheet is not an error worth telling anyone about.
      wx.makePhoneCall({ phoneNumber: phone.value, fail: () => undefined });
    },
  },
});
