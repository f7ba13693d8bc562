import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Input, MessagePlugin } from 'tdesign-react';
import type { ActionOutput, AgreementSide, JointMeetingView } from '../../../../server/contract';
import { type ClientError, api, deskMessage } from '../../api';
import { CursorTable, type TableColumn } from '../../components/cursor-table';
import { Field } from '../../components/field';
import { fieldError } from '../../components/form-error';
import { Loaded, useLoad } from '../../components/states';
import { AGREEMENT_SIDE_LABELS, MEETING_CADENCE_LABELS, formatDateTime } from '../../lib/shared-with-phone';
import { AgreementTermsDialog } from './agreement-terms-dialog';
import { JointMeetingDialog } from './joint-meeting-dialog';
import { ScheduleMeetingDialog } from './schedule-meeting-dialog';
import { statusOf, termOf } from './agreement-words';

type Agreement = ActionOutput<'agreement.get'>;
const SIDES: AgreementSide[] = ['inflow', 'outflow'];

const MEETING_COLUMNS: readonly TableColumn<JointMeetingView>[] = [
  { key: 'topic', title: '议题', value: (m) => m.topic },
  { key: 'startsAt', title: '时间', value: (m) => formatDateTime(m.startsAt), sortable: true },
  { key: 'place', title: '地点', value: (m) => m.place },
  { key: 'status', title: '状态', value: (m) => (m.status === 'held' ? '已召开' : '已安排') },
  {
    key: 'reads',
    title: '纪要阅读',
    value: (m) =>
      m.minutes ? SIDES.map((side) => `${AGREEMENT_SIDE_LABELS[side]}${m.reads[side] ? '已阅' : '未阅'}`).join('，') : '—',
  },
];

const FIGURES: { key: keyof Agreement['figures']; label: string }[] = [
  { key: 'covered', label: '覆盖党员' },
  { key: 'checkedIn', label: '已报到纳入管理' },
  { key: 'reportsSent', label: '反馈报告已报送' },
  { key: 'reportsRead', label: '流出地已阅' },
  { key: 'meetingsHeld', label: '已召开联席会议' },
];

