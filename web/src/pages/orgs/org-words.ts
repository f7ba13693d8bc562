import type { OrgView } from '../../../../server/contract';
import type { TableColumn } from '../../components/cursor-table';
import { BRANCH_KIND_LABELS, INDUSTRY_LABELS, ORG_KIND_LABELS, formatDay, formatRegion } from '../../lib/shared-with-phone';

/** `党委`, or for a branch its kind of branch (`流动党员党支部`): what kind of organization this is, in one phrase. */
export function orgKindText(org: Pick<OrgView, 'kind' | 'branchKind'>): string {
  return org.branchKind ? BRANCH_KIND_LABELS[org.branchKind] : ORG_KIND_LABELS[org.kind];
}

/** The branch's own line: whose hometown it gathers, or which industry. */
export function orgScopeText(org: Pick<OrgView, 'hometown' | 'industry'>): string {
  if (org.hometown) return `家乡：${formatRegion(org.hometown)}`;
  if (org.industry) return `行业：${INDUSTRY_LABELS[org.industry]}`;
  return '';
}

/** `在用`, or `已撤销（2026年11月24日，由新桥社区第一党支部接续）`. */
export function orgStatusText(org: Pick<OrgView, 'dissolved'>): string {
  if (!org.dissolved) return '在用';
  const successor = org.dissolved.successor ? `，由${org.dissolved.successor.name}接续` : '';
  return `已撤销（${formatDay(org.dissolved.on)}${successor}）`;
}

/** The columns every list of organizations shows (and exports). */
export const ORG_COLUMNS: readonly TableColumn<OrgView>[] = [
  { key: 'name', title: '组织名称', value: (org) => org.name, sortable: true, minWidth: 240 },
  { key: 'kind', title: '类型', value: (org) => orgKindText(org), sortable: true, minWidth: 120 },
  { key: 'region', title: '所在地区', value: (org) => formatRegion(org.region), sortable: true, minWidth: 150 },
  { key: 'scope', title: '家乡或行业', value: (org) => orgScopeText(org), minWidth: 120 },
  { key: 'address', title: '地址', value: (org) => org.address ?? '' },
  { key: 'contact', title: '联系方式', value: (org) => org.contact ?? '' },
  { key: 'status', title: '状态', value: (org) => orgStatusText(org), sortable: true },
];

/** Rows per page in the organization lists: a screenful, then 加载更多. */
export const ORG_PAGE_SIZE = 20;
