import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Input, Progress, Select, Table } from 'tdesign-react';
import type { ImportKind, ImportOutcome, ImportView, JobRequestView, RowProblem } from '../../../../server/contract';
import { type ClientError, api, deskMessage } from '../../api';
import { Field } from '../../components/field';
import { JobProgress } from '../../components/job-progress';
import { uploadInParts } from './upload';

/** What the job's tally says, in the order and words a person reads it. */
const TALLY_WORDS: Record<ImportKind, [string, string][]> = {
  org_tree: [
    ['created', '新建的组织'],
    ['unchanged', '原来就有、没有改动的组织'],
  ],
  movement_list: [
    ['matched', '已登记的党员，已关联'],
    ['toFind', '新的待找记录'],
    ['updated', '以前名单上有、按本月更新的'],
    ['unchanged', '本月已导入过、没有改动的'],
  ],
};

type Stage =
  | { step: 'choose' }
  | { step: 'uploading'; sent: number; total: number }
  | { step: 'checking' }
  | { step: 'invalid'; outcome: Extract<ImportOutcome, { status: 'invalid' }> }
  | { step: 'applying'; imported: ImportView }
  | { step: 'done'; imported: ImportView };

export interface ImportOrg {
  orgId: string;
  name: string;
}

/**
 * One import from choosing the file to its result: the file goes up in parts with a bar, the
 * server checks every row (a bad row and nothing is imported: the rows, columns and reasons are
 * listed), then the job applies it with its progress, and the result is counted by outcome.
 */
