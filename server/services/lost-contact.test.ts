import { COLLECTIONS } from '../store/indexes';
import { BACKENDS, type Harness, type Tree } from '../../test/support/harness';
import {
  type JourneyWorld,
  journeyFingerprint as fingerprint,
  journeyWorld as world,
  memberVersion,
  refused,
} from '../../test/support/journey-world';
import type { MessageRecord } from './records';

async function messagesOf(h: Harness, kind: string): Promise<MessageRecord[]> {
  return (await h.deps.store.find<MessageRecord>(COLLECTIONS.messages, { where: { kind }, limit: 100 })).items;
}

describe.each(BACKENDS)('失联 on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let ids: JourneyWorld['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await world(backend));
  });
  afterEach(() => h.close());

  it('the inflow branch marks a member 失联, both sides see it, the other side is told, and a retry changes nothing', async () => {
    const input = {
      memberId: ids.settled,
      version: await memberVersion(h, ids.settled),
      lastContactOn: '2026-09-30',
      reason: 'residence_changed' as const,
    };
    const marked = await h.ok(tree.people.secretaryA, 'lostContact.mark', input);
    expect(marked.lostContact).toEqual({
      since: '2026-09-30',
      reason: 'residence_changed',
      note: '',
      markedOn: '2026-11-25',
      markedByName: '李秀英',
      markedSide: 'inflow',
    });
    const again = await h.ok(tree.people.secretaryA, 'lostContact.mark', input);
    expect(again).toEqual(marked);
    expect(await h.deps.store.count(COLLECTIONS.lostContacts, {})).toBe(1);

    // The outflow side sees the mark on the member and in its list, and was told once.
    const home = await h.ok(tree.people.villageSecretary, 'member.get', { memberId: ids.settled });
    expect(home.lostContact).toMatchObject({ since: '2026-09-30', markedSide: 'inflow' });
    const outgoing = await h.ok(tree.people.homeAdmin, 'outflow.members', { orgId: tree.home.orgId });
    expect(outgoing.items.find((m) => m.memberId === ids.settled)?.lostContact).toMatchObject({ reason: 'residence_changed' });
    const told = await messagesOf(h, 'lost_contact_marked');
    expect(told.map((m) => m.orgId)).toEqual([tree.village.orgId]);
    expect(told[0].body).toContain('2026年9月30日');
    // Countable for the figures: the field is queryable under the outflow organization.
    expect(
      await h.deps.store.count(COLLECTIONS.members, { outflowPath: { $gte: '/' }, 'lostContact.since': { $ne: null } }),
    ).toBe(1);

    // Someone else marking it now hears who did, and nothing changes.
    const before = await fingerprint(h);
    const late = { ...input, reason: 'other' as const, note: '电话停机' };
    const stale = await h.call(tree.people.villageSecretary, 'lostContact.mark', late);
    refused(stale, 'CONFLICT', 'version');
    expect(!stale.ok && stale.error.message).toContain('李秀英已于2026年11月25日标记这名党员失联');
    refused(
      await h.call(tree.people.villageSecretary, 'lostContact.mark', { ...late, version: marked.version }),
      'ALREADY_LOST_CONTACT',
    );
    expect(await fingerprint(h)).toEqual(before);
  });

  it('finding the member again is recorded by the other side, with the history kept', async () => {
    const marked = await h.ok(tree.people.villageSecretary, 'lostContact.mark', {
      memberId: ids.settled,
      version: await memberVersion(h, ids.settled),
      lastContactOn: '2026-08-01',
      reason: 'other',
      note: '电话停机，住处已搬走',
    });
    expect(marked.lostContact?.markedSide).toBe('outflow');
    h.clock.advance(2 * 24 * 3600_000);
    const found = { memberId: ids.settled, version: marked.version, foundOn: '2026-11-26', how: '本人来电，已到新单位上班' };
    const after = await h.ok(tree.people.secretaryA, 'lostContact.found', found);
    expect(after.lostContact).toBeNull();
    // A retried tap answers the same and writes nothing more.
    expect(await h.ok(tree.people.secretaryA, 'lostContact.found', found)).toEqual(after);

    const view = await h.ok(tree.people.homeAdmin, 'lostContact.get', { memberId: ids.settled });
    expect(view).toEqual({
      current: null,
      proposal: null,
      episodes: [
        expect.objectContaining({
          since: '2026-08-01',
          reason: 'other',
          note: '电话停机，住处已搬走',
          markedSide: 'outflow',
          markedByName: '吴村书',
          foundOn: '2026-11-26',
          foundHow: '本人来电，已到新单位上班',
          foundByName: '李秀英',
          foundSide: 'inflow',
        }),
      ],
      can: { mark: true, found: false },
    });
    expect((await messagesOf(h, 'lost_contact_found')).map((m) => m.orgId)).toEqual([tree.village.orgId]);

    // Lost again later: a second episode, the first one kept.
    const again = await h.ok(tree.people.secretaryA, 'lostContact.mark', {
      memberId: ids.settled,
      version: after.version,
      lastContactOn: '2026-11-26',
      reason: 'abroad',
    });
    expect(again.lostContact?.reason).toBe('abroad');
    const history = await h.ok(tree.people.secretaryA, 'lostContact.get', { memberId: ids.settled });
    expect(history.episodes.map((e) => e.reason)).toEqual(['abroad', 'other']);
    expect(history.can).toEqual({ mark: false, found: true });
  });

  it('two people marking at once: one wins, the other gets CONFLICT', async () => {
    const version = await memberVersion(h, ids.settled);
    const mark = (openid: string, reason: 'abroad' | 'work_business') =>
      h.call(openid, 'lostContact.mark', { memberId: ids.settled, version, lastContactOn: '2026-10-01', reason });
    const results = await Promise.all([
      mark(tree.people.secretaryA, 'abroad'),
      mark(tree.people.villageSecretary, 'work_business'),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CONFLICT', field: 'version' }),
    });
    expect(await h.deps.store.count(COLLECTIONS.lostContacts, {})).toBe(1);
  });
});

