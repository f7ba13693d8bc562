import { AppError } from '../app-error';
import { COLLECTIONS } from '../../store/indexes';
import { type Access, type Side, loadAccess, sideOf } from '../access';
import type { ServiceContext } from '../context';
import type { ReportRecord } from '../records';
import type { ReportDoc } from './views';

/** Who may see a report and act on which side of it, and the words of its refusals. */

export function notFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这份反馈报告', { field: 'reportId' });
}

export function changedElsewhere(): AppError {
  return new AppError('CONFLICT', '这份报告刚被其他人修改，请刷新后再试');
}

export function finalReport(): AppError {
  return new AppError('REPORT_FINAL', '报告已提交，不能再修改；如有错误请发起更正');
}

export function notSubmitted(): AppError {
  return new AppError('REPORT_NOT_SUBMITTED', '这份报告还没有提交');
}

export function lookOnly(): AppError {
  return new AppError('FORBIDDEN', '上级组织只能查看');
}

/**
 * The report and the caller's side; "missing" and "not yours" are one answer, so ids cannot be
 * probed. The outflow side sees a report once it has been sent home: a draft never sent does
 * not exist for it, whatever it asks to do with it.
 */
export async function loadVisible(
  ctx: ServiceContext,
  reportId: string,
): Promise<{ report: ReportDoc; access: Access; side: Side }> {
  const [report, access] = await Promise.all([ctx.deps.store.get<ReportRecord>(COLLECTIONS.reports, reportId), loadAccess(ctx)]);
  if (!report) throw notFound();
  const side = sideOf(access, { inflowPath: report.branchPath, outflowPath: report.outflowPath });
  if (!side || (side === 'outflow' && report.revision < 1)) throw notFound();
  return { report, access, side };
}

export function requireInflow(side: Side): void {
  if (side === 'above') throw lookOnly();
  if (side === 'outflow') throw new AppError('FORBIDDEN', '反馈报告由流入地党支部填写，流出地组织可以查看、确认和留言');
}

export function requireOutflow(side: Side): void {
  if (side === 'above') throw lookOnly();
  if (side === 'inflow') throw new AppError('FORBIDDEN', '只有流出地党组织可以确认收到');
}
