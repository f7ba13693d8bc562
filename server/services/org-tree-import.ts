import type { ActionOutput, BranchKind, Hometown, Industry, OrgKind, ParsedInput, Region, RowProblem } from '../contract';
import type { Sheet } from '../files/spreadsheets';
import type { JobContext } from '../jobs/job';
import { timestamp } from '../lib/time';
import { COLLECTIONS } from '../store/indexes';
import { insertOrGet } from '../store/saving';
import type { ServiceContext } from './context';
import { derivedId } from './ids';
import { type ColumnSpec, type ImportPreparer, cellOf, resolveColumns, startImport } from './imports';
import { industryFromText } from './industries';
import type { OrganizationDoc } from './organizations';
import type { OrganizationRecord } from './records';

/**
 * The organization tree from a spreadsheet, one organization a row: name, parent, kind,
 * region, hometown or industry, contact. A parent is an earlier row of the file or an
 * organization already at or below the importing one; so every row lands inside the caller's
 * subtree. An organization's id comes from the importing organization, its parent and its
 * name, so the same row imported again (from this file or another) is the same organization;
 * one already there by that name under that parent is left as it is.
 */

export const ORG_TREE_COLUMNS = {
  name: { name: '组织名称', aliases: ['党组织名称', '名称'], required: true },
  parent: { name: '上级组织', aliases: ['上级党组织', '上级组织名称', '上级党组织名称'], required: true },
  kind: { name: '组织类别', aliases: ['党组织类别', '类别'], required: true },
  branchKind: { name: '支部类型', aliases: ['党支部类型'], required: false },
  province: { name: '所在省', aliases: ['省', '所在省(区、市)'], required: true },
  city: { name: '所在市', aliases: ['市', '所在市(州)'], required: true },
  district: { name: '所在县(区)', aliases: ['县(区)', '所在县(市、区)', '所在区县'], required: true },
  hometownProvince: { name: '家乡省', required: false },
  hometownCity: { name: '家乡市', required: false },
  hometownDistrict: { name: '家乡县(区)', aliases: ['家乡县(市、区)'], required: false },
  industry: { name: '行业', aliases: ['所属行业', '行业门类'], required: false },
  contact: { name: '联系方式', aliases: ['联系人及电话', '联系电话'], required: false },
} as const satisfies Record<string, ColumnSpec>;

/** 组织类别 as people write it: the kind, and the branch's kind when the word says it. */
const KIND_WORDS: Record<string, { kind: OrgKind; branchKind: BranchKind | null }> = {
  党委: { kind: 'committee', branchKind: null },
  党工委: { kind: 'committee', branchKind: null },
  基层党委: { kind: 'committee', branchKind: null },
  党总支: { kind: 'general_branch', branchKind: null },
  党总支部: { kind: 'general_branch', branchKind: null },
  党支部: { kind: 'branch', branchKind: null },
  社区党支部: { kind: 'branch', branchKind: 'community' },
  村党支部: { kind: 'branch', branchKind: 'community' },
  流动党员党支部: { kind: 'branch', branchKind: 'hometown' },
  行业党支部: { kind: 'branch', branchKind: 'industry' },
  企业党支部: { kind: 'branch', branchKind: 'enterprise' },
};

const BRANCH_KIND_WORDS: Record<string, BranchKind> = {
  社区: 'community',
  村: 'community',
  流动党员: 'hometown',
  家乡: 'hometown',
  行业: 'industry',
  企业: 'enterprise',
};

/** A row ready to write: the organization, or (`existed`) one already in the tree by that name and parent. */
export interface OrgTreeRow {
  row: number;
  existed: boolean;
  org: OrganizationRecord & { _id: string };
}

/** The name path that identifies an organization to its children in the file: unique below the import. */
function nameKey(parentId: string, name: string): string {
  return `${parentId}|${name}`;
}

