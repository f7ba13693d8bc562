import type { ActionOutput } from '../../../server/contract';
import type { AttendanceStatus, AttendanceView } from '../../../server/contract/activities';
import { codeSheet } from '../../behaviors/code-sheet';
import { type CallResult, callAction } from '../../services/call-action';
import type { ClientErrorCode } from '../../services/error-messages';
import type { Change, Tap } from '../../services/events';
import { formatDateTime } from '../../services/format';
import { ATTENDANCE_STATUS_LABELS, ATTENDANCE_STATUS_THEMES, optionsOf } from '../../services/labels';
import { follow, loadErrorNotice, noRecordState, noticeFor } from '../../services/navigation';
import { type FetchPage, type Page, FIRST_PAGE_LOADING, firstPageOf, pagedList, showNextPage } from '../../services/paged-list';
import { type ActivityHeader, headerOf, signInEarlyMinutes, signInWindow } from '../../services/activity-text';

type SheetRow = ActionOutput<'activity.attendance'>['rows'][number];
type Via = AttendanceView['via'];

interface AttendanceRow {
  memberId: string;
  name: string;
  /** '' while nobody has recorded anything for the member. */
  status: AttendanceStatus | '';
  statusLabel: string;
  theme: 'success' | 'warning' | 'danger' | 'default';
  via: string;
  recordedAt: string;
  reason: string;
  hours: number;
  /** The attendance record's version, or null when there is none yet: sent back as expectedVersion. */
  version: number | null;
}

interface MarkSheet {
  visible: boolean;
  item: AttendanceRow | null;
  status: AttendanceStatus | '';
  reason: string;
  hoursIndex: number;
  saving: boolean;
  reasonError: string;
  hoursError: string;
  error: string;
}

const VIA_LABELS: Record<Via, string> = { scan: '扫码签到', secretary: '书记登记' };

/** Hours in half-hour steps; index 0 leaves them to the activity's own figure. */
const HOURS_VALUES: Array<number | null> = [null, ...Array.from({ length: 24 }, (_, i) => (i + 1) / 2)];

function hoursOptionsOf(activityHours: number): string[] {
  return HOURS_VALUES.map((hours) => (hours === null ? `按活动设定（${activityHours} 小时）` : `${hours} 小时`));
}

const CLOSED_SHEET: MarkSheet = {
  visible: false,
  item: null,
  status: '',
  reason: '',
  hoursIndex: 0,
  saving: false,
  reasonError: '',
  hoursError: '',
  error: '',
};

/** Another hand got there first: the sheet on screen is out of date. */
const CHANGED_NOTICES: Partial<Record<ClientErrorCode, string>> = {
  CONFLICT: '这名党员的出席情况刚被其他人登记过，名单已刷新，请看最新情况后再登记。',
  ACTIVITY_CANCELLED: '这项活动已取消，不能再登记出席情况。',
};

function rowOf(row: SheetRow): AttendanceRow {
  const attendance = row.attendance;
  if (!attendance) {
    return {
      memberId: row.member.memberId,
      name: row.member.name,
      status: '',
      statusLabel: '未登记',
      theme: 'default',
      via: '',
      recordedAt: '',
      reason: '',
      hours: 0,
      version: null,
    };
  }
  return {
    memberId: row.member.memberId,
    name: row.member.name,
    status: attendance.status,
    statusLabel: ATTENDANCE_STATUS_LABELS[attendance.status],
    theme: ATTENDANCE_STATUS_THEMES[attendance.status],
    via:
      attendance.via === 'secretary' && attendance.recordedByName
        ? `${VIA_LABELS.secretary}（${attendance.recordedByName}）`
        : VIA_LABELS[attendance.via],
    recordedAt: formatDateTime(attendance.recordedAt),
    reason: attendance.reason ?? '',
    hours: attendance.volunteerHours,
    version: attendance.version,
  };
}

function rowOfAttendance(name: string, attendance: AttendanceView): AttendanceRow {
  return rowOf({ member: { memberId: attendance.memberId, name }, attendance });
}

/** The attendance action answers `rows`; the paging helpers read `items`. */
function asPage(result: CallResult<ActionOutput<'activity.attendance'>>): CallResult<Page<SheetRow>> {
  return result.ok ? { ok: true, data: { items: result.data.rows, nextCursor: result.data.nextCursor } } : result;
}

const sheetOf =
  (activityId: string): FetchPage<SheetRow> =>
  async (cursor) =>
    asPage(await callAction('activity.attendance', { activityId, cursor }));

function countOf(status: AttendanceStatus | '', which: AttendanceStatus): number {
  return status === which ? 1 : 0;
}

