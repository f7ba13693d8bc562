import { useCallback, useState } from 'react';
import { Button } from 'tdesign-react';
import type { HandbookEntryView } from '../../../../server/contract';
import { api } from '../../api';
import { CursorTable, type TableColumn } from '../../components/cursor-table';
import { EmptyState } from '../../components/states';
import { HANDBOOK_OLD_LABELS, HANDBOOK_TOPIC_LABELS, formatDay } from '../../lib/shared-with-phone';
import { ScopeSelect, useChosenScope } from '../../shell/scope-select';
import { EntryDialog } from './entry-dialog';

const COLUMNS: readonly TableColumn<HandbookEntryView>[] = [
  { key: 'title', title: '标题', value: (entry) => entry.title, sortable: true, minWidth: 240 },
  { key: 'topic', title: '分类', value: (entry) => HANDBOOK_TOPIC_LABELS[entry.topic], sortable: true },
  { key: 'source', title: '来源', value: (entry) => entry.source, minWidth: 280 },
  { key: 'sourceDate', title: '发布日期', value: (entry) => formatDay(entry.sourceDate), sortable: true },
  { key: 'state', title: '状态', value: (entry) => (entry.old ? HANDBOOK_OLD_LABELS[entry.old.reason] : '现行'), sortable: true },
  { key: 'org', title: '发布组织', value: (entry) => entry.org.name, sortable: true },
];

/**
 * 政策手册: the handbook of the chosen organization as its members read it (its own entries and
 * those of the organizations above it), in force first; 发布条目 publishes one for it; a row
 * opens the entry, to change it or mark it old where the official may.
 */
export default function HandbookPage() {
  const { scopes, scope, choose } = useChosenScope();
  const [open, setOpen] = useState<HandbookEntryView | 'new' | null>(null);
  const [listVersion, setListVersion] = useState(0);

  const load = useCallback(
    (cursor: string | null) => api.call('handbook.list', { orgId: scope?.orgId ?? '', cursor, limit: 50 }),
    [scope],
  );
  const saved = () => {
    setOpen(null);
    setListVersion((version) => version + 1);
  };

  return (
    <div>
      <h1 className="desk-page__title">政策手册</h1>
      {scopes !== null && scopes.length === 0 ? (
        <EmptyState title="您不是组织管理员" hint="政策手册由组织管理员发布，本组织和下级组织的党员在手机上阅读。" />
      ) : (
        <CursorTable
          key={`${scope?.orgId ?? 'none'}-${listVersion}`}
          title={`${scope?.name ?? ''}的政策手册`}
          load={load}
          columns={COLUMNS}
          rowKey={(entry) => entry.entryId}
          onRowClick={setOpen}
          empty={{ title: '这里还没有发布政策', hint: '点“发布条目”，写清来源和发布日期。' }}
          toolbar={
            <>
              <ScopeSelect scopes={scopes} scope={scope} choose={choose} />
              <Button size="large" theme="primary" disabled={!scope} onClick={() => setOpen('new')}>
                发布条目
              </Button>
            </>
          }
        />
      )}
      {open && scope && (
        <EntryDialog scope={scope} entry={open === 'new' ? null : open} onClose={() => setOpen(null)} onSaved={saved} />
      )}
    </div>
  );
}
