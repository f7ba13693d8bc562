import type { ActionOutput, ParsedInput, Region } from '../contract';
import { idCardSchema, phoneSchema } from '../contract';
import type { Sheet } from '../files/spreadsheets';
import { type JobContext, forEachLimited } from '../jobs/job';
import { maskAddress, maskIdCard, maskPhone } from '../lib/pii';
import { shanghaiMonth, timestamp } from '../lib/time';
import type { StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertIfAbsent, isWriteConflict } from '../store/saving';
import type { ServiceContext } from './context';
import {
  type ColumnSpec,
  type ImportPreparer,
  cellOf,
  organizationsUnder,
  parseSheetDate,
  resolveColumns,
  startImport,
} from './imports';
import { idCardKey } from './members';
import type { OrganizationDoc } from './organizations';
import type { ListedPerson, MemberRecord, ToFindRecord, UniqueKeyRecord } from './records';
import { toFindIdFor } from './to-find';

/**
 * 组织找党员: the month's list of moving members as the national party-member information system
 * (全国党员管理信息系统) exports it, one person a row. Every row is validated first; the ID number
 * is kept only as the keyed hash the product matches on, encrypted, and masked. A listed person
 * who is a registered member (the same hash) is linked; anyone else becomes a 待找 record for the
 * organization of their destination (the shallowest organization at or below the importing one
 * whose region is that province, city and county; the importing one when none is), to be visited
 * (an admin may hand it on to a branch below). One record per person (`tf_<hash>`), so a month imported again changes nothing
 * and a later month updates what the earlier one said.
 */

/** The columns, as the README lists them (the national system's export, and the names other exports use). */
export const MOVEMENT_LIST_COLUMNS = {
  name: { name: '姓名', required: true },
  idCard: { name: '公民身份号码', aliases: ['身份证号码', '身份证号'], required: true },
  gender: { name: '性别', required: false },
  outflow: { name: '流出党组织', aliases: ['组织关系所在党组织', '所在党组织', '原所在党组织', '流出地党组织'], required: true },
  province: { name: '外出流向(省)', aliases: ['流向省', '流入地省', '外出流向省(区、市)', '流向省(区、市)'], required: true },
  city: { name: '外出流向(市)', aliases: ['流向市', '流入地市', '外出流向市(州)', '流向市(州)'], required: true },
  district: {
    name: '外出流向(县)',
    aliases: ['流向县', '流向县(区)', '流入地县(区)', '外出流向县(市、区)', '流向县(市、区)'],
    required: true,
  },
  leftOn: { name: '外出日期', aliases: ['流出日期', '外出时间'], required: true },
  reason: { name: '外出原因', aliases: ['流动原因'], required: true },
  phone: { name: '联系电话', aliases: ['手机号码', '联系方式'], required: false },
  address: { name: '流入地详细地址', aliases: ['外出地址', '现居住地址'], required: false },
  cardNumber: { name: '流动党员活动证编号', aliases: ['活动证编号', '流动党员活动证号'], required: false },
} as const satisfies Record<string, ColumnSpec>;

/** A landline as the national system takes it: area code, a dash or none, the number. */
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/** A row ready to write: the record's id and what the list says, plus where it goes when it is new. */
export interface MovementRow {
  row: number;
  toFindId: string;
  idCardHash: string;
  listed: ListedPerson;
  org: { orgId: string; name: string; path: string };
}

function regionKey(region: Region): string {
  return `${region.province}|${region.city}|${region.district}`;
}

/** For each county the list names, the organization responsible: the shallowest with that region, else the importing one. */
function assigner(anchor: OrganizationDoc, orgs: OrganizationDoc[]): (region: Region) => MovementRow['org'] {
  const byRegion = new Map<string, OrganizationDoc>();
  for (const org of orgs) {
    const key = regionKey(org.region);
    const held = byRegion.get(key);
    const depth = (path: string) => path.split('/').length;
    if (!held || depth(org.path) < depth(held.path) || (depth(org.path) === depth(held.path) && org.name < held.name)) {
      byRegion.set(key, org);
    }
  }
  return (region) => {
    const org = byRegion.get(regionKey(region)) ?? anchor;
    return { orgId: org._id, name: org.name, path: org.path };
  };
}

