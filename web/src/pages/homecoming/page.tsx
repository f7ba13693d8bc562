import { useCallback, useState } from 'react';
import { Button, Dialog, Input, Select, Tabs, Tag } from 'tdesign-react';
import type { CandidateStepKind, CandidateView, RoundTableView, ThinkTankInvitationView } from '../../../../server/contract';
import { type ClientError, api } from '../../api';
import { CursorTable, type TableColumn } from '../../components/cursor-table';
import { Field } from '../../components/field';
import { fieldError, formError } from '../../components/form-error';
import { EmptyState } from '../../components/states';
import {
  CANDIDATE_STATUS_LABELS,
  CANDIDATE_STATUS_THEMES,
  CANDIDATE_STEP_BUTTONS,
  THINK_TANK_STATUS_LABELS,
  THINK_TANK_STATUS_THEMES,
  VILLAGE_POST_LABELS,
  formatDate,
  formatDay,
  roundTableCounts,
  roundTableWhen,
  todayCst,
} from '../../lib/shared-with-phone';
import { useMe } from '../../shell/session';

type Tab = 'candidates' | 'think_tank' | 'round_tables';

const THINK_TANK_COLUMNS: readonly TableColumn<ThinkTankInvitationView>[] = [
  { key: 'name', title: '姓名', value: (item) => item.member.name, sortable: true, minWidth: 100 },
  {
    key: 'status',
    title: '答复',
    value: (item) => THINK_TANK_STATUS_LABELS[item.status],
    render: (item) => (
      <Tag theme={THINK_TANK_STATUS_THEMES[item.status]} variant="light" size="large">
        {THINK_TANK_STATUS_LABELS[item.status]}
      </Tag>
    ),
    minWidth: 100,
  },
  { key: 'note', title: '邀请时说的话', value: (item) => item.note, minWidth: 260 },
  { key: 'invitedAt', title: '邀请日期', value: (item) => formatDate(item.invitedAt), sortable: true, minWidth: 140 },
  { key: 'answeredAt', title: '答复日期', value: (item) => formatDate(item.answeredAt), minWidth: 140 },
];

const ROUND_TABLE_COLUMNS: readonly TableColumn<RoundTableView>[] = [
  { key: 'topic', title: '主题', value: (item) => item.topic, minWidth: 220 },
  { key: 'when', title: '时间', value: (item) => roundTableWhen(item), sortable: true, minWidth: 220 },
  { key: 'place', title: '地点', value: (item) => item.place, minWidth: 220 },
  { key: 'counts', title: '到会', value: (item) => roundTableCounts(item), minWidth: 220 },
  { key: 'minutes', title: '纪要', value: (item) => item.minutes || '未记录', minWidth: 320 },
];

const CANDIDATE_COLUMNS: readonly TableColumn<CandidateView>[] = [
  { key: 'name', title: '姓名', value: (item) => item.member.name, sortable: true, minWidth: 100 },
  { key: 'post', title: '岗位', value: (item) => `${item.postOrg.name} ${VILLAGE_POST_LABELS[item.post]}`, minWidth: 220 },
  {
    key: 'status',
    title: '进展',
    value: (item) => CANDIDATE_STATUS_LABELS[item.status],
    render: (item) => (
      <Tag theme={CANDIDATE_STATUS_THEMES[item.status]} variant="light" size="large">
        {CANDIDATE_STATUS_LABELS[item.status]}
      </Tag>
    ),
    minWidth: 110,
  },
  {
    key: 'steps',
    title: '每一步',
    value: (item) =>
      item.steps
        .map((step) => `${formatDay(step.on)} ${CANDIDATE_STATUS_LABELS[step.step]}${step.note ? `：${step.note}` : ''}`)
        .join('；'),
    render: (item) => (
      <div>
        {item.steps.map((step, index) => (
          <div key={index}>
            {formatDay(step.on)} {CANDIDATE_STATUS_LABELS[step.step]}
            {step.byName ? ` · ${step.byName}` : ''}
            {step.note ? `：${step.note}` : ''}
          </div>
        ))}
      </div>
    ),
    minWidth: 380,
  },
  {
    key: 'member',
    title: '流动状态',
    value: (item) => (item.memberStatus === 'returned' ? '已返回家乡，流动结束' : '仍在外'),
    minWidth: 170,
  },
];

/**
 * 返乡工作 at the desk: an outflow organization's candidates for village posts (第一书记,
 * 村级后备干部) with each step recorded here, its think-tank and its round-tables. Inviting,
 * signing in and following suggestions happen on the phone (返乡工作, 圆桌会); the desk keeps
 * the personnel records an organization department prefers to keep at a desk.
 */
