import { timestamp } from '../lib/time';
import type { ServiceDeps } from '../services/context';
import { type OutboxDoc, subscriptionId } from '../services/notifications';
import type { OutboxDropReason, OutboxRecord, RoleRecord, SubscriptionRecord } from '../services/records';
import { VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertIfAbsent, recordOf, retryOnConflict } from '../store/saving';
import { type JobLog, forEachLimited } from './job';

/**
 * The outbox sender: every entry that is due (`nextAttemptAt` passed) is sent once.
 *
 * The entries are their own cursor: a chunk reads the oldest due ones, and an entry leaves the
 * due range the moment it is claimed, finished or rescheduled, so a chunk repeated after a crash
 * starts where the work stands. Each entry is claimed by compare-and-set in one transaction with
 * the user's accept it uses (status `sending`, due again only when the lease ends): of two
 * invocations that read the same entry, one claims it and the other skips it.
 *
 * WeChat's send has no idempotency key, so a claim whose lease ended without an outcome (the
 * invocation died between claiming and recording) is dropped as `interrupted`, never sent again:
 * a message lost in a crash is better than one sent twice. An organization-addressed entry is
 * first expanded into one entry per person who manages the organization, by deterministic ids.
 */

/** Longer than any invocation may run (60 s), so a live claim never ends early. */
export const OUTBOX_LEASE_MS = 10 * 60_000;
/** Tries before a temporary error counts as for good: 1, 2, 4, 8, 16 minutes apart. */
export const OUTBOX_MAX_ATTEMPTS = 6;
const RETRY_BASE_MS = 60_000;

export interface OutboxChunkResult {
  processed: number;
  sent: number;
  dropped: number;
  retried: number;
  expanded: number;
  /** Nothing more was due when the chunk began. */
  done: boolean;
}

export interface OutboxOptions {
  chunkSize: number;
  concurrency: number;
  log: JobLog;
}

/** Roles are few per organization; the cap guards the query. */
const MAX_HOLDERS = 200;

function later(now: string, ms: number): string {
  return new Date(new Date(now).getTime() + ms).toISOString();
}

type Outcome = 'sent' | 'dropped' | 'retried' | 'expanded' | 'skipped';

async function finish(deps: ServiceDeps, entry: OutboxDoc, patch: Partial<OutboxRecord>): Promise<boolean> {
  try {
    await deps.store.update(COLLECTIONS.outbox, entry._id, entry.version, patch);
    return true;
  } catch (error) {
    // Someone else finished it meanwhile (only possible past a lease); theirs stands.
    if (error instanceof VersionConflictError) return false;
    throw error;
  }
}

function dropped(now: string, reason: OutboxDropReason, lastError: string | null): Partial<OutboxRecord> {
  return { status: 'dropped', nextAttemptAt: null, finishedAt: now, dropReason: reason, lastError };
}

async function expand(deps: ServiceDeps, entry: OutboxDoc, now: string): Promise<Outcome> {
  if (entry.to.kind !== 'org') return 'skipped';
  const holders = await deps.store.find<RoleRecord>(COLLECTIONS.roles, {
    where: { orgId: entry.to.orgId, revokedAt: null },
    limit: MAX_HOLDERS,
  });
  const openids = [...new Set(holders.items.map((role) => role.openid))];
  const parent = recordOf(entry);
  for (const openid of openids) {
    const child: OutboxRecord = {
      ...parent,
      to: { kind: 'user', openid },
      nextAttemptAt: now,
      parentId: entry._id,
    };
    await insertIfAbsent<OutboxRecord>(deps.store, COLLECTIONS.outbox, {
      _id: `${entry._id}~${deps.pii.lookupHash(openid).slice(0, 12)}`,
      ...child,
    });
  }
  const patch: Partial<OutboxRecord> =
    openids.length === 0 ? dropped(now, 'no_recipient', null) : { status: 'expanded', nextAttemptAt: null, finishedAt: now };
  return (await finish(deps, entry, patch)) ? 'expanded' : 'skipped';
}

type Claim = { kind: 'claimed'; entry: OutboxDoc } | { kind: 'dropped' } | { kind: 'skipped' };

/** Claims the entry and counts the accept it uses, in one transaction; or drops it when there is none. */
async function claim(deps: ServiceDeps, seen: OutboxDoc, now: string): Promise<Claim> {
  return retryOnConflict(() =>
    deps.store.transaction(async (tx): Promise<Claim> => {
      const entry = await tx.get<OutboxRecord>(COLLECTIONS.outbox, seen._id);
      // Claimed, finished or rescheduled by another invocation since it was read.
      if (!entry || entry.version !== seen.version || entry.to.kind !== 'user') return { kind: 'skipped' };
      if (entry.status === 'sending') {
        await tx.update(COLLECTIONS.outbox, entry._id, entry.version, dropped(now, 'interrupted', entry.lastError));
        return { kind: 'dropped' };
      }
      if (!entry.credited) {
        const subId = subscriptionId(deps.pii, entry.to.openid, entry.topic);
        const subscription = await tx.get<SubscriptionRecord>(COLLECTIONS.subscriptions, subId);
        if (!subscription || subscription.used >= subscription.accepted) {
          await tx.update(COLLECTIONS.outbox, entry._id, entry.version, dropped(now, 'no_subscription', null));
          return { kind: 'dropped' };
        }
        await tx.update(COLLECTIONS.subscriptions, subId, subscription.version, { used: subscription.used + 1, updatedAt: now });
      }
      const patch: Partial<OutboxRecord> = {
        status: 'sending',
        attempts: entry.attempts + 1,
        credited: true,
        nextAttemptAt: later(now, OUTBOX_LEASE_MS),
      };
      const version = await tx.update(COLLECTIONS.outbox, entry._id, entry.version, patch);
      return { kind: 'claimed', entry: { ...entry, ...patch, version } };
    }),
  );
}

