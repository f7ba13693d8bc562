/**
 * The desk's imports on both stores: a file sent in parts, the tree and the movement list
 * validated whole (a bad row and nothing is written), applied by the jobs in resumable chunks,
 * killed after each chunk and resumed without a row twice or a row missed, imported again
 * without a change; the 待找 records, their visit, and the member who registers later.
 */
import { createHash } from 'node:crypto';
import type { ActionInput, ImportOutcome } from '../../server/contract';
import { demoIdCard } from '../../server/dev/demo-data';
import { maskIdCard } from '../../server/lib/pii';
import { runAllJobs } from '../../server/jobs/run-all';
import { IMPORT_BATCH_ROWS } from '../../server/services/imports';
import type { ServiceDeps } from '../../server/services/context';
import type { OrganizationRecord, ToFindRecord } from '../../server/services/records';
import { toFindIdFor } from '../../server/services/to-find';
import { COLLECTIONS } from '../../server/store/indexes';
import { KilledError, all, killedAfter, killedAfterInserts } from '../jobs/support';
import { fromDesk, fromDeskOk, uploadFile } from '../support/desk-imports';
import { BACKENDS, type Harness, type Tree, createHarness, profile, registerMember, seedTree } from '../support/harness';
import { csvOf, xlsxOf } from '../support/sheets';

jest.setTimeout(180_000);

const TREE_HEADER = [
  '组织名称',
  '上级组织',
  '组织类别',
  '支部类型',
  '所在省',
  '所在市',
  '所在县(区)',
  '家乡省',
  '家乡市',
  '行业',
  '联系方式',
];
const MOVEMENT_HEADER = [
  '姓名',
  '公民身份号码',
  '性别',
  '流出党组织',
  '外出流向(省)',
  '外出流向(市)',
  '外出流向(县)',
  '外出日期',
  '外出原因',
  '联系电话',
];

const idCardOf = (n: number) => demoIdCard('340822', '1988-05-06', n);
function movementRow(n: number, overrides: Partial<Record<(typeof MOVEMENT_HEADER)[number], string>> = {}): string[] {
  const row: Record<string, string> = {
    姓名: `流动党员${n}`,
    公民身份号码: idCardOf(n),
    性别: '男',
    流出党组织: '中共定远县某村支部委员会',
    '外出流向(省)': '江苏省',
    '外出流向(市)': '苏州市',
    '外出流向(县)': '姑苏区',
    外出日期: '2026-03-05',
    外出原因: '务工经商',
    联系电话: '13905230000',
    ...overrides,
  };
  return MOVEMENT_HEADER.map((column) => row[column]);
}

const run = (deps: ServiceDeps) => runAllJobs(deps, { deadline: Number.POSITIVE_INFINITY, nightly: false, concurrency: 4 });

function accepted(outcome: ImportOutcome) {
  if (outcome.status !== 'accepted') throw new Error(`import refused: ${JSON.stringify(outcome)}`);
  return outcome.import;
}

