import { createHash, randomBytes } from 'node:crypto';
import { type ActionOutput, DOWNLOAD_PART_BYTES } from '../contract';
import { XLSX_CONTENT_TYPE, readWorkbook } from '../files/spreadsheet-export';
import { memberExport } from '../jobs/member-export';
import { runRequestedJobs } from '../jobs/requested-jobs';
import { BACKENDS, type Harness, SYSTEM_ADMIN, type Tree, nextRequestId } from '../../test/support/harness';
import { type JourneyWorld, journeyWorld } from '../../test/support/journey-world';
import { oneChunkPerInvocation } from '../../test/jobs/support';
import { COLLECTIONS } from '../store/indexes';
import { CARD_COLUMNS, CARD_SHEET, MEMBER_COLUMNS, MEMBER_SHEET, exportFileKey } from './member-export';
import type { AuditRecord, MemberRecord } from './records';

/** Runs the requested jobs one chunk per invocation until nothing is left, as the 10-minute ticks would. */
async function runExports(h: Harness): Promise<void> {
  for (let invocation = 0; invocation < 200; invocation += 1) {
    const timing = oneChunkPerInvocation();
    const summary = await runRequestedJobs(h.deps, {
      kinds: [memberExport],
      chunkSize: 1,
      wallTime: timing.wallTime,
      deadline: timing.deadline(),
    });
    if (summary.complete && summary.requests.every((r) => r.status === 'done' || r.status === 'failed')) return;
  }
  throw new Error('the export never finished');
}

/** Every part through `file.download`, joined and checked against the size and checksum it announces. */
async function download(h: Harness, who: string, jobId: string): Promise<Buffer> {
  const first = await h.ok(who, 'file.download', { jobId, part: 0 });
  const parts: Buffer[] = [Buffer.from(first.dataBase64, 'base64')];
  for (let part = 1; part < first.parts; part += 1) {
    const next = await h.ok(who, 'file.download', { jobId, part });
    expect(next.dataBase64.length).toBeLessThan(100 * 1024);
    parts.push(Buffer.from(next.dataBase64, 'base64'));
  }
  const content = Buffer.concat(parts);
  expect(content.length).toBe(first.size);
  expect(createHash('sha256').update(content).digest('hex')).toBe(first.sha256);
  return content;
}

async function exportOf(h: Harness, who: string, orgId: string, purpose: 'national_system' | 'work_list') {
  const started = await h.ok(who, 'export.start', { orgId, purpose, requestId: nextRequestId() });
  expect(started).toMatchObject({ status: 'queued', purpose, orgId, file: null });
  await runExports(h);
  const finished: ActionOutput<'export.get'> = await h.ok(who, 'export.get', { jobId: started.jobId });
  expect(finished.status).toBe('done');
  const sheets = await readWorkbook(await download(h, who, started.jobId));
  return { finished, sheets };
}

async function memberRecord(h: Harness, memberId: string): Promise<MemberRecord> {
  const doc = await h.deps.store.get<MemberRecord>(COLLECTIONS.members, memberId);
  if (!doc) throw new Error(`no member ${memberId}`);
  return doc;
}

