import { recordBackfills } from '../../server/jobs/record-backfills';
import { runJobs } from '../../server/jobs/run-jobs';
import type { MemberRecord, OrganizationRecord } from '../../server/services/records';
import { COLLECTIONS } from '../../server/store/indexes';
import { type Harness, BACKENDS, createHarness, profile, registerMember, seedTree } from '../support/harness';
import { all, oneChunkPerInvocation, runUntilComplete } from './support';

/**
 * Industries were a short home-made list before GB/T 4754 sections: records stored then hold
 * `delivery`, `retail`, `other`… They read as their section at once, and the backfill job
 * rewrites them (its message step has its test beside the messages).
 */
describe.each(BACKENDS)('on %s', (backend) => {
  let h: Harness;
  let tree: Awaited<ReturnType<typeof seedTree>>;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  /** Puts an old value back into a stored record, as it was written before the sections. */
  async function storeLegacy(collection: string, id: string, industry: string): Promise<void> {
    const doc = await h.deps.store.get(collection, id);
    if (!doc) throw new Error(`no ${collection} ${id}`);
    await h.deps.store.update(collection, id, doc.version, { industry });
  }

  async function seedLegacy() {
    const rider = await registerMember(h, 'm_rider', profile(tree.village.orgId));
    const clerk = await registerMember(h, 'm_clerk', profile(tree.village.orgId, { name: '刘芳' }));
    const other = await registerMember(h, 'm_other', profile(tree.village.orgId, { name: '孙丽' }));
    await storeLegacy(COLLECTIONS.members, rider.memberId, 'delivery');
    await storeLegacy(COLLECTIONS.members, clerk.memberId, 'retail');
    await storeLegacy(COLLECTIONS.members, other.memberId, 'other');
    await storeLegacy(COLLECTIONS.organizations, tree.industryBranch.orgId, 'delivery');
    return { rider, clerk, other };
  }

  it('old values read as their section before the job has run, and the industry suggestion still matches', async () => {
    const { rider } = await seedLegacy();
    const me = await h.ok('m_rider', 'session.me', {});
    expect(me.member?.industry).toBe('G');
    expect(me.member).toMatchObject({ memberId: rider.memberId });
    const branch = await h.ok('m_rider', 'org.get', { orgId: tree.industryBranch.orgId });
    expect(branch.industry).toBe('G');
    const { suggestions } = await h.ok('m_rider', 'checkin.suggest', {});
    expect(suggestions.filter((s) => s.reason === 'industry').map((s) => s.branch.name)).toEqual(['快递外卖行业流动党员党支部']);
  });

  it('the job rewrites every old value to its section once, in resumable chunks', async () => {
    const { rider, clerk, other } = await seedLegacy();
    const oneChunk = oneChunkPerInvocation();
    const { invocations } = await runUntilComplete(h.deps, { jobs: [recordBackfills], chunkSize: 2, ...oneChunk });
    // Three members in chunks of two, then the organizations, then the messages: several invocations.
    expect(invocations).toBeGreaterThan(2);
    const members = await all<MemberRecord>(h.deps.store, COLLECTIONS.members);
    expect(Object.fromEntries(members.map((m) => [m._id, m.industry]))).toEqual({
      [rider.memberId]: 'G',
      [clerk.memberId]: 'F',
      [other.memberId]: 'O',
    });
    const orgs = await all<OrganizationRecord>(h.deps.store, COLLECTIONS.organizations);
    expect(orgs.find((org) => org._id === tree.industryBranch.orgId)?.industry).toBe('G');
    expect(orgs.filter((org) => org.industry !== null).map((org) => org.industry)).toEqual(['G']);

    const run = await h.deps.store.get(COLLECTIONS.jobRuns, 'record_backfills_2026-12');
    expect(run).toMatchObject({ created: 4, finishedAt: expect.any(String) });
    const again = await runJobs(h.deps, { jobs: [recordBackfills], deadline: Number.POSITIVE_INFINITY });
    expect(again.jobs).toEqual([expect.objectContaining({ status: 'already_finished', processed: 0 })]);
  });

  it('a chunk done twice writes nothing the second time', async () => {
    await seedLegacy();
    const ctx = {
      deps: h.deps,
      today: '2026-11-25',
      chunkSize: 100,
      concurrency: 2,
      log: () => undefined,
    } as unknown as Parameters<typeof recordBackfills.chunk>[0];
    const first = await recordBackfills.chunk(ctx, null);
    expect(first).toMatchObject({ done: false, processed: 3, created: 3, cursor: 'organizations:' });
    const versions = (await all(h.deps.store, COLLECTIONS.members)).map((m) => m.version);
    const repeated = await recordBackfills.chunk(ctx, null);
    expect(repeated).toMatchObject({ processed: 3, created: 0 });
    expect((await all(h.deps.store, COLLECTIONS.members)).map((m) => m.version)).toEqual(versions);
  });
});
