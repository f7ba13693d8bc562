import type { ActivityView, AttendanceView } from '../../../server/contract/joint';
import { formatDate, formatDateTime } from '../../services/format';
import { ACTIVITY_KIND_LABELS, ATTENDANCE_STATUS_LABELS, ATTENDANCE_STATUS_THEMES } from '../../services/labels';
import { PAGES } from '../../services/pages';

/** How an activity reads on the member's screens (my-life and activity-signin share it). */

/** `HH:mm` in China Standard Time: the end of what format.ts prints for a moment. */
function clockOf(iso: string): string {
  const full = formatDateTime(iso);
  return full.slice(full.lastIndexOf(' ') + 1);
}

/** From one moment to another: the date once when both fall on the same Shanghai day. */
function span(from: string, to: string, joiner: string): string {
  if (formatDate(from) === formatDate(to)) return `${formatDateTime(from)}${joiner}${clockOf(to)}`;
  return `${formatDateTime(from)}${joiner}${formatDateTime(to)}`;
}

/** `2026年11月28日 19:00–20:30`. */
export function activityWhen(activity: Pick<ActivityView, 'startsAt' | 'endsAt'>): string {
  return span(activity.startsAt, activity.endsAt, '–');
}

/** `签到时间：18:30 至 20:30` (the dates appear only when the window spans two days). */
export function signInWindow(activity: Pick<ActivityView, 'signInOpensAt' | 'signInClosesAt'>): string {
  if (formatDate(activity.signInOpensAt) === formatDate(activity.signInClosesAt)) {
    return `签到时间：${clockOf(activity.signInOpensAt)} 至 ${clockOf(activity.signInClosesAt)}`;
  }
  return `签到时间：${formatDateTime(activity.signInOpensAt)} 至 ${formatDateTime(activity.signInClosesAt)}`;
}

export function kindText(activity: Pick<ActivityView, 'kind'>): string {
  return ACTIVITY_KIND_LABELS[activity.kind];
}

/** `这项活动已取消：下暴雨` or `这项活动已取消`; '' while it goes ahead. */
export function cancelledText(activity: Pick<ActivityView, 'status' | 'cancelReason'>): string {
  if (activity.status !== 'cancelled') return '';
  return activity.cancelReason ? `这项活动已取消：${activity.cancelReason}` : '这项活动已取消';
}

export interface MyStatus {
  status: AttendanceView['status'] | '';
  /** 出席 / 请假 / 缺席, or '' when nothing is recorded. */
  label: string;
  theme: string;
  /** The leave reason (请假), or ''. */
  reason: string;
  /** When it was recorded (the sign-in time for a scan). */
  at: string;
}

export function myStatusOf(mine: AttendanceView | null): MyStatus {
  if (!mine) return { status: '', label: '', theme: 'default', reason: '', at: '' };
  return {
    status: mine.status,
    label: ATTENDANCE_STATUS_LABELS[mine.status],
    theme: ATTENDANCE_STATUS_THEMES[mine.status],
    reason: mine.status === 'leave' ? (mine.reason ?? '') : '',
    at: formatDateTime(mine.recordedAt),
  };
}

/**
 * The scene an activity's sign-in code carries (`a=<activityId>`, see the contract's
 * activity.code). A page opened with `?activityId=` resolves it the same way as a scanned
 * code, so there is one way to load an activity for a member.
 */
export function sceneOfActivity(activityId: string): string {
  return `a=${activityId}`;
}

/** The sign-in page for a scanned scene: passed encoded, read back with decodeURIComponent like a code's scene. */
export function signInUrlForScene(scene: string): string {
  return `${PAGES.activitySignIn()}?scene=${encodeURIComponent(scene)}`;
}
