/**
 * Dissolving an organization into a successor (合并): the action marks it dissolved and ends its
 * posts, the repath job moves its members and their open business to the successor (and what is
 * below it under the successor), and its own history stays where it was. Killed half-way and run
 * again, it ends where one run does. On both stores.
 */
import { runAllJobs } from '../../server/jobs/run-all';
import type { ServiceDeps } from '../../server/services/context';
import type {
  ActivityRecord,
  CheckinRecord,
  MemberRecord,
  OrganizationRecord,
  PlacementRecord,
  ReportRecord,
  RoleRecord,
} from '../../server/services/records';
import { COLLECTIONS } from '../../server/store/indexes';
import {
  BACKENDS,
  type Harness,
  SUZHOU,
  SYSTEM_ADMIN,
  type Tree,
  nextRequestId,
  profile,
  registerMember,
} from '../support/harness';
import { refused } from '../support/journey-world';
import { ME, addActivity, openDraft, placedWorld, submitNow } from '../support/report-world';
import { KilledError, all, killedAfterUpdates } from './support';

jest.setTimeout(120_000);

const runToEnd = (deps: ServiceDeps) => runAllJobs(deps, { deadline: Number.POSITIVE_INFINITY, nightly: false, chunkSize: 2 });
const REASON = '两个支部合并';

