import type { HandbookEntryView, HandbookTopic } from '../../../server/contract/handbook';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDay } from '../../services/format';
import { HANDBOOK_OLD_LABELS, HANDBOOK_TOPIC_LABELS, optionsOf } from '../../services/labels';
import { type Notice, NO_NOTICE, follow, loadErrorNotice } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { canLoadMore, firstPageOf, loadNextPage, NEXT_PAGE_LOADING } from '../../services/paged-list';

interface EntryRow {
  entryId: string;
  title: string;
  topicLabel: string;
  /** `苏州市人力资源和社会保障局 · 2026年3月2日`. */
  source: string;
  /** '' for an entry in force, else 旧政策 / 已过期 / 发布较早. */
  oldLabel: string;
}

type Topic = HandbookTopic | 'all';

function rowOf(entry: HandbookEntryView): EntryRow {
  return {
    entryId: entry.entryId,
    title: entry.title,
    topicLabel: HANDBOOK_TOPIC_LABELS[entry.topic],
    source: `${entry.source} · ${formatDay(entry.sourceDate)}`,
    oldLabel: entry.old ? HANDBOOK_OLD_LABELS[entry.old.reason] : '',
  };
}

Component({
  data: {
    /** Empty: the handbook of the caller's own branch. */
    orgId: '',
    placeName: '',
    canPublish: false,
    topicOptions: [{ value: 'all', label: '全部' }, ...optionsOf(HANDBOOK_TOPIC_LABELS)],
    topic: 'all' as Topic,
    query: '',
    status: 'loading' as 'loading' | 'error' | 'empty' | 'ready' | 'no-place',
    error: NO_NOTICE as Notice,
    items: [] as EntryRow[],
    nextCursor: null as string | null,
    loadingMore: false,
    moreError: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ orgId: options.orgId ?? '' });
      this.load();
    },
    onShow() {
      // Back from publishing or changing an entry.
      if (this.data.status === 'ready' || this.data.status === 'empty') this.load();
    },
    fetch(cursor: string | null) {
      const { orgId, topic, query } = this.data;
      return callAction('handbook.list', {
        ...(orgId ? { orgId } : {}),
        ...(topic === 'all' ? {} : { topic }),
        query: query.trim(),
        cursor,
      });
    },
    async load() {
      this.setData({ status: 'loading', moreError: '' });
      const result = await this.fetch(null);
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const { place, canPublish } = result.data;
      if (!place) {
        this.setData({ status: 'no-place', placeName: '', canPublish: false });
        return;
      }
      this.setData({ placeName: place.name, canPublish, ...firstPageOf(result.data, rowOf) });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    async onMore() {
      if (!canLoadMore(this.data)) return;
      this.setData(NEXT_PAGE_LOADING);
      this.setData(
        await loadNextPage(
          () => this.data,
          (cursor) => this.fetch(cursor),
          rowOf,
        ),
      );
    },
    onTopic(event: Change<Topic>) {
      this.setData({ topic: event.detail.value });
      this.load();
    },
    onQuery(event: Change<string>) {
      this.setData({ query: event.detail.value });
    },
    onSearch() {
      this.load();
    },
    onClear() {
      this.setData({ query: '' });
      this.load();
    },
    onOpen(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: PAGES.handbookEntry(row.entryId) });
    },
    onPublish() {
      const { orgId } = this.data;
      if (orgId) wx.navigateTo({ url: PAGES.handbookEdit({ orgId }) });
    },
  },
});
