import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type { ServiceContext } from './context';

// Placeholder while the module is written; replaced before this lands.

export async function createActivity(_ctx: ServiceContext, _input: ParsedInput<'activity.create'>): Promise<ActionOutput<'activity.create'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function cancelActivity(_ctx: ServiceContext, _input: ParsedInput<'activity.cancel'>): Promise<ActionOutput<'activity.cancel'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function listActivities(_ctx: ServiceContext, _input: ParsedInput<'activity.list'>): Promise<ActionOutput<'activity.list'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function activityCode(_ctx: ServiceContext, _input: ParsedInput<'activity.code'>): Promise<ActionOutput<'activity.code'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function resolveActivityCode(_ctx: ServiceContext, _input: ParsedInput<'activity.resolveCode'>): Promise<ActionOutput<'activity.resolveCode'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function signIn(_ctx: ServiceContext, _input: ParsedInput<'activity.signIn'>): Promise<ActionOutput<'activity.signIn'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function activityAttendance(_ctx: ServiceContext, _input: ParsedInput<'activity.attendance'>): Promise<ActionOutput<'activity.attendance'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function markAttendance(_ctx: ServiceContext, _input: ParsedInput<'activity.mark'>): Promise<ActionOutput<'activity.mark'>> {
  throw new AppError('INTERNAL', 'not written yet');
}

export async function myLife(_ctx: ServiceContext, _input: ParsedInput<'life.mine'>): Promise<ActionOutput<'life.mine'>> {
  throw new AppError('INTERNAL', 'not written yet');
}
