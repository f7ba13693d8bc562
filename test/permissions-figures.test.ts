import { memberExport } from '../server/jobs/member-export';
import { orgFigures } from '../server/jobs/org-figures';
import { runRequestedJobs } from '../server/jobs/requested-jobs';
import { runJobs } from '../server/jobs/run-jobs';
import { COLLECTIONS } from '../server/store/indexes';
import { createHarness, placeMember, seedTree } from './support/harness';
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

async function world(): Promise<World> {
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
  return { h, tree, exportId: started.jobId, openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }) };
}

const all = async (w: World, collection: string) => (await w.h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
/** What any of these actions may write: requests for work, and audit records. */
const fingerprint = async (w: World) => ({
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
