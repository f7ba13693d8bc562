import { createHash, randomInt } from 'node:crypto';
import { AppError } from './app-error';
import { type ActionOutput, type ParsedInput, type PostView, POST_CODE_ALPHABET, POST_CODE_LENGTH } from '../contract';
import { timestamp } from '../lib/time';
import { DuplicateIdError } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { isWriteConflict, saveVersioned } from '../store/saving';
import type { RoleDoc } from './access';
import { type ServiceContext, callerOpenid } from './context';
import { findOwnMember } from './members';
import { requireAdministeredOrganization, underPath } from './organizations';
import type { MemberRecord, OrganizationRecord, PostCodeRecord, UniqueKeyRecord } from './records';

/**
 * People in posts as the organization department sees them: every post held at and below an
 * organization, the members one may appoint, and the personal code a person shows on their
 * phone so that the desk can appoint them without ever seeing their OPENID. Appointing and
 * removing are `role.grant` and `role.revoke` (services/roles.ts).
 */

/** How long a personal code may be typed in: long enough to read it out across a desk. */
export const POST_CODE_TTL_MS = 10 * 60_000;
/** A code with less left than this is not handed out again; a fresh one is. */
const POST_CODE_REUSE_MIN_MS = 3 * 60_000;

export function postCodeIdFor(code: string): string {
  return `pc_${code}`;
}

/** The pointer to one person's current code: asking again while it is fresh shows the same code. */
function currentCodeKey(openid: string): string {
  return `uk_postcode_${createHash('sha256').update(openid).digest('hex').slice(0, 24)}`;
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < POST_CODE_LENGTH; i += 1) code += POST_CODE_ALPHABET[randomInt(POST_CODE_ALPHABET.length)];
  return code;
}

/**
 * 我的任职码: a short code, good for ten minutes and one appointment, that names the phone's
 * account to the desk. Asked again while it is fresh and unused, the same code comes back.
 */
export async function myPostCode(ctx: ServiceContext): Promise<ActionOutput<'post.myCode'>> {
  const openid = callerOpenid(ctx.caller);
  if (!openid) throw new AppError('FORBIDDEN', '请在手机上的小程序里打开“我的任职码”');
  const { store, clock } = ctx.deps;
  const pointerId = currentCodeKey(openid);
  const [pointer, member] = await Promise.all([
    store.get<UniqueKeyRecord>(COLLECTIONS.uniqueKeys, pointerId),
    findOwnMember(ctx),
  ]);
  const now = clock.now().getTime();
  if (pointer) {
    const current = await store.get<PostCodeRecord>(COLLECTIONS.postCodes, postCodeIdFor(pointer.owner));
    if (current && current.usedFor === null && Date.parse(current.expiresAt) - now >= POST_CODE_REUSE_MIN_MS) {
      return { code: pointer.owner, expiresAt: current.expiresAt };
    }
  }
  const expiresAt = new Date(now + POST_CODE_TTL_MS).toISOString();
  for (;;) {
    const code = newCode();
    try {
      await store.insert<PostCodeRecord>(COLLECTIONS.postCodes, {
        _id: postCodeIdFor(code),
        openid,
        memberName: member ? member.name : null,
        issuedAt: timestamp(clock),
        expiresAt,
        usedFor: null,
        usedAt: null,
      });
    } catch (error) {
      // Another person holds this code (one in a billion per code out there): draw again.
      if (error instanceof DuplicateIdError) continue;
      throw error;
    }
    try {
      await saveVersioned(store, COLLECTIONS.uniqueKeys, pointerId, pointer?.version ?? null, {
        owner: code,
        createdAt: timestamp(clock),
      });
    } catch (error) {
      // The same phone asked twice at once: both codes work; the pointer keeps the other one.
      if (!isWriteConflict(error)) throw error;
    }
    return { code, expiresAt };
  }
}

/** The posts below an organization and the names of the organizations they are in, read in two rounds. */
async function toPostViews(ctx: ServiceContext, posts: readonly RoleDoc[]): Promise<PostView[]> {
  const orgIds = [...new Set(posts.map((post) => post.orgId).filter((id): id is string => id !== null))];
  const orgs =
    orgIds.length === 0
      ? []
      : (
          await ctx.deps.store.find<OrganizationRecord>(COLLECTIONS.organizations, {
            where: { _id: { $in: orgIds } },
            limit: orgIds.length,
          })
        ).items;
  const byId = new Map(orgs.map((org) => [org._id, org]));
  return posts.flatMap((post): PostView[] => {
    const org = post.orgId ? byId.get(post.orgId) : undefined;
    if (!org || post.role === 'system_admin') return [];
    return [
      {
        postId: post._id,
        role: post.role,
        org: { orgId: org._id, name: org.name, kind: org.kind },
        holderName: post.holderName,
        since: post.grantedAt,
        grantedByName: post.grantedByName ?? null,
        version: post.version,
      },
    ];
  });
}

/** Every post held now at and below the organization, organization by organization (tree order). */
export async function listPosts(ctx: ServiceContext, input: ParsedInput<'post.list'>): Promise<ActionOutput<'post.list'>> {
  const { org } = await requireAdministeredOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<RoleDoc>(COLLECTIONS.roles, {
    where: { revokedAt: null, ...underPath('orgPath', org.path) },
    orderBy: [{ field: 'orgPath', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: await toPostViews(ctx, page.items), nextCursor: page.nextCursor };
}

/** Members the admin manages (placed below, or whose outflow organization is below), by name, masked. */
export async function postCandidates(
  ctx: ServiceContext,
  input: ParsedInput<'post.candidates'>,
): Promise<ActionOutput<'post.candidates'>> {
  const { org } = await requireAdministeredOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<MemberRecord>(COLLECTIONS.members, {
    where: {
      $or: [underPath('inflowPath', org.path), underPath('outflowPath', org.path)],
      name: { $contains: input.query },
    },
    orderBy: [{ field: 'name', direction: 'asc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return {
    items: page.items.map((member) => ({
      memberId: member._id,
      name: member.name,
      phoneMasked: member.phoneMasked,
      inflowBranchName: member.inflowBranchName,
      outflowName: member.outflow.name,
    })),
    nextCursor: page.nextCursor,
  };
}