function ConfirmForm({ agreement, onConfirmed }: { agreement: Agreement; onConfirmed: () => void }) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const confirm = async () => {
    setSaving(true);
    const result = await api.call('agreement.confirm', {
      agreementId: agreement.agreementId,
      version: agreement.version,
      contact: { name, phone },
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success(result.data.status === 'in_force' ? '已确认，协议生效' : '已确认');
    onConfirmed();
  };
  return (
    <section className="desk-form" data-testid="agreement-confirm">
      <h2>确认协议（第 {agreement.revision} 版条款）</h2>
      <p>请核对上面的条款，填写本方的联系人后确认。双方都确认后协议生效。</p>
      {error && !error.field?.startsWith('contact') && <p className="desk-error-text">{deskMessage(error)}</p>}
      <Field label="本方联系人" required {...fieldError(error, 'contact.name')}>
        <Input size="large" value={name} onChange={(v) => setName(String(v))} placeholder="姓名" />
      </Field>
      <Field label="联系电话" required {...fieldError(error, 'contact.phone')}>
        <Input size="large" value={phone} onChange={(v) => setPhone(String(v))} placeholder="如：0550-4021234" />
      </Field>
      <Button size="large" theme="primary" loading={saving} onClick={() => void confirm()}>
        确认协议
      </Button>
    </section>
  );
}

/** One agreement: its terms, both sides and their confirmations, its figures and its joint meetings. */
export function AgreementDetail({ agreementId }: { agreementId: string }) {
  const navigate = useNavigate();
  const [state, reload] = useLoad(() => api.call('agreement.get', { agreementId }), [agreementId]);
  const [revising, setRevising] = useState(false);
  const [scheduling, setScheduling] = useState(false);
  const [meeting, setMeeting] = useState<JointMeetingView | null>(null);
  const [meetingsVersion, setMeetingsVersion] = useState(0);
  const loadMeetings = useCallback(
    (cursor: string | null) => api.call('jointMeeting.list', { agreementId, cursor, limit: 50 }),
    [agreementId],
  );
  const refresh = () => {
    reload();
    setMeetingsVersion((v) => v + 1);
  };
  return (
    <div>
      <Button variant="text" size="large" onClick={() => navigate('/agreements')}>
        ‹ 返回协议列表
      </Button>
      <Loaded state={state} onRetry={reload}>
        {(agreement) => (
          <div data-testid="agreement-detail">
            <h1 className="desk-page__title">{agreement.title}</h1>
            <dl className="desk-agreements__facts">
              <dt>状态</dt>
              <dd>{statusOf(agreement)}</dd>
              <dt>覆盖范围</dt>
              <dd>{agreement.scope}</dd>
              <dt>协议期限</dt>
              <dd>{termOf(agreement)}</dd>
              <dt>联席会议</dt>
              <dd>{MEETING_CADENCE_LABELS[agreement.meetingCadence]}</dd>
              <dt>联合党组织</dt>
              <dd>
                {agreement.jointOrgs.length
                  ? agreement.jointOrgs
                      .map((org) => `${org.name}（${AGREEMENT_SIDE_LABELS[org.coAdministeredBy]}管理员共同管理）`)
                      .join('；')
                  : '没有约定'}
              </dd>
            </dl>
            <div className="desk-agreements__sides">
              {SIDES.map((side) => {
                const contact = agreement.contacts[side];
                const confirmation = agreement.confirmations[side];
                return (
                  <div key={side} className="desk-agreements__side" data-side={side}>
                    <h3>
                      {AGREEMENT_SIDE_LABELS[side]}
                      {agreement.mySide === side ? '（本方）' : ''}：{agreement[side].name}
                    </h3>
                    <div>联系人：{contact ? `${contact.name} ${contact.phone}` : '确认时填写'}</div>
                    {confirmation ? (
                      <div>
                        {formatDateTime(confirmation.at)} 由{confirmation.byName ?? '管理员'}确认第 {agreement.revision} 版
                      </div>
                    ) : (
                      <div className="desk-agreements__todo">还没有确认第 {agreement.revision} 版条款</div>
                    )}
                  </div>
                );
              })}
            </div>
            {agreement.mySide === 'above' && <p>您是协议双方的上级组织，可以查看；确认和修改由双方组织的管理员办理。</p>}
            {agreement.can.confirm && <ConfirmForm agreement={agreement} onConfirmed={refresh} />}
            <div className="desk-agreements__actions">
              {agreement.can.revise && (
                <Button size="large" variant="outline" onClick={() => setRevising(true)}>
                  修改条款
                </Button>
              )}
              {agreement.can.scheduleMeeting && (
                <Button size="large" theme="primary" onClick={() => setScheduling(true)}>
                  安排联席会议
                </Button>
              )}
            </div>
            <h2>协议统计</h2>
            <div className="desk-agreements__figures" data-testid="agreement-figures">
              {FIGURES.map((figure) => (
                <div key={figure.key} className="desk-agreements__figure">
                  <strong>{agreement.figures[figure.key]}</strong>
                  {figure.label}
                </div>
              ))}
            </div>
            <p>统计时间：{formatDateTime(agreement.figures.asOf)}（打开时统计）</p>
            <CursorTable
              key={meetingsVersion}
              title="联席会议"
              load={loadMeetings}
              columns={MEETING_COLUMNS}
              rowKey={(m) => m.meetingId}
              onRowClick={setMeeting}
              empty={{
                title: '还没有联席会议',
                hint: agreement.can.scheduleMeeting ? '点“安排联席会议”约定时间、地点和议题。' : '协议双方确认生效后可以安排。',
              }}
            />
            {revising && (
              <AgreementTermsDialog
                mode={{ kind: 'revise', agreement }}
                onClose={() => setRevising(false)}
                onSaved={() => {
                  setRevising(false);
                  refresh();
                }}
              />
            )}
            {scheduling && (
              <ScheduleMeetingDialog
                agreementId={agreement.agreementId}
                onClose={() => setScheduling(false)}
                onScheduled={() => {
                  setScheduling(false);
                  refresh();
                }}
              />
            )}
            {meeting && (
              <JointMeetingDialog
                meetingId={meeting.meetingId}
                onClose={() => {
                  setMeeting(null);
                  refresh();
                }}
              />
            )}
          </div>
        )}
      </Loaded>
    </div>
  );
}
