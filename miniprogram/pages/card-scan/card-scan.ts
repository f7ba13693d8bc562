import { callAction } from '../../services/call-action';
import { type CardScreen, cardScreenOf } from '../../services/activity-card';
import { todayCst } from '../../services/format';
import {
  type NextSteps,
  type Notice,
  GO_HOME,
  NO_NOTICE,
  follow,
  loadErrorNotice,
  memberDetailUrl,
} from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { scanScene } from '../../services/scan-code';

/** Someone without a reason to see the member gets NOT_FOUND, worded like a missing member. */
const LOAD_STEPS: NextSteps = {
  NOT_FOUND: { ...GO_HOME, text: '没有找到这名党员。只有党员报到的支部和两地党组织可以查看活动证。' },
  INVALID_CODE: { actionText: '重新扫码', action: 'reload' },
};
const NOT_A_CARD = '这不是流动党员活动证的二维码，请换一个码再扫';

Component({
  data: {
    status: 'idle' as 'idle' | 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    scanError: '',
    /** The code was not a card's: the error's button scans again instead of reloading. */
    rescan: false,
    memberId: '',
    name: '',
    side: '' as '' | 'self' | 'inflow' | 'outflow',
    canReview: false,
    card: { lines: [], participation: [], reviews: [] } as CardScreen,
    /** How the card was asked for, so 重试 asks again the same way. */
    query: null as { scene: string } | { memberId: string } | null,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      // A mini-program code's scene arrives encoded (`m%3D…`).
      if (options.scene) this.load({ scene: decodeURIComponent(options.scene) });
      else if (options.memberId) this.load({ memberId: options.memberId });
    },
    async load(query: { scene: string } | { memberId: string }) {
      this.setData({ query, status: 'loading', scanError: '' });
      const result = 'scene' in query ? await callAction('card.scan', query) : await callAction('card.get', query);
      if (!result.ok) {
        this.setData({
          status: 'error',
          error: loadErrorNotice(result.error, LOAD_STEPS),
          rescan: result.error.code === 'INVALID_CODE',
        });
        return;
      }
      const card = result.data;
      this.setData({
        status: 'ready',
        memberId: card.memberId,
        name: card.name,
        side: card.side,
        canReview: card.canReview,
        card: cardScreenOf(card),
      });
    },
    onStateAction() {
      const { query, error, rescan } = this.data;
      follow(error.action, () => {
        if (rescan) this.onScan();
        else if (query) this.load(query);
      });
    },
    async onScan() {
      const scanned = await scanScene(NOT_A_CARD);
      if (scanned.ok) this.load({ scene: scanned.scene });
      else this.setData({ scanError: scanned.error });
    },
    onMember() {
      wx.navigateTo({ url: memberDetailUrl(this.data.memberId, this.data.name) });
    },
    onReview() {
      if (!this.data.canReview) return;
      wx.navigateTo({ url: PAGES.cardReview(this.data.memberId, this.data.name, Number(todayCst().slice(0, 4))) });
    },
  },
});
