import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button } from 'tdesign-react';
import type { AgreementView } from '../../../../server/contract';
import { api } from '../../api';
import { ScopeSelect, useChosenScope } from '../../shell/scope-select';
import { CursorTable, type TableColumn } from '../../components/cursor-table';
import { EmptyState } from '../../components/states';
import { MEETING_CADENCE_LABELS } from '../../lib/shared-with-phone';
import { AgreementTermsDialog } from './agreement-terms-dialog';
import { partiesOf, statusOf, termOf } from './agreement-words';

const COLUMNS: readonly TableColumn<AgreementView>[] = [
  { key: 'title', title: '协议', value: (a) => a.title, sortable: true },
  { key: 'parties', title: '双方', value: partiesOf },
  { key: 'status', title: '状态', value: statusOf, sortable: true },
  { key: 'term', title: '期限', value: termOf },
  { key: 'cadence', title: '联席会议', value: (a) => MEETING_CADENCE_LABELS[a.meetingCadence] },
];

/** The agreements the chosen organization (or one below it) is a party to; 提出协议 proposes one. */
export function AgreementList() {
  const navigate = useNavigate();
  const { scopes, scope, choose } = useChosenScope();
  const [proposing, setProposing] = useState(false);
  const load = useCallback(
    (cursor: string | null) => api.call('agreement.list', { orgId: scope?.orgId ?? '', cursor, limit: 50 }),
    [scope],
  );
  return (
    <div>
      <h1 className="desk-page__title">共管协议</h1>
      {scopes !== null && scopes.length === 0 ? (
        <EmptyState title="您不是组织管理员" hint="共管协议由两地党组织的管理员提出和确认。" />
      ) : (
        <CursorTable
          key={scope?.orgId ?? 'none'}
          title={`${scope?.name ?? ''}的共管协议`}
          load={load}
          columns={COLUMNS}
          rowKey={(agreement) => agreement.agreementId}
          onRowClick={(agreement) => navigate(`/agreements/${agreement.agreementId}`)}
          empty={{ title: '还没有共管协议', hint: '与另一地党组织商定后，点“提出协议”填写条款，对方确认后生效。' }}
          toolbar={
            <>
              <ScopeSelect scopes={scopes} scope={scope} choose={choose} />
              <Button size="large" theme="primary" disabled={!scope} onClick={() => setProposing(true)}>
                提出协议
              </Button>
            </>
          }
        />
      )}
      {proposing && scope && (
        <AgreementTermsDialog
          mode={{ kind: 'propose', own: scope }}
          onClose={() => setProposing(false)}
          onSaved={(agreement) => navigate(`/agreements/${agreement.agreementId}`)}
        />
      )}
    </div>
  );
}
