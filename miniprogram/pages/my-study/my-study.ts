import type { ActionOutput } from '../../../server/contract';
import type { StudyMode, StudyProgress } from '../../../server/contract/study';
import { callAction } from '../../services/call-action';
import { type ClientError, type ClientErrorCode, messageFor } from '../../services/error-messages';
import type { Change, Tap } from '../../services/events';
import { formatDate, formatDay } from '../../services/format';
import { STUDY_MODE_LABELS } from '../../services/labels';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noticeFor, urlOf } from '../../services/navigation';

type Mine = ActionOutput<'study.mine'>;
type Entry = Mine['entries'][number];

interface ModeCard {
  label: string;
  explain: string;
  /** 结对对象：… for paired study; '' otherwise. */
  partner: string;
}

interface ProgressCard {
  doneText: string;
  /** Width of the bar, 0–100. */
  percent: number;
  dueText: string;
  behind: boolean;
  behindText: string;
}

interface ItemRow {
  itemId: string;
  title: string;
  hoursText: string;
  dueText: string;
  plannedText: string;
  doneText: string;
  done: boolean;
  behind: boolean;
  /** The month picker's position: the chosen month, or the first one offered. */
  monthIndex: number;
  scheduling: boolean;
  /** The server's answer to a month choice, shown on the row. */
  error: string;
}

interface RecordSheet {
  visible: boolean;
  itemId: string;
  title: string;
  studiedOn: string;
  /** The chosen day as people read it, `2026年12月1日`. */
  studiedOnText: string;
  note: string;
  errors: { studiedOn: string; note: string };
  error: string;
  saving: boolean;
}

const NO_FIELD_ERRORS = { studiedOn: '', note: '' };
const CLOSED: RecordSheet = {
  visible: false,
  itemId: '',
  title: '',
  studiedOn: '',
  studiedOnText: '',
  note: '',
  errors: NO_FIELD_ERRORS,
  error: '',
  saving: false,
};

const MODE_EXPLAIN: Record<StudyMode, string> = {
  paired: '您的作息比较固定，和结对的党员一起线下学习，学完后登记完成。',
  self_selected: '您的作息不固定，学习计划提前公布，您可以自己选择每项内容在哪个月学，全年学够学时就行。',
};

function modeOf(mine: Mine): ModeCard {
  if (!mine.studyMode) {
    return { label: '学习方式待定', explain: '支部书记还没有为您确定学习方式，请先按下面的计划学习。', partner: '' };
  }
  const partner =
    mine.studyMode === 'paired' ? (mine.partner ? `结对对象：${mine.partner.name}` : '结对对象：支部书记还没有为您安排') : '';
  return { label: STUDY_MODE_LABELS[mine.studyMode], explain: MODE_EXPLAIN[mine.studyMode], partner };
}

function progressOf(progress: StudyProgress): ProgressCard {
  const percent = progress.targetHours > 0 ? Math.min(100, Math.round((progress.hoursDone / progress.targetHours) * 100)) : 0;
  const items = progress.behindCount > 0 ? `，有 ${progress.behindCount} 项内容没有按时学完` : '';
  return {
    doneText: `已学 ${progress.hoursDone} 学时 / 全年目标 ${progress.targetHours} 学时`,
    percent,
    dueText: `按计划到现在应完成 ${progress.hoursDueSoFar} 学时`,
    behind: progress.behind,
    behindText: `您的学习进度落后了：按计划到现在应学完 ${progress.hoursDueSoFar} 学时，您已学 ${progress.hoursDone} 学时${items}。请尽快补学，学完后点“登记完成”。`,
  };
}

function rowOf(entry: Entry, months: readonly number[]): ItemRow {
  const done = entry.status === 'done';
  const chosen = entry.plannedMonth === null ? -1 : months.indexOf(entry.plannedMonth);
  return {
    itemId: entry.item.itemId,
    title: entry.item.title,
    hoursText: `${entry.item.hours} 学时`,
    dueText: `计划 ${entry.item.dueMonth} 月底前完成`,
    plannedText: entry.plannedMonth !== null ? `我选择 ${entry.plannedMonth} 月学` : '',
    doneText: done ? `已完成 ${formatDate(entry.doneOn)}` : '',
    done,
    behind: entry.behind,
    monthIndex: Math.max(chosen, 0),
    scheduling: false,
    error: '',
  };
}

/** The plan was changed or an item removed while the page was open. */
const PLAN_CHANGED: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['CONFLICT', 'NOT_FOUND']);

