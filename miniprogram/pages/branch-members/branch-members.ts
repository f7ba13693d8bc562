import type { MemberView } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import { saveCodeImage } from '../../services/save-code-image';
import { formatDate } from '../../services/format';
import { MEMBER_STATUS_LABELS, STANDING_LABELS } from '../../services/labels';
import type { Tap } from '../../services/events';
import { follow, memberDetailUrl, noticeFor, homeNotice } from '../../services/navigation';
import { type FetchPage, FIRST_PAGE_LOADING, NEXT_PAGE_LOADING, canLoadMore, loadFirstPage, loadNextPage, pagedList } from '../../services/paged-list';

interface MemberRow {
  memberId: string;
  name: string;
  summary: string;
  note: string;
}

interface CodeSheet {
  visible: boolean;
  status: 'loading' | 'error' | 'ready';
  error: string;
  imageDataUrl: string;
  saving: boolean;
}

function rowOf(member: MemberView): MemberRow {
  const placedOn = member.placedAt ? `，${formatDate(member.placedAt)}纳入` : '';
  return {
    memberId: member.memberId,
    name: member.name,
    summary: `${STANDING_LABELS[member.standing]} · 手机 ${member.phoneMasked} · 来自${member.outflow.name}${placedOn}`,
    note: MEMBER_STATUS_LABELS[member.status],
  };
}

const membersOf = (branchId: string): FetchPage<MemberView> => (cursor) => callAction('branch.members', { branchId, cursor });

const CLOSED: CodeSheet = { visible: false, status: 'loading', error: '', imageDataUrl: '', saving: false };


Component({
  data: {
    branchId: '',
    branchName: '',
    ...pagedList<MemberRow>(),
    code: CLOSED as CodeSheet,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const branchId = options.branchId ?? '';
      this.setData({ branchId, branchName: options.name ? decodeURIComponent(options.name) : '' });
      if (!branchId) {
        this.setData({ status: 'error', error: homeNotice('没有指定支部') });
        return;
      }
      this.load();
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      this.setData(await loadFirstPage(membersOf(this.data.branchId), rowOf));
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onOpenMember(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: memberDetailUrl(row.memberId, row.name) });
    },
    async onMore() {
      if (!canLoadMore(this.data)) return;
      this.setData(NEXT_PAGE_LOADING);
      this.setData(await loadNextPage(() => this.data, membersOf(this.data.branchId), rowOf));
    },

    async onShowCode() {
      this.setData({ code: { ...CLOSED, visible: true } });
      const result = await callAction('branch.checkinCode', { branchId: this.data.branchId });
      if (!result.ok) {
        this.setData({ 'code.status': 'error', 'code.error': noticeFor(result.error).text });
        return;
      }
      this.setData({ 'code.status': 'ready', 'code.imageDataUrl': result.data.imageDataUrl });
    },
    onCloseCode() {
      this.setData({ code: CLOSED });
    },
    onCodeVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseCode();
    },
    async onSaveCode() {
      const { imageDataUrl, saving } = this.data.code;
      if (!imageDataUrl || saving) return;
      this.setData({ 'code.saving': true });
      await saveCodeImage(imageDataUrl, `checkin-code-${this.data.branchId}.png`);
      this.setData({ 'code.saving': false });
    },
  },
});
