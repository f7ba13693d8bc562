import { callAction } from '../../services/call-action';
import { type CardScreen, cardScreenOf } from '../../services/activity-card';
import { type NextSteps, type Notice, NO_NOTICE, follow, loadErrorNotice, urlOf } from '../../services/navigation';

const LOAD_STEPS: NextSteps = { NOT_REGISTERED: { actionText: '去登记', action: 'profile' } };

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    imageDataUrl: '',
    card: { lines: [], participation: [], reviews: [] } as CardScreen,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('card.mine', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error, LOAD_STEPS) });
        return;
      }
      this.setData({ status: 'ready', imageDataUrl: result.data.imageDataUrl, card: cardScreenOf(result.data) });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onEditProfile() {
      wx.navigateTo({ url: urlOf('profile') });
    },
  },
});
