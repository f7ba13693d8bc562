/** The loading / error / empty block every screen shows instead of its content. */
Component({
  properties: {
    status: { type: String, value: 'loading' },
    loadingText: { type: String, value: '正在加载…' },
    errorText: { type: String, value: '' },
    /** The error's next step; 重试 unless the page knows a better one (去登记, 返回首页…). */
    actionText: { type: String, value: '重试' },
    emptyText: { type: String, value: '暂无内容' },
    emptyActionText: { type: String, value: '' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
    onEmptyAction() {
      this.triggerEvent('action');
    },
  },
});
