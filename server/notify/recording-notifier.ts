import { NOTIFICATION_TOPICS, type NotificationTopic } from '../contract/notifications';
import type { Notifier, OutgoingMessage, SendResult } from './notifier';

/**
 * A notifier that sends nothing: it keeps what it was handed and answers as told (by default
 * "sent"). The tests and the benchmark script failures with `answer`; locally it stands in for
 * WeChat, logging each message, so a demo shows what would have been sent.
 */
export class RecordingNotifier implements Notifier {
  readonly sent: OutgoingMessage[] = [];
  /** Decides each send's outcome; default: every send succeeds. */
  answer: (message: OutgoingMessage, attempt: number) => SendResult | Promise<SendResult> = () => ({ ok: true });
  private readonly attempts = new Map<string, number>();

  constructor(
    private readonly log: (message: OutgoingMessage) => void = () => undefined,
    /** Keep only the count (the benchmark sends a hundred thousand). */
    private readonly keep = true,
  ) {}

  /** Made-up template ids, one per topic, so the mini-program's request has something to ask for. */
  templates(): Partial<Record<NotificationTopic, string>> {
    return Object.fromEntries(NOTIFICATION_TOPICS.map((topic) => [topic, `local_${topic}_template`]));
  }

  count = 0;

  async send(message: OutgoingMessage): Promise<SendResult> {
    const key = `${message.openid}|${message.topic}|${message.page}|${message.fields.time}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    if (this.keep) this.attempts.set(key, attempt);
    const result = await this.answer(message, attempt);
    if (result.ok) {
      this.count += 1;
      if (this.keep) this.sent.push(message);
      this.log(message);
    }
    return result;
  }
}
