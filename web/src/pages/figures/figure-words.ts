import { FIGURE_KEYS, FIGURE_LABELS, type FigureKey, type FigureMember, type OrgFigures } from '../../../../server/contract';
import type { TableColumn } from '../../components/cursor-table';
import { MEMBER_STATUS_LABELS, ORG_KIND_LABELS } from '../../lib/shared-with-phone';
import { TO_FIND_STATUS_WORDS } from '../to-find/status-words';

/** The figures in the order the page shows them, each with a line that says what it counts. */
export const FIGURE_HINTS: Record<FigureKey, string> = {
  registered: '在本组织及下级登记的流动党员（流入、流出或正在报到）',
  checkedIn: '至少报到过一次',
  placed: '现在由流入地支部管理',
  returned: '流出地已登记返回',
  transferred: '组织关系已转入流入地支部',
  reportDue: '最近一期反馈报告已到截止日期',
  reportSent: '最近一期反馈报告已报送',
  reportSentOnTime: '在截止日期前报送',
  reportRead: '流出地已阅读最近一期反馈',
  lifeWarned: '长时间没有参加组织生活，系统已提醒',
  lifeEscalated: '提醒后仍未参加，已报告上级',
  lost: '已标记失联',
  studyOnTrack: '本年学习进度没有落后',
  known: '已登记的党员，加上名单上还没有登记的人',
  listed: '组织找党员名单上、由本组织及下级负责的人',
  toFind: '名单上还没有找到、等待走访的人',
};

export { FIGURE_KEYS, FIGURE_LABELS };

export function isFigureKey(value: string | null): value is FigureKey {
  return value !== null && (FIGURE_KEYS as readonly string[]).includes(value);
}

/** The organizations below, each with its own subtree's figures: every figure a sortable column. */
export const CHILD_COLUMNS: readonly TableColumn<OrgFigures>[] = [
  { key: 'name', title: '组织名称', value: (org) => org.name, sortable: true, minWidth: 280 },
  { key: 'kind', title: '类型', value: (org) => ORG_KIND_LABELS[org.kind], sortable: true, minWidth: 110 },
  ...FIGURE_KEYS.map((key) => ({
    key,
    title: FIGURE_LABELS[key],
    value: (org: OrgFigures) => org.subtree[key],
    sortable: true,
    minWidth: 120,
  })),
];

/** A member's state, or a movement-list record's (待找, 失联…) with 名单 before it. */
function statusWords(row: FigureMember): string {
  if (row.status !== null) return MEMBER_STATUS_LABELS[row.status];
  return row.toFindStatus !== null ? `名单：${TO_FIND_STATUS_WORDS[row.toFindStatus].text}` : '';
}

/** The row's key: a movement-list record by its own id (a linked one shares the member's). */
export const figureRowKey = (row: FigureMember): string => row.toFindId ?? row.memberId ?? '';

export const MEMBER_COLUMNS: readonly TableColumn<FigureMember>[] = [
  { key: 'name', title: '姓名', value: (m) => m.name, sortable: true, minWidth: 120 },
  { key: 'idCard', title: '身份证号（已隐去部分）', value: (m) => m.idCardMasked, minWidth: 220 },
  { key: 'phone', title: '手机号（已隐去部分）', value: (m) => m.phoneMasked ?? '', minWidth: 170 },
  { key: 'status', title: '现在的状态', value: statusWords, sortable: true, minWidth: 200 },
  { key: 'outflow', title: '流出地党组织', value: (m) => m.outflowName, sortable: true, minWidth: 240 },
  { key: 'inflow', title: '流入地支部', value: (m) => m.inflowBranchName ?? '', sortable: true, minWidth: 240 },
];