describe.each(BACKENDS)('merging an organization on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;
  let reportId: string;
  let waitingCheckinId: string;
  let activityId: string;

  beforeEach(async () => {
    ({ h, tree, memberId, reportId } = await placedWorld(backend));
    await openDraft(h, memberId, '2026-Q3');
    activityId = (await addActivity(h, tree.branchA, '2026-09-05 19:00', 'general_meeting'))._id;
    await registerMember(h, 'm_merge_waiting', profile(tree.village.orgId, { name: '赵新来' }));
    waitingCheckinId = (await h.ok('m_merge_waiting', 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' })).checkinId;
  });
  afterEach(() => h.close());

  const get = <T extends object>(collection: string, id: string) => h.deps.store.get<T>(collection, id);
  const versionOf = async (orgId: string) => (await get<OrganizationRecord>(COLLECTIONS.organizations, orgId))?.version ?? 0;
  const dissolve = async (openid: string, orgId: string, successorId: string | null, requestId = nextRequestId()) =>
    h.call(openid, 'org.dissolve', { orgId, version: await versionOf(orgId), successorId, reason: REASON, requestId });

  it('moves branch A members and open business to branch B; its history stays; it takes no check-ins and its posts end', async () => {
    const answer = await dissolve(tree.people.cityAdmin, tree.branchA.orgId, tree.branchB.orgId);
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    expect(answer.data).toMatchObject({
      org: { orgId: tree.branchA.orgId, dissolved: { successor: { orgId: tree.branchB.orgId, name: '新桥社区第三党支部' } } },
      job: { kind: 'org_repath', status: 'queued' },
    });
    // At once: no check-ins, her posts ended with the reason.
    const submitted = await h.call(ME, 'checkin.submit', { orgId: tree.branchA.orgId, via: 'scan' });
    expect(submitted).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'ORG_DISSOLVED',
        message: expect.stringContaining('新桥社区第三党支部'),
        worded: true,
      }),
    });
    const secretaryPosts = await h.deps.store.find<RoleRecord>(COLLECTIONS.roles, {
      where: { orgId: tree.branchA.orgId },
      limit: 10,
    });
    expect(secretaryPosts.items.map((p) => [p.holderName, p.endReason])).toEqual([['李秀英', 'org_dissolved']]);

    await runToEnd(h.deps);
    const job = answer.data.job;
    expect(job && (await h.ok(tree.people.cityAdmin, 'job.get', { jobId: job.jobId }))).toMatchObject({ status: 'done' });

    const member = await get<MemberRecord>(COLLECTIONS.members, memberId);
    const branchB = await get<OrganizationRecord>(COLLECTIONS.organizations, tree.branchB.orgId);
    expect(member).toMatchObject({
      inflowBranchId: tree.branchB.orgId,
      inflowBranchName: '新桥社区第三党支部',
      inflowPath: branchB?.path,
    });
    expect(await get<CheckinRecord>(COLLECTIONS.checkins, waitingCheckinId)).toMatchObject({
      branchId: tree.branchB.orgId,
      branchPath: branchB?.path,
      status: 'pending',
    });
    expect(await get<ReportRecord>(COLLECTIONS.reports, reportId)).toMatchObject({
      branchId: tree.branchB.orgId,
      status: 'draft',
    });
    const placements = await all<PlacementRecord>(h.deps.store, COLLECTIONS.placements);
    expect(placements.filter((p) => p.endedOn === null).map((p) => p.branchId)).toEqual([tree.branchB.orgId]);
    // The branch's own life stays with it.
    expect(await get<ActivityRecord>(COLLECTIONS.activities, activityId)).toMatchObject({ branchId: tree.branchA.orgId });

    // Branch B's secretary now runs all of it; branch A answers as dissolved.
    const roster = await h.ok(tree.people.secretaryB, 'branch.members', { branchId: tree.branchB.orgId });
    expect(roster.items.map((m) => m.memberId)).toContain(memberId);
    const pending = await h.ok(tree.people.secretaryB, 'checkin.pending', { orgId: tree.branchB.orgId });
    expect(pending.items.map((c) => c.checkinId)).toEqual([waitingCheckinId]);
    expect(await h.ok(SYSTEM_ADMIN, 'org.get', { orgId: tree.branchA.orgId })).toMatchObject({
      dissolved: { on: '2026-10-01', successor: { orgId: tree.branchB.orgId } },
    });
    refused(await h.call(tree.people.secretaryA, 'branch.members', { branchId: tree.branchA.orgId }), 'NOT_FOUND');
  });

  it('the outflow village merged into another: members, reports and the inbox go to the successor', async () => {
    await submitNow(h, reportId, tree.people.secretaryA);
    const village2 = await h.ok(SYSTEM_ADMIN, 'org.create', {
      parentId: tree.home.orgId,
      name: '新港社区党支部',
      kind: 'branch',
      branchKind: 'community',
      region: { province: '江苏省', city: '泰州市', district: '靖江市' },
    });
    await h.ok(tree.people.homeAdmin, 'role.grant', {
      openid: 'test_village2_secretary',
      role: 'secretary',
      orgId: village2.orgId,
      holderName: '钱新港',
    });
    const answer = await dissolve(tree.people.homeAdmin, tree.village.orgId, village2.orgId);
    expect(answer.ok).toBe(true);
    await runToEnd(h.deps);
    expect(await get<MemberRecord>(COLLECTIONS.members, memberId)).toMatchObject({
      outflow: { orgId: village2.orgId, name: '新港社区党支部' },
    });
    expect(await get<ReportRecord>(COLLECTIONS.reports, reportId)).toMatchObject({
      outflowOrgId: village2.orgId,
      status: 'submitted',
    });
    const inbox = await h.ok('test_village2_secretary', 'report.inbox', { orgId: village2.orgId });
    expect(inbox.items.map((r) => r.reportId)).toEqual([reportId]);
    expect((await h.ok(tree.people.homeAdmin, 'report.inbox', { orgId: tree.home.orgId })).items.map((r) => r.reportId)).toEqual([
      reportId,
    ]);
    refused(await h.call(tree.people.villageSecretary, 'report.get', { reportId }), 'NOT_FOUND');
  });

  it('a committee merged into another: the organizations below move under the successor', async () => {
    const answer = await dissolve(tree.people.cityAdmin, tree.community.orgId, tree.chamber.orgId);
    expect(answer.ok).toBe(true);
    await runToEnd(h.deps);
    const chamber = await get<OrganizationRecord>(COLLECTIONS.organizations, tree.chamber.orgId);
    for (const branch of [tree.branchA, tree.branchB]) {
      expect(await get<OrganizationRecord>(COLLECTIONS.organizations, branch.orgId)).toMatchObject({
        parentId: tree.chamber.orgId,
        path: `${chamber?.path}${branch.orgId}/`,
      });
    }
    expect(await get<OrganizationRecord>(COLLECTIONS.organizations, tree.community.orgId)).toMatchObject({
      parentId: tree.city.orgId,
      path: `/${tree.city.orgId}/${tree.community.orgId}/`,
    });
    const children = await h.ok(tree.people.cityAdmin, 'org.children', { orgId: tree.chamber.orgId });
    expect(children.items.map((o) => o.orgId)).toEqual(expect.arrayContaining([tree.branchA.orgId, tree.branchB.orgId]));
    expect((await h.ok(tree.people.secretaryA, 'branch.members', { branchId: tree.branchA.orgId })).items).toHaveLength(1);
  });

  it('killed half-way and run again, ends exactly where one run ends', async () => {
    const answer = await dissolve(tree.people.cityAdmin, tree.branchA.orgId, tree.branchB.orgId);
    expect(answer.ok).toBe(true);
    for (const n of [2, 3, 2, 3, 2, 3, 2, 3]) {
      await expect(runToEnd({ ...h.deps, store: killedAfterUpdates(h.deps.store, n) })).rejects.toBeInstanceOf(KilledError);
    }
    await runToEnd(h.deps);
    // Progress ends at the whole count, though the redone chunks found fewer records left to rewrite.
    const job = answer.ok ? answer.data.job : null;
    const finished = job ? await h.ok(tree.people.cityAdmin, 'job.get', { jobId: job.jobId }) : null;
    expect(finished).toMatchObject({ status: 'done', processed: finished?.total });
    expect(finished?.total).toBeGreaterThan(0);
    const branchB = await get<OrganizationRecord>(COLLECTIONS.organizations, tree.branchB.orgId);
    const members = await all<MemberRecord>(h.deps.store, COLLECTIONS.members);
    expect(members.filter((m) => m.inflowBranchId !== null).map((m) => [m.inflowBranchId, m.inflowPath])).toEqual([
      [tree.branchB.orgId, branchB?.path],
    ]);
    const checkins = await all<CheckinRecord>(h.deps.store, COLLECTIONS.checkins);
    expect(checkins.filter((c) => c.status === 'pending').map((c) => c.branchId)).toEqual([tree.branchB.orgId]);
    expect(checkins.filter((c) => c.status === 'approved').map((c) => c.branchId)).toEqual([tree.branchA.orgId]);
  });

  it('needs a successor while anything lives in it, checks the successor, and answers a retry as the first', async () => {
    const state = async () => [
      await all(h.deps.store, COLLECTIONS.organizations),
      await all(h.deps.store, COLLECTIONS.jobRequests),
      await all(h.deps.store, COLLECTIONS.roles),
    ];
    const before = await state();
    refused(await dissolve(tree.people.cityAdmin, tree.branchA.orgId, null), 'BAD_REQUEST', 'successorId');
    refused(await dissolve(tree.people.cityAdmin, tree.branchA.orgId, tree.community.orgId), 'BAD_REQUEST', 'successorId');
    refused(await dissolve(tree.people.cityAdmin, tree.community.orgId, tree.branchB.orgId), 'BAD_REQUEST', 'successorId');
    refused(await dissolve(tree.people.cityAdmin, tree.community.orgId, tree.community.orgId), 'BAD_REQUEST', 'successorId');
    refused(await dissolve(tree.people.cityAdmin, tree.branchA.orgId, tree.village.orgId), 'NOT_FOUND', 'successorId');
    refused(await dissolve(tree.people.secretaryA, tree.branchA.orgId, tree.branchB.orgId), 'FORBIDDEN');
    refused(await dissolve(tree.people.homeAdmin, tree.branchA.orgId, tree.branchB.orgId), 'NOT_FOUND', 'orgId');
    refused(
      await h.call(tree.people.cityAdmin, 'org.dissolve', {
        orgId: tree.branchA.orgId,
        version: 1,
        successorId: tree.branchB.orgId,
        reason: '',
        requestId: nextRequestId(),
      }),
      'BAD_REQUEST',
      'reason',
    );
    expect(await state()).toEqual(before);

    const requestId = nextRequestId();
    const version = await versionOf(tree.branchA.orgId);
    const input = { orgId: tree.branchA.orgId, version, successorId: tree.branchB.orgId, reason: REASON, requestId };
    const first = await h.ok(tree.people.cityAdmin, 'org.dissolve', input);
    expect(await h.ok(tree.people.cityAdmin, 'org.dissolve', input)).toEqual(first);
    // Another admin who saw the same version loses.
    refused(await h.call(SYSTEM_ADMIN, 'org.dissolve', { ...input, requestId: nextRequestId() }), 'CONFLICT');
    expect(await h.deps.store.count(COLLECTIONS.jobRequests, {})).toBe(1);
    // Nothing new goes to a dissolved organization.
    refused(
      await h.call(tree.people.cityAdmin, 'org.update', {
        orgId: tree.branchA.orgId,
        version: first.org.version,
        changes: { name: '改名' },
      }),
      'ORG_DISSOLVED',
    );
    refused(
      await h.call(tree.people.cityAdmin, 'role.grant', {
        openid: 'test_new_sec',
        role: 'secretary',
        orgId: tree.branchA.orgId,
        holderName: '新书记',
      }),
      'ORG_DISSOLVED',
    );
    refused(await h.call(SYSTEM_ADMIN, 'checkin.resolveCode', { scene: `b=${tree.branchA.orgId}` }), 'ORG_DISSOLVED', 'scene');
  });

  it('an empty organization is dissolved at once without a successor or a job', async () => {
    const answer = await dissolve(tree.people.cityAdmin, tree.industryBranch.orgId, null);
    expect(answer).toEqual({ ok: true, data: expect.objectContaining({ job: null }) });
    const posts = await h.ok(tree.people.cityAdmin, 'post.list', { orgId: tree.city.orgId });
    expect(posts.items.every((p) => p.org.orgId !== tree.industryBranch.orgId)).toBe(true);
    const committee = await h.ok(tree.people.cityAdmin, 'org.create', {
      parentId: tree.city.orgId,
      name: '临时党委',
      kind: 'committee',
      region: SUZHOU,
    });
    expect((await dissolve(tree.people.cityAdmin, committee.orgId, null)).ok).toBe(true);
    refused(
      await h.call(SYSTEM_ADMIN, 'org.create', {
        parentId: committee.orgId,
        name: '下级支部',
        kind: 'branch',
        branchKind: 'community',
        region: SUZHOU,
      }),
      'ORG_DISSOLVED',
      'parentId',
    );
  });
});
