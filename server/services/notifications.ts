import { AppError } from './app-error';
import {
  type ActionOutput,
  NOTIFICATION_TOPIC_OF,
  type NotificationEvent,
  type NotificationTopic,
  type ParsedInput,
  notificationEventSchema,
} from '../contract';
import { timestamp } from '../lib/time';
import type { PiiProtector } from '../lib/pii';
import { DuplicateIdError, type StoredDocument, type TransactionStore } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { retryOnConflict, saveVersioned } from '../store/saving';
import { type ServiceContext, callerOpenid } from './context';
import type { OutboxRecord, SubscriptionRecord } from './records';

export type OutboxDoc = StoredDocument<OutboxRecord>;

/** One outbox entry per moment and recipient: the same cause told again is the same entry. */
export function outboxId(event: Pick<NotificationEvent, 'kind' | 'causeId' | 'to'>): string {
  const recipient = event.to.kind === 'user' ? event.to.openid : event.to.orgId;
  return `nt_${event.kind}_${event.causeId}_${recipient}`;
}

/**
 * Puts a subscribe message in the outbox, inside the caller's transaction: it is written with
 * its cause or not at all, and the action never waits for WeChat (the jobs send it). Writing the
 * same event again (a retried request, a rerun job) changes nothing. Returns whether it was new.
 *
 * Read first, rather than only catching the duplicate: a failed insert aborts a CloudBase transaction.
 */
export async function enqueueNotification(tx: TransactionStore, event: NotificationEvent): Promise<boolean> {
  const valid = notificationEventSchema.parse(event);
  const id = outboxId(valid);
  if (await tx.get<OutboxRecord>(COLLECTIONS.outbox, id)) return false;
  const record: OutboxRecord = {
    kind: valid.kind,
    topic: NOTIFICATION_TOPIC_OF[valid.kind],
    causeId: valid.causeId,
    to: valid.to,
    fields: valid.fields,
    page: valid.page,
    status: 'pending',
    nextAttemptAt: valid.at,
    attempts: 0,
    credited: false,
    parentId: null,
    createdAt: valid.at,
    finishedAt: null,
    dropReason: null,
    lastError: null,
  };
  try {
    await tx.insert<OutboxRecord>(COLLECTIONS.outbox, { _id: id, ...record });
    return true;
  } catch (error) {
    // Outside a transaction (a job), a concurrent twin of the same cause wrote it between the read and the insert.
    if (error instanceof DuplicateIdError) return false;
    throw error;
  }
}

/** One record per WeChat user and topic: how many messages of it they have allowed, and used. */
export function subscriptionId(pii: PiiProtector, openid: string, topic: NotificationTopic): string {
  return `sub_${pii.lookupHash(openid).slice(0, 16)}_${topic}`;
}

export async function notifyTemplates(ctx: ServiceContext): Promise<ActionOutput<'notify.templates'>> {
  const templates = Object.entries(ctx.deps.notifier.templates()).flatMap(([topic, templateId]) =>
    templateId ? [{ topic: topic as NotificationTopic, templateId }] : [],
  );
  return { templates };
}

/** Enough to recognise a retried answer: one tap gives one answer, sent once or a few times in a row. */
const REMEMBERED_REQUESTS = 10;

/**
 * Records what the user answered after a tap: each "accept" allows one message of that template
 * (WeChat's one-time subscription), a refusal records nothing, so nothing is ever sent to a user
 * who did not accept. Template ids this environment does not know are ignored.
 */
export async function recordSubscription(
  ctx: ServiceContext,
  input: ParsedInput<'notify.subscribe'>,
): Promise<ActionOutput<'notify.subscribe'>> {
  const openid = callerOpenid(ctx.caller);
  if (openid === null) throw new AppError('FORBIDDEN', '订阅消息只能在微信小程序中开启');
  const topicOf = new Map<string, NotificationTopic>();
  for (const [topic, templateId] of Object.entries(ctx.deps.notifier.templates())) {
    if (templateId) topicOf.set(templateId, topic as NotificationTopic);
  }
  const accepted = [
    ...new Set(
      Object.entries(input.answers).flatMap(([templateId, answer]) => {
        const topic = topicOf.get(templateId);
        return answer === 'accept' && topic ? [topic] : [];
      }),
    ),
  ];
  const now = timestamp(ctx.deps.clock);
  for (const topic of accepted) {
    const id = subscriptionId(ctx.deps.pii, openid, topic);
    await retryOnConflict(async () => {
      const current = await ctx.deps.store.get<SubscriptionRecord>(COLLECTIONS.subscriptions, id);
      if (current?.recentRequestIds.includes(input.requestId)) return;
      const record: SubscriptionRecord = {
        openid,
        topic,
        accepted: (current?.accepted ?? 0) + 1,
        used: current?.used ?? 0,
        recentRequestIds: [...(current?.recentRequestIds ?? []), input.requestId].slice(-REMEMBERED_REQUESTS),
        updatedAt: now,
      };
      await saveVersioned(ctx.deps.store, COLLECTIONS.subscriptions, id, current?.version ?? null, record);
    });
  }
  return { accepted };
}