/** A field error in the server's words when it names one; our message otherwise. */
function textOf(error: ClientError): string {
  return error.code === 'BAD_REQUEST' ? messageFor(error) : noticeFor(error).text;
}

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'unplaced' | 'no-plan' | 'ready',
    error: NO_NOTICE as Notice,
    branchName: '',
    year: 0,
    mode: null as ModeCard | null,
    progress: null as ProgressCard | null,
    items: [] as ItemRow[],
    months: [] as number[],
    monthLabels: [] as string[],
    dateStart: '',
    dateEnd: '',
    sheet: CLOSED as RecordSheet,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', sheet: CLOSED });
      const result = await callAction('study.mine', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      this.apply(result.data);
    },
    /** After a change: the figures are the server's to compute, so read them again without blanking the screen. */
    async refresh() {
      const result = await callAction('study.mine', {});
      if (result.ok) this.apply(result.data);
    },
    apply(mine: Mine) {
      const branchName = mine.branch?.name ?? '';
      if (!mine.branch) {
        this.setData({ status: 'unplaced', branchName });
        return;
      }
      if (!mine.plan) {
        this.setData({ status: 'no-plan', branchName });
        return;
      }
      const year = mine.plan.year;
      // What may be chosen is the server's to say: the months still open, the days a study may be recorded on.
      const { months, studiedFrom, studiedTo } = mine.choices ?? { months: [], studiedFrom: '', studiedTo: '' };
      this.setData({
        status: 'ready',
        branchName,
        year,
        mode: modeOf(mine),
        progress: mine.progress ? progressOf(mine.progress) : null,
        items: mine.entries.map((entry) => rowOf(entry, months)),
        months,
        monthLabels: months.map((month) => `${month}月`),
        dateStart: studiedFrom,
        dateEnd: studiedTo,
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onCheckin() {
      wx.navigateTo({ url: urlOf('checkin') });
    },
    onRefresh() {
      this.load();
    },
    indexOf(itemId: string): number {
      return this.data.items.findIndex((item) => item.itemId === itemId);
    },
    async planChanged() {
      await wx.showModal({
        title: '提示',
        content: '支部书记刚修改了学习计划，已为您刷新，请再看一下。',
        showCancel: false,
        confirmText: '知道了',
      });
      this.load();
    },

    async onPickMonth(event: Change<string | number, { id: string }>) {
      const itemId = event.currentTarget.dataset.id;
      const index = this.indexOf(itemId);
      const plannedMonth = this.data.months[Number(event.detail.value)];
      if (index < 0 || plannedMonth === undefined || this.data.items[index].scheduling) return;
      const at = `items[${index}]`;
      this.setData({ [`${at}.scheduling`]: true, [`${at}.error`]: '' });
      const result = await callAction('study.schedule', { year: this.data.year, itemId, plannedMonth });
      if (!result.ok) {
        if (PLAN_CHANGED.has(result.error.code)) {
          await this.planChanged();
          return;
        }
        this.setData({ [`${at}.scheduling`]: false, [`${at}.error`]: textOf(result.error) });
        return;
      }
      this.setData({ [at]: rowOf(result.data, this.data.months) });
      await this.refresh();
    },

    onStartRecord(event: Tap<{ id: string }>) {
      const item = this.data.items[this.indexOf(event.currentTarget.dataset.id)];
      if (!item || item.done) return;
      this.setData({
        sheet: {
          ...CLOSED,
          visible: true,
          itemId: item.itemId,
          title: item.title,
          studiedOn: this.data.dateEnd,
          studiedOnText: formatDay(this.data.dateEnd),
        },
      });
    },
    onCloseSheet() {
      if (!this.data.sheet.saving) this.setData({ sheet: CLOSED });
    },
    onSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseSheet();
    },
    onStudiedOn(event: Change<string>) {
      this.setData({
        'sheet.studiedOn': event.detail.value,
        'sheet.studiedOnText': formatDay(event.detail.value),
        'sheet.errors.studiedOn': '',
        'sheet.error': '',
      });
    },
    onNote(event: Change<string>) {
      this.setData({ 'sheet.note': event.detail.value, 'sheet.errors.note': '' });
    },
    async onRecord() {
      const { itemId, studiedOn, note, saving } = this.data.sheet;
      if (!itemId || saving) return;
      this.setData({ 'sheet.saving': true, 'sheet.errors': NO_FIELD_ERRORS, 'sheet.error': '' });
      const trimmed = note.trim();
      const result = await callAction('study.record', {
        year: this.data.year,
        itemId,
        studiedOn,
        ...(trimmed ? { note: trimmed } : {}),
      });
      this.setData({ 'sheet.saving': false });
      if (!result.ok) {
        const { error } = result;
        if (PLAN_CHANGED.has(error.code)) {
          this.setData({ sheet: CLOSED });
          await this.planChanged();
          return;
        }
        if (error.code === 'BAD_REQUEST' && (error.field === 'studiedOn' || error.field === 'note')) {
          this.setData({ [`sheet.errors.${error.field}`]: messageFor(error) });
          return;
        }
        this.setData({ 'sheet.error': textOf(error) });
        return;
      }
      const index = this.indexOf(itemId);
      this.setData({ sheet: CLOSED, ...(index >= 0 ? { [`items[${index}]`]: rowOf(result.data, this.data.months) } : {}) });
      wx.showToast({ title: '已登记完成', icon: 'success' });
      await this.refresh();
    },
  },
});
