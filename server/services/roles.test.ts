import { BACKENDS, SYSTEM_ADMIN, createHarness } from '../../test/support/harness';
import { COLLECTIONS } from '../store/indexes';
import type { RoleRecord } from './records';
import { ensureSystemAdmins } from './roles';

describe.each(BACKENDS)('system admins from the environment (%s)', (backend) => {
  it('makes the missing ones, restores a revoked one, leaves the rest alone, and repeats as a no-op', async () => {
    const h = await createHarness(backend);
    try {
      const { store, pii, clock } = h.deps;
      const roles = async () =>
        (await store.find<RoleRecord>(COLLECTIONS.roles, { where: { role: 'system_admin' }, limit: 10 })).items.map(
          ({ openid, revokedAt, version }) => ({ openid, revokedAt, version }),
        );
      const [harnessAdmin] = await roles();
      expect(harnessAdmin).toEqual({ openid: SYSTEM_ADMIN, revokedAt: null, version: 1 });
      const revoked = (await store.find<RoleRecord>(COLLECTIONS.roles, { where: { openid: SYSTEM_ADMIN }, limit: 1 })).items[0];
      await store.update(COLLECTIONS.roles, revoked._id, revoked.version, { revokedAt: clock.now().toISOString() });

      await ensureSystemAdmins(store, pii, clock, ['admin_b', SYSTEM_ADMIN, 'admin_c', 'admin_b']);
      const after = await roles();
      expect(after).toHaveLength(3);
      expect(after).toEqual(
        expect.arrayContaining([
          { openid: SYSTEM_ADMIN, revokedAt: null, version: 3 },
          { openid: 'admin_b', revokedAt: null, version: 1 },
          { openid: 'admin_c', revokedAt: null, version: 1 },
        ]),
      );

      await ensureSystemAdmins(store, pii, clock, [SYSTEM_ADMIN, 'admin_b', 'admin_c']);
      expect(await roles()).toEqual(after);
      const me = await h.ok('admin_c', 'session.me', {});
      expect(me.roles).toEqual([expect.objectContaining({ role: 'system_admin' })]);
    } finally {
      await h.close();
    }
  });

  if (backend === 'cloudbase') {
    it('reads the admins in one request on a cold start and writes the missing ones together', async () => {
      const h = await createHarness(backend);
      try {
        const fake = h.fake!;
        const mark = fake.requests.length;
        await ensureSystemAdmins(h.deps.store, h.deps.pii, h.deps.clock, [SYSTEM_ADMIN, 'admin_b', 'admin_c', 'admin_d']);
        expect(fake.requests.slice(mark).map((request) => request.action)).toEqual([
          'database.getDocument',
          'database.insertDocument',
          'database.insertDocument',
          'database.insertDocument',
        ]);
      } finally {
        await h.close();
      }
    });
  }
});
