import type { NotificationFields, NotificationTopic } from '../contract/notifications';

/** One subscribe message as the outbox hands it to the notifier: the template is named by its topic. */
export interface OutgoingMessage {
  openid: string;
  topic: NotificationTopic;
  fields: NotificationFields;
  page: string;
}

/**
 * What a send came to. A permanent failure will fail again however often it is tried (no
 * subscription, a bad template or value): the entry is dropped with a record. A temporary one
 * (WeChat busy, the network) is tried again later.
 */
export type SendResult = { ok: true } | { ok: false; permanent: boolean; error: string };

/**
 * The port the outbox sends through: WeChat's `subscribeMessage.send` in the cloud, a log
 * locally, a recording fake in tests.
 */
export interface Notifier {
  /** The template id behind each topic this environment configures; the mini-program asks for these. */
  templates(): Partial<Record<NotificationTopic, string>>;
  /** Never throws for a refusal; a throw is treated as a temporary failure. */
  send(message: OutgoingMessage): Promise<SendResult>;
}

/**
 * WeChat errors that trying again cannot fix (`subscribeMessage.send` docs): 43101 the user
 * accepted no message, 40003 a bad OPENID, 40037 a bad template id, 47003 a bad value for a
 * field, 41030 a bad page, 43104/43107 the user or the template may not be sent to. Anything
 * else (-1 system busy, 45009 rate limit, a network error) may pass.
 */
export const PERMANENT_SEND_ERRORS: ReadonlySet<number> = new Set([43101, 40003, 40037, 47003, 41030, 43104, 43107]);

export function sendFailure(errCode: number, errMsg: string): SendResult {
  return { ok: false, permanent: PERMANENT_SEND_ERRORS.has(errCode), error: `${errCode} ${errMsg}` };
}