export const movementListPreparer: ImportPreparer<MovementRow> = {
  kind: 'movement_list',
  async prepare(scope, sheet: Sheet, keep) {
    const { ctx, org: anchor, month } = scope;
    const { pii } = ctx.deps;
    const { headers, problems } = resolveColumns(sheet, MOVEMENT_LIST_COLUMNS);
    if (problems.length > 0) return { rows: 0, problems };
    const assign = assigner(anchor, scope.reachable);
    const thisMonth = shanghaiMonth(ctx.deps.clock);
    if (month && month > thisMonth) {
      return { rows: 0, problems: [{ row: sheet.headerRow, column: null, message: '名单的月份不能晚于本月' }] };
    }

    let rows = 0;
    const seen = new Map<string, number>();
    for await (const line of sheet.rows) {
      const cell = (key: keyof typeof MOVEMENT_LIST_COLUMNS) => cellOf(line, headers, key);
      const wrong = (column: string, message: string) => {
        problems.push({ row: line.row, column, message });
        scope.refuse();
      };
      const before = problems.length;

      const name = cell('name');
      if (name.length < 2 || name.length > 20) wrong('姓名', name ? '姓名应为 2 到 20 个字' : '姓名不能为空');

      const idText = cell('idCard');
      const id = idCardSchema.safeParse(idText);
      if (!idText) wrong('公民身份号码', '公民身份号码不能为空');
      else if (!id.success) {
        const digitsOnly = /^\d{15,}$/.test(idText) && idText.endsWith('000');
        wrong(
          '公民身份号码',
          digitsOnly ? '号码被表格存成了数字，末几位已丢失；请把这一列设为文本后重新导出' : id.error.issues[0].message,
        );
      }

      const gender = cell('gender');
      if (gender && gender !== '男' && gender !== '女') wrong('性别', '性别应为“男”或“女”');

      const outflowName = cell('outflow');
      if (!outflowName) wrong('流出党组织', '流出党组织不能为空');
      else if (outflowName.length > 60) wrong('流出党组织', '流出党组织不能超过 60 个字');

      const destination: Region = { province: cell('province'), city: cell('city'), district: cell('district') };
      for (const [column, value] of [
        ['外出流向(省)', destination.province],
        ['外出流向(市)', destination.city],
        ['外出流向(县)', destination.district],
      ] as const) {
        if (!value) wrong(column, `${column}不能为空`);
        else if (value.length > 20) wrong(column, `${column}不能超过 20 个字`);
      }

      const leftText = cell('leftOn');
      const leftOn = parseSheetDate(leftText);
      if (!leftText) wrong('外出日期', '外出日期不能为空');
      else if (!leftOn) wrong('外出日期', '外出日期应为日期，如 2026-03-05');
      else if (leftOn.slice(0, 7) > (month ?? thisMonth)) wrong('外出日期', '外出日期不能晚于名单的月份');

      const reason = cell('reason');
      if (!reason) wrong('外出原因', '外出原因不能为空');
      else if (reason.length > 20) wrong('外出原因', '外出原因不能超过 20 个字');

      const phoneText = cell('phone');
      let phone: string | null = null;
      if (phoneText) {
        const mobile = phoneSchema.safeParse(phoneText);
        if (mobile.success) phone = mobile.data;
        else if (LANDLINE.test(phoneText.replace(/\s/g, ''))) phone = phoneText.replace(/\s/g, '');
        else wrong('联系电话', '联系电话应为 11 位手机号或带区号的固定电话');
      }
      const address = cell('address');
      if (address.length > 80) wrong('流入地详细地址', '流入地详细地址不能超过 80 个字');
      const cardNumber = cell('cardNumber');
      if (cardNumber.length > 30) wrong('流动党员活动证编号', '活动证编号不能超过 30 个字');

      if (!id.success) continue;
      const idCardHash = pii.lookupHash(id.data);
      const earlier = seen.get(idCardHash);
      if (earlier !== undefined) wrong('公民身份号码', `与第 ${earlier} 行是同一个身份证号`);
      else seen.set(idCardHash, line.row);
      if (problems.length > before || !leftOn) continue;

      rows += 1;
      keep({
        row: line.row,
        toFindId: toFindIdFor(idCardHash),
        idCardHash,
        listed: {
          name,
          gender: gender || null,
          idCardMasked: maskIdCard(id.data),
          idCardEnc: pii.encrypt(id.data),
          phoneMasked: phone ? maskPhone(phone) : null,
          phoneEnc: phone ? pii.encrypt(phone) : null,
          outflowName,
          destination,
          addressMasked: address ? maskAddress(address) : null,
          leftOn,
          reason,
          cardNumber: cardNumber || null,
        },
        org: assign(destination),
      });
    }
    return { rows, problems };
  },
};

export function importMovementList(
  ctx: ServiceContext,
  input: ParsedInput<'import.movementList'>,
): Promise<ActionOutput<'import.movementList'>> {
  return startImport(ctx, movementListPreparer, { orgId: input.orgId, uploadId: input.uploadId, month: input.month });
}

