import type { MemberView } from '../../../server/contract';
import { callAction } from '../../services/call-action';
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

function writeFile(filePath: string, base64: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().writeFile({ filePath, data: base64, encoding: 'base64', success: () => resolve(), fail: reject });
  });
}

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
      const base64 = imageDataUrl.replace(/^data:image\/\w+;base64,/, '');
      if (!base64 || saving) return;
      this.setData({ 'code.saving': true });
      const filePath = `${wx.env.USER_DATA_PATH}/checkin-code-${this.data.branchId}.png`;
      try {
        await writeFile(filePath, base64);
        await wx.saveImageToPhotosAlbum({ filePath });
        wx.showToast({ title: '已保存到相册', icon: 'success' });
      } catch (error) {
        const denied = /auth|deny|denied/.test((error as { errMsg?: string }).errMsg ?? '');
        wx.showModal({
          title: '没有保存',
          content: denied ? '请在小程序设置中允许“保存到相册”后再试。' : '保存失败，可以长按图片保存，或截屏保存。',
          showCancel: false,
          confirmText: '知道了',
        });
      }
      this.setData({ 'code.saving': false });
    },
  },
});
