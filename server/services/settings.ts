import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import { DEFAULT_SETTINGS, type Settings } from '../contract/settings';
import { timestamp } from '../lib/time';
import { type StoredDocument, VersionConflictError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { saveVersioned } from '../store/saving';
import { type ServiceContext, type ServiceDeps, callerKey } from './context';
import { parentOfPath, pathIds, requireManagedOrganization } from './organizations';
import type { OrgSettingsRecord } from './records';

/**
 * Effective settings for organizations, each value taken from the nearest organization up the
 * tree that set it, else the default. Memoized per path: a batch job asks for the same few
 * paths a hundred thousand times.
 */
export class SettingsResolver {
  private readonly own = new Map<string, Promise<Partial<Settings>>>();

  constructor(private readonly deps: ServiceDeps) {}

  private ownOf(orgId: string): Promise<Partial<Settings>> {
    let found = this.own.get(orgId);
    if (!found) {
      found = this.deps.store.get<OrgSettingsRecord>(COLLECTIONS.orgSettings, orgId).then((doc) => doc?.values ?? {});
      this.own.set(orgId, found);
    }
    return found;
  }

  /** Settings in force at `path` (an organization path); `null` (an organization not on the system) gives the defaults. */
  async at(path: string | null): Promise<Settings> {
    let effective: Settings = { ...DEFAULT_SETTINGS };
    if (!path) return effective;
    for (const id of pathIds(path)) effective = { ...effective, ...(await this.ownOf(id)) };
    return effective;
  }
}

function check(settings: Settings): void {
  if (settings.noLifeEscalateMonths <= settings.noLifeWarnMonths) {
    throw new AppError('BAD_REQUEST', '上报的月数应大于预警的月数', { field: 'changes.noLifeEscalateMonths' });
  }
}

export async function getSettings(
  ctx: ServiceContext,
  input: ParsedInput<'settings.get'>,
): Promise<ActionOutput<'settings.get'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const own = await ctx.deps.store.get<OrgSettingsRecord>(COLLECTIONS.orgSettings, org._id);
  return { own: own?.values ?? {}, effective: await new SettingsResolver(ctx.deps).at(org.path), version: own?.version ?? null };
}

export async function updateSettings(
  ctx: ServiceContext,
  input: ParsedInput<'settings.update'>,
): Promise<ActionOutput<'settings.update'>> {
  const { org, access } = await requireManagedOrganization(ctx, input.orgId);
  // A secretary sees the branch's rules; only admins set them.
  if (!access.administers(org.path)) throw new AppError('FORBIDDEN', '只有本组织或上级组织的管理员可以修改设置');
  const current = await ctx.deps.store.get<OrgSettingsRecord>(COLLECTIONS.orgSettings, org._id);
  if ((current?.version ?? null) !== input.version) {
    throw new AppError('CONFLICT', '设置刚被其他人修改，请刷新后再试');
  }
  const values: Partial<Settings> = { ...(current?.values ?? {}), ...input.changes };
  const parent = parentOfPath(org.path);
  const inherited = parent ? await new SettingsResolver(ctx.deps).at(parent.path) : { ...DEFAULT_SETTINGS };
  check({ ...inherited, ...values });
  const record: OrgSettingsRecord = {
    orgId: org._id,
    orgPath: org.path,
    values,
    updatedAt: timestamp(ctx.deps.clock),
    updatedBy: callerKey(ctx.caller),
  };
  let version: number;
  try {
    ({ version } = await saveVersioned(ctx.deps.store, COLLECTIONS.orgSettings, org._id, current?.version ?? null, record));
  } catch (error) {
    if (error instanceof VersionConflictError) throw new AppError('CONFLICT', '设置刚被其他人修改，请刷新后再试');
    throw error;
  }
  return { own: values, effective: { ...inherited, ...values }, version };
}

export type OrgSettingsDoc = StoredDocument<OrgSettingsRecord>;
