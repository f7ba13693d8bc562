import { follow, noRecordState } from '../services/navigation';
import { type FetchPage, FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../services/paged-list';

/** What the empty block says on one tab, and its button. */
export interface EmptyWords {
  text: string;
  actionText: string;
}

/** What one branch list in tabs fetches and shows; everything else is the same for all of them. */
export interface BranchTabs<Tab extends string, Item, Row> {
  /** The tab a page opens on. */
  firstTab: Tab;
  /** The list action for one tab of one branch. */
  fetch(branchId: string, tab: Tab): FetchPage<Item>;
  /** How one tab shows a record. */
  rowOf(tab: Tab): (item: Item) => Row;
  /** The empty block per tab; put on screen with each load, so it always speaks of the tab shown. */
  empty: Record<Tab, EmptyWords>;
}

/**
 * A secretary's list of one branch's records in tabs (活动: 即将开展 / 已开展; 反馈报告: 待写 /
 * 已提交), opened with `?branchId=`. The screens it opens change its rows (scheduling or
 * cancelling an activity, submitting a report), so it reads them again whenever it comes back
 * into sight. The page's tab bar calls `showTab`.
 */
export function branchTabList<Tab extends string, Item, Row>(tabs: BranchTabs<Tab, Item, Row>) {
  return Behavior({
    data: {
      branchId: '',
      tab: tabs.firstTab,
      emptyText: tabs.empty[tabs.firstTab].text,
      emptyActionText: tabs.empty[tabs.firstTab].actionText,
      ...pagedList<Row>(),
      /** Set when the page goes out of sight, so coming back shows fresh rows. */
      stale: false,
    },
    methods: {
      onLoad(options: Record<string, string | undefined>) {
        const branchId = options.branchId ?? '';
        this.setData({ branchId });
        if (branchId) this.load();
        else this.setData(noRecordState('没有指定支部'));
      },
      onHide() {
        this.setData({ stale: true });
      },
      onShow() {
        // The first show follows onLoad's own load; a page opened without a branch has nothing to read.
        if (!this.data.stale || !this.data.branchId) return;
        this.setData({ stale: false });
        this.load();
      },
      async load() {
        const tab = this.data.tab;
        const empty = tabs.empty[tab];
        this.setData({ ...FIRST_PAGE_LOADING, emptyText: empty.text, emptyActionText: empty.actionText });
        const patch = await loadFirstPage(tabs.fetch(this.data.branchId, tab), tabs.rowOf(tab));
        // A tab switched while this page was on its way: the newer load owns the screen.
        if (this.data.tab === tab) this.setData(patch);
      },
      onStateAction() {
        follow(this.data.error.action, () => this.load());
      },
      /** Opens another tab at its first page; `reset` clears what the page showed about the old tab. */
      showTab(tab: Tab, reset: WechatMiniprogram.IAnyObject = {}) {
        if (tab === this.data.tab || !this.data.branchId) return;
        this.setData({ ...reset, tab, items: [], nextCursor: null });
        this.load();
      },
      onMore() {
        const tab = this.data.tab;
        return showNextPage(this, tabs.fetch(this.data.branchId, tab), tabs.rowOf(tab), () => this.data.tab === tab);
      },
    },
  });
}
