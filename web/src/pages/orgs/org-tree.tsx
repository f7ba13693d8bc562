import { useEffect, useState } from 'react';
import { Tree, type TreeNodeModel } from 'tdesign-react';
import type { OrgView } from '../../../../server/contract';
import { type CallResult, api } from '../../api';
import { ErrorState, LoadingState } from '../../components/states';
import { useMe } from '../../shell/session';

interface OrgNode {
  value: string;
  label: string;
  /** `true`: has children to load when opened (a branch never has). */
  children?: boolean | OrgNode[];
}

/** A tree level is read in pages of 50, at most this many pages (the search finds the rest). */
const LEVEL_PAGES = 10;

function toNode(org: OrgView): OrgNode {
  // A dissolved organization stays in the tree, for its history, and says so.
  const label = org.dissolved ? `${org.name}（已撤销）` : org.name;
  return { value: org.orgId, label, children: org.kind !== 'branch' };
}

async function childrenOf(parentId: string | null): Promise<CallResult<OrgView[]>> {
  const all: OrgView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < LEVEL_PAGES; page += 1) {
    const result: CallResult<{ items: OrgView[]; nextCursor: string | null }> = await api.call('org.list', {
      parentId,
      cursor,
      limit: 50,
    });
    if (!result.ok) return result;
    all.push(...result.data.items);
    cursor = result.data.nextCursor;
    if (!cursor) break;
  }
  return { ok: true, data: all };
}

/** The official's own organizations: every top-level one for a system admin, else where they hold a post. */
async function roots(me: ReturnType<typeof useMe>): Promise<CallResult<OrgView[]>> {
  if (me.roles.some((role) => role.role === 'system_admin')) return childrenOf(null);
  const ids = [...new Set(me.roles.map((role) => role.orgId).filter((id): id is string => id !== null))];
  const orgs: OrgView[] = [];
  for (const orgId of ids) {
    const result = await api.call('org.get', { orgId });
    if (!result.ok) return result;
    orgs.push(result.data);
  }
  return { ok: true, data: orgs };
}

export function OrgTree({ selected, onSelect }: { selected: string | null; onSelect: (orgId: string) => void }) {
  const me = useMe();
  const [state, setState] = useState<CallResult<OrgNode[]> | null>(null);

  const loadRoots = () => {
    setState(null);
    void roots(me).then((result) => setState(result.ok ? { ok: true, data: result.data.map(toNode) } : result));
  };
  useEffect(loadRoots, [me]);

  if (!state) return <LoadingState text="正在读取组织架构…" />;
  if (!state.ok) return <ErrorState error={state.error} onRetry={loadRoots} />;
  return (
    <nav className="desk-orgs__tree" aria-label="组织架构树" data-testid="org-tree">
      {state.data.length === 0 ? (
        <p className="desk-state__hint">您没有任职的组织；可以用上面的查找框查看公开的组织信息。</p>
      ) : (
        <Tree
          data={state.data}
          activable
          hover
          expandOnClickNode={false}
          actived={selected ? [selected] : []}
          onActive={(value) => {
            const [orgId] = value;
            if (orgId !== undefined) onSelect(String(orgId));
          }}
          load={async (node: TreeNodeModel) => {
            const result = await childrenOf(String(node.value));
            return result.ok ? result.data.map(toNode) : [];
          }}
          empty="这里没有下级组织"
        />
      )}
    </nav>
  );
}
