import { useState } from 'react';
import { Button, Dialog, Input, MessagePlugin, Select, Textarea } from 'tdesign-react';
import type { AgreementSide, AttendanceStatus, JointMeetingView } from '../../../../server/contract';
import { type ClientError, api, deskMessage } from '../../api';
import { Field } from '../../components/field';
import { fieldError } from '../../components/form-error';
import { Loaded, useLoad } from '../../components/states';
import { AGREEMENT_SIDE_LABELS, ATTENDANCE_STATUS_LABELS, formatDateTime } from '../../lib/shared-with-phone';

interface AttendeeDraft {
  side: AgreementSide;
  name: string;
  post: string;
  status: AttendanceStatus;
  reason: string;
}

const SIDE_OPTIONS = (['inflow', 'outflow'] as const).map((value) => ({ value, label: AGREEMENT_SIDE_LABELS[value] }));
const STATUS_OPTIONS = (['present', 'leave', 'absent'] as const).map((value) => ({
  value,
  label: ATTENDANCE_STATUS_LABELS[value],
}));

function RecordForm({ meeting, onRecorded }: { meeting: JointMeetingView; onRecorded: () => void }) {
  const [rows, setRows] = useState<AttendeeDraft[]>(
    meeting.attendance.length ? meeting.attendance : [{ side: 'inflow', name: '', post: '', status: 'present', reason: '' }],
  );
  const [minutes, setMinutes] = useState(meeting.minutes?.text ?? '');
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const setRow = (index: number, changes: Partial<AttendeeDraft>) =>
    setRows((now) => now.map((row, i) => (i === index ? { ...row, ...changes } : row)));
  const save = async () => {
    setSaving(true);
    const result = await api.call('jointMeeting.record', {
      meetingId: meeting.meetingId,
      version: meeting.version,
      attendance: rows,
      minutes,
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success('出席情况和会议纪要已登记，对方打开即记为已阅');
    onRecorded();
  };
  return (
    <div className="desk-form" data-testid="joint-meeting-record">
      <h3>出席人员</h3>
      {rows.map((row, index) => (
        <div key={index} className="desk-agreements__attendee" data-testid="attendee">
          <Select
            size="large"
            value={row.side}
            options={SIDE_OPTIONS}
            onChange={(v) => setRow(index, { side: v as AgreementSide })}
          />
          <Input size="large" value={row.name} placeholder="姓名" onChange={(v) => setRow(index, { name: String(v) })} />
          <Input
            size="large"
            value={row.post}
            placeholder="职务（可不填）"
            onChange={(v) => setRow(index, { post: String(v) })}
          />
          <Select
            size="large"
            value={row.status}
            options={STATUS_OPTIONS}
            onChange={(v) => setRow(index, { status: v as AttendanceStatus })}
          />
          <Input
            size="large"
            value={row.reason}
            placeholder={row.status === 'leave' ? '请假原因' : ''}
            onChange={(v) => setRow(index, { reason: String(v) })}
          />
          <Button size="large" variant="text" onClick={() => setRows((now) => now.filter((_, i) => i !== index))}>
            删
          </Button>
          {fieldError(error, `attendance.${index}`).tips && (
            <p className="desk-error-text">{fieldError(error, `attendance.${index}`).tips}</p>
          )}
        </div>
      ))}
      <Button
        size="large"
        variant="outline"
        onClick={() => setRows((now) => [...now, { side: 'outflow', name: '', post: '', status: 'present', reason: '' }])}
      >
        添加一人
      </Button>
      <Field label="会议纪要" required {...fieldError(error, 'minutes')}>
        <Textarea
          value={minutes}
          onChange={(v) => setMinutes(String(v))}
          autosize={{ minRows: 5 }}
          maxlength={2000}
          placeholder="会议通报的情况、商定的事项"
        />
      </Field>
      {error && !error.field?.startsWith('attendance.') && error.field !== 'minutes' && (
        <p className="desk-error-text">{deskMessage(error)}</p>
      )}
      <Button size="large" theme="primary" loading={saving} onClick={() => void save()}>
        {meeting.minutes ? '修改出席和纪要' : '登记出席和纪要'}
      </Button>
    </div>
  );
}

/** One joint meeting: opened by a party's admin its minutes count as read for that side; recorded after it started. */
export function JointMeetingDialog({ meetingId, onClose }: { meetingId: string; onClose: () => void }) {
  const [state, reload] = useLoad(() => api.call('jointMeeting.get', { meetingId }), [meetingId]);
  return (
    <Dialog
      visible
      header="联席会议"
      width={960}
      footer={
        <Button size="large" onClick={onClose}>
          关闭
        </Button>
      }
      onClose={onClose}
    >
      <Loaded state={state} onRetry={reload}>
        {(meeting) => (
          <div data-testid="joint-meeting">
            <dl className="desk-agreements__facts">
              <dt>议题</dt>
              <dd>{meeting.topic}</dd>
              <dt>时间</dt>
              <dd>
                {formatDateTime(meeting.startsAt)} 至 {formatDateTime(meeting.endsAt)}
              </dd>
              <dt>地点</dt>
              <dd>{meeting.place}</dd>
              {meeting.minutes && (
                <>
                  <dt>会议纪要</dt>
                  <dd className="desk-agreements__minutes">{meeting.minutes.text}</dd>
                  <dt>登记</dt>
                  <dd>
                    {AGREEMENT_SIDE_LABELS[meeting.minutes.side]} {meeting.minutes.byName ?? ''}{' '}
                    {formatDateTime(meeting.minutes.at)}
                  </dd>
                  <dt>阅读</dt>
                  <dd>
                    {(['inflow', 'outflow'] as const)
                      .map((side) => {
                        const read = meeting.reads[side];
                        return `${AGREEMENT_SIDE_LABELS[side]}${read ? `：${read.byName ?? ''} ${formatDateTime(read.at)} 已阅` : '：未阅'}`;
                      })
                      .join('；')}
                  </dd>
                </>
              )}
              {!meeting.can.record && meeting.attendance.length > 0 && (
                <>
                  <dt>出席</dt>
                  <dd>
                    {meeting.attendance
                      .map((row) => `${AGREEMENT_SIDE_LABELS[row.side]} ${row.name} ${ATTENDANCE_STATUS_LABELS[row.status]}`)
                      .join('；')}
                  </dd>
                </>
              )}
            </dl>
            {meeting.can.record ? (
              <RecordForm meeting={meeting} onRecorded={reload} />
            ) : (
              meeting.status === 'scheduled' && <p>会议开始后，双方管理员可以在这里登记两地出席人员和会议纪要。</p>
            )}
          </div>
        )}
      </Loaded>
    </Dialog>
  );
}