export const orgTreePreparer: ImportPreparer<OrgTreeRow> = {
  kind: 'org_tree',
  async prepare(scope, sheet: Sheet, keep) {
    const { ctx, org: anchor, importId } = scope;
    const { headers, problems } = resolveColumns(sheet, ORG_TREE_COLUMNS);
    if (problems.length > 0) return { rows: 0, problems };

    const existing = scope.reachable;
    // Parents by name: every organization of the subtree and every earlier row; a name held twice is ambiguous.
    const byName = new Map<string, { id: string; path: string; kind: OrgKind } | 'ambiguous'>();
    const byParentAndName = new Map<string, OrganizationDoc>();
    const addName = (name: string, target: { id: string; path: string; kind: OrgKind }) => {
      const held = byName.get(name);
      byName.set(name, held && held !== 'ambiguous' && held.id !== target.id ? 'ambiguous' : target);
    };
    for (const org of existing) {
      addName(org.name, { id: org._id, path: org.path, kind: org.kind });
      if (org.parentId) byParentAndName.set(nameKey(org.parentId, org.name), org);
    }

    let rows = 0;
    const seenInFile = new Map<string, number>();
    const now = timestamp(ctx.deps.clock);
    for await (const line of sheet.rows) {
      const cell = (key: keyof typeof ORG_TREE_COLUMNS) => cellOf(line, headers, key);
      const wrong = (column: string, message: string) => {
        problems.push({ row: line.row, column, message });
        scope.refuse();
      };
      const before = problems.length;

      const name = cell('name');
      if (name.length < 2 || name.length > 60) wrong('组织名称', name ? '组织名称应为 2 到 60 个字' : '组织名称不能为空');
      const parentName = cell('parent');
      const parent = parentName ? byName.get(parentName) : undefined;
      if (!parentName) wrong('上级组织', '上级组织不能为空');
      else if (parent === 'ambiguous') wrong('上级组织', `有不止一个名为“${parentName}”的组织，请写明是哪一个`);
      else if (!parent) wrong('上级组织', `在本组织及下级组织和前面的行里都找不到“${parentName}”`);
      else if (parent.kind === 'branch') wrong('上级组织', '党支部下不能再建组织');

      const kindText = cell('kind');
      const kindWord = KIND_WORDS[kindText];
      let branchKind: BranchKind | null = kindWord?.branchKind ?? null;
      if (!kindText) wrong('组织类别', '组织类别不能为空');
      else if (!kindWord) wrong('组织类别', `组织类别应为 ${Object.keys(KIND_WORDS).join('、')} 之一`);
      const branchKindText = cell('branchKind');
      if (kindWord?.kind === 'branch' && !branchKind) {
        branchKind = BRANCH_KIND_WORDS[branchKindText.replace(/党支部$/, '')] ?? null;
        if (!branchKind) wrong('支部类型', '党支部需要写明支部类型：社区、流动党员、行业或企业');
      } else if (kindWord && kindWord.kind !== 'branch' && branchKindText) {
        wrong('支部类型', '只有党支部有支部类型');
      }

      const region: Region = { province: cell('province'), city: cell('city'), district: cell('district') };
      for (const [column, value] of [
        ['所在省', region.province],
        ['所在市', region.city],
        ['所在县(区)', region.district],
      ] as const) {
        if (!value) wrong(column, `${column}不能为空`);
        else if (value.length > 20) wrong(column, `${column}不能超过 20 个字`);
      }

      let hometown: Hometown | null = null;
      const home = { province: cell('hometownProvince'), city: cell('hometownCity'), district: cell('hometownDistrict') };
      if (branchKind === 'hometown') {
        if (!home.province || !home.city) wrong('家乡省', '流动党员党支部需要填写党员的家乡（省、市，可再写县区）');
        else hometown = home.district ? home : { province: home.province, city: home.city };
      } else if (home.province || home.city || home.district) {
        wrong('家乡省', '只有流动党员党支部填写家乡');
      }

      let industry: Industry | null = null;
      const industryText = cell('industry');
      if (branchKind === 'industry') {
        industry = industryFromText(industryText);
        if (!industry) wrong('行业', '行业党支部需要填写行业：国民经济行业分类门类字母 A–T 或门类名称');
      } else if (industryText) {
        wrong('行业', '只有行业党支部填写行业');
      }

      const contact = cell('contact');
      if (contact.length > 60) wrong('联系方式', '联系方式不能超过 60 个字');

      if (parent && parent !== 'ambiguous') {
        const key = nameKey(parent.id, name);
        const earlier = seenInFile.get(key);
        if (earlier !== undefined) wrong('组织名称', `与第 ${earlier} 行重复：同一上级组织下已有“${name}”`);
        else seenInFile.set(key, line.row);
      }
      if (problems.length > before || !parent || parent === 'ambiguous' || !kindWord) continue;

      const already = byParentAndName.get(nameKey(parent.id, name));
      const id = already ? already._id : derivedId('o', `import|${anchor._id}|${parent.id}|${name}`);
      const record: OrganizationRecord & { _id: string } = already ?? {
        _id: id,
        name,
        kind: kindWord.kind,
        parentId: parent.id,
        path: `${parent.path}${id}/`,
        region,
        branchKind: kindWord.kind === 'branch' ? branchKind : null,
        hometown,
        industry,
        address: null,
        contact: contact || null,
        importId,
        createdAt: now,
        createdBy: scope.access.key,
      };
      rows += 1;
      keep({ row: line.row, existed: Boolean(already), org: record });
      addName(name, { id, path: record.path, kind: record.kind });
    }
    return { rows, problems };
  },
};

export function importOrgTree(
  ctx: ServiceContext,
  input: ParsedInput<'import.orgTree'>,
): Promise<ActionOutput<'import.orgTree'>> {
  return startImport(ctx, orgTreePreparer, { orgId: input.orgId, uploadId: input.uploadId, month: null });
}

/** Writes one batch of organizations; parents come in earlier rows, so earlier batches, or earlier in this one. */
export async function applyOrgTreeBatch(ctx: JobContext, importId: string, rows: OrgTreeRow[]): Promise<Record<string, number>> {
  const tally = { created: 0, unchanged: 0 };
  for (const row of rows) {
    if (row.existed) {
      tally.unchanged += 1;
      continue;
    }
    const { doc, created } = await insertOrGet<OrganizationRecord>(ctx.deps.store, COLLECTIONS.organizations, row.org);
    // A redone chunk finds what its killed attempt made: still made by this import.
    if (created || doc.importId === importId) tally.created += 1;
    else tally.unchanged += 1;
  }
  return tally;
}
