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
 * tree that set it, else the default. The records of a path are read in one query (on
 * CloudBase every read is a round trip, and a path is three to five organizations deep), and
 * memoized per organization: a batch job asks for the same few paths a hundred thousand times.
 */
export class SettingsResolver {
  private readonly records = new Map<string, Promise<OrgSettingsDoc | null>>();

  constructor(private readonly deps: ServiceDeps) {}

  /** The organizations' own settings records, in order; one query for those not read yet. */
  private recordsOf(orgIds: readonly string[]): Promise<(OrgSettingsDoc | null)[]> {
    const missing = [...new Set(orgIds.filter((id) => !this.records.has(id)))];
    if (missing.length > 0) {
      const found = this.deps.store
        .find<OrgSettingsRecord>(COLLECTIONS.orgSettings, { where: { _id: { $in: missing } }, limit: missing.length })
        .then((page) => new Map(page.items.map((doc) => [doc._id, doc])));
      for (const id of missing) {
        const record = found.then((docs) => docs.get(id) ?? null);
        this.records.set(id, record);
        // A failed read must not poison a batch that reuses the resolver.
        record.catch(() => this.records.delete(id));
      }
    }
    return Promise.all(orgIds.map((id) => this.records.get(id) as Promise<OrgSettingsDoc | null>));
  }

  /** The record an organization set for itself, or `null`. */
  async ownRecord(orgId: string): Promise<OrgSettingsDoc | null> {
    const [record] = await this.recordsOf([orgId]);
    return record;
  }

  /** Settings in force at `path` (an organization path); `null` (an organization not on the system) gives the defaults. */
  async at(path: string | null): Promise<Settings> {
    let effective: Settings = { ...DEFAULT_SETTINGS };
    if (!path) return effective;
    for (const record of await this.recordsOf(pathIds(path))) effective = { ...effective, ...(record?.values ?? {}) };
    return effective;
  }
}

function check(settings: Settings): void {
  if (settings.noLifeEscalateMonths <= settings.noLifeWarnMonths) {
    throw new AppError('BAD_REQUEST', '上报的月数应大于预警的月数', { field: 'changes.noLifeEscalateMonths' });
  }
  if (settings.serviceEscalateDays <= settings.serviceAnswerDays) {
    throw new AppError('BAD_REQUEST', '告知上级的天数应大于提醒支部的天数', { field: 'changes.serviceEscalateDays' });
  }
}

export async function getSettings(
  ctx: ServiceContext,
  input: ParsedInput<'settings.get'>,
): Promise<ActionOutput<'settings.get'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const resolver = new SettingsResolver(ctx.deps);
  // One read: the path's records include the organization's own.
  const [effective, own] = await Promise.all([resolver.at(org.path), resolver.ownRecord(org._id)]);
  return { own: own?.values ?? {}, effective, version: own?.version ?? null };
}

export async function updateSettings(
  ctx: ServiceContext,
  input: ParsedInput<'settings.update'>,
): Promise<ActionOutput<'settings.update'>> {
  const { org, access } = await requireManagedOrganization(ctx, input.orgId);
  // A secretary sees the branch's rules; only admins set them.
  if (!access.administers(org.path)) throw new AppError('FORBIDDEN', '只有本组织或上级组织的管理员可以修改设置');
  const parent = parentOfPath(org.path);
  const resolver = new SettingsResolver(ctx.deps);
  const [current, inherited] = await Promise.all([
    resolver.ownRecord(org._id),
    parent ? resolver.at(parent.path) : { ...DEFAULT_SETTINGS },
  ]);
  if ((current?.version ?? null) !== input.version) {
    throw new AppError('CONFLICT', '设置刚被其他人修改，请刷新后再试');
  }
  const values: Partial<Settings> = { ...(current?.values ?? {}), ...input.changes };
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
