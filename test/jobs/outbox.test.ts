/**
 * The outbox: written with its cause or not at all, one entry per cause, sent by the jobs once
 * each (two invocations at once, or one killed and run again), retried on a temporary error,
 * dropped with a record on a permanent one, and never sent to a user who did not accept.
 * On both stores.
 */
import type { NotificationEvent } from '../../server/contract';
import { OUTBOX_LEASE_MS, OUTBOX_MAX_ATTEMPTS, sendOutbox } from '../../server/jobs/outbox';
import type { ServiceDeps } from '../../server/services/context';
import { enqueueNotification, outboxId } from '../../server/services/notifications';
import type { OutboxRecord, RoleRecord } from '../../server/services/records';
import type { StoredDocument } from '../../server/store/document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import { dispatch } from '../../server/router/router';
import { BACKENDS, type Harness, createHarness } from '../support/harness';
import { KilledError, all, killedAfterUpdates } from './support';

jest.setTimeout(120_000);

const MEMBER = 'o_member_outbox1';
const OTHER = 'o_member_outbox2';

function event(n: number, openid = MEMBER, at = '2026-11-25T02:00:00.000Z'): NotificationEvent {
  return {
    kind: 'checkin_decided',
    causeId: `c_test_${n}`,
    to: { kind: 'user', openid },
    fields: { subject: '新桥社区第一党支部', detail: '报到申请已通过', time: at },
    page: 'pages/checkin/checkin',
    at,
  };
}

const options = { chunkSize: 5, concurrency: 3, log: () => undefined, deadline: Number.POSITIVE_INFINITY };
const send = (deps: ServiceDeps) => sendOutbox(deps, options);

async function entries(h: Harness): Promise<StoredDocument<OutboxRecord>[]> {
  return all<OutboxRecord>(h.deps.store, COLLECTIONS.outbox);
}

/** Accepts `times` messages of the check-in result template, through the action, as the mini-program does. */
async function accept(h: Harness, openid: string, times: number, answer: 'accept' | 'reject' = 'accept') {
  const { templates } = await h.ok(openid, 'notify.templates', {});
  const templateId = templates.find((t) => t.topic === 'checkin_result')?.templateId ?? '';
  for (let i = 0; i < times; i += 1) {
    await h.ok(openid, 'notify.subscribe', { answers: { [templateId]: answer }, requestId: `req_${openid}_${i}` });
  }
}

