import type { HandbookEntryView } from '../../../server/contract/handbook';
import { callAction } from '../../services/call-action';
import type { Change } from '../../services/events';
import { formatDate, formatDay } from '../../services/format';
import { HANDBOOK_OLD_LABELS, HANDBOOK_TOPIC_LABELS } from '../../services/labels';
import {
  type NextSteps,
  type Notice,
  GO_HOME,
  NO_NOTICE,
  follow,
  loadErrorNotice,
  noRecordState,
  noticeFor,
} from '../../services/navigation';
import { PAGES } from '../../services/pages';

interface EntryView {
  entryId: string;
  title: string;
  topicLabel: string;
  body: string;
  source: string;
  sourceDate: string;
  sourceUrl: string;
  validUntil: string;
  publisher: string;
  updated: string;
  oldLabel: string;
  oldNote: string;
  withdrawn: boolean;
  canEdit: boolean;
  version: number;
}

const LOAD_STEPS: NextSteps = { NOT_FOUND: GO_HOME };

function viewOf(entry: HandbookEntryView): EntryView {
  return {
    entryId: entry.entryId,
    title: entry.title,
    topicLabel: HANDBOOK_TOPIC_LABELS[entry.topic],
    body: entry.body,
    source: entry.source,
    sourceDate: formatDay(entry.sourceDate),
    sourceUrl: entry.sourceUrl,
    validUntil: entry.validUntil ? formatDay(entry.validUntil) : '',
    publisher: `${entry.org.name}（${entry.region.city}${entry.region.district}）`,
    updated: formatDate(entry.updatedAt),
    oldLabel: entry.old ? HANDBOOK_OLD_LABELS[entry.old.reason] : '',
    oldNote: entry.old?.note ?? '',
    withdrawn: entry.old?.reason === 'withdrawn',
    canEdit: entry.can.edit,
    version: entry.version,
  };
}

Component({
  data: {
    entryId: '',
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    entry: null as EntryView | null,
    withdrawing: false,
    note: '',
    noteError: '',
    submitError: NO_NOTICE as Notice,
    submitting: false,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const entryId = options.entryId ?? '';
      this.setData({ entryId });
      if (!entryId) this.setData(noRecordState('没有指定政策条目'));
    },
    onShow() {
      // Also back from changing it.
      if (this.data.entryId) this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('handbook.get', { entryId: this.data.entryId });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error, LOAD_STEPS) });
        return;
      }
      this.setData({ status: 'ready', entry: viewOf(result.data) });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onCopyLink() {
      const url = this.data.entry?.sourceUrl;
      if (url) wx.setClipboardData({ data: url });
    },
    onEdit() {
      wx.navigateTo({ url: PAGES.handbookEdit({ entryId: this.data.entryId }) });
    },
    onStartWithdraw() {
      this.setData({ withdrawing: true, note: '', noteError: '', submitError: NO_NOTICE });
    },
    onCancelWithdraw() {
      this.setData({ withdrawing: false });
    },
    onNote(event: Change<string>) {
      this.setData({ note: event.detail.value, noteError: '' });
    },
    async onWithdraw() {
      const { entry, note, submitting } = this.data;
      if (!entry || submitting) return;
      if (!note.trim()) {
        this.setData({ noteError: '请写明原因，如：已被2027年新政策替代' });
        return;
      }
      this.setData({ submitting: true, submitError: NO_NOTICE });
      const result = await callAction('handbook.withdraw', { entryId: entry.entryId, version: entry.version, note: note.trim() });
      if (!result.ok) {
        this.setData({ submitting: false, submitError: noticeFor(result.error) });
        return;
      }
      this.setData({ submitting: false, withdrawing: false, entry: viewOf(result.data) });
      wx.showToast({ title: '已标为旧政策', icon: 'success' });
    },
    onNoticeAction() {
      follow(this.data.submitError.action, () => this.load());
    },
  },
});
