import type { MessageKind, MessageView } from '../../../server/contract/messages';
import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDateTime } from '../../services/format';
import { MESSAGE_KIND_LABELS } from '../../services/labels';
import { type NextSteps, GO_HOME, follow, memberDetailUrl, noRecordState } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { type FetchPage, FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../../services/paged-list';

interface MessageRow {
  messageId: string;
  kindLabel: string;
  kindTheme: 'danger' | 'warning' | 'primary' | 'success';
  title: string;
  body: string;
  time: string;
  /** For a message to an organization below: '发给：新港村党支部'; '' when it was sent to this one. */
  addressedTo: string;
  /** Where a tap leads: the report, else the member, else nowhere (no arrow then). */
  url: string;
}

/** Warnings stand out from news. */
const KIND_THEMES: Record<MessageKind, MessageRow['kindTheme']> = {
  report_overdue: 'danger',
  life_escalation: 'danger',
  life_warning: 'warning',
  talk_due: 'warning',
  report_received: 'primary',
  report_replied: 'primary',
  report_acknowledged: 'success',
  lost_contact_proposed: 'danger',
  lost_contact_marked: 'danger',
  lost_contact_found: 'success',
  transfer_proposed: 'warning',
  transfer_agreed: 'warning',
  transfer_refused: 'primary',
  transfer_completed: 'success',
  transfer_waiting: 'danger',
  placement_ended: 'warning',
  member_returned: 'primary',
  service_asked: 'primary',
  service_unanswered: 'warning',
  service_escalated: 'danger',
};

const LOAD_STEPS: NextSteps = {
  // The server answers an organization one does not manage as a missing one.
  NOT_FOUND: { ...GO_HOME, text: '只有本组织的书记或管理员能查看这些提醒' },
};

/** Messages about a member's service request lead to the requests of the organization told. */
const SERVICE_MESSAGE_KINDS: readonly MessageKind[] = ['service_asked', 'service_unanswered', 'service_escalated'];

function urlOf(message: MessageView, orgId: string): string {
  if (SERVICE_MESSAGE_KINDS.includes(message.kind)) return PAGES.services(message.addressedTo?.orgId ?? orgId);
  if (message.reportId) return PAGES.report(message.reportId);
  if (message.memberId) return memberDetailUrl(message.memberId);
  return '';
}

const rowOf =
  (orgId: string) =>
  (message: MessageView): MessageRow => {
    return {
      messageId: message.messageId,
      kindLabel: MESSAGE_KIND_LABELS[message.kind],
      kindTheme: KIND_THEMES[message.kind],
      title: message.title,
      body: message.body,
      time: formatDateTime(message.createdAt),
      addressedTo: message.addressedTo ? `发给：${message.addressedTo.name}` : '',
      url: urlOf(message, orgId),
    };
  };

const messagesOf =
  (orgId: string): FetchPage<MessageView> =>
  (cursor) =>
    callAction('message.list', { orgId, cursor });

Component({
  data: {
    orgId: '',
    ...pagedList<MessageRow>(),
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      this.setData({ orgId });
      if (orgId) this.load();
      else this.setData(noRecordState('没有指定要查看的组织'));
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      this.setData(await loadFirstPage(messagesOf(this.data.orgId), rowOf(this.data.orgId), LOAD_STEPS));
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.load();
    },
    onMore() {
      return showNextPage(this, messagesOf(this.data.orgId), rowOf(this.data.orgId));
    },
    onOpen(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (row?.url) wx.navigateTo({ url: row.url });
    },
  },
});
