import { createHash } from 'node:crypto';
import type { ActionInput, ToFindView } from '../server/contract';
import { demoIdCard } from '../server/dev/demo-data';
import { runAllJobs } from '../server/jobs/run-all';
import { COLLECTIONS } from '../server/store/indexes';
import { all } from './jobs/support';
import { fromDesk, fromDeskOk, uploadFile } from './support/desk-imports';
import { createHarness, placeMember, seedTree } from './support/harness';
import {
  PEOPLE,
  type Person,
  type PermissionRow,
  type PermissionWorld,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';
import { xlsxOf } from './support/sheets';

/**
 * Who may upload, import and work the 待找 records: uploads and imports are desk work for an
 * organization's admins (from the phone nobody may), into what they administer; a 待找 record is
 * the business of the organization it is assigned to (here branch A). Everyone else is refused
 * and nothing changes.
 */

const MEMBER = 'm_imports_self';
const MEMBER_B = 'm_imports_branch_b';
const UPLOAD_ID = 'up-permissions-1';

const HEADER = ['姓名', '公民身份号码', '流出党组织', '外出流向(省)', '外出流向(市)', '外出流向(县)', '外出日期', '外出原因'];
const row = (n: number) => [
  `待找党员${n}`,
  demoIdCard('340822', '1990-01-02', n),
  '定远县某村党支部',
  '江苏省',
  '苏州市',
  '姑苏区',
  '2026-05-01',
  '务工经商',
];

interface World extends PermissionWorld<Person> {
  /** Assigned to branch A. */
  toFind: ToFindView;
  importId: string;
}

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  await placeMember(h, tree, MEMBER, tree.branchA.orgId);
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId);
  const list = await xlsxOf([HEADER, row(1), row(2)]);
  const uploadId = await uploadFile(h, tree.people.cityAdmin, list, { uploadId: 'up-world-0001' });
  const outcome = await fromDeskOk(h, tree.people.cityAdmin, 'import.movementList', {
    orgId: tree.city.orgId,
    uploadId,
    month: '2026-11',
  });
  if (outcome.status !== 'accepted') throw new Error('the world list was refused');
  await runAllJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, nightly: false });
  const [first] = (await h.ok(tree.people.cityAdmin, 'toFind.list', { orgId: tree.city.orgId })).items;
  const toFind = await h.ok(tree.people.cityAdmin, 'toFind.assign', {
    toFindId: first.toFindId,
    version: first.version,
    orgId: tree.branchA.orgId,
  });
  return { h, tree, toFind, importId: outcome.import.importId, openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B }) };
}

const state = async (w: World) => ({
  toFind: await all(w.h.deps.store, COLLECTIONS.toFind),
  imports: await all(w.h.deps.store, COLLECTIONS.imports),
  jobs: await all(w.h.deps.store, COLLECTIONS.jobRequests),
  organizations: await w.h.deps.store.count(COLLECTIONS.organizations, {}),
  files: (await w.h.deps.files.list('', { limit: 100 })).items.length,
});

const ADMINS: Person[] = ['cityAdmin', 'homeAdmin', 'otherHomeAdmin', 'systemAdmin'];
const CITY: Person[] = ['cityAdmin', 'systemAdmin'];
const BRANCH_A: Person[] = ['secretaryA', 'cityAdmin', 'systemAdmin'];

const part = (content: Buffer, uploadId: string): ActionInput<'file.uploadPart'> => ({
  uploadId,
  fileName: '名单.xlsx',
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  totalSize: content.length,
  sha256: createHash('sha256').update(content).digest('hex'),
  partCount: 1,
  partNumber: 0,
  data: content.toString('base64'),
});

/** Every admin holds the same new file under the same upload id, so only the import's own rule decides. */
const uploadsForAdmins = async (w: World, content: Buffer) => {
  for (const person of ADMINS) await fromDeskOk(w.h, w.openid(person), 'file.uploadPart', part(content, UPLOAD_ID));
};

type Row = PermissionRow<World>;

const ROWS: Row[] = [
  {
    name: 'file.uploadPart from the desk: any organization admin',
    allowed: ADMINS,
    run: async (w, openid) => fromDesk(w.h, openid, 'file.uploadPart', part(await xlsxOf([HEADER, row(9)]), 'up-new-file-01')),
    state: async (w) => ({ uploads: await all(w.h.deps.store, COLLECTIONS.uploads), files: await state(w) }),
  },
  {
    name: 'file.uploadPart from the phone: nobody',
    allowed: [],
    run: async (w, openid) => w.h.call(openid, 'file.uploadPart', part(await xlsxOf([HEADER, row(9)]), 'up-new-file-02')),
    state: async (w) => ({ uploads: await all(w.h.deps.store, COLLECTIONS.uploads), files: await state(w) }),
  },
  {
    name: 'import.movementList into the city from the desk',
    allowed: CITY,
    setup: async (w) => uploadsForAdmins(w, await xlsxOf([HEADER, row(3)])),
    run: (w, openid) =>
      fromDesk(w.h, openid, 'import.movementList', { orgId: w.tree.city.orgId, uploadId: UPLOAD_ID, month: '2026-11' }),
  },
  {
    name: 'import.movementList from the phone: nobody',
    allowed: [],
    run: (w, openid) =>
      w.h.call(openid, 'import.movementList', { orgId: w.tree.city.orgId, uploadId: UPLOAD_ID, month: '2026-11' }),
  },
  {
    name: 'import.orgTree into the city from the desk',
    allowed: CITY,
    setup: async (w) =>
      uploadsForAdmins(
        w,
        await xlsxOf([
          ['组织名称', '上级组织', '组织类别', '所在省', '所在市', '所在县(区)'],
          ['平江街道党工委', '中共苏州市姑苏区委员会', '党委', '江苏省', '苏州市', '姑苏区'],
        ]),
      ),
    run: (w, openid) => fromDesk(w.h, openid, 'import.orgTree', { orgId: w.tree.city.orgId, uploadId: UPLOAD_ID }),
  },
  {
    name: "import.get of the city admin's import",
    allowed: CITY,
    run: (w, openid) => fromDesk(w.h, openid, 'import.get', { importId: w.importId }),
  },
  {
    name: 'toFind.list of branch A',
    allowed: BRANCH_A,
    run: (w, openid) => w.h.call(openid, 'toFind.list', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'toFind.list of the city',
    allowed: CITY,
    run: (w, openid) => w.h.call(openid, 'toFind.list', { orgId: w.tree.city.orgId }),
  },
  {
    name: 'toFind.list of branch A from the desk',
    allowed: BRANCH_A,
    run: (w, openid) => fromDesk(w.h, openid, 'toFind.list', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'toFind.assign of a record of branch A to branch A again (admins only)',
    allowed: CITY,
    run: (w, openid) =>
      w.h.call(openid, 'toFind.assign', { toFindId: w.toFind.toFindId, version: w.toFind.version, orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'toFind.visit of a record of branch A',
    allowed: BRANCH_A,
    run: (w, openid) =>
      w.h.call(openid, 'toFind.visit', {
        toFindId: w.toFind.toFindId,
        version: w.toFind.version,
        outcome: 'found',
        visitedOn: '2026-11-24',
        note: '已请其扫码报到',
      }),
  },
];

describePermissionTable({
  rows: ROWS,
  people: PEOPLE,
  world,
  state,
  refusals: ['FORBIDDEN', 'NOT_FOUND'],
});
