import { COLLECTIONS } from '../store/indexes';
import { type Harness, type Tree, BACKENDS, profile, registerMember } from '../../test/support/harness';
import { refused, studyFingerprint as fingerprint, studyWorld as world } from '../../test/support/study-world';
import type { ActionInput } from '../contract';
import { appraisalIdFor, findAppraisal } from './appraisals';

describe.each(BACKENDS)('appraisal on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let ids: Awaited<ReturnType<typeof world>>['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await world(backend));
  });
  afterEach(() => h.close());

  it('records the appraisal once a year and then only with the current version', async () => {
    const input = { memberId: ids.rider, year: 2026, result: 'excellent' as const, note: '积极参加志愿服务', version: null };
    const first = await h.ok(tree.people.secretaryA, 'appraisal.record', input);
    expect(first).toEqual({
      appraisalId: appraisalIdFor(ids.rider, 2026),
      memberId: ids.rider,
      year: 2026,
      result: 'excellent',
      note: '积极参加志愿服务',
      recordedOn: '2026-11-25',
      recordedByName: '李秀英',
      version: 1,
    });
    refused(await h.call(tree.people.cityAdmin, 'appraisal.record', { ...input, result: 'qualified' }), 'CONFLICT');
    const changed = await h.ok(tree.people.cityAdmin, 'appraisal.record', { ...input, result: 'qualified', version: 1 });
    expect(changed).toMatchObject({ result: 'qualified', version: 2, recordedByName: '周建华' });
    refused(await h.call(tree.people.secretaryA, 'appraisal.record', { ...input, version: 1 }), 'CONFLICT');
    expect((await findAppraisal(h.deps, ids.rider, 2026))?.result).toBe('qualified');
    expect(await h.deps.store.count(COLLECTIONS.appraisals, {})).toBe(1);
  });
});

describe('appraisal rules (embedded store)', () => {
  let h: Harness;
  let tree: Tree;
  let ids: Awaited<ReturnType<typeof world>>['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await world('sqlite'));
  });
  afterEach(() => h.close());

  it('refuses a future year, a member not placed and another branch, writing nothing', async () => {
    await registerMember(h, 'm_waiting', profile(tree.village.orgId, { name: '吴平' }));
    // Waiting for branch A: its secretary sees 吴平, who is not placed yet.
    await h.ok('m_waiting', 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
    const waiting = (await h.ok('m_waiting', 'session.me', {})).member?.memberId ?? '';
    const before = await fingerprint(h);
    const record = (openid: string, input: Partial<ActionInput<'appraisal.record'>>) =>
      h.call(openid, 'appraisal.record', { memberId: ids.rider, year: 2026, result: 'qualified', version: null, ...input });
    refused(await record(tree.people.secretaryA, { year: 2027 }), 'BAD_REQUEST', 'year');
    refused(await record(tree.people.secretaryA, { memberId: waiting }), 'NOT_PLACED');
    // Members of another branch are out of the secretary's sight: they answer as missing.
    refused(await record(tree.people.secretaryA, { memberId: ids.cook }), 'NOT_FOUND', 'memberId');
    refused(await record(tree.people.secretaryB, {}), 'NOT_FOUND', 'memberId');
    refused(await record(tree.people.secretaryA, { version: 3 }), 'CONFLICT');
    expect(await fingerprint(h)).toEqual(before);
    const past = await h.ok(tree.people.secretaryA, 'appraisal.record', {
      memberId: ids.rider,
      year: 2025,
      result: 'qualified',
      version: null,
    });
    expect(past).toMatchObject({ year: 2025, note: '', appraisalId: appraisalIdFor(ids.rider, 2025) });
  });
});
