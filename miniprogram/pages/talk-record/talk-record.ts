import type { TalkCause } from '../../../server/contract/talks';
import { callAction } from '../../services/call-action';
import type { Change } from '../../services/events';
import { formatDay, todayCst } from '../../services/format';
import { TALK_CAUSE_LABELS, optionsOf } from '../../services/labels';
import { type Notice, NO_NOTICE, follow, goBackOrHome, noRecordState, noticeFor } from '../../services/navigation';
import { newRequestId } from '../../services/request-id';

type Field = 'cause' | 'heldOn' | 'heldByName' | 'topic' | 'note';
const FIELDS: readonly Field[] = ['cause', 'heldOn', 'heldByName', 'topic', 'note'];

function isCause(value: string | undefined): value is TalkCause {
  return value !== undefined && Object.prototype.hasOwnProperty.call(TALK_CAUSE_LABELS, value);
}

Component({
  data: {
    memberId: '',
    name: '',
    status: 'ready' as 'ready' | 'error',
    error: NO_NOTICE as Notice,
    causeOptions: optionsOf(TALK_CAUSE_LABELS),
    today: '',
    form: { cause: 'other' as TalkCause, heldOn: '', heldByName: '', topic: '', note: '' },
    heldOnText: '',
    errors: {} as Partial<Record<Field, string>>,
    submitError: NO_NOTICE as Notice,
    submitting: false,
    done: false,
    /** One per visit to the form: a retried submit finds the talk the first one recorded. */
    requestId: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const memberId = options.memberId ?? '';
      const name = options.name ? decodeURIComponent(options.name) : '';
      if (!memberId) {
        this.setData(noRecordState('没有指定党员'));
        return;
      }
      const today = todayCst();
      this.setData({
        memberId,
        name,
        today,
        requestId: newRequestId(),
        'form.cause': isCause(options.cause) ? options.cause : 'other',
        'form.heldOn': today,
        heldOnText: formatDay(today),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => undefined);
    },
    onCause(event: Change<TalkCause>) {
      this.setData({ 'form.cause': event.detail.value, 'errors.cause': '' });
    },
    onDate(event: Change<string>) {
      this.setData({ 'form.heldOn': event.detail.value, heldOnText: formatDay(event.detail.value), 'errors.heldOn': '' });
    },
    onText(event: Change<string, { field: 'heldByName' | 'topic' | 'note' }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${field}`]: '' });
    },
    async onSubmit() {
      const { form, submitting, done, memberId, requestId } = this.data;
      if (submitting || done || !memberId) return;
      if (!form.topic.trim()) {
        this.setData({
          errors: { topic: '请填写谈话主题' },
          submitError: { text: '请填写谈话主题', actionText: '', action: '' },
        });
        return;
      }
      this.setData({ submitting: true, submitError: NO_NOTICE, errors: {} });
      const result = await callAction('talk.record', {
        memberId,
        requestId,
        cause: form.cause,
        heldOn: form.heldOn,
        heldByName: form.heldByName.trim(),
        topic: form.topic.trim(),
        note: form.note.trim(),
      });
      this.setData({ submitting: false });
      if (!result.ok) {
        const notice = noticeFor(result.error);
        const field = FIELDS.find((candidate) => candidate === result.error.field);
        this.setData({ submitError: notice, errors: field ? { [field]: notice.text } : {} });
        return;
      }
      this.setData({ done: true });
      wx.showToast({ title: '谈话已记录', icon: 'success' });
      goBackOrHome();
    },
    onNoticeAction() {
      follow(this.data.submitError.action, () => this.onSubmit());
    },
  },
});
