import type { ToFindView, VisitOutcome } from '../../../server/contract/imports';
import type { LostContactReason } from '../../../server/contract/lost-contact';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDay, todayCst } from '../../services/format';
import { LOST_CONTACT_REASON_LABELS, optionsOf } from '../../services/labels';
import { type NextSteps, GO_HOME, follow, noRecordState, noticeFor } from '../../services/navigation';
import { type FetchPage, FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../../services/paged-list';

/**
 * 待找党员 (组织找党员): the people the month's movement list names who have not registered, for
 * this organization to find. The secretary visits and records what came of it in a sheet: found
 * (and asked to check in by scanning the code), moved on (where to), or can't be reached (失联,
 * with the last day of contact and the reason, as 标记失联 asks them).
 */

interface Row {
  toFindId: string;
  version: number;
  name: string;
  lines: string[];
}

const LOAD_STEPS: NextSteps = { NOT_FOUND: GO_HOME };

const OUTCOME_OPTIONS: { value: VisitOutcome; label: string }[] = [
  { value: 'found', label: '已找到本人' },
  { value: 'moved_on', label: '已去别处' },
  { value: 'unreachable', label: '联系不上' },
];

function rowOf(item: ToFindView): Row {
  const destination = `${item.destination.city}${item.destination.district}`;
  return {
    toFindId: item.toFindId,
    version: item.version,
    name: item.name,
    lines: [
      `${item.gender ? `${item.gender} · ` : ''}身份证 ${item.idCardMasked}`,
      `流出：${item.outflowName}`,
      `${formatDay(item.leftOn)}外出${item.reason}，去往${destination}`,
      ...(item.phoneMasked ? [`电话 ${item.phoneMasked}`] : []),
      ...(item.addressMasked ? [`住址 ${item.addressMasked}`] : []),
      `${item.month.replace('-', '年')}月名单`,
    ],
  };
}

const listOf =
  (orgId: string): FetchPage<ToFindView> =>
  (cursor) =>
    callAction('toFind.list', { orgId, status: 'open', cursor });

interface Sheet {
  visible: boolean;
  index: number;
  outcome: VisitOutcome | '';
  day: string;
  dayText: string;
  since: string;
  sinceText: string;
  reason: LostContactReason | '';
  note: string;
  sending: boolean;
  errors: Partial<Record<'outcome' | 'day' | 'since' | 'reason' | 'note', string>>;
  error: string;
}

const CLOSED: Sheet = {
  visible: false,
  index: -1,
  outcome: '',
  day: '',
  dayText: '',
  since: '',
  sinceText: '',
  reason: '',
  note: '',
  sending: false,
  errors: {},
  error: '',
};

/** The server's field → the sheet's. */
const SHEET_FIELDS: Record<string, keyof Sheet['errors']> = {
  outcome: 'outcome',
  visitedOn: 'day',
  'lost.since': 'since',
  lost: 'since',
  'lost.reason': 'reason',
  'lost.note': 'note',
  note: 'note',
};

Component({
  data: {
    orgId: '',
    today: '',
    notice: '',
    sheet: CLOSED,
    outcomeOptions: OUTCOME_OPTIONS,
    reasonOptions: optionsOf(LOST_CONTACT_REASON_LABELS),
    ...pagedList<Row>(),
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      this.setData({ orgId, today: todayCst() });
      if (orgId) this.load();
      else this.setData(noRecordState('没有指定组织'));
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      this.setData(await loadFirstPage(listOf(this.data.orgId), rowOf, LOAD_STEPS));
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.load();
    },
    onMore() {
      return showNextPage(this, listOf(this.data.orgId), rowOf);
    },
    onVisit(event: Tap<{ index: number }>) {
      const index = event.currentTarget.dataset.index;
      if (!this.data.items[index]) return;
      const today = this.data.today || todayCst();
      this.setData({
        notice: '',
        sheet: {
          ...CLOSED,
          visible: true,
          index,
          day: today,
          dayText: formatDay(today),
          since: today,
          sinceText: formatDay(today),
        },
      });
    },
    onCloseSheet() {
      if (!this.data.sheet.sending) this.setData({ sheet: CLOSED });
    },
    onSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseSheet();
    },
    onOutcome(event: Change<VisitOutcome>) {
      this.setData({ 'sheet.outcome': event.detail.value, 'sheet.errors': {}, 'sheet.error': '' });
    },
    onDay(event: Change<string>) {
      this.setData({ 'sheet.day': event.detail.value, 'sheet.dayText': formatDay(event.detail.value), 'sheet.errors.day': '' });
    },
    onSince(event: Change<string>) {
      this.setData({
        'sheet.since': event.detail.value,
        'sheet.sinceText': formatDay(event.detail.value),
        'sheet.errors.since': '',
      });
    },
    onReason(event: Change<LostContactReason>) {
      this.setData({ 'sheet.reason': event.detail.value, 'sheet.errors.reason': '', 'sheet.errors.note': '' });
    },
    onNote(event: Change<string>) {
      this.setData({ 'sheet.note': event.detail.value, 'sheet.errors.note': '' });
    },
    async onConfirm() {
      const sheet = this.data.sheet;
      const row = this.data.items[sheet.index];
      if (!row || sheet.sending) return;
      if (!sheet.outcome) {
        this.setData({ 'sheet.errors.outcome': '请选择走访结果' });
        return;
      }
      if (sheet.outcome === 'unreachable' && !sheet.reason) {
        this.setData({ 'sheet.errors.reason': '请选择失联原因' });
        return;
      }
      this.setData({ 'sheet.sending': true, 'sheet.errors': {}, 'sheet.error': '' });
      const result = await callAction('toFind.visit', {
        toFindId: row.toFindId,
        version: row.version,
        outcome: sheet.outcome,
        visitedOn: sheet.day,
        note: sheet.note,
        lost: sheet.outcome === 'unreachable' ? { since: sheet.since, reason: sheet.reason || 'other', note: sheet.note } : null,
      });
      this.setData({ 'sheet.sending': false });
      if (result.ok) {
        this.setData({ sheet: CLOSED, notice: `${row.name}：走访结果已登记。` });
        await this.load();
        return;
      }
      if (result.error.code === 'CONFLICT' || result.error.code === 'NOT_FOUND') {
        this.setData({ sheet: CLOSED, notice: noticeFor(result.error).text });
        await this.load();
        return;
      }
      const field = result.error.field ? SHEET_FIELDS[result.error.field] : undefined;
      const text = noticeFor(result.error).text;
      if (field) this.setData({ [`sheet.errors.${field}`]: text });
      else this.setData({ 'sheet.error': text });
    },
  },
});
