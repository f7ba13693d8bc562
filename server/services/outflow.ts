import type { ActionOutput, ParsedInput } from '../contract';
import { COLLECTIONS } from '../store/indexes';
import type { ServiceContext } from './context';
import { toMemberView } from './members';
import { requireManagedOrganization, underPath } from './organizations';
import type { MemberRecord, NoticeRecord } from './records';

/** The hometown side: its outgoing members (masked) and where each one is now. */
export async function outflowMembers(
  ctx: ServiceContext,
  input: ParsedInput<'outflow.members'>,
): Promise<ActionOutput<'outflow.members'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
    // A member whose relationship was transferred away is no longer an outgoing member; their
    // reports and history stay readable from the member's records.
    where: { ...underPath('outflowPath', org.path), status: { $ne: 'transferred' } },
    orderBy: [
      { field: 'outflowPath', direction: 'asc' },
      { field: 'registeredAt', direction: 'desc' },
    ],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toMemberView), nextCursor: page.nextCursor };
}

export async function outflowNotices(
  ctx: ServiceContext,
  input: ParsedInput<'outflow.notices'>,
): Promise<ActionOutput<'outflow.notices'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<NoticeRecord>(COLLECTIONS.notices, {
    where: underPath('outflowPath', org.path),
    orderBy: [
      { field: 'outflowPath', direction: 'asc' },
      { field: 'createdAt', direction: 'desc' },
    ],
    limit: input.limit,
    cursor: input.cursor,
  });
  return {
    items: page.items.map((notice) => ({
      noticeId: notice._id,
      kind: notice.kind,
      memberId: notice.memberId,
      memberName: notice.memberName,
      branch: { orgId: notice.branchId, name: notice.branchName },
      branchRegion: notice.branchRegion,
      createdAt: notice.createdAt,
    })),
    nextCursor: page.nextCursor,
  };
}
