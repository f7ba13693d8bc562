import { useState } from 'react';
import { Select } from 'tdesign-react';
import type { OrgView } from '../../../server/contract';
import { useAdminScopes } from './admin-scopes';

/**
 * The organization a desk page works on, among those the official administers: the first until
 * they choose another. `scopes` is null while they load, empty for someone who administers none.
 */
export function useChosenScope(): { scopes: OrgView[] | null; scope: OrgView | null; choose: (orgId: string) => void } {
  const scopes = useAdminScopes();
  const [chosenId, setChosenId] = useState<string | null>(null);
  const scope = scopes?.find((org) => org.orgId === chosenId) ?? scopes?.[0] ?? null;
  return { scopes, scope, choose: setChosenId };
}

/** The picker of {@link useChosenScope}'s organization. */
export function ScopeSelect({
  scopes,
  scope,
  choose,
  width = 320,
}: {
  scopes: OrgView[] | null;
  scope: OrgView | null;
  choose: (orgId: string) => void;
  width?: number;
}) {
  return (
    <Select
      size="large"
      value={scope?.orgId}
      onChange={(value) => choose(String(value))}
      options={(scopes ?? []).map((org) => ({ value: org.orgId, label: org.name }))}
      style={{ width }}
    />
  );
}
