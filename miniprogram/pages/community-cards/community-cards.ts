import type { HelpResidentView, PublicSkillCard } from '../../../server/contract/skill-cards';
import { callAction } from '../../services/call-action';
import type { ClientErrorCode } from '../../services/error-messages';
import type { Change, Tap } from '../../services/events';
import { formatDate, formatDistance } from '../../services/format';
import { locate } from '../../services/location';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noticeFor } from '../../services/navigation';
import { newRequestId } from '../../services/request-id';
import { SUBSCRIBE_AT, askToBeTold } from '../../services/subscribe';

type AskField = 'residentName' | 'residentPhone' | 'need' | 'place' | 'when';
const ASK_FIELDS: readonly AskField[] = ['residentName', 'residentPhone', 'need', 'place', 'when'];

const HELP_STATUS_TEXT: Record<HelpResidentView['status'], string> = {
  waiting: '等待党员答复',
  accepted: '党员已接受，会与您联系',
  declined: '党员这次无法帮忙',
  cancelled: '您已撤回',
  confirmed: '服务已完成',
};

/** Half-hour steps a resident picks from when confirming a service. */
const HOURS = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

interface CardRow extends PublicSkillCard {
  skillsText: string;
  shopText: string;
  /** Near me: which community holds it and how far it is; '' by a community's code. */
  nearText: string;
}

interface HelpRow {
  helpId: string;
  version: number;
  title: string;
  need: string;
  statusText: string;
  phoneText: string;
  reasonText: string;
  canCancel: boolean;
  canConfirm: boolean;
}

function cardRowOf(card: PublicSkillCard, nearText = ''): CardRow {
  return {
    ...card,
    nearText,
    skillsText: card.skills.join('、'),
    shopText: card.shop ? `党员经营户：${card.shop.name}${card.shop.address ? `（${card.shop.address}）` : ''}` : '',
  };
}

function helpRowOf(help: HelpResidentView): HelpRow {
  return {
    helpId: help.helpId,
    version: help.version,
    title: `${help.card.displayName} · ${formatDate(help.askedAt)}`,
    need: help.need,
    statusText:
      help.status === 'confirmed' && help.hours !== null
        ? `${HELP_STATUS_TEXT.confirmed}（${help.hours} 小时）`
        : HELP_STATUS_TEXT[help.status],
    phoneText: help.memberPhone ? `党员电话：${help.memberPhone}` : '',
    reasonText: help.declineReason ? `党员留言：${help.declineReason}` : '',
    canCancel: help.canCancel,
    canConfirm: help.canConfirm,
  };
}

/** Answers about the code itself: scanning another code helps, trying again does not. */
const CODE_REFUSALS: readonly ClientErrorCode[] = ['INVALID_CODE', 'NOT_FOUND', 'ORG_DISSOLVED'];

