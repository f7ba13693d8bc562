import type { Harness, Tree } from './support/harness';
import { demoIdCard } from '../server/dev/demo-data';
import { runAllJobs } from '../server/jobs/run-all';
import { COLLECTIONS } from '../server/store/indexes';
import { fromDesk, fromDeskOk, uploadFile } from './support/desk-imports';
import { createHarness, seedTree } from './support/harness';
import { missingLike } from './support/not-yours-world';
import { type NotYoursRow, describeNotYoursTable, openidsOf } from './support/permission-table';
import { xlsxOf } from './support/sheets';

/**
 * The imports' and 待找 records' ids, asked about by people who may not see them: an import is
 * its organization's admins' business, a 待找 record its organization's (here branch A, below
 * the city). Each answer is the answer for an id that names nothing, and nothing changes.
 */

const CALLERS = ['secretaryB', 'hometownSecretary', 'homeAdmin', 'villageSecretary', 'otherHomeAdmin'] as const;
type Caller = (typeof CALLERS)[number];

interface World {
  h: Harness;
  tree: Tree;
  openid(caller: Caller): string;
  importId: string;
  toFindId: string;
  version: number;
}

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  const header = ['姓名', '公民身份号码', '流出党组织', '外出流向(省)', '外出流向(市)', '外出流向(县)', '外出日期', '外出原因'];
  const list = await xlsxOf([
    header,
    ['陈待找', demoIdCard('340822', '1991-03-04', 5), '定远县某村党支部', '江苏省', '苏州市', '姑苏区', '2026-04', '务工经商'],
  ]);
  const uploadId = await uploadFile(h, tree.people.cityAdmin, list);
  const outcome = await fromDeskOk(h, tree.people.cityAdmin, 'import.movementList', {
    orgId: tree.city.orgId,
    uploadId,
    month: '2026-11',
  });
  if (outcome.status !== 'accepted') throw new Error('refused');
  await runAllJobs(h.deps, { deadline: Number.POSITIVE_INFINITY, nightly: false });
  const [record] = (await h.ok(tree.people.cityAdmin, 'toFind.list', { orgId: tree.city.orgId })).items;
  const assigned = await h.ok(tree.people.cityAdmin, 'toFind.assign', {
    toFindId: record.toFindId,
    version: record.version,
    orgId: tree.branchA.orgId,
  });
  const people = openidsOf(tree, {});
  return {
    h,
    tree,
    openid: (caller) => people(caller),
    importId: outcome.import.importId,
    toFindId: assigned.toFindId,
    version: assigned.version,
  };
}

async function state(w: World): Promise<unknown> {
  return {
    toFind: (await w.h.deps.store.find(COLLECTIONS.toFind, { where: {}, limit: 100 })).items,
    imports: (await w.h.deps.store.find(COLLECTIONS.imports, { where: {}, limit: 100 })).items,
  };
}

const ROWS: NotYoursRow<World, Caller>[] = [
  {
    name: 'import.get from the desk',
    id: (w) => w.importId,
    run: (w, openid, importId) => fromDesk(w.h, openid, 'import.get', { importId }),
  },
  {
    name: 'toFind.visit',
    id: (w) => w.toFindId,
    run: (w, openid, toFindId) =>
      w.h.call(openid, 'toFind.visit', { toFindId, version: w.version, outcome: 'found', visitedOn: '2026-11-24', note: '' }),
  },
  {
    name: 'toFind.assign',
    id: (w) => w.toFindId,
    run: (w, openid, toFindId) =>
      w.h.call(openid, 'toFind.assign', { toFindId, version: w.version, orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'toFind.list of branch A',
    id: (w) => w.tree.branchA.orgId,
    run: (w, openid, orgId) => w.h.call(openid, 'toFind.list', { orgId }),
  },
];

describeNotYoursTable({ rows: ROWS, callers: CALLERS, world, missing: missingLike, state });