export default function HomecomingPage() {
  const me = useMe();
  const orgs = me.roles.flatMap((role) => (role.orgId ? [{ orgId: role.orgId, name: role.orgName ?? role.orgId }] : []));
  const [orgId, setOrgId] = useState<string | null>(orgs[0]?.orgId ?? null);
  const [tab, setTab] = useState<Tab>('candidates');
  const [version, setVersion] = useState(0);
  const [stepping, setStepping] = useState<{ candidate: CandidateView; step: CandidateStepKind } | null>(null);
  const loadCandidates = useCallback(
    (cursor: string | null) => api.call('candidate.list', { orgId: orgId ?? '', cursor, limit: 50 }),
    [orgId, version],
  );
  const loadThinkTank = useCallback(
    (cursor: string | null) => api.call('thinkTank.list', { orgId: orgId ?? '', cursor, limit: 50 }),
    [orgId],
  );
  const loadRoundTables = useCallback(
    (cursor: string | null) => api.call('roundTable.list', { orgId: orgId ?? '', when: 'past', cursor, limit: 50 }),
    [orgId],
  );
  const candidateColumns: readonly TableColumn<CandidateView>[] = [
    ...CANDIDATE_COLUMNS,
    {
      key: 'actions',
      title: '登记',
      value: () => '',
      render: (item) => (
        <div className="desk-toolbar" style={{ margin: 0 }}>
          {item.next.map((step) => (
            <Button key={step} size="large" variant="outline" onClick={() => setStepping({ candidate: item, step })}>
              {CANDIDATE_STEP_BUTTONS[step]}
            </Button>
          ))}
        </div>
      ),
      minWidth: 200,
    },
  ];

  if (!orgId) return <EmptyState title="没有可以查看的组织" hint="流出地党组织的管理员和书记可以在这里办理返乡工作。" />;
  return (
    <div data-testid="homecoming">
      <h1 className="desk-page__title">返乡工作</h1>
      <p className="desk-state__hint" style={{ margin: '0 0 16px' }}>
        本组织的外出党员：村级岗位人选（只有本组织和上级组织看得到）、智囊团和返乡党员圆桌会。邀请、签到和建议办理在手机小程序“返乡工作”中进行。
      </p>
      <div className="desk-toolbar">
        <Select
          size="large"
          value={orgId}
          onChange={(value) => setOrgId(String(value))}
          options={orgs.map((org) => ({ value: org.orgId, label: org.name }))}
          style={{ width: 420 }}
        />
      </div>
      <Tabs value={tab} onChange={(value) => setTab(value as Tab)} size="large">
        <Tabs.TabPanel value="candidates" label="村级岗位人选" />
        <Tabs.TabPanel value="think_tank" label="智囊团" />
        <Tabs.TabPanel value="round_tables" label="已召开的圆桌会" />
      </Tabs>
      {tab === 'candidates' && (
        <CursorTable
          key={`c-${orgId}-${version}`}
          title="村级岗位人选"
          load={loadCandidates}
          columns={candidateColumns}
          rowKey={(item) => item.candidateId}
          empty={{ title: '还没有提名人选', hint: '在手机小程序“返乡工作”的“村级人选”中，从外出党员名单提名。' }}
        />
      )}
      {tab === 'think_tank' && (
        <CursorTable
          key={`t-${orgId}`}
          title="智囊团"
          load={loadThinkTank}
          columns={THINK_TANK_COLUMNS}
          rowKey={(item) => item.invitationId}
          empty={{ title: '还没有邀请', hint: '在手机小程序“返乡工作”中邀请外出党员加入智囊团。' }}
        />
      )}
      {tab === 'round_tables' && (
        <CursorTable
          key={`r-${orgId}`}
          title="已召开的圆桌会"
          load={loadRoundTables}
          columns={ROUND_TABLE_COLUMNS}
          rowKey={(item) => item.roundTableId}
          empty={{ title: '还没有召开过圆桌会', hint: '在手机小程序“返乡工作”中安排圆桌会。' }}
        />
      )}
      {stepping && (
        <StepDialog
          candidate={stepping.candidate}
          step={stepping.step}
          onClose={() => setStepping(null)}
          onDone={() => {
            setStepping(null);
            setVersion((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}

function StepDialog({
  candidate,
  step,
  onClose,
  onDone,
}: {
  candidate: CandidateView;
  step: CandidateStepKind;
  onClose: () => void;
  onDone: () => void;
}) {
  const [on, setOn] = useState(todayCst());
  const [note, setNote] = useState('');
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    setSaving(true);
    const result = await api.call('candidate.step', {
      candidateId: candidate.candidateId,
      step,
      on,
      note,
      version: candidate.version,
    });
    setSaving(false);
    if (result.ok) onDone();
    else setError(result.error);
  };
  const post = `${candidate.postOrg.name}${VILLAGE_POST_LABELS[candidate.post]}`;
  return (
    <Dialog
      visible
      header={`${CANDIDATE_STEP_BUTTONS[step]}：${candidate.member.name}（${post}）`}
      width={600}
      onClose={onClose}
      footer={
        <>
          <Button size="large" variant="outline" onClick={onClose}>
            取消
          </Button>
          <Button size="large" theme="primary" loading={saving} onClick={() => void submit()}>
            确定登记
          </Button>
        </>
      }
    >
      {step === 'appointed' && candidate.endsMobility && (
        <p role="note">任命为第一书记将同时登记{candidate.member.name}返回家乡：流动结束，流入地支部的管理随之结束。</p>
      )}
      <Field label="日期" required {...fieldError(error, 'on')}>
        <Input size="large" value={on} onChange={(value) => setOn(String(value))} placeholder="YYYY-MM-DD" />
      </Field>
      <Field label="说明" {...fieldError(error, 'note')}>
        <Input size="large" value={note} onChange={(value) => setNote(String(value))} placeholder="可不填" />
      </Field>
      {formError(error, ['on', 'note']) && (
        <p className="desk-error-text" role="alert">
          {formError(error, ['on', 'note'])}
        </p>
      )}
    </Dialog>
  );
}
