import type { NotificationTopic } from '../../server/contract/notifications';
import { callAction } from './call-action';
import { newRequestId } from './request-id';

/**
 * Asking to be told (订阅消息). WeChat shows its own sheet and lets the user accept or refuse
 * each template; each accept allows the server one message. The sheet may only open from a tap,
 * so {@link askToBeTold} is called first thing in a tap handler (before any await), never on load.
 * A refusal is honoured: that template is not asked for again for {@link REFUSAL_DAYS} days.
 */

const TEMPLATES_KEY = 'notify.templates';
const REFUSED_KEY = 'notify.refused';
/** WeChat shows at most three templates at a time. */
const MAX_TEMPLATES = 3;
export const REFUSAL_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

type TemplateIds = Partial<Record<NotificationTopic, string>>;

function stored<T>(key: string, fallback: T): T {
  try {
    const value: unknown = wx.getStorageSync(key);
    return value && typeof value === 'object' ? (value as T) : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Fetches this environment's template ids once per launch (App.onLaunch), so that a tap later
 * has them at hand: the sheet cannot wait for a network call.
 */
export async function loadSubscribeTemplates(): Promise<void> {
  const result = await callAction('notify.templates', {});
  if (!result.ok) return;
  const ids: TemplateIds = {};
  for (const { topic, templateId } of result.data.templates) ids[topic] = templateId;
  wx.setStorageSync(TEMPLATES_KEY, ids);
}

/**
 * Opens WeChat's subscription sheet for these topics (the ones configured and not refused
 * lately), and records the answer on the server. Never fails and never blocks the action the
 * tap is for: the caller starts it, does its work, and may await it afterwards.
 */
export function askToBeTold(topics: readonly NotificationTopic[]): Promise<void> {
  const ids = stored<TemplateIds>(TEMPLATES_KEY, {});
  const refused = stored<Record<string, number>>(REFUSED_KEY, {});
  const now = Date.now();
  const wanted = topics
    .filter((topic) => ids[topic] && !(refused[topic] && now - refused[topic] < REFUSAL_DAYS * DAY_MS))
    .slice(0, MAX_TEMPLATES);
  if (wanted.length === 0) return Promise.resolve();
  const tmplIds = wanted.map((topic) => ids[topic] as string);
  return new Promise<Record<string, unknown>>((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (answer) => resolve(answer as unknown as Record<string, unknown>),
      // Closed, or the user turned subscriptions off in settings: nothing to record.
      fail: () => resolve({}),
    });
  }).then(async (answer) => {
    const answers: Record<string, 'accept' | 'reject' | 'ban' | 'filter'> = {};
    const nowRefused = { ...refused };
    for (const topic of wanted) {
      const value = answer[ids[topic] as string];
      if (value !== 'accept' && value !== 'reject' && value !== 'ban' && value !== 'filter') continue;
      answers[ids[topic] as string] = value;
      if (value === 'reject' || value === 'ban') nowRefused[topic] = now;
      else delete nowRefused[topic];
    }
    wx.setStorageSync(REFUSED_KEY, nowRefused);
    if (Object.values(answers).includes('accept')) {
      await callAction('notify.subscribe', { answers, requestId: newRequestId() });
    }
  });
}

/** What each tap asks to be told about, in one place. */
export const SUBSCRIBE_AT = {
  /** A member submitting a check-in: the decision, then the branch's activities and the placement's end. */
  checkinSubmit: ['checkin_result', 'activity_reminder', 'placement_update'],
  /** A secretary deciding a check-in: the next requests, reports due, members flagged. */
  checkinDecide: ['todo_reminder'],
  /** Either side writing on a report: the other side's reply, and news of the member. */
  reportReply: ['report_update', 'member_update'],
  /** A resident asking a member for help: the member's answer. */
  helpAsk: ['help_update'],
  /** A member publishing a skill card: residents' requests. */
  skillCardSave: ['todo_reminder'],
  /** A member asking the branch for help: each step of the request. */
  serviceAsk: ['service_progress'],
} as const satisfies Record<string, readonly NotificationTopic[]>;
