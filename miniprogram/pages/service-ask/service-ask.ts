import type { ServiceKind } from '../../../server/contract/service-requests';
import { callAction } from '../../services/call-action';
import type { Change } from '../../services/events';
import { SERVICE_KIND_LABELS, optionsOf } from '../../services/labels';
import { type Notice, NO_NOTICE, follow, noticeFor } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { newRequestId } from '../../services/request-id';
import { SUBSCRIBE_AT, askToBeTold } from '../../services/subscribe';

type Field = 'kind' | 'title' | 'detail' | 'shareWithHome';
const FIELDS: readonly Field[] = ['kind', 'title', 'detail', 'shareWithHome'];

const SHARE_OPTIONS = [
  { value: 'yes', label: '告诉家乡党组织（随反馈报告带回，不含详细情况）' },
  { value: 'no', label: '不告诉，只让支部知道' },
];

Component({
  data: {
    /** Set when the branch asks on a member's behalf. */
    memberId: '',
    name: '',
    kindOptions: optionsOf(SERVICE_KIND_LABELS),
    shareOptions: SHARE_OPTIONS,
    form: { kind: 'work' as ServiceKind, title: '', detail: '', share: 'yes' as 'yes' | 'no' },
    errors: {} as Partial<Record<Field, string>>,
    submitError: NO_NOTICE as Notice,
    submitting: false,
    done: false,
    /** One per visit to the form: a retried submit finds the request the first one made. */
    requestId: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({
        memberId: options.memberId ?? '',
        name: options.name ? decodeURIComponent(options.name) : '',
        requestId: newRequestId(),
      });
    },
    onKind(event: Change<ServiceKind>) {
      this.setData({ 'form.kind': event.detail.value, 'errors.kind': '' });
    },
    onShare(event: Change<'yes' | 'no'>) {
      this.setData({ 'form.share': event.detail.value });
    },
    onText(event: Change<string, { field: 'title' | 'detail' }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${field}`]: '' });
    },
    async onSubmit() {
      const { form, submitting, done, memberId, requestId } = this.data;
      if (submitting || done) return;
      // Only from the member's own tap: the sheet asks the person who will be told.
      if (!memberId) void askToBeTold(SUBSCRIBE_AT.serviceAsk);
      const missing: Partial<Record<Field, string>> = {};
      if (!form.title.trim()) missing.title = '请用一句话写明要办什么';
      if (!form.detail.trim()) missing.detail = '请写一写具体情况';
      if (missing.title || missing.detail) {
        this.setData({
          errors: missing,
          submitError: { text: missing.title ?? missing.detail ?? '', actionText: '', action: '' },
        });
        return;
      }
      this.setData({ submitting: true, submitError: NO_NOTICE, errors: {} });
      const result = await callAction('service.ask', {
        ...(memberId ? { memberId } : {}),
        kind: form.kind,
        title: form.title.trim(),
        detail: form.detail.trim(),
        shareWithHome: form.share === 'yes',
        requestId,
      });
      this.setData({ submitting: false });
      if (!result.ok) {
        const notice = noticeFor(result.error);
        const field = FIELDS.find((candidate) => candidate === result.error.field);
        this.setData({ submitError: notice, errors: field ? { [field]: notice.text } : {} });
        return;
      }
      this.setData({ done: true });
      wx.showToast({ title: '已提交给支部', icon: 'success' });
      wx.redirectTo({ url: PAGES.serviceRequest(result.data.serviceId) });
    },
    onNoticeAction() {
      follow(this.data.submitError.action, () => this.onSubmit());
    },
  },
});
