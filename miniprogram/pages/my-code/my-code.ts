import { callAction } from '../../services/call-action';
import { formatDateTime } from '../../services/format';
import { type Notice, NO_NOTICE, follow, loadErrorNotice } from '../../services/navigation';

/** The code in groups of four, so it can be read out across a desk: `AB2C D3EF`. */
function groupsOf(code: string): string[] {
  return code.match(/.{1,4}/g) ?? [];
}

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    groups: [] as string[],
    expiresText: '',
    refreshing: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('post.myCode', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      this.setData({ status: 'ready', groups: groupsOf(result.data.code), expiresText: formatDateTime(result.data.expiresAt) });
    },
    async onRefresh() {
      if (this.data.refreshing) return;
      this.setData({ refreshing: true });
      const result = await callAction('post.myCode', {});
      if (!result.ok) {
        this.setData({ refreshing: false, status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      this.setData({
        refreshing: false,
        groups: groupsOf(result.data.code),
        expiresText: formatDateTime(result.data.expiresAt),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
  },
});
