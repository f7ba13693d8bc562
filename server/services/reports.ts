import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type { ServiceContext } from './context';

// Placeholder while the module is written; replaced before this lands.

export async function reportsToWrite(_ctx: ServiceContext, _input: ParsedInput<'report.toWrite'>): Promise<ActionOutput<'report.toWrite'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function getReport(_ctx: ServiceContext, _input: ParsedInput<'report.get'>): Promise<ActionOutput<'report.get'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function saveReportDraft(_ctx: ServiceContext, _input: ParsedInput<'report.saveDraft'>): Promise<ActionOutput<'report.saveDraft'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function submitReport(_ctx: ServiceContext, _input: ParsedInput<'report.submit'>): Promise<ActionOutput<'report.submit'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function correctReport(_ctx: ServiceContext, _input: ParsedInput<'report.correct'>): Promise<ActionOutput<'report.correct'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function reportInbox(_ctx: ServiceContext, _input: ParsedInput<'report.inbox'>): Promise<ActionOutput<'report.inbox'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function acknowledgeReport(_ctx: ServiceContext, _input: ParsedInput<'report.acknowledge'>): Promise<ActionOutput<'report.acknowledge'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function reportThread(_ctx: ServiceContext, _input: ParsedInput<'report.thread'>): Promise<ActionOutput<'report.thread'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function replyToReport(_ctx: ServiceContext, _input: ParsedInput<'report.reply'>): Promise<ActionOutput<'report.reply'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function reportHistory(_ctx: ServiceContext, _input: ParsedInput<'report.history'>): Promise<ActionOutput<'report.history'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

/** What opening one member's draft for one period did. */
export interface DraftOutcome {
  reportId: string;
  /** False when the draft was already there (a rerun, or the member's report was opened earlier). */
  created: boolean;
}

/**
 * Opens the draft report a placed member's branch owes for `period`, with its figures counted
 * from the records, unless it exists (the id `r_<memberId>_<periodKey>` makes this idempotent).
 * Used by the jobs function; `inflow`/`outflow` are the settings in force at the branch and at
 * the member's outflow organization.
 */
export async function openReportDraft(
  _deps: import('./context').ServiceDeps,
  _member: import('./members').MemberDoc,
  _period: import('../contract/joint').Period,
  _settings: { inflow: import('../contract/joint').Settings; outflow: import('../contract/joint').Settings },
): Promise<DraftOutcome> {
  throw new AppError('INTERNAL', 'not written yet');
}

/** The report id for a member and period. */
export function reportIdFor(memberId: string, periodKey: string): string {
  return `r_${memberId.slice(2)}_${periodKey}`;
}
