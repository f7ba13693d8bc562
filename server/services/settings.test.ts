import { DEFAULT_SETTINGS } from '../contract';
import { BACKENDS, createHarness, seedTree } from '../../test/support/harness';
import { SettingsResolver } from './settings';

describe.each(BACKENDS)('settings down the tree (%s)', (backend) => {
  it('the nearest organization up the tree wins, field by field, and a path is read in one request', async () => {
    const h = await createHarness(backend);
    try {
      const tree = await seedTree(h);
      const { city, community, branchA, branchB } = tree;
      await h.ok(tree.people.cityAdmin, 'settings.update', {
        orgId: city.orgId,
        changes: { studyTargetHours: 40, reminderEveryDays: 5 },
        version: null,
      });
      const saved = await h.ok(tree.people.cityAdmin, 'settings.update', {
        orgId: community.orgId,
        changes: { studyTargetHours: 36 },
        version: null,
      });
      expect(saved).toEqual({
        own: { studyTargetHours: 36 },
        effective: { ...DEFAULT_SETTINGS, studyTargetHours: 36, reminderEveryDays: 5 },
        version: 1,
      });
      await h.ok(tree.people.cityAdmin, 'settings.update', {
        orgId: branchA.orgId,
        changes: { signInEarlyMinutes: 45 },
        version: null,
      });

      const pathA = `/${city.orgId}/${community.orgId}/${branchA.orgId}/`;
      const pathB = `/${city.orgId}/${community.orgId}/${branchB.orgId}/`;
      const mark = h.fake?.requests.length ?? 0;
      const resolver = new SettingsResolver(h.deps);
      const [atA, atB] = await Promise.all([resolver.at(pathA), resolver.at(pathB)]);
      expect(atA).toEqual({ ...DEFAULT_SETTINGS, studyTargetHours: 36, reminderEveryDays: 5, signInEarlyMinutes: 45 });
      expect(atB).toEqual({ ...DEFAULT_SETTINGS, studyTargetHours: 36, reminderEveryDays: 5 });
      expect(await resolver.at(null)).toEqual(DEFAULT_SETTINGS);
      // Branch A's path (city, community, branch) in one query; branch B adds only itself, and
      // the second time nothing is read.
      await resolver.at(pathA);
      if (h.fake)
        expect(h.fake.requests.slice(mark).map((request) => request.action)).toEqual([
          'database.getDocument',
          'database.getDocument',
        ]);

      const got = await h.ok(tree.people.secretaryA, 'settings.get', { orgId: branchA.orgId });
      expect(got).toEqual({ own: { signInEarlyMinutes: 45 }, effective: atA, version: 1 });
    } finally {
      await h.close();
    }
  });
});
