import type { MemberView } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import { formatDate } from '../../services/format';
import { MEMBER_STATUS_LABELS, STANDING_LABELS } from '../../services/labels';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noticeFor } from '../../services/navigation';

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
    status: 'loading' as 'loading' | 'error' | 'empty' | 'ready',
    error: NO_NOTICE as Notice,
    items: [] as MemberRow[],
    nextCursor: null as string | null,
    loadingMore: false,
    moreError: '',
    code: CLOSED as CodeSheet,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const branchId = options.branchId ?? '';
      this.setData({ branchId, branchName: options.name ? decodeURIComponent(options.name) : '' });
      if (!branchId) {
        this.setData({ status: 'error', error: { text: '没有指定支部', actionText: '返回首页', action: 'home' } });
        return;
      }
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', moreError: '' });
      const result = await callAction('branch.members', { branchId: this.data.branchId, cursor: null });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const items = result.data.items.map(rowOf);
      this.setData({ status: items.length ? 'ready' : 'empty', items, nextCursor: result.data.nextCursor });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    async onMore() {
      if (!this.data.nextCursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true, moreError: '' });
      const result = await callAction('branch.members', { branchId: this.data.branchId, cursor: this.data.nextCursor });
      if (!result.ok) {
        this.setData({ loadingMore: false, moreError: noticeFor(result.error).text });
        return;
      }
      this.setData({
        loadingMore: false,
        items: this.data.items.concat(result.data.items.map(rowOf)),
        nextCursor: result.data.nextCursor,
      });
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
