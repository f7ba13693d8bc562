import type { ActionOutput } from '../contract';
import { loadAccess } from './access';
import { CONSENT_NOTICE, agreedVersion } from './consent';
import type { ServiceContext } from './context';
import { findOwnMember, toMemberView } from './members';
import { toRoleViews } from './roles';

export async function me(ctx: ServiceContext): Promise<ActionOutput<'session.me'>> {
  const [access, member, agreed] = await Promise.all([loadAccess(ctx), findOwnMember(ctx), agreedVersion(ctx)]);
  return {
    roles: await toRoleViews(ctx, access.roles),
    member: member ? toMemberView(member) : null,
    consent: { currentVersion: CONSENT_NOTICE.version, agreedVersion: agreed },
  };
}
