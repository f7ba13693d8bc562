import type { ActivityView, AttendanceView } from '../../server/contract/activities';
import { formatDate, formatDateTime } from './format';
import { ACTIVITY_KIND_LABELS, ATTENDANCE_STATUS_LABELS, ATTENDANCE_STATUS_THEMES } from './labels';
import { PAGES } from './pages';

/**
 * How an activity reads on every screen (the secretary's list and attendance sheet, the member's
 * life and sign-in), in one place so all say the same thing the same way. Times are China Standard Time.
 */

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

/** `2026年11月28日 19:00–20:30`; an activity that runs past midnight names both days. */
export function activityWhen(activity: Pick<ActivityView, 'startsAt' | 'endsAt'>): string {
  return span(activity.startsAt, activity.endsAt, '–');
}

export function countsText(activity: Pick<ActivityView, 'presentCount' | 'leaveCount'>): string {
  return `已签到 ${activity.presentCount} 人 / 请假 ${activity.leaveCount} 人`;
}

/** How long before the start sign-in opens, as the server set it for this activity. */
export function signInEarlyMinutes(activity: Pick<ActivityView, 'startsAt' | 'signInOpensAt'>): number {
  const minutes = (Date.parse(activity.startsAt) - Date.parse(activity.signInOpensAt)) / 60000;
  return Number.isFinite(minutes) && minutes > 0 ? Math.round(minutes) : 0;
}

/** What the secretary's screens show at the top of an activity. */
export interface ActivityHeader {
  activityId: string;
  kindLabel: string;
  topic: string;
  /** The kind and the topic in one line, for a sheet that names the activity. */
  title: string;
  time: string;
  place: string;
  counts: string;
  cancelled: boolean;
  cancelReason: string;
  volunteer: boolean;
  volunteerHours: number;
  version: number;
}

export function headerOf(activity: ActivityView): ActivityHeader {
  return {
    activityId: activity.activityId,
    kindLabel: ACTIVITY_KIND_LABELS[activity.kind],
    topic: activity.topic,
    title: activityTitle(activity),
    time: activityWhen(activity),
    place: activity.place,
    counts: countsText(activity),
    cancelled: activity.status === 'cancelled',
    cancelReason: activity.cancelReason ?? '',
    volunteer: activity.kind === 'volunteer_service',
    volunteerHours: activity.volunteerHours,
    version: activity.version,
  };
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

/** `支部党员大会：通报支部工作`, once: a topic that already starts with its kind is not prefixed again. */
export function activityTitle(activity: Pick<ActivityView, 'kind' | 'topic'>): string {
  const kind = kindText(activity);
  return activity.topic.startsWith(kind) ? activity.topic : `${kind}：${activity.topic}`;
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

/** What a member is told when the code scanned is not an activity's sign-in code. */
export const NOT_A_SIGN_IN_CODE = '没有识别出活动签到码，请对准活动的签到码重新扫描';

/** The sign-in page for a scanned scene: passed encoded, read back with decodeURIComponent like a code's scene. */
export function signInUrlForScene(scene: string): string {
  return `${PAGES.activitySignIn()}?scene=${encodeURIComponent(scene)}`;
}
