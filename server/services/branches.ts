import type { ActionOutput, ParsedInput } from '../contract';
import { COLLECTIONS } from '../store/indexes';
import { loadAccess, requireManages } from './access';
import { CHECKIN_PAGE, checkinScene } from './checkins';
import type { ServiceContext } from './context';
import { toMemberView } from './members';
import { requireBranch } from './organizations';
import type { MemberRecord } from './records';

export async function branchMembers(
  ctx: ServiceContext,
  input: ParsedInput<'branch.members'>,
): Promise<ActionOutput<'branch.members'>> {
  const [branch, access] = await Promise.all([requireBranch(ctx.deps, input.branchId), loadAccess(ctx)]);
  requireManages(access, branch.path, '只能查看本支部或下级支部的党员');
  const page = await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
    where: { inflowBranchId: branch._id, status: 'placed' },
    orderBy: [{ field: 'placedAt', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toMemberView), nextCursor: page.nextCursor };
}

export async function branchCheckinCode(
  ctx: ServiceContext,
  input: ParsedInput<'branch.checkinCode'>,
): Promise<ActionOutput<'branch.checkinCode'>> {
  const [branch, access] = await Promise.all([requireBranch(ctx.deps, input.branchId), loadAccess(ctx)]);
  requireManages(access, branch.path, '只有本支部书记或上级组织管理员可以生成报到码');
  const scene = checkinScene(branch._id);
  return {
    branch: { orgId: branch._id, name: branch.name },
    scene,
    page: CHECKIN_PAGE,
    imageDataUrl: await ctx.deps.codeRenderer.render(scene, CHECKIN_PAGE),
  };
}