/** What an import leaves behind, comparable across harnesses: every 待找 record without its times. */
async function toFindState(h: Harness) {
  const records = await all<ToFindRecord>(h.deps.store, COLLECTIONS.toFind);
  return records
    .map((doc) => ({
      id: doc._id,
      status: doc.status,
      month: doc.month,
      name: doc.listed.name,
      idCardMasked: doc.listed.idCardMasked,
      orgName: doc.orgName,
      memberId: doc.memberId,
      version: doc.version,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe.each(BACKENDS)('imports on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
  });
  afterEach(() => h.close());

  const cityAdmin = () => tree.people.cityAdmin;

  describe('uploading in parts', () => {
    it('takes the parts in any order, a part sent again harmlessly, and checks the whole when the last is in', async () => {
      const content = Buffer.from('组织名称,上级组织\n'.repeat(40), 'utf8');
      const sha256 = createHash('sha256').update(content).digest('hex');
      const part = (partNumber: number): ActionInput<'file.uploadPart'> => ({
        uploadId: 'up-parts-0001',
        fileName: '组织树.csv',
        contentType: 'text/csv',
        totalSize: content.length,
        sha256,
        partCount: 3,
        partNumber,
        data: content.subarray(partNumber * 400, (partNumber + 1) * 400).toString('base64'),
      });
      expect(await fromDeskOk(h, cityAdmin(), 'file.uploadPart', part(2))).toMatchObject({ receivedParts: 1, complete: false });
      expect(await fromDeskOk(h, cityAdmin(), 'file.uploadPart', part(2))).toMatchObject({ receivedParts: 1, complete: false });
      expect(await fromDeskOk(h, cityAdmin(), 'file.uploadPart', part(0))).toMatchObject({ receivedParts: 2, complete: false });
      expect(await fromDeskOk(h, cityAdmin(), 'file.uploadPart', part(1))).toMatchObject({ receivedParts: 3, complete: true });
      // After completion a retried part answers the same, and the file is in the FileStore once.
      expect(await fromDeskOk(h, cityAdmin(), 'file.uploadPart', part(0))).toMatchObject({ complete: true });
      const listed = await h.deps.files.list('uploads/', { limit: 10 });
      expect(listed.items.map((file) => [file.size, file.sha256])).toEqual([[content.length, sha256]]);
    });

    it('refuses the phone, a secretary, a changed part and a file that does not match its checksum', async () => {
      const content = Buffer.from('a,b\n1,2\n');
      const input: ActionInput<'file.uploadPart'> = {
        uploadId: 'up-refused-01',
        fileName: 'x.csv',
        contentType: 'text/csv',
        totalSize: content.length,
        sha256: createHash('sha256').update('something else').digest('hex'),
        partCount: 1,
        partNumber: 0,
        data: content.toString('base64'),
      };
      const phone = await h.call(cityAdmin(), 'file.uploadPart', input);
      expect(phone).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
      const secretary = await fromDesk(h, tree.people.secretaryA, 'file.uploadPart', input);
      expect(secretary).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
      expect(await h.deps.store.count(COLLECTIONS.uploads, {})).toBe(0);

      expect(await fromDesk(h, cityAdmin(), 'file.uploadPart', input)).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'sha256' }),
      });
      expect((await h.deps.files.list('uploads/', { limit: 10 })).items).toEqual([]);
      const changed = await fromDesk(h, cityAdmin(), 'file.uploadPart', {
        ...input,
        data: Buffer.from('a,c\n1,2\n').toString('base64'),
      });
      expect(changed).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT', field: 'data' }) });
    });
  });

  describe('the organization tree', () => {
    const good = [
      TREE_HEADER,
      ['平江街道党工委', '中共苏州市姑苏区委员会', '党委', '', '江苏省', '苏州市', '姑苏区', '', '', '', '王主任 0512-65230000'],
      ['平江社区党委', '平江街道党工委', '党委', '', '江苏省', '苏州市', '姑苏区', '', '', '', ''],
      ['平江社区第一党支部', '平江社区党委', '社区党支部', '', '江苏省', '苏州市', '姑苏区', '', '', '', ''],
      [
        '定远县驻苏州流动党员党支部',
        '平江街道党工委',
        '党支部',
        '流动党员',
        '江苏省',
        '苏州市',
        '姑苏区',
        '安徽省',
        '滁州市',
        '',
        '',
      ],
      ['网约车行业党支部', '新桥社区党委', '行业党支部', '', '江苏省', '苏州市', '姑苏区', '', '', 'G', ''],
    ];

    it('validates every row first: with a bad row nothing is imported, and the report names each row, column and why', async () => {
      const bad = [
        ...good.slice(0, 3),
        ['第二支部', '不存在的组织', '党支部', '社区', '江苏省', '苏州市', '姑苏区', '', '', '', ''],
        ['平江社区党委', '平江街道党工委', '党委', '', '江苏省', '苏州市', '姑苏区', '', '', '', ''],
        ['快递支部', '新桥社区第一党支部', '行业党支部', '', '江苏省', '苏州市', '', '', '', 'Z', ''],
        ['越界支部', '中共靖江市委员会', '社区党支部', '', '江苏省', '泰州市', '靖江市', '', '', '', ''],
      ];
      const before = await h.deps.store.count(COLLECTIONS.organizations, {});
      const uploadId = await uploadFile(h, cityAdmin(), csvOf(bad, { bom: true }), { fileName: '组织树.csv' });
      const outcome = await fromDeskOk(h, cityAdmin(), 'import.orgTree', { orgId: tree.city.orgId, uploadId });
      expect(outcome).toEqual({
        status: 'invalid',
        rows: 2,
        problemCount: 6,
        problems: [
          { row: 4, column: '上级组织', message: '在本组织及下级组织和前面的行里都找不到“不存在的组织”' },
          { row: 5, column: '组织名称', message: '与第 3 行重复：同一上级组织下已有“平江社区党委”' },
          { row: 6, column: '上级组织', message: '党支部下不能再建组织' },
          { row: 6, column: '所在县(区)', message: '所在县(区)不能为空' },
          { row: 6, column: '行业', message: '行业党支部需要填写行业：国民经济行业分类门类字母 A–T 或门类名称' },
          { row: 7, column: '上级组织', message: '在本组织及下级组织和前面的行里都找不到“中共靖江市委员会”' },
        ],
      });
      expect(await h.deps.store.count(COLLECTIONS.organizations, {})).toBe(before);
      expect(await h.deps.store.count(COLLECTIONS.imports, {})).toBe(0);
      expect(await h.deps.store.count(COLLECTIONS.importBatches, {})).toBe(0);
      expect(await h.deps.store.count(COLLECTIONS.jobRequests, {})).toBe(0);
    });

    it('imports a good file through the job, and the same file again changes nothing', async () => {
      const content = await xlsxOf(good);
      const uploadId = await uploadFile(h, cityAdmin(), content);
      const first = accepted(await fromDeskOk(h, cityAdmin(), 'import.orgTree', { orgId: tree.city.orgId, uploadId }));
      expect(first).toMatchObject({ kind: 'org_tree', rows: 5, job: { status: 'queued' } });
      await run(h.deps);
      const done = await fromDeskOk(h, cityAdmin(), 'import.get', { importId: first.importId });
      expect(done).toMatchObject({ job: { status: 'done', processed: 5, total: 5 }, tally: { created: 5, unchanged: 0 } });

      const orgs = await all<OrganizationRecord>(h.deps.store, COLLECTIONS.organizations);
      const named = (name: string) => orgs.find((org) => org.name === name);
      const street = named('平江街道党工委');
      const branch = named('平江社区第一党支部');
      expect(street).toMatchObject({ kind: 'committee', parentId: tree.city.orgId, contact: '王主任 0512-65230000' });
      expect(branch).toMatchObject({
        kind: 'branch',
        branchKind: 'community',
        path: `${named('平江社区党委')?.path}${branch?._id}/`,
      });
      expect(named('定远县驻苏州流动党员党支部')).toMatchObject({
        branchKind: 'hometown',
        hometown: { province: '安徽省', city: '滁州市' },
      });
      expect(named('网约车行业党支部')).toMatchObject({ branchKind: 'industry', industry: 'G', parentId: tree.community.orgId });
      // The organizations work like any other: the city admin finds the new branch's parent.
      expect((await h.ok(cityAdmin(), 'org.get', { orgId: branch?._id ?? '' })).parentId).toBe(named('平江社区党委')?._id);

      const count = await h.deps.store.count(COLLECTIONS.organizations, {});
      const again = await uploadFile(h, cityAdmin(), content, { uploadId: 'up-tree-again-01' });
      const second = accepted(await fromDeskOk(h, cityAdmin(), 'import.orgTree', { orgId: tree.city.orgId, uploadId: again }));
      expect(second.importId).toBe(first.importId);
      // Another file naming the same organizations under the same parents makes nothing new either.
      const rewritten = await uploadFile(h, cityAdmin(), csvOf(good), { fileName: '组织树.csv' });
      const third = accepted(await fromDeskOk(h, cityAdmin(), 'import.orgTree', { orgId: tree.city.orgId, uploadId: rewritten }));
      await run(h.deps);
      expect((await fromDeskOk(h, cityAdmin(), 'import.get', { importId: third.importId })).tally).toEqual({
        created: 0,
        unchanged: 5,
      });
      expect(await h.deps.store.count(COLLECTIONS.organizations, {})).toBe(count);
    });
  });

  describe('组织找党员: the movement list', () => {
    async function importList(rows: string[][], month: string, uploadId?: string) {
      const content = await xlsxOf([MOVEMENT_HEADER, ...rows]);
      const id = await uploadFile(h, cityAdmin(), content, uploadId ? { uploadId } : {});
      return fromDeskOk(h, cityAdmin(), 'import.movementList', { orgId: tree.city.orgId, uploadId: id, month });
    }

    it('reports every bad row and writes nothing', async () => {
      const outcome = await importList(
        [
          movementRow(1),
          movementRow(2, { 公民身份号码: '340822198805060021' }),
          movementRow(3, { 外出日期: '2026年13月', 联系电话: '12345' }),
          movementRow(1, { 姓名: '' }),
          movementRow(5, { 公民身份号码: '340822198805060000' }),
        ],
        '2026-11',
      );
      expect(outcome).toEqual({
        status: 'invalid',
        rows: 1,
        problemCount: 6,
        problems: [
          { row: 3, column: '公民身份号码', message: '身份证号校验位不正确，请核对' },
          { row: 4, column: '外出日期', message: '外出日期应为日期，如 2026-03-05' },
          { row: 4, column: '联系电话', message: '联系电话应为 11 位手机号或带区号的固定电话' },
          { row: 5, column: '姓名', message: '姓名不能为空' },
          { row: 5, column: '公民身份号码', message: '与第 2 行是同一个身份证号' },
          { row: 6, column: '公民身份号码', message: '号码被表格存成了数字，末几位已丢失；请把这一列设为文本后重新导出' },
        ],
      });
      expect(await h.deps.store.count(COLLECTIONS.toFind, {})).toBe(0);
      expect(await h.deps.store.count(COLLECTIONS.importBatches, {})).toBe(0);
    });

    it('links the registered, leaves the rest 待找 by destination, and a month imported again changes nothing', async () => {
      const member = await registerMember(
        h,
        'o_listed_member',
        profile(tree.village.orgId, { idCard: idCardOf(1), name: '流动党员1' }),
      );
      const rows = [movementRow(1), movementRow(2), movementRow(3, { '外出流向(市)': '无锡市', '外出流向(县)': '梁溪区' })];
      const first = accepted(await importList(rows, '2026-10'));
      await run(h.deps);
      expect((await fromDeskOk(h, cityAdmin(), 'import.get', { importId: first.importId })).tally).toEqual({
        matched: 1,
        toFind: 2,
        updated: 0,
        unchanged: 0,
      });
      const open = await h.ok(cityAdmin(), 'toFind.list', { orgId: tree.city.orgId });
      expect(open.items.map((item) => [item.name, item.status, item.organization.name, item.idCardMasked]).sort()).toEqual([
        ['流动党员2', 'open', '中共苏州市姑苏区委员会', maskIdCard(idCardOf(2))],
        ['流动党员3', 'open', '中共苏州市姑苏区委员会', maskIdCard(idCardOf(3))],
      ]);
      const linked = await h.deps.store.get<ToFindRecord>(COLLECTIONS.toFind, toFindIdFor(h.deps.pii.lookupHash(idCardOf(1))));
      expect(linked).toMatchObject({ status: 'linked', memberId: member.memberId, month: '2026-10' });
      // Never the number in the clear.
      expect(JSON.stringify(await all(h.deps.store, COLLECTIONS.toFind))).not.toContain(idCardOf(2));
      expect(JSON.stringify(await all(h.deps.store, COLLECTIONS.importBatches))).not.toContain(idCardOf(2));

      const state = await toFindState(h);
      const again = accepted(await importList(rows, '2026-10', 'up-same-month-01'));
      expect(again.importId).toBe(first.importId);
      await run(h.deps);
      expect(await toFindState(h)).toEqual(state);

      // The next month's list updates what the last one said.
      const next = accepted(await importList([...rows.slice(0, 2), movementRow(4)], '2026-11'));
      await run(h.deps);
      expect((await fromDeskOk(h, cityAdmin(), 'import.get', { importId: next.importId })).tally).toEqual({
        matched: 1,
        toFind: 1,
        updated: 1,
        unchanged: 0,
      });
      expect((await toFindState(h)).map((record) => [record.name, record.month])).toEqual(
        expect.arrayContaining([
          ['流动党员1', '2026-11'],
          ['流动党员2', '2026-11'],
          ['流动党员3', '2026-10'],
          ['流动党员4', '2026-11'],
        ]),
      );
      // An older month imported late does not undo the newer one.
      const late = accepted(await importList([movementRow(2, { 外出原因: '学习' })], '2026-09'));
      await run(h.deps);
      expect((await fromDeskOk(h, cityAdmin(), 'import.get', { importId: late.importId })).tally).toMatchObject({ unchanged: 1 });
    });

    it('links a member who registers later with a listed number at once', async () => {
      accepted(await importList([movementRow(7)], '2026-11'));
      await run(h.deps);
      const id = toFindIdFor(h.deps.pii.lookupHash(idCardOf(7)));
      expect((await h.deps.store.get<ToFindRecord>(COLLECTIONS.toFind, id))?.status).toBe('open');
      const member = await registerMember(
        h,
        'o_registers_later',
        profile(tree.village.orgId, { idCard: idCardOf(7), name: '流动党员7' }),
      );
      expect(await h.deps.store.get<ToFindRecord>(COLLECTIONS.toFind, id)).toMatchObject({
        status: 'linked',
        memberId: member.memberId,
      });
      expect((await h.ok(cityAdmin(), 'toFind.list', { orgId: tree.city.orgId })).items).toEqual([]);
      expect((await h.ok(cityAdmin(), 'toFind.list', { orgId: tree.city.orgId, status: 'closed' })).items).toMatchObject([
        { status: 'linked', memberId: member.memberId },
      ]);
    });

    it('is handed to a branch and visited there: 失联 with the reason; the branch beside it sees nothing', async () => {
      accepted(await importList([movementRow(8)], '2026-11'));
      await run(h.deps);
      const [record] = (await h.ok(cityAdmin(), 'toFind.list', { orgId: tree.city.orgId })).items;
      const assigned = await h.ok(cityAdmin(), 'toFind.assign', {
        toFindId: record.toFindId,
        version: record.version,
        orgId: tree.branchA.orgId,
      });
      expect(assigned.organization).toEqual({ orgId: tree.branchA.orgId, name: '新桥社区第一党支部' });
      expect((await h.ok(tree.people.secretaryB, 'toFind.list', { orgId: tree.branchB.orgId })).items).toEqual([]);
      const visit: ActionInput<'toFind.visit'> = {
        toFindId: record.toFindId,
        version: assigned.version,
        outcome: 'unreachable',
        visitedOn: '2026-11-24',
        note: '上门两次无人',
        lost: { since: '2026-06-30', reason: 'residence_changed', note: '' },
      };
      expect(await h.call(tree.people.secretaryB, 'toFind.visit', visit)).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: '找不到这条待找记录', field: 'toFindId' },
      });
      const visited = await h.ok(tree.people.secretaryA, 'toFind.visit', visit);
      expect(visited).toMatchObject({
        status: 'lost',
        visit: { outcome: 'unreachable', byName: '李秀英', lost: { since: '2026-06-30', reason: 'residence_changed' } },
      });
      // The same visit sent again answers the same; another one loses.
      expect(await h.ok(tree.people.secretaryA, 'toFind.visit', visit)).toEqual(visited);
      expect(await h.call(tree.people.cityAdmin, 'toFind.visit', { ...visit, outcome: 'found', lost: null })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT' },
      });
    });

    it('killed after each chunk, and in the middle of one, resumes without a row twice or a row missed', async () => {
      const count = backend === 'sqlite' ? IMPORT_BATCH_ROWS * 3 + 17 : IMPORT_BATCH_ROWS * 2 + 9;
      const rows = Array.from({ length: count }, (_, i) => movementRow(i + 1));
      await registerMember(h, 'o_in_the_list', profile(tree.village.orgId, { idCard: idCardOf(5), name: '流动党员5' }));
      const reference = await createHarness(backend);
      try {
        const refTree = await seedTree(reference);
        await registerMember(
          reference,
          'o_in_the_list',
          profile(refTree.village.orgId, { idCard: idCardOf(5), name: '流动党员5' }),
        );
        const content = await xlsxOf([MOVEMENT_HEADER, ...rows]);
        const refUpload = await uploadFile(reference, refTree.people.cityAdmin, content);
        accepted(
          await fromDeskOk(reference, refTree.people.cityAdmin, 'import.movementList', {
            orgId: refTree.city.orgId,
            uploadId: refUpload,
            month: '2026-11',
          }),
        );
        await run(reference.deps);

        const uploadId = await uploadFile(h, cityAdmin(), content);
        const job = accepted(
          await fromDeskOk(h, cityAdmin(), 'import.movementList', { orgId: tree.city.orgId, uploadId, month: '2026-11' }),
        );
        const batches = Math.ceil(count / IMPORT_BATCH_ROWS);
        // First in the middle of a chunk.
        await expect(run({ ...h.deps, store: killedAfterInserts(h.deps.store, COLLECTIONS.toFind, 3) })).rejects.toBeInstanceOf(
          KilledError,
        );
        // Each invocation dies on saving its chunk's cursor: the chunk's writes are in, its progress is not.
        // The next one redoes that chunk (its save goes through) and dies on the next chunk's save.
        for (let chunk = 1; chunk <= batches; chunk += 1) {
          const saves = chunk === 1 ? 0 : 1;
          const killed = killedAfter(
            h.deps.store,
            (write, collection) => write === 'update' && collection === COLLECTIONS.jobRequests,
            saves,
          );
          await expect(run({ ...h.deps, store: killed })).rejects.toBeInstanceOf(KilledError);
          expect((await fromDeskOk(h, cityAdmin(), 'import.get', { importId: job.importId })).job.processed).toBe(
            Math.min(count, (chunk - 1) * IMPORT_BATCH_ROWS),
          );
        }
        await run(h.deps);
        const view = await fromDeskOk(h, cityAdmin(), 'import.get', { importId: job.importId });
        expect(view).toMatchObject({ job: { status: 'done', processed: count, total: count } });
        expect(view.tally).toEqual({ matched: 1, toFind: count - 1, updated: 0, unchanged: 0 });
        const names = (await toFindState(h)).map((record) => record.name);
        expect(new Set(names).size).toBe(count);
        const neutral = (state: Awaited<ReturnType<typeof toFindState>>) =>
          state.map(({ memberId, ...rest }) => ({ ...rest, linked: memberId !== null }));
        expect(neutral(await toFindState(h))).toEqual(neutral(await toFindState(reference)));
      } finally {
        await reference.close();
      }
    });
  });
});
