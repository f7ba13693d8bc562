import type {
  AttendanceMode,
  CandidateStatus,
  CandidateStepKind,
  RoundTableAttendanceView,
  SuggestionStatus,
  SuggestionView,
  ThinkTankStatus,
  VillagePost,
} from '../../server/contract/homecoming';
import { activityWhen } from './activity-text';
import { formatDate, formatDateTime, formatDay } from './format';
import { ATTENDANCE_STATUS_LABELS } from './labels';

/**
 * How 返乡 reads on every screen (the member's 家乡事, the outflow side's 返乡工作 and a
 * round-table): the words for each status in one place. Times are China Standard Time.
 */

type Theme = 'primary' | 'success' | 'warning' | 'danger' | 'default';

export const THINK_TANK_STATUS_LABELS: Record<ThinkTankStatus, string> = {
  invited: '待答复',
  accepted: '已加入',
  declined: '已婉拒',
};
export const THINK_TANK_STATUS_THEMES: Record<ThinkTankStatus, Theme> = {
  invited: 'warning',
  accepted: 'success',
  declined: 'default',
};

export const SUGGESTION_STATUS_LABELS: Record<SuggestionStatus, string> = {
  recorded: '待研究',
  adopted: '已采纳',
  in_progress: '办理中',
  done: '已办结',
  not_taken: '不予采纳',
};
export const SUGGESTION_STATUS_THEMES: Record<SuggestionStatus, Theme> = {
  recorded: 'warning',
  adopted: 'primary',
  in_progress: 'primary',
  done: 'success',
  not_taken: 'default',
};

export const VILLAGE_POST_LABELS: Record<VillagePost, string> = {
  first_secretary: '第一书记',
  reserve_cadre: '村级后备干部',
};

export const CANDIDATE_STATUS_LABELS: Record<CandidateStatus, string> = {
  proposed: '已提名',
  talked: '已谈话',
  appointed: '已任命',
  declined: '本人婉拒',
};
export const CANDIDATE_STATUS_THEMES: Record<CandidateStatus, Theme> = {
  proposed: 'warning',
  talked: 'primary',
  appointed: 'success',
  declined: 'default',
};
export const CANDIDATE_STEP_BUTTONS: Record<CandidateStepKind, string> = {
  talked: '登记已谈话',
  appointed: '登记任命',
  declined: '登记本人婉拒',
};

export const ATTENDANCE_MODE_LABELS: Record<AttendanceMode, string> = { in_person: '现场', remote: '远程' };

/** `现场出席` / `远程参会` / `请假（原因）` / `缺席`; '' when nothing is recorded. */
export function attendanceText(mine: RoundTableAttendanceView | null): string {
  if (!mine) return '';
  if (mine.status === 'present') return mine.mode === 'remote' ? '远程参会' : '现场出席';
  if (mine.status === 'leave') return mine.reason ? `请假（${mine.reason}）` : '请假';
  return ATTENDANCE_STATUS_LABELS[mine.status];
}

export function roundTableWhen(roundTable: { startsAt: string; endsAt: string }): string {
  return activityWhen(roundTable);
}

export function roundTableCounts(roundTable: { presentCount: number; remoteCount: number; leaveCount: number }): string {
  return `现场 ${roundTable.presentCount} 人 / 远程 ${roundTable.remoteCount} 人 / 请假 ${roundTable.leaveCount} 人`;
}

export interface SuggestionRow {
  suggestionId: string;
  content: string;
  memberName: string;
  /** `新港村特色产业发展献计 · 2026年10月26日`. */
  source: string;
  statusText: string;
  theme: Theme;
  /** Oldest first: `2026年10月31日 14:00 已采纳 · 陈立新：村两委会研究同意`. */
  steps: string[];
  next: { status: SuggestionStatus; label: string }[];
  version: number;
}

export function suggestionRowOf(suggestion: SuggestionView): SuggestionRow {
  return {
    suggestionId: suggestion.suggestionId,
    content: suggestion.content,
    memberName: suggestion.member.name,
    source: `${suggestion.roundTable.topic} · ${formatDay(suggestion.roundTable.heldOn)}`,
    statusText: SUGGESTION_STATUS_LABELS[suggestion.status],
    theme: SUGGESTION_STATUS_THEMES[suggestion.status],
    steps: suggestion.steps.map((step) => {
      const who = step.byName ? ` · ${step.byName}` : '';
      const note = step.note ? `：${step.note}` : '';
      return `${formatDateTime(step.at)} ${SUGGESTION_STATUS_LABELS[step.status]}${who}${note}`;
    }),
    next: suggestion.next.map((status) => ({ status, label: SUGGESTION_STATUS_LABELS[status] })),
    version: suggestion.version,
  };
}

export function invitedOnText(invitedAt: string): string {
  return `${formatDate(invitedAt)}邀请`;
}

/** The page a round-table's sign-in code opens; server/services/homecoming.ts holds the same string. */
export const ROUND_TABLE_SIGNIN_PAGE = 'pages/my-homecoming/my-homecoming';
export const NOT_A_ROUND_TABLE_CODE = '没有识别出圆桌会签到码，请对准圆桌会的签到码重新扫描';