type ToFindDoc = StoredDocument<ToFindRecord>;
type Outcome = 'matched' | 'toFind' | 'updated' | 'unchanged';

/** The records of these ids, in one query. */
async function readByIds<T extends object>(
  ctx: JobContext,
  collection: string,
  ids: string[],
): Promise<Map<string, StoredDocument<T>>> {
  if (ids.length === 0) return new Map();
  const page = await ctx.deps.store.find<T>(collection, { where: { _id: { $in: ids } }, limit: ids.length });
  return new Map(page.items.map((doc) => [doc._id, doc]));
}

/**
 * Writes one batch of the list: three reads for the whole batch (the records, the ID-number keys
 * and the members holding them), then one write per row that changes anything. A row whose record
 * this import already wrote (a chunk redone after a kill) counts what that attempt did.
 */
export async function applyMovementBatch(
  ctx: JobContext,
  importId: string,
  month: string,
  rows: MovementRow[],
): Promise<Record<string, number>> {
  const { store } = ctx.deps;
  const [records, keys] = await Promise.all([
    readByIds<ToFindRecord>(
      ctx,
      COLLECTIONS.toFind,
      rows.map((row) => row.toFindId),
    ),
    readByIds<UniqueKeyRecord>(
      ctx,
      COLLECTIONS.uniqueKeys,
      rows.map((row) => idCardKey(row.idCardHash)),
    ),
  ]);
  const members = await readByIds<MemberRecord>(
    ctx,
    COLLECTIONS.members,
    [...keys.values()].map((key) => key.owner),
  );
  const memberOf = (row: MovementRow) => {
    const key = keys.get(idCardKey(row.idCardHash));
    return key ? (members.get(key.owner) ?? null) : null;
  };
  const now = timestamp(ctx.deps.clock);
  const tally: Record<Outcome, number> = { matched: 0, toFind: 0, updated: 0, unchanged: 0 };

  const applyRow = async (row: MovementRow, current: ToFindDoc | null): Promise<Outcome> => {
    const member = memberOf(row);
    if (current && current.lastImportId === importId) {
      if (current.memberId) return 'matched';
      return current.createdByImport === importId ? 'toFind' : 'updated';
    }
    if (current && current.month >= month) return 'unchanged';
    const home =
      member?.inflowBranchId && member.inflowPath
        ? { orgId: member.inflowBranchId, name: member.inflowBranchName ?? '', path: member.inflowPath }
        : row.org;
    if (!current) {
      const record: ToFindRecord = {
        idCardHash: row.idCardHash,
        status: member ? 'linked' : 'open',
        month,
        listed: row.listed,
        orgId: home.orgId,
        orgName: home.name,
        orgPath: home.path,
        memberId: member?._id ?? null,
        linkedAt: member ? now : null,
        visit: null,
        createdByImport: importId,
        lastImportId: importId,
        createdAt: now,
        updatedAt: now,
      };
      if (await insertIfAbsent<ToFindRecord>(store, COLLECTIONS.toFind, { _id: row.toFindId, ...record })) {
        return member ? 'matched' : 'toFind';
      }
      // Someone registered or another import wrote it meanwhile: decide again on what is there.
      return applyRow(row, await store.get<ToFindRecord>(COLLECTIONS.toFind, row.toFindId));
    }
    const linkNow = member !== null && current.memberId === null;
    // A person still waiting for the visit goes to the organization of where the list now says they are.
    const moves = current.status === 'open' && !linkNow;
    const patch: Partial<ToFindRecord> = {
      month,
      listed: row.listed,
      lastImportId: importId,
      updatedAt: now,
      ...(linkNow ? { status: 'linked' as const, memberId: member._id, linkedAt: now } : {}),
      ...(linkNow || moves ? { orgId: home.orgId, orgName: home.name, orgPath: home.path } : {}),
    };
    try {
      await store.update(COLLECTIONS.toFind, current._id, current.version, patch);
    } catch (error) {
      if (!isWriteConflict(error)) throw error;
      // A visit was recorded meanwhile: read it and decide again.
      return applyRow(row, await store.get<ToFindRecord>(COLLECTIONS.toFind, row.toFindId));
    }
    return current.memberId || linkNow ? 'matched' : 'updated';
  };

  await forEachLimited(rows, ctx.concurrency, async (row) => {
    const outcome = await applyRow(row, records.get(row.toFindId) ?? null);
    tally[outcome] += 1;
  });
  return tally;
}
