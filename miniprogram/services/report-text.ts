import type { ReportSummary } from '../../server/contract/reports';
import { formatDate } from './format';

/**
 * How the branch's screens name a report it has to write (the list of reports to write, the
 * editor's heading), in one place so both say the same thing: whose it is, for which hometown
 * organization, which period, and by when.
 */
export interface ReportToWrite {
  memberName: string;
  probationary: boolean;
  /** The member's hometown (outflow) organization, which receives the report. */
  outflowName: string;
  periodLabel: string;
  dueOn: string;
  overdue: boolean;
}

export function reportToWriteOf(report: ReportSummary): ReportToWrite {
  return {
    memberName: report.member.name,
    probationary: report.member.standing === 'probationary',
    outflowName: report.outflow.name,
    periodLabel: report.period.label,
    dueOn: formatDate(report.dueOn),
    overdue: report.overdue,
  };
}
