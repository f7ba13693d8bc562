import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, MessagePlugin, Radio, Select } from 'tdesign-react';
import type { ExportPurpose, ExportView } from '../../../../server/contract';
import { api, deskMessage } from '../../api';
import { JobProgress } from '../../components/job-progress';
import { EmptyState, Loaded, useLoad } from '../../components/states';
import { formatDateTime, newRequestId } from '../../lib/shared-with-phone';
import { useMe } from '../../shell/session';
import { downloadExport } from './download';
import './exports.css';

const PURPOSES: { value: ExportPurpose; label: string; hint: string }[] = [
  {
    value: 'national_system',
    label: '上报全国党员管理信息系统',
    hint: '身份证号和手机号完整（只限您在流入地负责的党员；流出地的党员仍隐去部分号码）。导出记入审计日志，请妥善保管文件。',
  },
  {
    value: 'work_list',
    label: '工作名单',
    hint: '身份证号和手机号隐去部分，可用于日常联系和走访。',
  },
];

/**
 * 导出: the mobile members of one organization and everything below it, in the fields of the
 * national party-member information system, with the activity card's inflow section; made by the
 * jobs (a county's members do not fit one call), followed here, then downloaded in parts.
 * /desk/exports/<jobId> follows one export, so a reload or a second tab finds it again.
 */
export default function ExportsPage() {
  const jobId = useParams()['*'] || null;
  return (
    <div>
      <h1 className="desk-page__title">导出流动党员信息</h1>
      {jobId ? <ExportFollow jobId={jobId} /> : <ExportForm />}
    </div>
  );
}

function ExportForm() {
  const me = useMe();
  const navigate = useNavigate();
  const orgs = useMemo(() => {
    const seen = new Map<string, string>();
    for (const role of me.roles) if (role.orgId && role.orgName) seen.set(role.orgId, role.orgName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [me.roles]);
  const [orgId, setOrgId] = useState<string | null>(orgs[0]?.value ?? null);
  const [purpose, setPurpose] = useState<ExportPurpose>('work_list');
  const [starting, setStarting] = useState(false);
  // One export per form: a second click or a retry is the same request.
  const requestId = useMemo(() => newRequestId(), [orgId, purpose]);

  if (orgs.length === 0)
    return <EmptyState title="您没有负责的党组织" hint="导出给党组织管理员和支部书记使用；请联系上级组织为您任职。" />;

  const start = async () => {
    if (!orgId) return;
    setStarting(true);
    const result = await api.call('export.start', { orgId, purpose, requestId });
    setStarting(false);
    if (!result.ok) {
      void MessagePlugin.error(deskMessage(result.error));
      return;
    }
    navigate(`/exports/${result.data.jobId}`);
  };

  return (
    <div className="desk-form" data-testid="export-form">
      <p className="desk-page__section">导出哪个组织（含全部下级）</p>
      <Select
        size="large"
        value={orgId ?? undefined}
        options={orgs}
        onChange={(value) => setOrgId(String(value))}
        style={{ width: 420 }}
        data-testid="export-org"
      />
      <p className="desk-page__section">用途</p>
      <Radio.Group value={purpose} onChange={(value) => setPurpose(value as ExportPurpose)}>
        {PURPOSES.map((option) => (
          <div key={option.value} className="desk-export__purpose">
            <Radio value={option.value} data-purpose={option.value}>
              {option.label}
            </Radio>
            <p className="desk-state__hint">{option.hint}</p>
          </div>
        ))}
      </Radio.Group>
      <div className="desk-toolbar">
        <Button size="large" theme="primary" loading={starting} onClick={() => void start()}>
          开始导出
        </Button>
      </div>
    </div>
  );
}

function ExportFollow({ jobId }: { jobId: string }) {
  const navigate = useNavigate();
  const [finished, setFinished] = useState(false);
  return (
    <div data-testid="export-follow">
      <JobProgress jobId={jobId} title="生成导出文件" onFinished={() => setFinished(true)} />
      {finished && <ExportResult jobId={jobId} />}
      <div className="desk-toolbar">
        <Button size="large" variant="outline" onClick={() => navigate('/exports')}>
          再导出一份
        </Button>
      </div>
    </div>
  );
}

function ExportResult({ jobId }: { jobId: string }) {
  const [state, reload] = useLoad(() => api.call('export.get', { jobId }), [jobId]);
  const [downloading, setDownloading] = useState<string | null>(null);
  const save = async (view: ExportView) => {
    if (!view.file) return;
    const file = view.file;
    setDownloading(`正在下载 0 / ${file.parts} 段`);
    const result = await downloadExport(jobId, (done) => setDownloading(`正在下载 ${done} / ${file.parts} 段`));
    setDownloading(null);
    if (!result.ok) void MessagePlugin.error(result.message);
  };
  return (
    <Loaded state={state} onRetry={reload}>
      {(view: ExportView) =>
        view.file ? (
          <section className="desk-export__result" data-testid="export-result" data-rows={view.file.rows}>
            <p className="desk-page__section">
              {view.orgName}：共 {view.file.rows} 名党员
            </p>
            <dl className="desk-orgs__facts">
              <dt>用途</dt>
              <dd>{PURPOSES.find((p) => p.value === view.purpose)?.label}</dd>
              <dt>文件</dt>
              <dd>
                {view.file.fileName}（{Math.max(1, Math.round(view.file.size / 1024))} KB）
              </dd>
              <dt>生成时间</dt>
              <dd>{formatDateTime(view.finishedAt)}</dd>
            </dl>
            <Button size="large" theme="primary" loading={downloading !== null} onClick={() => void save(view)}>
              {downloading ?? '下载 Excel 文件'}
            </Button>
          </section>
        ) : (
          <EmptyState title="这次导出没有生成文件" hint={view.error ?? '请重新导出一次。'} />
        )
      }
    </Loaded>
  );
}