const EMPTY_ASK = { residentName: '', residentPhone: '', need: '', place: '', when: '' };

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: NO_NOTICE as Notice,
    place: null as { orgId: string } | { scene: string } | null,
    codeError: '',
    /** The cards listed are those near the resident's location (asked from a tap, used once). */
    nearMode: false,
    /** Opened by a 党员经营户's code in the shop: that one card. */
    byShop: false,
    locating: false,
    nearError: '',
    orgName: '',
    cards: [] as CardRow[],
    mine: [] as HelpRow[],
    asking: -1,
    askForm: EMPTY_ASK,
    askErrors: {} as Partial<Record<AskField, string>>,
    askError: NO_NOTICE as Notice,
    sending: false,
    requestId: '',
    actError: '',
    hoursOptions: HOURS.map((hours) => `${hours} 小时`),
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const scene = options.scene ? decodeURIComponent(options.scene) : '';
      const place = scene ? { scene } : options.orgId ? { orgId: options.orgId } : null;
      this.setData({ place });
      this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const { place } = this.data;
      const [community, mine] = await Promise.all([
        place ? callAction('skillCard.community', { place }) : Promise.resolve(null),
        callAction('help.mine', {}),
      ]);
      // A code that leads nowhere is said above the resident's own requests, which still show.
      const codeRefused = community !== null && !community.ok && CODE_REFUSALS.includes(community.error.code);
      if (community && !community.ok && !codeRefused) {
        this.setData({ status: 'error', error: loadErrorNotice(community.error) });
        return;
      }
      this.setData({
        status: 'ready',
        codeError: community && !community.ok ? noticeFor(community.error).text : '',
        orgName: community && community.ok ? community.data.orgName : '',
        byShop: community !== null && community.ok && community.data.by === 'shop',
        cards: community && community.ok ? community.data.cards.map((card) => cardRowOf(card)) : [],
        nearMode: false,
        mine: mine.ok ? mine.data.items.map(helpRowOf) : [],
        actError: mine.ok ? '' : noticeFor(mine.error).text,
        asking: -1,
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    async onNearMe() {
      if (this.data.locating) return;
      this.setData({ locating: true, nearError: '' });
      const located = await locate();
      if (!located.ok) {
        this.setData({
          locating: false,
          nearError: located.refused
            ? '没有使用您的位置。您可以扫描社区公告栏上的志愿服务码查找，或在设置中允许使用位置后再试。'
            : '暂时没有取得您的位置，请确认手机已打开定位，或扫描社区的志愿服务码查找。',
        });
        return;
      }
      const result = await callAction('skillCard.nearby', { point: located.point });
      if (!result.ok) {
        this.setData({ locating: false, nearError: noticeFor(result.error).text });
        return;
      }
      const cards = result.data.communities.flatMap((community) =>
        community.cards.map((card) => cardRowOf(card, `${community.orgName} · ${formatDistance(community.distanceMetres)}`)),
      );
      if (cards.length === 0) {
        this.setData({ locating: false, nearError: '附近还没有展示的志愿者技能卡，可以扫描社区的志愿服务码查找。' });
        return;
      }
      this.setData({ locating: false, nearMode: true, codeError: '', orgName: '', cards, asking: -1, nearError: '' });
    },
    onAsk(event: Tap<{ index: number }>) {
      this.setData({
        asking: event.currentTarget.dataset.index,
        askForm: { ...EMPTY_ASK, residentName: this.data.askForm.residentName, residentPhone: this.data.askForm.residentPhone },
        askErrors: {},
        askError: NO_NOTICE,
        // One per opening of the form: a retried send finds the request the first one made.
        requestId: newRequestId(),
      });
    },
    onAskClose() {
      this.setData({ asking: -1 });
    },
    onAskText(event: Change<string, { field: AskField }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`askForm.${field}`]: event.detail.value, [`askErrors.${field}`]: '' });
    },
    async onSend() {
      const { cards, asking, askForm, sending, requestId } = this.data;
      const card = cards[asking];
      if (!card || sending) return;
      // Asked from the tap: the member's answer comes back as a subscribe message.
      void askToBeTold(SUBSCRIBE_AT.helpAsk);
      this.setData({ sending: true, askErrors: {}, askError: NO_NOTICE });
      const result = await callAction('help.ask', {
        cardId: card.cardId,
        requestId,
        residentName: askForm.residentName.trim(),
        residentPhone: askForm.residentPhone.trim(),
        need: askForm.need.trim(),
        place: askForm.place.trim(),
        when: askForm.when.trim(),
      });
      this.setData({ sending: false });
      if (!result.ok) {
        const notice = noticeFor(result.error);
        const field = ASK_FIELDS.find((candidate) => candidate === result.error.field);
        // A refusal about one field is shown by that field; any other under the button.
        this.setData(field ? { askError: NO_NOTICE, askErrors: { [field]: notice.text } } : { askError: notice, askErrors: {} });
        return;
      }
      wx.showToast({ title: '求助已发出', icon: 'success' });
      this.load();
    },
    async onCancel(event: Tap<{ index: number }>) {
      const row = this.data.mine[event.currentTarget.dataset.index];
      if (!row) return;
      const result = await callAction('help.cancel', { helpId: row.helpId, version: row.version });
      if (!result.ok) {
        this.setData({ actError: noticeFor(result.error).text });
        return;
      }
      this.load();
    },
    async onConfirm(event: Change<string, { index: number }>) {
      const row = this.data.mine[event.currentTarget.dataset.index];
      const hours = HOURS[Number(event.detail.value)];
      if (!row || hours === undefined) return;
      const result = await callAction('help.confirm', { helpId: row.helpId, version: row.version, hours });
      if (!result.ok) {
        this.setData({ actError: noticeFor(result.error).text });
        return;
      }
      wx.showToast({ title: '谢谢您的确认', icon: 'success' });
      this.load();
    },
  },
});