describe('失联 rules (embedded store)', () => {
  let h: Harness;
  let tree: Tree;
  let ids: JourneyWorld['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await world('sqlite'));
  });
  afterEach(() => h.close());

  it('refuses a future date, 其他 without a note, a stale version and strangers, writing nothing', async () => {
    const version = await memberVersion(h, ids.settled);
    const base = { memberId: ids.settled, version, lastContactOn: '2026-10-01', reason: 'work_business' as const };
    const before = await fingerprint(h);
    refused(
      await h.call(tree.people.secretaryA, 'lostContact.mark', { ...base, lastContactOn: '2026-11-26' }),
      'BAD_REQUEST',
      'lastContactOn',
    );
    refused(
      await h.call(tree.people.secretaryA, 'lostContact.mark', { ...base, lastContactOn: '2026-02-30' }),
      'BAD_REQUEST',
      'lastContactOn',
    );
    refused(await h.call(tree.people.secretaryA, 'lostContact.mark', { ...base, reason: 'other' }), 'BAD_REQUEST', 'note');
    refused(await h.call(tree.people.secretaryA, 'lostContact.mark', { ...base, version: version + 1 }), 'CONFLICT', 'version');
    for (const stranger of [tree.people.secretaryB, tree.people.otherHomeAdmin, tree.people.hometownSecretary]) {
      refused(await h.call(stranger, 'lostContact.mark', base), 'NOT_FOUND', 'memberId');
      refused(await h.call(stranger, 'lostContact.get', { memberId: ids.settled }), 'NOT_FOUND', 'memberId');
    }
    // The member themself is not a side.
    refused(await h.call('m_settled', 'lostContact.mark', base), 'NOT_FOUND');
    refused(
      await h.call(tree.people.secretaryA, 'lostContact.found', {
        memberId: ids.settled,
        version,
        foundOn: '2026-11-20',
        how: '来电',
      }),
      'NOT_LOST_CONTACT',
    );
    expect(await fingerprint(h)).toEqual(before);

    const marked = await h.ok(tree.people.secretaryA, 'lostContact.mark', base);
    const afterMark = await fingerprint(h);
    const found = { memberId: ids.settled, version: marked.version, how: '上门走访' };
    refused(
      await h.call(tree.people.secretaryA, 'lostContact.found', { ...found, foundOn: '2026-09-30' }),
      'BAD_REQUEST',
      'foundOn',
    );
    refused(
      await h.call(tree.people.secretaryA, 'lostContact.found', { ...found, foundOn: '2026-12-01' }),
      'BAD_REQUEST',
      'foundOn',
    );
    refused(await h.call(tree.people.secretaryB, 'lostContact.found', { ...found, foundOn: '2026-11-20' }), 'NOT_FOUND');
    expect(await fingerprint(h)).toEqual(afterMark);
  });

  it('shows the no-life clock proposal until the member is marked, and never marks by itself', async () => {
    await h.deps.store.insert(COLLECTIONS.lifeFlags, {
      _id: `lf_${ids.settled}_escalation_2026-05-10`,
      memberId: ids.settled,
      memberName: '李强',
      branchId: tree.branchA.orgId,
      branchPath: '/x/',
      outflowPath: null,
      level: 'escalation',
      since: '2026-05-10',
      months: 6,
      raisedAt: '2026-11-15T01:00:00.000Z',
    });
    const view = await h.ok(tree.people.villageSecretary, 'lostContact.get', { memberId: ids.settled });
    expect(view).toMatchObject({ current: null, proposal: { since: '2026-05-10', months: 6 }, can: { mark: true } });
    expect((await h.ok(tree.people.secretaryA, 'member.get', { memberId: ids.settled })).lostContact).toBeNull();
    await h.ok(tree.people.secretaryA, 'lostContact.mark', {
      memberId: ids.settled,
      version: await memberVersion(h, ids.settled),
      lastContactOn: '2026-05-10',
      reason: 'work_business',
    });
    expect((await h.ok(tree.people.secretaryA, 'lostContact.get', { memberId: ids.settled })).proposal).toBeNull();
  });
});
