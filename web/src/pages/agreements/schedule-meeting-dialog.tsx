import { useMemo, useState } from 'react';
import { Dialog, Input, InputNumber, MessagePlugin } from 'tdesign-react';
import { type ClientError, api } from '../../api';
import { Field } from '../../components/field';
import { fieldError, formError } from '../../components/form-error';
import { newRequestId } from '../../lib/shared-with-phone';

const FIELDS = ['topic', 'place', 'date', 'startTime', 'durationMinutes'] as const;

/** 安排联席会议 under an agreement in force; one requestId per dialog, so a second click makes one meeting. */
export function ScheduleMeetingDialog({
  agreementId,
  onClose,
  onScheduled,
}: {
  agreementId: string;
  onClose: () => void;
  onScheduled: () => void;
}) {
  const requestId = useMemo(newRequestId, []);
  const [topic, setTopic] = useState('');
  const [place, setPlace] = useState('');
  const [date, setDate] = useState('');
  const [startTime, setStartTime] = useState('09:30');
  const [durationMinutes, setDuration] = useState(120);
  const [error, setError] = useState<ClientError | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    setSaving(true);
    const result = await api.call('jointMeeting.schedule', {
      agreementId,
      requestId,
      topic,
      place,
      date,
      startTime,
      durationMinutes,
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    void MessagePlugin.success('联席会议已安排');
    onScheduled();
  };
  const problem = formError(error, FIELDS);
  return (
    <Dialog
      visible
      header="安排联席会议"
      width={640}
      confirmBtn={{ content: '安排', loading: saving, size: 'large' }}
      cancelBtn={{ content: '取消', size: 'large' }}
      onConfirm={() => void submit()}
      onClose={onClose}
      onCancel={onClose}
    >
      <div className="desk-form" data-testid="schedule-meeting-form">
        {problem && <p className="desk-error-text">{problem}</p>}
        <Field label="议题" required {...fieldError(error, 'topic')}>
          <Input size="large" value={topic} onChange={(v) => setTopic(String(v))} placeholder="如：第四季度联席会议" />
        </Field>
        <Field label="地点" required {...fieldError(error, 'place')}>
          <Input
            size="large"
            value={place}
            onChange={(v) => setPlace(String(v))}
            placeholder="如：太仓市委组织部三楼会议室（视频连线）"
          />
        </Field>
        <Field label="日期" required {...fieldError(error, 'date')}>
          <Input size="large" value={date} onChange={(v) => setDate(String(v))} placeholder="如：2026-12-10" />
        </Field>
        <Field label="开始时间" required {...fieldError(error, 'startTime')}>
          <Input size="large" value={startTime} onChange={(v) => setStartTime(String(v))} placeholder="如：14:30" />
        </Field>
        <Field label="时长（分钟）" required {...fieldError(error, 'durationMinutes')}>
          <InputNumber size="large" value={durationMinutes} min={15} max={480} onChange={(v) => setDuration(Number(v))} />
        </Field>
      </div>
    </Dialog>
  );
}