describe.each(BACKENDS)('the export in the national system fields on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let ids: JourneyWorld['ids'];

  beforeEach(async () => {
    ({ h, tree, ids } = await journeyWorld(backend));
  });
  afterEach(() => h.close());

  const column = (header: string) => MEMBER_COLUMNS.findIndex((c) => c.header === header);

  it('writes every member below the organization with full numbers for 上报全国系统 on the inflow side, and audits it', async () => {
    const { finished, sheets } = await exportOf(h, tree.people.cityAdmin, tree.city.orgId, 'national_system');
    expect(finished.file).toMatchObject({ rows: 3, fileName: expect.stringContaining('上报全国党员管理信息系统') });
    expect(sheets.map((sheet) => sheet.name)).toEqual([MEMBER_SHEET, CARD_SHEET]);
    const [members, cards] = sheets;
    expect(members.rows[0]).toEqual(MEMBER_COLUMNS.map((c) => c.header));
    expect(cards.rows[0]).toEqual(CARD_COLUMNS.map((c) => c.header));
    expect(members.rows).toHaveLength(4);

    // Read back and compared with the records: in id order, numbered, the numbers in full.
    const expected = await Promise.all([ids.otherBranch, ids.rider, ids.settled].sort().map((id) => memberRecord(h, id)));
    expect(members.rows.slice(1).map((row) => row[0])).toEqual([1, 2, 3]);
    for (const [index, member] of expected.entries()) {
      const row = members.rows[index + 1];
      expect(row[column('姓名')]).toBe(member.name);
      expect(row[column('公民身份证号')]).toBe(h.deps.pii.decrypt(member.idCardEnc));
      expect(row[column('联系电话')]).toBe(h.deps.pii.decrypt(member.phoneEnc));
      expect(row[column('现居住地')]).toBe(member.residence.addressMasked);
      expect(row[column('组织关系所在党组织（流出地）')]).toBe('新港村党支部');
      expect(row[column('流入地党组织')]).toBe(member.inflowBranchName);
      expect(row[column('外出原因')]).toBe('务工');
      expect(cards.rows[index + 1].slice(0, 3)).toEqual([index + 1, member.name, h.deps.pii.decrypt(member.idCardEnc)]);
    }

    const audit = await h.deps.store.find<AuditRecord>(COLLECTIONS.auditLog, {
      where: { action: 'members_exported' },
      limit: 10,
    });
    expect(audit.items).toEqual([
      expect.objectContaining({
        actorOpenid: tree.people.cityAdmin,
        action: 'members_exported',
        jobId: finished.jobId,
        orgId: tree.city.orgId,
        purpose: 'national_system',
        rows: 3,
        fullRows: 3,
        at: expect.any(String),
      }),
    ]);
  });

  it('masks every number in a 工作名单, and in a 上报 export made from the outflow side', async () => {
    const work = await exportOf(h, tree.people.cityAdmin, tree.city.orgId, 'work_list');
    const idColumn = column('公民身份证号');
    const phoneColumn = column('联系电话');
    for (const row of work.sheets[0].rows.slice(1)) {
      expect(String(row[idColumn])).toMatch(/^\d{3}\*+\d{3}[\dX]$/);
      expect(String(row[phoneColumn])).toMatch(/^\d{3}\*{4}\d{4}$/);
    }
    const home = await exportOf(h, tree.people.villageSecretary, tree.village.orgId, 'national_system');
    expect(home.sheets[0].rows).toHaveLength(4);
    expect(home.sheets[0].rows.slice(1).every((row) => String(row[idColumn]).includes('*'))).toBe(true);
    const audits = await h.deps.store.find<AuditRecord>(COLLECTIONS.auditLog, {
      where: { action: 'members_exported' },
      limit: 10,
    });
    expect(audits.items.map((a) => (a.action === 'members_exported' ? [a.purpose, a.rows, a.fullRows] : null)).sort()).toEqual([
      ['national_system', 3, 0],
      ['work_list', 3, 0],
    ]);
  });

  it('only one entitled to the subtree may export, and only the asker or an admin above may follow or download it', async () => {
    const refusedStart = await h.call(tree.people.secretaryB, 'export.start', {
      orgId: tree.branchA.orgId,
      purpose: 'work_list',
      requestId: nextRequestId(),
    });
    expect(refusedStart).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND', field: 'orgId' }) });
    expect(await h.deps.store.count(COLLECTIONS.jobRequests, {})).toBe(0);

    const mine = await h.ok(tree.people.secretaryA, 'export.start', {
      orgId: tree.branchA.orgId,
      purpose: 'national_system',
      requestId: 'export-branch-a-1',
    });
    // The same request again is the same export; the same id for another purpose is refused.
    expect(
      await h.ok(tree.people.secretaryA, 'export.start', {
        orgId: tree.branchA.orgId,
        purpose: 'national_system',
        requestId: 'export-branch-a-1',
      }),
    ).toEqual(mine);
    expect(
      await h.call(tree.people.secretaryA, 'export.start', {
        orgId: tree.branchA.orgId,
        purpose: 'work_list',
        requestId: 'export-branch-a-1',
      }),
    ).toEqual({ ok: false, error: expect.objectContaining({ code: 'CONFLICT', field: 'requestId' }) });
    // Not ready yet: the file is not there to download.
    expect(await h.call(tree.people.secretaryA, 'file.download', { jobId: mine.jobId, part: 0 })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CONFLICT' }),
    });
    await runExports(h);

    for (const outsider of [tree.people.secretaryB, tree.people.homeAdmin, tree.people.villageSecretary, 'test_stranger']) {
      for (const action of ['export.get', 'file.download'] as const) {
        expect(await h.call(outsider, action, { jobId: mine.jobId })).toEqual({
          ok: false,
          error: expect.objectContaining({ code: 'NOT_FOUND', field: 'jobId' }),
        });
      }
    }
    // The city admin above the branch and the system admin may; the branch's file has its two members.
    const above = await readWorkbook(await download(h, tree.people.cityAdmin, mine.jobId));
    expect(above[0].rows).toHaveLength(3);
    await download(h, SYSTEM_ADMIN, mine.jobId);
    expect(await h.call(tree.people.secretaryA, 'file.download', { jobId: mine.jobId, part: 9 })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'part' }),
    });
  });

  it('a file larger than one answer comes in parts under the body limit that join to the file', async () => {
    const started = await h.ok(tree.people.cityAdmin, 'export.start', {
      orgId: tree.city.orgId,
      purpose: 'work_list',
      requestId: nextRequestId(),
    });
    await runExports(h);
    // A county's file: as big as two and a half parts.
    const big = randomBytes(Math.floor(DOWNLOAD_PART_BYTES * 2.5));
    await h.deps.files.put(exportFileKey(started.jobId), big, XLSX_CONTENT_TYPE);
    const first = await h.ok(tree.people.cityAdmin, 'file.download', { jobId: started.jobId, part: 0 });
    expect(first.parts).toBe(3);
    expect(first.dataBase64.length).toBeLessThan(100 * 1024);
    expect((await download(h, tree.people.cityAdmin, started.jobId)).equals(big)).toBe(true);
  });

  it('an export whose asker lost the post before it ran is not written', async () => {
    const started = await h.ok(tree.people.secretaryA, 'export.start', {
      orgId: tree.branchA.orgId,
      purpose: 'national_system',
      requestId: nextRequestId(),
    });
    await h.ok(SYSTEM_ADMIN, 'role.revoke', { openid: tree.people.secretaryA, role: 'secretary', orgId: tree.branchA.orgId });
    await runExports(h);
    const view = await h.ok(tree.people.secretaryA, 'export.get', { jobId: started.jobId });
    expect(view).toMatchObject({ status: 'failed', file: null });
    expect(await h.deps.store.count(COLLECTIONS.auditLog, { action: 'members_exported' })).toBe(0);
    expect((await h.deps.files.list('exports/', { limit: 10 })).items).toEqual([]);
  });
});
