import { DEMO_OPENIDS, seedDemoData } from '../server/dev/demo-data';
import { createLocalDeps } from '../server/dev/local-deps';
import { dispatch } from '../server/router/router';
import { COLLECTIONS } from '../server/store/indexes';
import { TEST_MASTER_KEY } from './support/harness';

it('seeds a tree, officials and members in every state, once', async () => {
  const deps = await createLocalDeps({ filename: ':memory:', masterKey: TEST_MASTER_KEY, systemAdminOpenids: [DEMO_OPENIDS.systemAdmin] });
  try {
    await seedDemoData(deps);
    const counts = async () => [
      await deps.store.count(COLLECTIONS.organizations, {}),
      await deps.store.count(COLLECTIONS.members, {}),
      await deps.store.count(COLLECTIONS.checkins, {}),
    ];
    const first = await counts();
    await seedDemoData(deps);
    expect(await counts()).toEqual(first);

    const statusOf = async (openid: string) => {
      const result = await dispatch(deps, { openid }, 'session.me', {});
      if (!result.ok) throw new Error(result.error.message);
      return (result.data as { member: { status: string } | null }).member?.status ?? 'none';
    };
    expect(await statusOf(DEMO_OPENIDS.newcomer)).toBe('none');
    expect(await statusOf(DEMO_OPENIDS.registered)).toBe('registered');
    expect(await statusOf(DEMO_OPENIDS.pending)).toBe('pending');
    expect(await statusOf(DEMO_OPENIDS.placed)).toBe('placed');
    expect(await statusOf(DEMO_OPENIDS.rejected)).toBe('registered');

    for (const secretary of [DEMO_OPENIDS.communitySecretary, DEMO_OPENIDS.hometownSecretary]) {
      const me = await dispatch(deps, { openid: secretary }, 'session.me', {});
      expect(me.ok).toBe(true);
      const orgId = me.ok ? (me.data as { roles: { orgId: string }[] }).roles[0].orgId : '';
      const pending = await dispatch(deps, { openid: secretary }, 'checkin.pending', { orgId });
      expect(pending.ok && (pending.data as { items: unknown[] }).items.length).toBeGreaterThan(0);
    }
  } finally {
    await deps.store.close();
  }
});
