import { useCallback, useState } from 'react';
import { Button } from 'tdesign-react';
import type { OrgEntry } from '../../../../server/contract';
import { api } from '../../api';
import { CursorTable } from '../../components/cursor-table';
import { EmptyState, Loaded, useLoad } from '../../components/states';
import { formatRegion } from '../../lib/shared-with-phone';
import { OrgCreateDialog } from './org-create-dialog';
import { OrgDissolveDialog } from './org-dissolve-dialog';
import { OrgEditDialog } from './org-edit-dialog';
import { OrgMoveDialog } from './org-move-dialog';
import { ORG_COLUMNS, ORG_PAGE_SIZE, orgKindText, orgScopeText, orgStatusText } from './org-words';

/** One organization: its facts, what may be done with it, and the organizations directly below it. */
export function OrgDetail({
  orgId,
  onSelect,
  onChanged,
}: {
  orgId: string | null;
  onSelect: (orgId: string) => void;
  onChanged: () => void;
}) {
  if (!orgId)
    return (
      <section className="desk-orgs__detail">
        <EmptyState title="请在左边选择一个组织" hint="点组织名称查看详情和下级组织；点名称前的小三角展开下一级。" />
      </section>
    );
  return <OrgFacts orgId={orgId} onSelect={onSelect} onChanged={onChanged} />;
}

function OrgFacts({ orgId, onSelect, onChanged }: { orgId: string; onSelect: (orgId: string) => void; onChanged: () => void }) {
  const [state, reload] = useLoad(() => api.call('org.get', { orgId }), [orgId]);
  const [dialog, setDialog] = useState<'create' | 'move' | 'edit' | 'dissolve' | null>(null);
  const children = useCallback(
    (cursor: string | null) => api.call('org.list', { parentId: orgId, cursor, limit: ORG_PAGE_SIZE }),
    [orgId],
  );

  return (
    <section className="desk-orgs__detail" data-testid="org-detail">
      <Loaded state={state} onRetry={reload}>
        {(org: OrgEntry) => (
          <>
            <h2 className="desk-page__title">{org.name}</h2>
            <dl className="desk-orgs__facts">
              <dt>类型</dt>
              <dd>{orgKindText(org)}</dd>
              <dt>所在地区</dt>
              <dd>{formatRegion(org.region)}</dd>
              {orgScopeText(org) && (
                <>
                  <dt>家乡或行业</dt>
                  <dd>{orgScopeText(org)}</dd>
                </>
              )}
              <dt>地址</dt>
              <dd>{org.address || '未填写'}</dd>
              <dt>联系方式</dt>
              <dd>{org.contact || '未填写'}</dd>
              <dt>状态</dt>
              <dd data-testid="org-status">{orgStatusText(org)}</dd>
            </dl>
            {/* A dissolved organization is history: nothing new is done with it. */}
            {!org.dissolved && (
              <div className="desk-toolbar">
                {org.kind !== 'branch' && (
                  <Button size="large" theme="primary" onClick={() => setDialog('create')}>
                    新建下级组织
                  </Button>
                )}
                <Button size="large" variant="outline" onClick={() => setDialog('edit')}>
                  修改信息
                </Button>
                {org.parentId && (
                  <Button size="large" variant="outline" onClick={() => setDialog('move')}>
                    调整隶属
                  </Button>
                )}
                <Button size="large" variant="outline" theme="danger" onClick={() => setDialog('dissolve')}>
                  撤销或合并
                </Button>
              </div>
            )}
            {org.kind !== 'branch' && (
              <>
                <h3 className="desk-page__section">下级组织</h3>
                <CursorTable
                  title={`${org.name}的下级组织`}
                  load={children}
                  columns={ORG_COLUMNS}
                  rowKey={(child) => child.orgId}
                  onRowClick={(child) => onSelect(child.orgId)}
                  empty={{ title: '还没有下级组织', hint: '点“新建下级组织”添加。' }}
                />
              </>
            )}
            {dialog === 'create' && (
              <OrgCreateDialog
                parent={org}
                onClose={() => setDialog(null)}
                onCreated={(created) => {
                  setDialog(null);
                  onChanged();
                  onSelect(created.orgId);
                }}
              />
            )}
            {dialog === 'edit' && (
              <OrgEditDialog
                org={org}
                onClose={() => setDialog(null)}
                onSaved={() => {
                  setDialog(null);
                  onChanged();
                }}
              />
            )}
            {dialog === 'dissolve' && (
              <OrgDissolveDialog
                org={org}
                onClose={() => setDialog(null)}
                onDone={() => {
                  setDialog(null);
                  onChanged();
                }}
              />
            )}
            {dialog === 'move' && (
              <OrgMoveDialog
                org={org}
                onClose={() => setDialog(null)}
                onMoved={() => {
                  setDialog(null);
                  onChanged();
                }}
              />
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
