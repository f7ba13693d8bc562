import type { ActionOutput } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import { type Notice, NO_NOTICE, follow, go, loadErrorNotice, noticeFor, urlOf } from '../../services/navigation';

const NO_STEP = { actionText: '', action: '' as const };

type Section = ActionOutput<'consent.notice'>['sections'][number];

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    version: '',
    title: '',
    sections: [] as Section[],
    accepting: false,
    acceptError: NO_NOTICE as Notice,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('consent.notice', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const { version, title, sections } = result.data;
      this.setData({ status: 'ready', version, title, sections });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    async onAccept() {
      if (this.data.accepting) return;
      this.setData({ accepting: true, acceptError: NO_NOTICE });
      const result = await callAction('consent.accept', { version: this.data.version });
      if (!result.ok) {
        // 同意并继续 is itself the retry; a newer notice must be read first.
        const notice = noticeFor(result.error, {
          INTERNAL: NO_STEP,
          NETWORK: NO_STEP,
          CONFLICT: { actionText: '阅读新版告知书', action: 'reload' },
        });
        this.setData({
          accepting: false,
          acceptError: result.error.code === 'CONFLICT' ? { ...notice, text: '告知书已更新，请重新阅读后再同意' } : notice,
        });
        return;
      }
      this.setData({ accepting: false });
      // Replace this page, so that 返回 from the form does not come back to a finished step.
      wx.redirectTo({ url: urlOf('profile') });
    },
    async onDecline() {
      await wx.showModal({
        title: '您没有同意',
        content: '我们不会收集您的任何个人信息。以后想登记时，可以随时回来阅读并同意。',
        showCancel: false,
        confirmText: '知道了',
      });
      go('home');
    },
    onNoticeAction() {
      const { action } = this.data.acceptError;
      this.setData({ acceptError: NO_NOTICE });
      if (action === 'reload') this.load();
      else go(action);
    },
  },
});
