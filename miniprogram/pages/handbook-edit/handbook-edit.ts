import type { HandbookTopic } from '../../../server/contract/handbook';
import { callAction } from '../../services/call-action';
import type { Change } from '../../services/events';
import { formatDay, todayCst } from '../../services/format';
import { HANDBOOK_TOPIC_LABELS, optionsOf } from '../../services/labels';
import {
  type NextSteps,
  type Notice,
  GO_HOME,
  NO_NOTICE,
  follow,
  goBackOrHome,
  loadErrorNotice,
  noRecordState,
  noticeFor,
} from '../../services/navigation';
import { newRequestId } from '../../services/request-id';

type Field = 'topic' | 'title' | 'body' | 'source' | 'sourceDate' | 'sourceUrl' | 'validUntil';
const FIELDS: readonly Field[] = ['topic', 'title', 'body', 'source', 'sourceDate', 'sourceUrl', 'validUntil'];
type TextField = 'title' | 'body' | 'source' | 'sourceUrl';

const LOAD_STEPS: NextSteps = { NOT_FOUND: GO_HOME };

Component({
  data: {
    /** Publishing for this organization, or changing this entry. */
    orgId: '',
    entryId: '',
    version: 0,
    status: 'ready' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    topicOptions: optionsOf(HANDBOOK_TOPIC_LABELS),
    today: '',
    form: {
      topic: 'employment' as HandbookTopic,
      title: '',
      body: '',
      source: '',
      sourceDate: '',
      sourceUrl: '',
      validUntil: '',
    },
    sourceDateText: '',
    validUntilText: '',
    errors: {} as Partial<Record<Field, string>>,
    submitError: NO_NOTICE as Notice,
    submitting: false,
    done: false,
    requestId: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const today = todayCst();
      const orgId = options.orgId ?? '';
      const entryId = options.entryId ?? '';
      this.setData({ orgId, entryId, today, requestId: newRequestId() });
      if (entryId) {
        wx.setNavigationBarTitle({ title: '修改政策条目' });
        this.load();
      } else if (!orgId) this.setData(noRecordState('没有指定发布的组织'));
      else this.setData({ 'form.sourceDate': today, sourceDateText: formatDay(today) });
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('handbook.get', { entryId: this.data.entryId });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error, LOAD_STEPS) });
        return;
      }
      const entry = result.data;
      this.setData({
        status: 'ready',
        version: entry.version,
        form: {
          topic: entry.topic,
          title: entry.title,
          body: entry.body,
          source: entry.source,
          sourceDate: entry.sourceDate,
          sourceUrl: entry.sourceUrl,
          validUntil: entry.validUntil ?? '',
        },
        sourceDateText: formatDay(entry.sourceDate),
        validUntilText: entry.validUntil ? formatDay(entry.validUntil) : '',
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onTopic(event: Change<HandbookTopic>) {
      this.setData({ 'form.topic': event.detail.value, 'errors.topic': '' });
    },
    onText(event: Change<string, { field: TextField }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${field}`]: '' });
    },
    onSourceDate(event: Change<string>) {
      this.setData({
        'form.sourceDate': event.detail.value,
        sourceDateText: formatDay(event.detail.value),
        'errors.sourceDate': '',
      });
    },
    onValidUntil(event: Change<string>) {
      this.setData({
        'form.validUntil': event.detail.value,
        validUntilText: formatDay(event.detail.value),
        'errors.validUntil': '',
      });
    },
    onClearValidUntil() {
      this.setData({ 'form.validUntil': '', validUntilText: '', 'errors.validUntil': '' });
    },
    async onSubmit() {
      const { form, submitting, done, orgId, entryId, version, requestId } = this.data;
      if (submitting || done) return;
      const missing: Partial<Record<Field, string>> = {};
      if (!form.title.trim()) missing.title = '请填写标题';
      if (!form.body.trim()) missing.body = '请填写政策内容';
      if (!form.source.trim()) missing.source = '请填写来源：发布单位和文件名';
      const first = FIELDS.find((field) => missing[field]);
      if (first) {
        this.setData({ errors: missing, submitError: { text: missing[first] ?? '', actionText: '', action: '' } });
        return;
      }
      this.setData({ submitting: true, submitError: NO_NOTICE, errors: {} });
      const fields = {
        topic: form.topic,
        title: form.title.trim(),
        body: form.body.trim(),
        source: form.source.trim(),
        sourceDate: form.sourceDate,
        sourceUrl: form.sourceUrl.trim(),
        validUntil: form.validUntil || null,
      };
      const result = entryId
        ? await callAction('handbook.update', { entryId, version, ...fields })
        : await callAction('handbook.publish', { orgId, requestId, ...fields });
      this.setData({ submitting: false });
      if (!result.ok) {
        const notice = noticeFor(result.error);
        const field = FIELDS.find((candidate) => candidate === result.error.field);
        this.setData({ submitError: notice, errors: field ? { [field]: notice.text } : {} });
        return;
      }
      this.setData({ done: true });
      wx.showToast({ title: entryId ? '已保存' : '已发布', icon: 'success' });
      goBackOrHome();
    },
    onNoticeAction() {
      follow(this.data.submitError.action, () => this.onSubmit());
    },
  },
});
