import type { ReportFigures, ReportSummary } from '../../server/contract/reports';
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
  /** The part of the period the report counts, when the member was in the branch for part of it; '' otherwise. */
  shareLabel: string;
}

export function reportToWriteOf(report: ReportSummary): ReportToWrite {
  return {
    memberName: report.member.name,
    probationary: report.member.standing === 'probationary',
    outflowName: report.outflow.name,
    periodLabel: report.period.label,
    shareLabel: report.shareLabel ?? '',
    dueOn: formatDate(report.dueOn),
    overdue: report.overdue,
  };
}

/**
 * The study figures in words, the same on the branch's editor and the hometown's report: this
 * period's hours, and the year so far (from the day counting starts) against the plan and the
 * target. A revision frozen before period hours were counted shows the year only.
 */
export function studyFigureLines(figures: ReportFigures): { label: string; value: string }[] {
  const year = `已完成 ${figures.studyHoursThisYear} 学时，按计划应完成 ${figures.studyHoursDueThisYear} 学时；全年目标 ${figures.studyTargetHours} 学时`;
  if (figures.studyHoursInPeriod === null || figures.studyCountedFrom === null) return [{ label: '今年学习', value: year }];
  return [
    { label: '本期学习', value: `${figures.studyHoursInPeriod} 学时` },
    { label: '今年学习', value: `自${formatDate(figures.studyCountedFrom)}起，${year}` },
  ];
}

/**
 * The volunteer hours in words, the same on the branch's editor and the hometown's report: the
 * hours in all, and the part from services to residents through the member's skill card.
 */
export function volunteerHoursText(figures: Pick<ReportFigures, 'volunteerHours' | 'serviceHours'>): string {
  const fromServices = figures.serviceHours ?? 0;
  return fromServices > 0
    ? `${figures.volunteerHours} 小时（其中为居民服务 ${fromServices} 小时，居民已确认）`
    : `${figures.volunteerHours} 小时`;
}