async function deliver(deps: ServiceDeps, seen: OutboxDoc, now: string, log: JobLog): Promise<Outcome> {
  const claimed = await claim(deps, seen, now);
  if (claimed.kind !== 'claimed') {
    if (claimed.kind === 'dropped') log('outbox.dropped', { id: seen._id, kind: seen.kind });
    return claimed.kind;
  }
  const { entry } = claimed;
  if (entry.to.kind !== 'user') return 'skipped';
  const result = await deps.notifier
    .send({ openid: entry.to.openid, topic: entry.topic, fields: entry.fields, page: entry.page })
    .catch((error: unknown) => ({
      ok: false as const,
      permanent: false,
      error: error instanceof Error ? error.message : String(error),
    }));
  if (result.ok) {
    await finish(deps, entry, { status: 'sent', nextAttemptAt: null, finishedAt: now, lastError: null });
    log('outbox.sent', { id: entry._id, kind: entry.kind, topic: entry.topic, page: entry.page });
    return 'sent';
  }
  if (result.permanent || entry.attempts >= OUTBOX_MAX_ATTEMPTS) {
    const reason: OutboxDropReason = !result.permanent
      ? 'gave_up'
      : result.error.startsWith('43101')
        ? 'no_subscription'
        : 'rejected';
    await finish(deps, entry, dropped(now, reason, result.error));
    log('outbox.dropped', { id: entry._id, kind: entry.kind, reason, error: result.error });
    return 'dropped';
  }
  const retryAt = later(now, RETRY_BASE_MS * 2 ** (entry.attempts - 1));
  await finish(deps, entry, { status: 'pending', nextAttemptAt: retryAt, lastError: result.error });
  log('outbox.retry', { id: entry._id, kind: entry.kind, attempts: entry.attempts, retryAt, error: result.error });
  return 'retried';
}

/** One bounded chunk: the oldest due entries, each expanded or sent. Safe to repeat. */
export async function sendOutboxChunk(deps: ServiceDeps, options: OutboxOptions): Promise<OutboxChunkResult> {
  const now = timestamp(deps.clock);
  const page = await deps.store.find<OutboxRecord>(COLLECTIONS.outbox, {
    where: { nextAttemptAt: { $lte: now } },
    orderBy: [{ field: 'nextAttemptAt', direction: 'asc' }],
    limit: options.chunkSize,
  });
  const result: OutboxChunkResult = {
    processed: 0,
    sent: 0,
    dropped: 0,
    retried: 0,
    expanded: 0,
    done: page.nextCursor === null,
  };
  await forEachLimited(page.items, options.concurrency, async (entry) => {
    const outcome = entry.to.kind === 'org' ? await expand(deps, entry, now) : await deliver(deps, entry, now, options.log);
    if (outcome === 'skipped') return;
    result.processed += 1;
    result[outcome] += 1;
  });
  // Expanded entries made new ones that are due now: not done yet.
  if (result.expanded > 0) result.done = false;
  return result;
}

export interface OutboxSummary {
  status: 'finished' | 'out_of_time';
  chunks: number;
  processed: number;
  sent: number;
  dropped: number;
  retried: number;
  expanded: number;
}

/**
 * Sends what is due, chunk after chunk, until nothing is or the deadline is near (judged by the
 * slowest chunk so far); the next invocation carries on.
 */
export async function sendOutbox(
  deps: ServiceDeps,
  options: OutboxOptions & { deadline: number; wallTime?: () => number },
): Promise<OutboxSummary> {
  const wallTime = options.wallTime ?? Date.now;
  const summary: OutboxSummary = { status: 'finished', chunks: 0, processed: 0, sent: 0, dropped: 0, retried: 0, expanded: 0 };
  let slowest = 0;
  for (;;) {
    const started = wallTime();
    if (started + slowest >= options.deadline) {
      summary.status = 'out_of_time';
      options.log('outbox.out_of_time', { processed: summary.processed });
      return summary;
    }
    const chunk = await sendOutboxChunk(deps, options);
    summary.chunks += 1;
    summary.processed += chunk.processed;
    summary.sent += chunk.sent;
    summary.dropped += chunk.dropped;
    summary.retried += chunk.retried;
    summary.expanded += chunk.expanded;
    slowest = Math.max(slowest, wallTime() - started);
    // A chunk in which every entry was taken by another invocation makes no progress here.
    if (chunk.done || chunk.processed === 0) return summary;
  }
}
