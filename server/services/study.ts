import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type { ServiceContext } from './context';

// Placeholder while the module is written; replaced before this lands.

export async function studyPlan(_ctx: ServiceContext, _input: ParsedInput<'study.plan'>): Promise<ActionOutput<'study.plan'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function saveStudyPlan(_ctx: ServiceContext, _input: ParsedInput<'study.savePlan'>): Promise<ActionOutput<'study.savePlan'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function branchStudy(_ctx: ServiceContext, _input: ParsedInput<'study.branch'>): Promise<ActionOutput<'study.branch'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function classifyMember(_ctx: ServiceContext, _input: ParsedInput<'study.classify'>): Promise<ActionOutput<'study.classify'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function pairMembers(_ctx: ServiceContext, _input: ParsedInput<'study.pair'>): Promise<ActionOutput<'study.pair'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function unpairMember(_ctx: ServiceContext, _input: ParsedInput<'study.unpair'>): Promise<ActionOutput<'study.unpair'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function myStudy(_ctx: ServiceContext, _input: ParsedInput<'study.mine'>): Promise<ActionOutput<'study.mine'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function scheduleStudy(_ctx: ServiceContext, _input: ParsedInput<'study.schedule'>): Promise<ActionOutput<'study.schedule'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function recordStudy(_ctx: ServiceContext, _input: ParsedInput<'study.record'>): Promise<ActionOutput<'study.record'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function recordAppraisal(_ctx: ServiceContext, _input: ParsedInput<'appraisal.record'>): Promise<ActionOutput<'appraisal.record'>> {
  throw new AppError('INTERNAL', 'not written yet');
}
