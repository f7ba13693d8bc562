import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qrCodeRenderer } from '../server/dev/local-deps';
import { createFileStore } from '../server/files/file-store';
import { folderBlobs } from '../server/files/folder-blobs';
import { DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY } from '../server/jobs/run-jobs';
import { type OutboxSummary, sendOutbox } from '../server/jobs/outbox';
import { PiiProtector } from '../server/lib/pii';
import type { Clock } from '../server/lib/time';
import { RecordingNotifier } from '../server/notify/recording-notifier';
import { type ServiceDeps, noDeskTickets } from '../server/services/context';
import { enqueueNotification, subscriptionId } from '../server/services/notifications';
import type { SubscriptionRecord } from '../server/services/records';
import { COLLECTIONS, INDEXES } from '../server/store/indexes';
import { SqliteDocumentStore } from '../server/store/sqlite/sqlite-document-store';
import { CountingStore, type OperationKind } from './counting-store';

/**
 * The outbox at province scale: the night's messages for 100,000 members (tomorrow's
 * activities), sent in chunks through the fake notifier as the jobs function sends them. Most
 * members accepted a message, some did not (dropped without a call); WeChat answers a few with
 * a temporary error (retried after the backoff) and a few with a permanent one (dropped).
 */

const MEMBERS = Number(process.env.BENCH_OUTBOX_MEMBERS ?? 100_000);
const CHUNK = Number(process.env.BENCH_CHUNK ?? DEFAULT_CHUNK_SIZE);
/** Shares of the members: accepted none; busy on the first try; refused by WeChat (47003). */
const UNSUBSCRIBED = 0.1;
const BUSY = 0.02;
const REFUSED = 0.005;

class FixedClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A deterministic share: member `i` is in the first `share` of each hundred thousand. */
const inShare = (i: number, salt: number, share: number) => ((i * 7919 + salt * 104_729) % 100_000) / 100_000 < share;