Component({
  behaviors: [codeSheet],
  data: {
    activityId: '',
    header: null as ActivityHeader | null,
    /** 返乡报到 and 集中补学 list the branch's members who flowed out, not those placed in it. */
    flowedOut: false,
    present: 0,
    leave: 0,
    ...pagedList<AttendanceRow>(),
    notice: '',
    statusOptions: optionsOf(ATTENDANCE_STATUS_LABELS),
    hoursOptions: [] as string[],
    sheet: CLOSED_SHEET as MarkSheet,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const activityId = options.activityId ?? '';
      this.setData({ activityId });
      if (activityId) this.load();
      else this.setData(noRecordState('没有指定活动'));
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      const result = await callAction('activity.attendance', { activityId: this.data.activityId, cursor: null });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const { activity, lists, rows, nextCursor } = result.data;
      this.setData({
        header: headerOf(activity),
        flowedOut: lists === 'flowed_out',
        present: activity.presentCount,
        leave: activity.leaveCount,
        hoursOptions: hoursOptionsOf(activity.volunteerHours),
        ...firstPageOf({ items: rows, nextCursor }, rowOf),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.setData({ notice: '' });
      this.load();
    },
    onMore() {
      return showNextPage(this, sheetOf(this.data.activityId), rowOf);
    },

    // ---- marking one member ------------------------------------------------------------
    onOpenRow(event: Tap<{ index: number }>) {
      const item = this.data.items[event.currentTarget.dataset.index];
      const header = this.data.header;
      // A cancelled activity's sheet is a record only.
      if (!item || !header || header.cancelled) return;
      const hoursIndex = Math.max(0, HOURS_VALUES.indexOf(item.hours > 0 ? item.hours : null));
      this.setData({
        notice: '',
        sheet: { ...CLOSED_SHEET, visible: true, item, status: item.status, reason: item.reason, hoursIndex },
      });
    },
    onCloseSheet() {
      if (!this.data.sheet.saving) this.setData({ sheet: CLOSED_SHEET });
    },
    onSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseSheet();
    },
    onMarkStatus(event: Change<AttendanceStatus>) {
      this.setData({ 'sheet.status': event.detail.value, 'sheet.error': '', 'sheet.reasonError': '', 'sheet.hoursError': '' });
    },
    onReason(event: Change<string>) {
      this.setData({ 'sheet.reason': event.detail.value, 'sheet.reasonError': '', 'sheet.error': '' });
    },
    onHours(event: Change<number | string>) {
      const index = Number(event.detail.value);
      if (index >= 0 && index < HOURS_VALUES.length) this.setData({ 'sheet.hoursIndex': index, 'sheet.hoursError': '' });
    },
    /** Whether a leave needs a reason, and whether marking is open now, is the server's to say. */
    async onSaveMark() {
      const { item, status, reason, hoursIndex, saving } = this.data.sheet;
      const header = this.data.header;
      if (!item || !header || !status || saving) return;
      const hours = header.volunteer && status === 'present' ? (HOURS_VALUES[hoursIndex] ?? null) : null;
      this.setData({ 'sheet.saving': true, 'sheet.error': '', 'sheet.reasonError': '', 'sheet.hoursError': '' });
      const result = await callAction('activity.mark', {
        activityId: this.data.activityId,
        memberId: item.memberId,
        status,
        ...(status === 'leave' ? { reason: reason.trim() } : {}),
        ...(hours !== null ? { volunteerHours: hours } : {}),
        expectedVersion: item.version,
      });
      this.setData({ 'sheet.saving': false });
      if (!result.ok) {
        const changed = CHANGED_NOTICES[result.error.code];
        if (changed) {
          this.setData({ sheet: CLOSED_SHEET, notice: changed });
          this.load();
          return;
        }
        const text = noticeFor(result.error).text;
        if (result.error.field === 'reason') this.setData({ 'sheet.reasonError': text });
        else if (result.error.field === 'volunteerHours') this.setData({ 'sheet.hoursError': text });
        else this.setData({ 'sheet.error': text });
        return;
      }
      const updated = rowOfAttendance(item.name, result.data);
      this.setData({
        sheet: CLOSED_SHEET,
        items: this.data.items.map((row) => (row.memberId === updated.memberId ? updated : row)),
        // The header's counts follow the change just made; the next load brings the server's own.
        present: this.data.present - countOf(item.status, 'present') + countOf(updated.status, 'present'),
        leave: this.data.leave - countOf(item.status, 'leave') + countOf(updated.status, 'leave'),
      });
      wx.showToast({ title: `已登记${updated.statusLabel}`, icon: 'success' });
    },

    // ---- the sign-in code --------------------------------------------------------------
    onShowCode() {
      const activityId = this.data.activityId;
      return this.showCodeSheet(
        `activity-code-${activityId}.png`,
        () => callAction('activity.code', { activityId }),
        ({ activity }) => {
          const early = signInEarlyMinutes(activity);
          return {
            rule: `党员在签到时段内（${early > 0 ? `开始前 ${early} 分钟` : '开始'}至结束）扫码签到`,
            window: signInWindow(activity),
          };
        },
      );
    },
  },
});
