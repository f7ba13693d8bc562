import { memberExport } from '../server/jobs/member-export';
import { orgFigures } from '../server/jobs/org-figures';
import { runRequestedJobs } from '../server/jobs/requested-jobs';
import { runJobs } from '../server/jobs/run-jobs';
import { COLLECTIONS } from '../server/store/indexes';
import { deskCall, signInDesk } from './support/desk';
import { type Harness, SYSTEM_ADMIN, type Tree, createHarness, placeMember, seedTree } from './support/harness';
import {
  PEOPLE,
  type Person,
  type PermissionRow,
  type PermissionWorld,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may read the figures of a subtree, the members behind one, export a subtree and follow or
 * download an export: every row an action, every column a person in the tree. The figures and
 * exports of an organization are for those who manage it (a secretary their branch, an admin
 * theirs and below); an export is followed and downloaded by its asker or an admin above. Anyone
 * else gets the answer a missing organization or export gets, and nothing changes.
 */

const MEMBER = 'm_member_self';
const MEMBER_B = 'm_member_branch_b';

interface World extends PermissionWorld<Person> {
  /** The city admin's export of branch A, finished. */
  exportId: string;
}

/** The tree, two placed members, the night's figures and the city admin's finished export of branch A. */
async function populate(): Promise<{ h: Harness; tree: Tree; exportId: string }> {
  const h = await createHarness();
  const tree = await seedTree(h);
  await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '李强' });
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId, { name: '孙丽' });
  await runJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, jobs: [orgFigures] });
  const started = await h.ok(tree.people.cityAdmin, 'export.start', {
    orgId: tree.branchA.orgId,
    purpose: 'national_system',
    requestId: 'export-of-branch-a',
  });
  await runRequestedJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, kinds: [memberExport] });
  return { h, tree, exportId: started.jobId };
}

async function world(): Promise<World> {
  const populated = await populate();
  return { ...populated, openid: openidsOf(populated.tree, { self: MEMBER, memberB: MEMBER_B }) };
}

const all = async (w: { h: Harness }, collection: string) =>
  (await w.h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
/** What any of these actions may write: requests for work, and audit records. */
const fingerprint = async (w: { h: Harness }) => ({
  jobs: await all(w, COLLECTIONS.jobRequests),
  audit: await all(w, COLLECTIONS.auditLog),
  figures: await all(w, COLLECTIONS.orgFigures),
});

type Row = PermissionRow<World>;

const BRANCH_A: Person[] = ['secretaryA', 'cityAdmin', 'systemAdmin'];
const VILLAGE: Person[] = ['villageSecretary', 'homeAdmin', 'systemAdmin'];
const ASKER_OR_ABOVE: Person[] = ['cityAdmin', 'systemAdmin'];

const ROWS: Row[] = [
  {
    name: 'figures.get of branch A',
    allowed: BRANCH_A,
    run: (w, openid) => w.h.call(openid, 'figures.get', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'figures.get of the village (the outflow side)',
    allowed: VILLAGE,
    run: (w, openid) => w.h.call(openid, 'figures.get', { orgId: w.tree.village.orgId }),
  },
  {
    name: 'figures.members placed in branch A',
    allowed: BRANCH_A,
    run: (w, openid) => w.h.call(openid, 'figures.members', { orgId: w.tree.branchA.orgId, figure: 'placed' }),
  },
  {
    name: 'export.start of branch A (工作名单)',
    allowed: BRANCH_A,
    run: (w, openid) =>
      w.h.call(openid, 'export.start', { orgId: w.tree.branchA.orgId, purpose: 'work_list', requestId: 'export-table-1' }),
  },
  {
    name: 'export.start of the village (上报全国系统)',
    allowed: VILLAGE,
    run: (w, openid) =>
      w.h.call(openid, 'export.start', {
        orgId: w.tree.village.orgId,
        purpose: 'national_system',
        requestId: 'export-table-2',
      }),
  },
  {
    name: "export.get of the city admin's export of branch A",
    allowed: ASKER_OR_ABOVE,
    run: (w, openid) => w.h.call(openid, 'export.get', { jobId: w.exportId }),
  },
  {
    name: "file.download of the city admin's export of branch A",
    allowed: ASKER_OR_ABOVE,
    run: (w, openid) => w.h.call(openid, 'file.download', { jobId: w.exportId, part: 0 }),
  },
];

describePermissionTable({ rows: ROWS, people: PEOPLE, world, state: fingerprint, refusals: ['NOT_FOUND'] });

// ---- at the desk: a session does what its official may, and an ended one nothing -----------------

const DESKS = ['deskSecretaryA', 'deskCityAdmin', 'deskHomeAdmin', 'deskSystemAdmin', 'deskCityAdminEnded'] as const;
type Desk = (typeof DESKS)[number];

/** `openid(desk)` is the desk's session id: what the platform vouches for at the desk. */
type DeskWorld = PermissionWorld<Desk> & { exportId: string };

async function deskWorld(): Promise<DeskWorld> {
  const { h, tree, exportId } = await populate();
  const p = tree.people;
  const sessions: Record<Desk, string> = {
    deskSecretaryA: (await signInDesk(h, p.secretaryA)).sessionId,
    deskCityAdmin: (await signInDesk(h, p.cityAdmin)).sessionId,
    deskHomeAdmin: (await signInDesk(h, p.homeAdmin)).sessionId,
    deskSystemAdmin: (await signInDesk(h, SYSTEM_ADMIN)).sessionId,
    deskCityAdminEnded: (await signInDesk(h, p.cityAdmin)).sessionId,
  };
  await h.ok(p.cityAdmin, 'desk.endSession', { sessionId: sessions.deskCityAdminEnded });
  return { h, tree, exportId, openid: (desk) => sessions[desk] };
}

const DESK_BRANCH_A: Desk[] = ['deskSecretaryA', 'deskCityAdmin', 'deskSystemAdmin'];

const DESK_ROWS: PermissionRow<DeskWorld, Desk>[] = [
  {
    name: 'figures.get of branch A',
    allowed: DESK_BRANCH_A,
    run: (w, sessionId) => deskCall(w.h, sessionId, 'figures.get', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'figures.members placed in branch A',
    allowed: DESK_BRANCH_A,
    run: (w, sessionId) => deskCall(w.h, sessionId, 'figures.members', { orgId: w.tree.branchA.orgId, figure: 'placed' }),
  },
  {
    name: 'export.start of branch A (上报全国系统)',
    allowed: DESK_BRANCH_A,
    run: (w, sessionId) =>
      deskCall(w.h, sessionId, 'export.start', {
        orgId: w.tree.branchA.orgId,
        purpose: 'national_system',
        requestId: 'export-desk-1',
      }),
  },
  {
    name: "export.get of the city admin's export (asked on the phone, followed at the desk)",
    allowed: ['deskCityAdmin', 'deskSystemAdmin'],
    run: (w, sessionId) => deskCall(w.h, sessionId, 'export.get', { jobId: w.exportId }),
  },
  {
    name: "file.download of the city admin's export",
    allowed: ['deskCityAdmin', 'deskSystemAdmin'],
    run: (w, sessionId) => deskCall(w.h, sessionId, 'file.download', { jobId: w.exportId, part: 0 }),
  },
];

describe('at the desk', () => {
  describePermissionTable({
    rows: DESK_ROWS,
    people: DESKS,
    world: deskWorld,
    state: fingerprint,
    refusals: ['NOT_FOUND', 'UNAUTHENTICATED'],
  });
});