export async function benchOutbox(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'liudong-outbox-bench-'));
  const sqlite = new SqliteDocumentStore(join(dir, 'outbox.sqlite'));
  await sqlite.ensureIndexes(INDEXES);
  const clock = new FixedClock(new Date('2027-01-01T12:00:00.000Z'));
  const pii = new PiiProtector(Buffer.alloc(32, 9));
  const notifier = new RecordingNotifier(() => undefined, false);
  const openid = (i: number) => `o_bench_member_${i.toString(36).padStart(6, '0')}`;
  const busy = new Set<string>();
  const refused = new Set<string>();
  for (let i = 0; i < MEMBERS; i += 1) {
    if (inShare(i, 2, BUSY)) busy.add(openid(i));
    else if (inShare(i, 3, REFUSED)) refused.add(openid(i));
  }
  const retried = new Set<string>();
  notifier.answer = (message) => {
    if (refused.has(message.openid)) return { ok: false, permanent: true, error: '47003 argument invalid!' };
    if (busy.has(message.openid) && !retried.has(message.openid)) {
      retried.add(message.openid);
      return { ok: false, permanent: false, error: '-1 system error' };
    }
    return { ok: true };
  };
  const seedDeps: ServiceDeps = {
    store: sqlite,
    files: createFileStore(sqlite, folderBlobs(join(dir, 'files')), clock),
    pii,
    clock,
    codeRenderer: qrCodeRenderer,
    deskTickets: noDeskTickets,
    notifier,
  };

  let started = Date.now();
  const at = clock.now().toISOString();
  const BATCH = 1000;
  for (let from = 0; from < MEMBERS; from += BATCH) {
    await sqlite.transaction(async (tx) => {
      for (let i = from; i < Math.min(MEMBERS, from + BATCH); i += 1) {
        await enqueueNotification(tx, {
          kind: 'activity_tomorrow',
          causeId: `a_bench_${i % 2000}`,
          to: { kind: 'user', openid: openid(i) },
          fields: { subject: '主题党日：学习新修订的党章', detail: '明天在党群服务中心', time: '2027-01-02T01:30:00.000Z' },
          page: `pages/activity-signin/activity-signin?activityId=a_bench_${i % 2000}`,
          at,
        });
        if (inShare(i, 1, UNSUBSCRIBED)) continue;
        const record: SubscriptionRecord = {
          openid: openid(i),
          topic: 'activity_reminder',
          accepted: 1,
          used: 0,
          recentRequestIds: [],
          updatedAt: at,
        };
        await tx.insert<SubscriptionRecord>(COLLECTIONS.subscriptions, {
          _id: subscriptionId(pii, openid(i), 'activity_reminder'),
          ...record,
        });
      }
    });
  }
  const subscribed = await sqlite.count(COLLECTIONS.subscriptions, {});
  console.log(
    `\nOutbox: ${MEMBERS.toLocaleString()} messages for tomorrow's activities written by enqueueNotification, ` +
      `${subscribed.toLocaleString()} members with an accept (${seconds(Date.now() - started)})`,
  );

  const counting = new CountingStore(sqlite);
  const deps: ServiceDeps = { ...seedDeps, store: counting };
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const rssBefore = peakRss;
  const heapBefore = peakHeap;
  const sample = () => {
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
  };
  const log = (event: string) => {
    if (event === 'outbox.retry' || event === 'outbox.dropped') sample();
  };
  const pass = async (): Promise<{ summary: OutboxSummary; ms: number }> => {
    const began = Date.now();
    const summary = await sendOutbox(deps, {
      deadline: Number.POSITIVE_INFINITY,
      chunkSize: CHUNK,
      concurrency: DEFAULT_CONCURRENCY,
      log,
    });
    sample();
    return { summary, ms: Date.now() - began };
  };
  global.gc?.();
  started = Date.now();
  const night = await pass();
  // The backoff's first step: the temporary failures are due a minute later.
  clock.advance(61_000);
  const retry = await pass();
  const totalMs = Date.now() - started;
  const sent = night.summary.sent + retry.summary.sent;
  const dropped = night.summary.dropped + retry.summary.dropped;
  console.log(`Sending (chunks of ${CHUNK}, ${DEFAULT_CONCURRENCY} at a time, the fake notifier):`);
  console.table([
    {
      pass: 'the night',
      chunks: night.summary.chunks,
      sent: night.summary.sent,
      dropped: night.summary.dropped,
      retried: night.summary.retried,
      time: seconds(night.ms),
      'messages/s': Math.round(night.summary.processed / (night.ms / 1000)),
    },
    {
      pass: 'retries, a minute later',
      chunks: retry.summary.chunks,
      sent: retry.summary.sent,
      dropped: retry.summary.dropped,
      retried: retry.summary.retried,
      time: seconds(retry.ms),
      'messages/s': Math.round(retry.summary.processed / Math.max(0.001, retry.ms / 1000)),
    },
  ]);
  const ops = counting.counts;
  const perMessage = (Object.keys(ops) as OperationKind[])
    .filter((kind) => ops[kind] > 0)
    .map((kind) => `${kind}×${(ops[kind] / MEMBERS).toFixed(2)}`)
    .join(' ');
  console.log(
    `All ${MEMBERS.toLocaleString()} settled in ${seconds(totalMs)}: ${sent.toLocaleString()} sent (notifier saw ${notifier.count.toLocaleString()}), ` +
      `${dropped.toLocaleString()} dropped with a record, ${night.summary.retried} retried once. ` +
      `Peak RSS ${mib(peakRss)} (before ${mib(rssBefore)}), peak heap used ${mib(peakHeap)} (before ${mib(heapBefore)}).`,
  );
  console.log(
    `Store operations per message: ${perMessage} (total ${(counting.total() / MEMBERS).toFixed(2)}); at CloudBase's ~20 ms a round trip and ` +
      `${DEFAULT_CONCURRENCY} at a time, ~${Math.ceil(((counting.total() / DEFAULT_CONCURRENCY) * 20) / 1000 / 50)} invocations of 50 s.`,
  );
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
