import { useEffect, useState } from 'react';
import type { OrgView } from '../../../server/contract';
import { api } from '../api';
import { useMe } from './session';

/**
 * The organizations an official administers from the desk ({@link useChosenScope} picks one): where they are an
 * admin, or every top-level one for a system admin; null while they load.
 */
export function useAdminScopes(): OrgView[] | null {
  const me = useMe();
  const [scopes, setScopes] = useState<OrgView[] | null>(null);
  useEffect(() => {
    let stale = false;
    const admin = me.roles.filter((role) => role.role === 'org_admin' && role.orgId);
    const load = async (): Promise<OrgView[]> => {
      if (me.roles.some((role) => role.role === 'system_admin')) {
        const top = await api.call('org.list', { parentId: null, limit: 50 });
        return top.ok ? top.data.items : [];
      }
      const orgs: OrgView[] = [];
      for (const role of admin) {
        const org = await api.call('org.get', { orgId: role.orgId ?? '' });
        if (org.ok) orgs.push(org.data);
      }
      return orgs;
    };
    void load().then((orgs) => {
      if (!stale) setScopes(orgs);
    });
    return () => {
      stale = true;
    };
  }, [me]);
  return scopes;
}
