import { useEffect, useMemo, useState } from 'react';
import { Button, Dialog, Select } from 'tdesign-react';
import type { JobRequestView, OrgView } from '../../../../server/contract';
import { type ClientError, api } from '../../api';
import { Field } from '../../components/field';
import { fieldError, formError } from '../../components/form-error';
import { JobProgress } from '../../components/job-progress';
import { newRequestId } from '../../lib/shared-with-phone';
import { orgKindText } from './org-words';

/**
 * 调整隶属: the organization with everything below it under another parent. The move is a job
 * (members, requests, reports and inbox entries follow in chunks); the dialog follows its progress.
 */
export function OrgMoveDialog({ org, onClose, onMoved }: { org: OrgView; onClose: () => void; onMoved: () => void }) {
  const requestId = useMemo(newRequestId, []);
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<OrgView[]>([]);
  const [target, setTarget] = useState<string | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const [job, setJob] = useState<JobRequestView | null>(null);
  const [finished, setFinished] = useState<JobRequestView | null>(null);

  useEffect(() => {
    let stale = false;
    const text = query.trim();
    if (!text) return;
    void api.call('org.list', { query: text, limit: 20 }).then((result) => {
      if (stale) return;
      if (result.ok)
        setOptions(result.data.items.filter((candidate) => candidate.kind !== 'branch' && candidate.orgId !== org.orgId));
    });
    return () => {
      stale = true;
    };
  }, [query, org.orgId]);

  const submit = async () => {
    if (!target) return;
    setSaving(true);
    const result = await api.call('org.move', { orgId: org.orgId, newParentId: target, requestId });
    setSaving(false);
    if (result.ok) setJob(result.data);
    else setError(result.error);
  };

  const problem = formError(error, ['newParentId']);
  return (
    <Dialog
      visible
      header={`调整“${org.name}”的隶属`}
      width={640}
      footer={
        job ? (
          <Button size="large" theme="primary" disabled={!finished} onClick={finished?.status === 'done' ? onMoved : onClose}>
            {finished ? '关闭' : '正在调整…'}
          </Button>
        ) : (
          <>
            <Button size="large" variant="outline" onClick={onClose}>
              取消
            </Button>
            <Button size="large" theme="primary" disabled={!target} loading={saving} onClick={() => void submit()}>
              开始调整
            </Button>
          </>
        )
      }
      onClose={job && !finished ? undefined : onClose}
      closeOnOverlayClick={false}
    >
      {job ? (
        <JobProgress jobId={job.jobId} title="调整隶属" onFinished={setFinished} />
      ) : (
        <div data-testid="org-move-form">
          <div className="desk-form">
            <p>
              这个组织连同它的全部下级组织、党员、报到申请、反馈报告和收件箱，都会一起调整到新的上级组织下。组织多时需要几分钟。
            </p>
            {problem && <p className="desk-error-text">{problem}</p>}
            <Field label="新的上级组织" required {...fieldError(error, 'newParentId')}>
              <Select
                size="large"
                filterable
                value={target ?? undefined}
                onSearch={(text) => setQuery(text)}
                onChange={(value) => setTarget(value ? String(value) : null)}
                options={options.map((candidate) => ({
                  value: candidate.orgId,
                  label: `${candidate.name}（${orgKindText(candidate)}）`,
                }))}
                placeholder="输入名称中的几个字查找"
                empty={query.trim() ? '没有找到可以作为上级的组织' : '输入名称查找'}
              />
            </Field>
          </div>
        </div>
      )}
    </Dialog>
  );
}
