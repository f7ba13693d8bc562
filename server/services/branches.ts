import type { ActionOutput, ParsedInput } from '../contract';
import { COLLECTIONS } from '../store/indexes';
import type { ServiceContext } from './context';
import { toMemberView } from './members';
import { requireManagedBranch } from './organizations';
import type { MemberRecord } from './records';

export async function branchMembers(
  ctx: ServiceContext,
  input: ParsedInput<'branch.members'>,
): Promise<ActionOutput<'branch.members'>> {
  const { branch } = await requireManagedBranch(ctx, input.branchId);
  const page = await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
    // Members whose relationship was transferred here stay on the roster, as regular members.
    where: { inflowBranchId: branch._id, status: { $in: ['placed', 'transferred'] } },
    orderBy: [{ field: 'placedAt', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toMemberView), nextCursor: page.nextCursor };
}
