import { useCallback, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Input, Select } from 'tdesign-react';
import type { OrgKind, OrgView } from '../../../../server/contract';
import { api } from '../../api';
import { CursorTable } from '../../components/cursor-table';
import { ORG_KIND_LABELS } from '../../lib/shared-with-phone';
import { OrgDetail } from './org-detail';
import { OrgTree } from './org-tree';
import { ORG_COLUMNS, ORG_PAGE_SIZE } from './org-words';

const KIND_OPTIONS = (Object.keys(ORG_KIND_LABELS) as OrgKind[]).map((kind) => ({ value: kind, label: ORG_KIND_LABELS[kind] }));

/**
 * 组织架构: the tree on the left (the official's own organizations, opened level by level), the
 * chosen organization on the right (its facts, 新建下级组织, 调整隶属, the organizations below),
 * and a search over every organization by name and kind above both. /desk/orgs/<orgId> opens one.
 */
export default function OrgsPage() {
  const selected = useParams()['*'] || null;
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<OrgKind | null>(null);
  // Bumped after a create or a move, so the tree and the lists read the organizations again.
  const [treeVersion, setTreeVersion] = useState(0);
  const select = useCallback((orgId: string) => navigate(`/orgs/${orgId}`), [navigate]);

  const searching = query.trim() !== '' || kind !== null;
  const search = useCallback(
    (cursor: string | null) => api.call('org.list', { query: query.trim() || null, kind, cursor, limit: ORG_PAGE_SIZE }),
    [query, kind],
  );

  return (
    <div>
      <h1 className="desk-page__title">组织架构</h1>
      <div className="desk-toolbar">
        <Input
          size="large"
          clearable
          value={query}
          onChange={(value) => setQuery(String(value))}
          placeholder="按名称查找组织，如：新桥社区"
          style={{ width: 360 }}
          data-testid="org-search"
        />
        <Select
          size="large"
          clearable
          value={kind ?? undefined}
          onChange={(value) => setKind((value as OrgKind | undefined) ?? null)}
          options={KIND_OPTIONS}
          placeholder="全部类型"
          style={{ width: 180 }}
        />
      </div>
      {searching ? (
        <CursorTable
          key={`search-${treeVersion}`}
          title="组织查找结果"
          load={search}
          columns={ORG_COLUMNS}
          rowKey={(org) => org.orgId}
          onRowClick={(org) => {
            setQuery('');
            setKind(null);
            select(org.orgId);
          }}
          empty={{ title: '没有找到符合条件的组织', hint: '换一个关键字试试，名称中的几个字就可以' }}
        />
      ) : (
        <div className="desk-orgs">
          <OrgTree key={`tree-${treeVersion}`} selected={selected} onSelect={select} />
          <OrgDetail
            key={`${selected ?? 'none'}-${treeVersion}`}
            orgId={selected}
            onSelect={select}
            onChanged={() => setTreeVersion((version) => version + 1)}
          />
        </div>
      )}
    </div>
  );
}
