import { useEffect, useMemo, useState } from 'react';
import { Button, Dialog, Input, MessagePlugin, Radio, Select } from 'tdesign-react';
import type { JobRequestView, OrgEntry, OrgView } from '../../../../server/contract';
import { type ClientError, api } from '../../api';
import { Field } from '../../components/field';
import { fieldError, formError } from '../../components/form-error';
import { JobProgress } from '../../components/job-progress';
import { newRequestId } from '../../lib/shared-with-phone';
import { orgKindText } from './org-words';

/** A successor takes what the dissolved one held: a branch's members go to a branch, a committee's organizations to a committee. */
function canSucceed(org: OrgEntry, candidate: OrgView): boolean {
  return candidate.orgId !== org.orgId && !candidate.dissolved && (candidate.kind === 'branch') === (org.kind === 'branch');
}

/**
 * 撤销或合并: the organization is kept for its history and marked dissolved. Merged into a
 * successor, its members, open requests, reports due, inbox and the organizations below move
 * there in a job whose progress the dialog follows; dissolved alone it must be empty (the server
 * says when it is not, next to the successor field).
 */
export function OrgDissolveDialog({ org, onClose, onDone }: { org: OrgEntry; onClose: () => void; onDone: () => void }) {
  const requestId = useMemo(newRequestId, []);
  const [mode, setMode] = useState<'merge' | 'dissolve'>('merge');
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<OrgView[]>([]);
  const [successor, setSuccessor] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const [job, setJob] = useState<JobRequestView | null>(null);
  const [finished, setFinished] = useState<JobRequestView | null>(null);

  useEffect(() => {
    let stale = false;
    const text = query.trim();
    if (!text) return;
    void api.call('org.list', { query: text, limit: 20 }).then((result) => {
      if (!stale && result.ok) setOptions(result.data.items.filter((candidate) => canSucceed(org, candidate)));
    });
    return () => {
      stale = true;
    };
  }, [query, org]);

  const submit = async () => {
    setSaving(true);
    const result = await api.call('org.dissolve', {
      orgId: org.orgId,
      version: org.version,
      successorId: mode === 'merge' ? successor : null,
      reason,
      requestId,
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    if (result.data.job) {
      setJob(result.data.job);
      return;
    }
    void MessagePlugin.success(`已撤销 ${org.name}`);
    onDone();
  };

  const problem = formError(error, ['successorId', 'reason']);
  const ready = reason.trim() !== '' && (mode === 'dissolve' || successor !== null);
  return (
    <Dialog
      visible
      header={`撤销或合并“${org.name}”`}
      width={680}
      footer={
        job ? (
          <Button size="large" theme="primary" disabled={!finished} onClick={finished?.status === 'done' ? onDone : onClose}>
            {finished ? '关闭' : '正在转移…'}
          </Button>
        ) : (
          <>
            <Button size="large" variant="outline" onClick={onClose}>
              取消
            </Button>
            <Button size="large" theme="danger" disabled={!ready} loading={saving} onClick={() => void submit()}>
              {mode === 'merge' ? '合并' : '撤销'}
            </Button>
          </>
        )
      }
      onClose={job && !finished ? undefined : onClose}
      closeOnOverlayClick={false}
    >
      {job ? (
        <JobProgress jobId={job.jobId} title="转到接续组织" onFinished={setFinished} />
      ) : (
        <div data-testid="org-dissolve-form">
          <div className="desk-form">
            <p>
              撤销后，这个组织保留历史记录，但不再接受报到，本组织的任职随之结束。还有党员、未处理的报到或下级组织时，必须合并到一个接续组织：
              党员和他们的报到申请、纳入管理、待写的反馈报告、收到的反馈和下级组织都会转过去，人多时需要几分钟。
            </p>
            {problem && <p className="desk-error-text">{problem}</p>}
            <Field label="办理方式">
              <Radio.Group value={mode} onChange={(value) => setMode(value as 'merge' | 'dissolve')}>
                <Radio value="merge">合并到另一个组织</Radio>
                <Radio value="dissolve">撤销（组织里已没有党员）</Radio>
              </Radio.Group>
            </Field>
            {mode === 'merge' && (
              <Field label="接续组织" required {...fieldError(error, 'successorId')}>
                <Select
                  size="large"
                  filterable
                  value={successor ?? undefined}
                  onSearch={(text) => setQuery(text)}
                  onChange={(value) => setSuccessor(value ? String(value) : null)}
                  options={options.map((candidate) => ({
                    value: candidate.orgId,
                    label: `${candidate.name}（${orgKindText(candidate)}）`,
                  }))}
                  placeholder="输入名称中的几个字查找"
                  empty={query.trim() ? '没有找到可以接续的组织' : '输入名称查找'}
                />
              </Field>
            )}
            {mode === 'dissolve' && error?.field === 'successorId' && (
              <p className="desk-error-text">{fieldError(error, 'successorId').tips}</p>
            )}
            <Field label="原因" required {...fieldError(error, 'reason')}>
              <Input
                size="large"
                value={reason}
                onChange={(value) => setReason(String(value))}
                placeholder="如：社区党支部调整，第二党支部并入第一党支部"
                data-testid="org-dissolve-reason"
              />
            </Field>
          </div>
        </div>
      )}
    </Dialog>
  );
}
