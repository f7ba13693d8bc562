import { useCallback, useState } from 'react';
import { Button } from 'tdesign-react';
import type { PostView } from '../../../../server/contract';
import { api } from '../../api';
import { CursorTable, type TableColumn } from '../../components/cursor-table';
import { EmptyState } from '../../components/states';
import { ROLE_LABELS, formatDateTime } from '../../lib/shared-with-phone';
import { ScopeSelect, useChosenScope } from '../../shell/scope-select';
import { PostAppointDialog } from './post-appoint-dialog';
import { PostEndDialog } from './post-end-dialog';

const COLUMNS: readonly TableColumn<PostView>[] = [
  { key: 'holder', title: '姓名', value: (post) => post.holderName, sortable: true },
  { key: 'role', title: '职务', value: (post) => ROLE_LABELS[post.role], sortable: true },
  { key: 'org', title: '所在组织', value: (post) => post.org.name, sortable: true },
  { key: 'since', title: '任职时间', value: (post) => formatDateTime(post.since), sortable: true },
  { key: 'by', title: '任命人', value: (post) => post.grantedByName ?? '' },
];

/**
 * 人员任职: every admin and secretary at and below the chosen organization; 任命 appoints a member
 * picked by name or a person by the code on their phone (我的任职码); a row opens the post, to
 * end it.
 */
export default function PostsPage() {
  const { scopes, scope, choose } = useChosenScope();
  const [appointing, setAppointing] = useState(false);
  const [ending, setEnding] = useState<PostView | null>(null);
  const [listVersion, setListVersion] = useState(0);

  const load = useCallback(
    (cursor: string | null) => api.call('post.list', { orgId: scope?.orgId ?? '', cursor, limit: 50 }),
    [scope],
  );

  return (
    <div>
      <h1 className="desk-page__title">人员任职</h1>
      {scopes !== null && scopes.length === 0 ? (
        <EmptyState title="您不是组织管理员" hint="任命和撤销支部书记、组织管理员，由本组织或上级组织的管理员办理。" />
      ) : (
        <CursorTable
          // A new key reads the list again after an appointment or a removal.
          key={`${scope?.orgId ?? 'none'}-${listVersion}`}
          title={`${scope?.name ?? ''}的任职`}
          load={load}
          columns={COLUMNS}
          rowKey={(post) => post.postId}
          onRowClick={setEnding}
          empty={{ title: '这里还没有人任职', hint: '点“任命”添加组织管理员或支部书记。' }}
          toolbar={
            <>
              <ScopeSelect scopes={scopes} scope={scope} choose={choose} />
              <Button size="large" theme="primary" disabled={!scope} onClick={() => setAppointing(true)}>
                任命
              </Button>
            </>
          }
        />
      )}
      {appointing && scope && (
        <PostAppointDialog
          scope={scope}
          onClose={() => setAppointing(false)}
          onAppointed={() => {
            setAppointing(false);
            setListVersion((version) => version + 1);
          }}
        />
      )}
      {ending && (
        <PostEndDialog
          post={ending}
          onClose={() => setEnding(null)}
          onEnded={() => {
            setEnding(null);
            setListVersion((version) => version + 1);
          }}
        />
      )}
    </div>
  );
}
