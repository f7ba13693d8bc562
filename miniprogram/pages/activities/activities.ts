import type { ActivityView } from '../../../server/contract/activities';
import { type EmptyWords, branchTabList } from '../../behaviors/branch-tab-list';
import { callAction } from '../../services/call-action';
import type { ClientErrorCode } from '../../services/error-messages';
import type { Change, Tap } from '../../services/events';
import { noticeFor } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import type { FetchPage } from '../../services/paged-list';
import { type ActivityHeader, headerOf } from '../../services/activity-text';

type When = 'upcoming' | 'past';

interface ActivityRow extends ActivityHeader {
  /** Only a scheduled activity on the 即将开展 tab offers 取消活动; the server still decides. */
  cancellable: boolean;
}

interface Tab {
  when: When;
  label: string;
}

interface CancelSheet {
  visible: boolean;
  item: ActivityRow | null;
  reason: string;
  sending: boolean;
  /** The server's word on the reason, shown under the text box. */
  reasonError: string;
  error: string;
}

const TABS: Tab[] = [
  { when: 'upcoming', label: '即将开展' },
  { when: 'past', label: '已开展' },
];

const EMPTY: Record<When, EmptyWords> = {
  upcoming: { text: '近期没有安排的活动。点“安排活动”，党员就能在“我的组织生活”中看到。', actionText: '安排活动' },
  past: { text: '还没有开展过的活动。', actionText: '刷新' },
};

const CLOSED: CancelSheet = { visible: false, item: null, reason: '', sending: false, reasonError: '', error: '' };

/** Someone else changed or cancelled the activity first: the list on screen is out of date. */
const CHANGED_ELSEWHERE: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['CONFLICT', 'ACTIVITY_CANCELLED']);

const CHANGED_NOTICE = '这项活动刚被其他人修改过，已为您刷新，请看最新情况后再操作。';

const rowOf =
  (when: When) =>
  (activity: ActivityView): ActivityRow => ({
    ...headerOf(activity),
    cancellable: when === 'upcoming' && activity.status === 'scheduled',
  });

const activitiesOf =
  (branchId: string, when: When): FetchPage<ActivityView> =>
  (cursor) =>
    callAction('activity.list', { branchId, when, cursor });

/** Coming back (e.g. after scheduling one) reads the list again: see branchTabList. */
const activityTabs = branchTabList({ firstTab: 'upcoming' as When, fetch: activitiesOf, rowOf, empty: EMPTY });

Component({
  behaviors: [activityTabs],
  data: {
    tabs: TABS,
    /** A change made elsewhere, told once above the list. */
    notice: '',
    sheet: CLOSED as CancelSheet,
  },
  methods: {
    onEmptyAction() {
      if (this.data.tab === 'upcoming') this.onCreate();
      else this.load();
    },
    onTab(event: Tap<{ when: When }>) {
      // The notice spoke of the old tab's rows.
      this.showTab(event.currentTarget.dataset.when, { notice: '' });
    },
    onCreate() {
      if (this.data.branchId) wx.navigateTo({ url: PAGES.activityForm(this.data.branchId) });
    },
    onOpen(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: PAGES.attendance(row.activityId) });
    },

    onStartCancel(event: Tap<{ index: number }>) {
      const item = this.data.items[event.currentTarget.dataset.index];
      if (item && item.cancellable) this.setData({ sheet: { ...CLOSED, visible: true, item } });
    },
    onCloseSheet() {
      if (!this.data.sheet.sending) this.setData({ sheet: CLOSED });
    },
    onSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseSheet();
    },
    onReason(event: Change<string>) {
      this.setData({ 'sheet.reason': event.detail.value, 'sheet.reasonError': '', 'sheet.error': '' });
    },
    /** Whether a reason is given, and how, is the server's to say: its answer shows under the box. */
    async onConfirmCancel() {
      const { item, reason, sending } = this.data.sheet;
      if (!item || sending) return;
      this.setData({ 'sheet.sending': true, 'sheet.reasonError': '', 'sheet.error': '' });
      const result = await callAction('activity.cancel', {
        activityId: item.activityId,
        version: item.version,
        reason: reason.trim(),
      });
      this.setData({ 'sheet.sending': false });
      if (!result.ok) {
        if (CHANGED_ELSEWHERE.has(result.error.code)) {
          this.setData({ sheet: CLOSED, notice: CHANGED_NOTICE });
          this.load();
          return;
        }
        const text = noticeFor(result.error).text;
        if (result.error.field === 'reason') this.setData({ 'sheet.reasonError': text });
        else this.setData({ 'sheet.error': text });
        return;
      }
      const cancelled = rowOf(this.data.tab)(result.data);
      this.setData({
        sheet: CLOSED,
        notice: '',
        items: this.data.items.map((row) => (row.activityId === cancelled.activityId ? cancelled : row)),
      });
      wx.showToast({ title: '活动已取消', icon: 'success' });
    },
  },
});
