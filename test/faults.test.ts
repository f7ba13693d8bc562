import { wechatCaller } from '../server/services/context';
import type { DocumentStore, NewDocument, TransactionStore } from '../server/store/document-store';
import { COLLECTIONS } from '../server/store/indexes';
import { dispatch } from '../server/router/router';
import { type Harness, BACKENDS, createHarness, profile, registerMember, seedTree } from './support/harness';

describe.each(BACKENDS)('on %s', (backend) => {
  /**
   * The store fails in the middle of an action (a dropped connection, a full disk): the caller
   * gets INTERNAL and the transaction leaves nothing half-done.
   */
  function failingOnInsertInto(store: DocumentStore, collection: string): DocumentStore {
    const sabotage = (tx: TransactionStore): TransactionStore => ({
      get: (c, id) => tx.get(c, id),
      update: (c, id, v, patch) => tx.update(c, id, v, patch),
      insert: <T extends object>(c: string, doc: NewDocument<T>) => {
        if (c === collection) return Promise.reject(new Error('disk I/O error'));
        return tx.insert<T>(c, doc);
      },
    });
    return Object.assign(Object.create(store) as DocumentStore, {
      transaction: <T>(work: (tx: TransactionStore) => Promise<T>) => store.transaction((tx) => work(sabotage(tx))),
    });
  }

  let h: Harness;
  let tree: Awaited<ReturnType<typeof seedTree>>;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  it('a registration that fails half-way writes neither the member nor the ID key', async () => {
    await h.ok('m_new_1', 'consent.accept', { version: (await h.ok('m_new_1', 'consent.notice', {})).version });
    const deps = { ...h.deps, store: failingOnInsertInto(h.deps.store, COLLECTIONS.members) };
    const result = await dispatch(deps, wechatCaller('m_new_1'), 'member.register', profile(tree.village.orgId), () => undefined);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(await h.deps.store.count(COLLECTIONS.members, {})).toBe(0);
    expect(await h.deps.store.count(COLLECTIONS.uniqueKeys, {})).toBe(0);
    // And the member can simply try again.
    await h.ok('m_new_1', 'member.register', profile(tree.village.orgId));
  });

  it('an approval that fails while telling the outflow side leaves the request pending and the member unplaced', async () => {
    await registerMember(h, 'm_new_1', profile(tree.village.orgId));
    const request = await h.ok('m_new_1', 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
    const deps = { ...h.deps, store: failingOnInsertInto(h.deps.store, COLLECTIONS.notices) };
    const result = await dispatch(
      deps,
      wechatCaller(tree.people.secretaryA),
      'checkin.decide',
      { checkinId: request.checkinId, version: request.version, decision: 'approve' },
      () => undefined,
    );
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'INTERNAL' }) });
    const mine = await h.ok('m_new_1', 'checkin.mine', {});
    expect(mine.current).toMatchObject({ status: 'pending', version: request.version });
    expect((await h.ok('m_new_1', 'session.me', {})).member?.status).toBe('pending');
    // The secretary's retry with the same version goes through.
    await h.ok(tree.people.secretaryA, 'checkin.decide', {
      checkinId: request.checkinId,
      version: request.version,
      decision: 'approve',
    });
  });
});

// Not per backend: the store is replaced whole, and session.me's other reads would still be in
// flight against the fake CloudBase server when the test closes it.
it('an internal error does not leak its message or stack to the caller', async () => {
  const h = await createHarness('sqlite');
  const broken = {
    ...h.deps,
    store: Object.assign(Object.create(h.deps.store) as DocumentStore, {
      find: () => Promise.reject(new Error('SQLITE_CORRUPT at /srv/db')),
    }),
  };
  const result = await dispatch(broken, wechatCaller('anyone'), 'session.me', {}, () => undefined);
  expect(JSON.stringify(result)).not.toContain('SQLITE');
  expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: '系统出了点问题，请稍后再试' } });
  await h.close();
});