describe.each(BACKENDS)('the outbox on %s', (backend) => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness(backend);
  });
  afterEach(async () => {
    await h.close();
  });

  it('is written with its cause in one transaction, and rolled back with it', async () => {
    await expect(
      h.deps.store.transaction(async (tx) => {
        await tx.insert(COLLECTIONS.notices, { _id: 'n_cause', kind: 'test' });
        await enqueueNotification(tx, event(1));
        throw new Error('the cause failed');
      }),
    ).rejects.toThrow('the cause failed');
    expect(await entries(h)).toEqual([]);
    expect(await h.deps.store.get(COLLECTIONS.notices, 'n_cause')).toBeNull();

    await h.deps.store.transaction((tx) => enqueueNotification(tx, event(1)));
    // The same cause again (a retried request, a rerun job) is the same entry.
    expect(await h.deps.store.transaction((tx) => enqueueNotification(tx, event(1)))).toBe(false);
    expect((await entries(h)).map((e) => e._id)).toEqual([outboxId(event(1))]);
  });

  it('sends one message per accept, and drops the rest with a record without calling WeChat', async () => {
    await accept(h, MEMBER, 1);
    // A retried answer counts once.
    const { templates } = await h.ok(MEMBER, 'notify.templates', {});
    const templateId = templates.find((t) => t.topic === 'checkin_result')?.templateId ?? '';
    await h.ok(MEMBER, 'notify.subscribe', { answers: { [templateId]: 'accept' }, requestId: `req_${MEMBER}_0` });
    await accept(h, OTHER, 2, 'reject');
    for (const n of [1, 2]) await h.deps.store.transaction((tx) => enqueueNotification(tx, event(n)));
    await h.deps.store.transaction((tx) => enqueueNotification(tx, event(3, OTHER)));

    const summary = await send(h.deps);
    expect(summary).toMatchObject({ status: 'finished', sent: 1, dropped: 2 });
    expect(h.notifier.sent).toEqual([
      { openid: MEMBER, topic: 'checkin_result', page: 'pages/checkin/checkin', fields: event(1).fields },
    ]);
    const byId = new Map((await entries(h)).map((e) => [e._id, e]));
    expect(byId.get(outboxId(event(1)))).toMatchObject({ status: 'sent', nextAttemptAt: null });
    expect(byId.get(outboxId(event(2)))).toMatchObject({ status: 'dropped', dropReason: 'no_subscription' });
    // Refused: never sent, never even handed to the notifier.
    expect(byId.get(outboxId(event(3, OTHER)))).toMatchObject({ status: 'dropped', dropReason: 'no_subscription' });
    expect(h.notifier.sent.filter((m) => m.openid === OTHER)).toEqual([]);
    // Nothing is due any more: a second pass sends nothing.
    expect(await send(h.deps)).toMatchObject({ processed: 0 });
  });

  it('retries a temporary error with backoff on the same accept, and drops a permanent one with the error', async () => {
    await accept(h, MEMBER, 2);
    await h.deps.store.transaction((tx) => enqueueNotification(tx, event(1)));
    await h.deps.store.transaction((tx) => enqueueNotification(tx, event(2)));
    // WeChat busy for the first send only.
    h.notifier.answer = (_message, attempt) =>
      attempt === 1 ? { ok: false, permanent: false, error: '-1 system error' } : { ok: true };
    const first = await send(h.deps);
    expect(first).toMatchObject({ retried: 1, sent: 1 });
    const retrying = (await entries(h)).find((e) => e.status === 'pending');
    expect(retrying).toMatchObject({ attempts: 1, lastError: '-1 system error', credited: true });
    // Not due before its backoff.
    expect(await send(h.deps)).toMatchObject({ processed: 0 });
    h.clock.advance(61_000);
    expect(await send(h.deps)).toMatchObject({ sent: 1 });
    expect((await entries(h)).map((e) => e.status)).toEqual(['sent', 'sent']);
    // The retry used no second accept: a third message finds none left.
    await h.deps.store.transaction((tx) => enqueueNotification(tx, event(3, MEMBER, h.clock.now().toISOString())));
    expect(await send(h.deps)).toMatchObject({ dropped: 1 });

    await accept(h, OTHER, 2);
    await h.deps.store.transaction((tx) => enqueueNotification(tx, event(4, OTHER, h.clock.now().toISOString())));
    await h.deps.store.transaction((tx) => enqueueNotification(tx, event(5, OTHER, h.clock.now().toISOString())));
    h.notifier.answer = (message) =>
      message.fields.time === h.clock.now().toISOString() && message.openid === OTHER
        ? { ok: false, permanent: true, error: '47003 argument invalid! data.thing1.value' }
        : { ok: true };
    expect(await send(h.deps)).toMatchObject({ dropped: 2, retried: 0 });
    const rejected = (await entries(h)).filter((e) => e.to.kind === 'user' && e.to.openid === OTHER);
    expect(rejected.map((e) => [e.dropReason, e.lastError])).toEqual([
      ['rejected', '47003 argument invalid! data.thing1.value'],
      ['rejected', '47003 argument invalid! data.thing1.value'],
    ]);
  });

  it('records an accept only for a WeChat user, and ignores template ids it does not know', async () => {
    const desk = await dispatch(
      h.deps,
      { kind: 'desk', openid: MEMBER, sessionId: 'ds_desk1' },
      'notify.subscribe',
      { answers: { local_checkin_result_template: 'accept' }, requestId: 'req_desk_0001' },
      () => undefined,
    );
    expect(desk).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
    expect(
      await h.ok(MEMBER, 'notify.subscribe', { answers: { tmpl_unknown_1: 'accept' }, requestId: 'req_unknown_01' }),
    ).toEqual({
      accepted: [],
    });
    expect(await all(h.deps.store, COLLECTIONS.subscriptions)).toEqual([]);
    const bad = await h.call(MEMBER, 'notify.subscribe', { answers: { x: 'maybe' as 'accept' }, requestId: 'req_bad_00001' });
    expect(bad).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST' }) });
  });

  it('gives up on a temporary error after the last attempt, with a record', async () => {
    await accept(h, MEMBER, 1);
    await h.deps.store.transaction((tx) => enqueueNotification(tx, event(1)));
    h.notifier.answer = () => ({ ok: false, permanent: false, error: '45009 reach max api daily quota limit' });
    for (let attempt = 1; attempt <= OUTBOX_MAX_ATTEMPTS; attempt += 1) {
      await send(h.deps);
      h.clock.advance(24 * 3600_000);
    }
    const [entry] = await entries(h);
    expect(entry).toMatchObject({ status: 'dropped', dropReason: 'gave_up', attempts: OUTBOX_MAX_ATTEMPTS, nextAttemptAt: null });
  });

  it('sends an organization’s message to each WeChat user who manages it', async () => {
    const role = (openid: string, revokedAt: string | null): RoleRecord => ({
      openid,
      role: 'secretary',
      orgId: 'o_branch',
      orgPath: '/o_branch/',
      holderName: '书记',
      grantedBy: 'test',
      grantedAt: '2026-01-01T00:00:00.000Z',
      revokedAt,
      revokedBy: null,
    });
    await h.deps.store.insert<RoleRecord>(COLLECTIONS.roles, { _id: 'r_1', ...role('o_secretary_1', null) });
    await h.deps.store.insert<RoleRecord>(COLLECTIONS.roles, {
      _id: 'r_2',
      ...role('o_secretary_2', '2026-02-01T00:00:00.000Z'),
    });
    await accept(h, 'o_secretary_1', 1);
    await accept(h, 'o_secretary_2', 1);
    await h.deps.store.transaction((tx) => enqueueNotification(tx, { ...event(1), to: { kind: 'org', orgId: 'o_branch' } }));
    expect(await send(h.deps)).toMatchObject({ expanded: 1, sent: 1 });
    expect(h.notifier.sent.map((m) => m.openid)).toEqual(['o_secretary_1']);
  });

  it('two invocations at once send each message once', async () => {
    const openids = Array.from({ length: 12 }, (_, i) => `o_member_many${i}`);
    for (const [i, openid] of openids.entries()) {
      await accept(h, openid, 1);
      await h.deps.store.transaction((tx) => enqueueNotification(tx, event(i, openid)));
    }
    const [a, b] = await Promise.all([
      sendOutbox(h.deps, { ...options, chunkSize: 4 }),
      sendOutbox(h.deps, { ...options, chunkSize: 4 }),
    ]);
    expect(a.sent + b.sent).toBe(openids.length);
    expect(h.notifier.sent.map((m) => m.openid).sort()).toEqual([...openids].sort());
    expect((await entries(h)).every((e) => e.status === 'sent')).toBe(true);
  });

  it('killed between claiming and recording, then run again: nothing is sent twice, and the unknown is dropped as interrupted', async () => {
    const openids = Array.from({ length: 8 }, (_, i) => `o_member_kill${i}`);
    for (const [i, openid] of openids.entries()) {
      await accept(h, openid, 1);
      await h.deps.store.transaction((tx) => enqueueNotification(tx, event(i, openid)));
    }
    // Each message takes two updates to be claimed (its accept, the entry) and one to be recorded as
    // sent: eleven let three messages through and the fourth be claimed and sent, not recorded.
    const killed = killedAfterUpdates(h.deps.store, 11);
    await expect(sendOutbox({ ...h.deps, store: killed }, { ...options, concurrency: 1 })).rejects.toThrow(KilledError);
    expect(h.notifier.sent).toHaveLength(4);

    // Run again at once: the claim that died still holds its lease, the rest are sent.
    await send(h.deps);
    const stuck = (await entries(h)).filter((e) => e.status === 'sending');
    expect(stuck).toHaveLength(1);
    // After the lease the unknown outcome is dropped, never resent.
    h.clock.advance(OUTBOX_LEASE_MS + 1000);
    await send(h.deps);
    const final = await entries(h);
    expect(final.filter((e) => e.status === 'dropped').map((e) => e.dropReason)).toEqual(['interrupted']);
    const sentTo = h.notifier.sent.map((m) => m.openid);
    expect([...sentTo].sort()).toEqual([...openids].sort());
    expect(final.filter((e) => e.status === 'sent')).toHaveLength(openids.length - 1);
  });
});