export function ImportFlow({ kind, orgs, testId }: { kind: ImportKind; orgs: readonly ImportOrg[]; testId: string }) {
  const navigate = useNavigate();
  const input = useRef<HTMLInputElement>(null);
  const [orgId, setOrgId] = useState<string | null>(orgs[0]?.orgId ?? null);
  const [month, setMonth] = useState(() => lastMonth());
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>({ step: 'choose' });
  const [error, setError] = useState<ClientError | null>(null);

  const start = async () => {
    if (!file || !orgId) return;
    setError(null);
    setStage({ step: 'uploading', sent: 0, total: file.size });
    const uploaded = await uploadInParts(file, (sent) => setStage({ step: 'uploading', sent, total: file.size }));
    if (!uploaded.ok) {
      setError(uploaded.error);
      setStage({ step: 'choose' });
      return;
    }
    setStage({ step: 'checking' });
    const result =
      kind === 'org_tree'
        ? await api.call('import.orgTree', { orgId, uploadId: uploaded.uploadId })
        : await api.call('import.movementList', { orgId, uploadId: uploaded.uploadId, month });
    if (!result.ok) {
      setError(result.error);
      setStage({ step: 'choose' });
      return;
    }
    if (result.data.status === 'invalid') setStage({ step: 'invalid', outcome: result.data });
    else if (result.data.import.job.status === 'done') setStage({ step: 'done', imported: result.data.import });
    else setStage({ step: 'applying', imported: result.data.import });
  };

  const finished = async (imported: ImportView, job: JobRequestView) => {
    const again = await api.call('import.get', { importId: imported.importId });
    setStage({ step: 'done', imported: again.ok ? again.data : { ...imported, job, tally: job.tally } });
  };

  const reset = () => {
    setFile(null);
    if (input.current) input.current.value = '';
    setStage({ step: 'choose' });
  };

  const busy = stage.step === 'uploading' || stage.step === 'checking' || stage.step === 'applying';
  return (
    <div className="desk-form" data-testid={testId}>
      <Field label="导入到" required>
        <Select
          size="large"
          value={orgId ?? undefined}
          onChange={(value) => setOrgId(String(value))}
          options={orgs.map((org) => ({ value: org.orgId, label: org.name }))}
          disabled={busy}
          style={{ width: 420 }}
        />
      </Field>
      {kind === 'movement_list' && (
        <Field label="名单月份" required>
          <Input
            size="large"
            value={month}
            onChange={(value) => setMonth(String(value))}
            disabled={busy}
            style={{ width: 200 }}
            data-testid={`${testId}-month`}
          />
          <p className="desk-state__hint">全国党员管理信息系统导出的是哪个月的名单，如 2026-11；同一个月再导入不会重复</p>
        </Field>
      )}
      <Field label="文件" required>
        <input
          ref={input}
          type="file"
          accept=".xlsx,.csv"
          disabled={busy}
          data-testid={`${testId}-file`}
          onChange={(event) => {
            setFile(event.target.files?.[0] ?? null);
            setStage({ step: 'choose' });
            setError(null);
          }}
        />
        <p className="desk-state__hint">xlsx，或 csv（UTF-8 或 Excel 另存的 GB18030 都可以），不超过 10 MB</p>
      </Field>
      {error && (
        <p className="desk-error-text" role="alert">
          {deskMessage(error)}
        </p>
      )}
      <div className="desk-toolbar">
        <Button size="large" theme="primary" disabled={!file || !orgId || busy} onClick={() => void start()}>
          开始导入
        </Button>
        {(stage.step === 'invalid' || stage.step === 'done') && (
          <Button size="large" variant="outline" onClick={reset}>
            再导入一个文件
          </Button>
        )}
      </div>

      {stage.step === 'uploading' && (
        <div role="status">
          <p>正在上传文件…</p>
          <Progress percentage={stage.total ? Math.round((stage.sent / stage.total) * 100) : 0} size="large" />
        </div>
      )}
      {stage.step === 'checking' && <p role="status">正在逐行检查文件，检查完才会导入…</p>}
      {stage.step === 'invalid' && <Problems outcome={stage.outcome} />}
      {stage.step === 'applying' && (
        <JobProgress
          jobId={stage.imported.job.jobId}
          title={`正在导入 ${stage.imported.rows} 行`}
          onFinished={(job) => void finished(stage.imported, job)}
        />
      )}
      {stage.step === 'done' && (
        <div className="desk-result" data-testid={`${testId}-result`} role="status">
          <p className="desk-state__title">
            {stage.imported.job.status === 'done'
              ? `导入完成：共 ${stage.imported.rows} 行`
              : `导入没有完成：${stage.imported.job.error ?? ''}`}
          </p>
          <ul>
            {TALLY_WORDS[kind].map(([key, words]) => (
              <li key={key}>
                {words}：<strong>{stage.imported.tally[key] ?? 0}</strong>
              </li>
            ))}
          </ul>
          {kind === 'movement_list' && (
            <Button size="large" variant="outline" onClick={() => navigate('/to-find')}>
              查看待找记录
            </Button>
          )}
        </div>
      )}
    </div>
  );
}

function Problems({ outcome }: { outcome: Extract<ImportOutcome, { status: 'invalid' }> }) {
  const listed = outcome.problems.length;
  return (
    <div data-testid="import-problems" role="alert">
      <p className="desk-state__title">文件里有 {outcome.problemCount} 处问题，没有导入任何内容</p>
      <p className="desk-state__hint">
        请在表格里改正下面这些行，再重新导入整个文件。
        {listed < outcome.problemCount ? `（这里列出前 ${listed} 处）` : ''}
      </p>
      <Table<RowProblem>
        rowKey="key"
        size="large"
        data={outcome.problems.map((problem, index) => ({ ...problem, key: index }))}
        columns={[
          { colKey: 'row', title: '第几行', width: 100 },
          { colKey: 'column', title: '哪一列', width: 200, cell: ({ row }) => row.column ?? '整个文件' },
          { colKey: 'message', title: '问题' },
        ]}
      />
    </div>
  );
}

function lastMonth(): string {
  const now = new Date(Date.now() + 8 * 3600 * 1000);
  const month = now.getUTCMonth();
  const year = month === 0 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
  return `${year}-${String(month === 0 ? 12 : month).padStart(2, '0')}`;
}
