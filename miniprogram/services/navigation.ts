import type { ClientError, ClientErrorCode } from './error-messages';
import { messageFor } from './error-messages';

/** Places a screen can send someone next; each page handles 'reload' itself. */
export type Step = 'home' | 'consent' | 'profile' | 'checkin' | 'checkin-status' | 'account-move' | 'reload' | '';

const URLS: Record<Exclude<Step, 'reload' | ''>, string> = {
  home: '/pages/home/home',
  consent: '/pages/consent/consent',
  profile: '/pages/profile/profile',
  checkin: '/pages/checkin/checkin',
  'checkin-status': '/pages/checkin-status/checkin-status',
  'account-move': '/pages/account-move/account-move',
};

export function urlOf(step: Exclude<Step, 'reload' | ''>, query: Record<string, string> = {}): string {
  const search = Object.keys(query)
    .map((key) => `${key}=${encodeURIComponent(query[key])}`)
    .join('&');
  return search ? `${URLS[step]}?${search}` : URLS[step];
}

/** One member's record (masked), for secretaries and admins; `name` titles the page while it loads. */
export function memberDetailUrl(memberId: string, name = ''): string {
  const query = `memberId=${encodeURIComponent(memberId)}`;
  return name
    ? `/pages/member-detail/member-detail?${query}&name=${encodeURIComponent(name)}`
    : `/pages/member-detail/member-detail?${query}`;
}

/** Opens a step's page; home is re-launched so the back button never leads into a finished flow. */
export function go(step: Step): void {
  if (step === '' || step === 'reload') return;
  if (step === 'home') wx.reLaunch({ url: URLS.home });
  else wx.navigateTo({ url: URLS[step] });
}

/** Back when there is somewhere to go back to, home otherwise (a page opened from a code or a share). */
export function goBackOrHome(): void {
  if (getCurrentPages().length > 1) wx.navigateBack({ delta: 1 });
  else wx.reLaunch({ url: URLS.home });
}

/** What an error block shows: the message and at most one next step. */
export interface Notice {
  text: string;
  actionText: string;
  action: Step;
}

export const NO_NOTICE: Notice = { text: '', actionText: '', action: '' };

/** The way out of a dead end, worded the same on every screen. */
export const GO_HOME = { actionText: '返回首页', action: 'home' } as const;

/** A dead end the page cannot recover from (e.g. opened without the record it needs): go home. */
export function homeNotice(text: string): Notice {
  return { text, ...GO_HOME };
}

/**
 * What a screen opened for one record (`?branchId=…`) shows when its link names none (cut short,
 * an old share): the reason and the way home, in the page's error block. Nothing is fetched.
 */
export function noRecordState(text: string): { status: 'error'; error: Notice } {
  return { status: 'error', error: homeNotice(text) };
}

/** A page's own way on from one error code. */
export interface NextStep {
  actionText: string;
  action: Step;
  /** The page's own words for the code, where the shared message would say too little (e.g. who may see this list). */
  text?: string;
}

export type NextSteps = Partial<Record<ClientErrorCode, NextStep>>;

const COMMON_STEPS: NextSteps = {
  NOT_REGISTERED: { actionText: '去登记', action: 'profile' },
  CONSENT_REQUIRED: { actionText: '去阅读告知书', action: 'consent' },
  ALREADY_PLACED: GO_HOME,
  CHECKIN_ALREADY_OPEN: { actionText: '查看报到进度', action: 'checkin-status' },
  NETWORK: { actionText: '重试', action: 'reload' },
  INTERNAL: { actionText: '重试', action: 'reload' },
  UNAUTHENTICATED: GO_HOME,
  FORBIDDEN: GO_HOME,
  // Also what the server answers for what is not the caller's: trying again changes nothing.
  NOT_FOUND: GO_HOME,
};

/** The message for an error plus its next step (the page's own steps, and words, win over the common ones). */
export function noticeFor(error: ClientError, steps: NextSteps = {}): Notice {
  const step: NextStep = steps[error.code] ?? COMMON_STEPS[error.code] ?? { actionText: '', action: '' };
  return { text: step.text ?? messageFor(error), actionText: step.actionText, action: step.action };
}

/** For a screen that failed to load: every error offers a way on, 重试 when nothing better fits. */
export function loadErrorNotice(error: ClientError, steps: NextSteps = {}): Notice {
  const notice = noticeFor(error, steps);
  return notice.action ? notice : { ...notice, actionText: '重试', action: 'reload' };
}

/** Runs a notice's next step: the page's own reload, or another page. */
export function follow(action: Step, reload: () => void): void {
  if (action === 'reload') reload();
  else go(action);
}
