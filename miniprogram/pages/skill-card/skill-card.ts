import type { HelpMemberView, SkillCardView } from '../../../server/contract/skill-cards';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDate, splitSkills } from '../../services/format';
import { SUBSCRIBE_AT, askToBeTold } from '../../services/subscribe';
import { type Notice, GO_HOME, NO_NOTICE, follow, loadErrorNotice, noticeFor } from '../../services/navigation';

type Field = 'displayName' | 'skills' | 'area' | 'times' | 'shop.name' | 'shop.address' | 'consent';
const FIELDS: readonly Field[] = ['displayName', 'skills', 'area', 'times', 'shop.name', 'shop.address', 'consent'];

const STATUS_TEXT: Record<SkillCardView['status'], string> = {
  pending: '等待支部审核：审核通过后居民才能看到',
  approved: '已展示给居民',
  rejected: '支部未通过',
  withdrawn: '已撤回，居民看不到',
};

const HELP_STATUS_TEXT: Record<HelpMemberView['status'], string> = {
  waiting: '等您答复',
  accepted: '已接受',
  declined: '已婉拒',
  cancelled: '居民已撤回',
  confirmed: '居民已确认完成',
};

interface HelpRow {
  helpId: string;
  version: number;
  title: string;
  need: string;
  detail: string;
  statusText: string;
  phoneText: string;
  canAnswer: boolean;
  /** The member's choice, before accepting, to tell this resident their phone (off unless ticked). */
  sharePhone: boolean;
}

function rowOf(help: HelpMemberView): HelpRow {
  const where = [help.place, help.when].filter((part) => part.length > 0).join('，');
  return {
    helpId: help.helpId,
    version: help.version,
    title: `${help.residentName} · ${formatDate(help.askedAt)}`,
    need: help.need,
    detail: where,
    statusText:
      help.status === 'confirmed' && help.hours !== null
        ? `${HELP_STATUS_TEXT.confirmed}，计 ${help.hours} 小时志愿服务`
        : HELP_STATUS_TEXT[help.status],
    phoneText: `居民电话：${help.residentPhone}${help.phoneShared ? '（您已把手机号告诉对方）' : ''}`,
    canAnswer: help.canAnswer,
    sharePhone: false,
  };
}

const EMPTY_FORM = { displayName: '', skills: '', area: '', times: '', shopName: '', shopAddress: '' };

function formOf(card: SkillCardView | null) {
  if (!card) return EMPTY_FORM;
  return {
    displayName: card.displayName,
    skills: card.skills.join('、'),
    area: card.area,
    times: card.times,
    shopName: card.shop ? card.shop.name : '',
    shopAddress: card.shop ? card.shop.address : '',
  };
}

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: NO_NOTICE as Notice,
    canPublish: false,
    branchName: '',
    card: null as SkillCardView | null,
    statusText: '',
    skillsText: '',
    hoursText: '',
    editing: false,
    form: EMPTY_FORM,
    consent: false,
    errors: {} as Partial<Record<Field, string>>,
    submitError: NO_NOTICE as Notice,
    saving: false,
    requests: [] as HelpRow[],
    answerError: '',
    shopCodeImage: '',
    shopCodeError: '',
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const [mine, incoming] = await Promise.all([callAction('skillCard.mine', {}), callAction('help.incoming', {})]);
      if (!mine.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(mine.error, { NOT_REGISTERED: GO_HOME }) });
        return;
      }
      const card = mine.data.card;
      this.setData({
        status: 'ready',
        canPublish: mine.data.canPublish,
        branchName: mine.data.branchName ?? '',
        card,
        statusText: card ? STATUS_TEXT[card.status] : '',
        skillsText: card ? card.skills.join('、') : '',
        hoursText:
          card && card.servicesConfirmed > 0 ? `已为居民服务 ${card.servicesConfirmed} 次，共 ${card.hoursConfirmed} 小时` : '',
        editing: card === null,
        form: formOf(card),
        consent: false,
        errors: {},
        submitError: NO_NOTICE,
        requests: incoming.ok ? incoming.data.items.map(rowOf) : [],
        answerError: incoming.ok ? '' : noticeFor(incoming.error).text,
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onText(event: Change<string, { field: keyof typeof EMPTY_FORM }>) {
      const field = event.currentTarget.dataset.field;
      const errorKey = field === 'shopName' ? 'shop.name' : field === 'shopAddress' ? 'shop.address' : field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${errorKey}`]: '' });
    },
    onConsent() {
      this.setData({ consent: !this.data.consent, 'errors.consent': '' });
    },
    onEdit() {
      this.setData({ editing: true, form: formOf(this.data.card), consent: false, errors: {}, submitError: NO_NOTICE });
    },
    onCancelEdit() {
      this.setData({ editing: false, errors: {}, submitError: NO_NOTICE });
    },
    async onSave() {
      const { form, consent, card, saving } = this.data;
      if (saving) return;
      if (!consent) {
        this.setData({ errors: { consent: '请勾选“同意向居民展示这张技能卡”' }, submitError: NO_NOTICE });
        return;
      }
      // Asked from the tap: residents' requests come as subscribe messages.
      void askToBeTold(SUBSCRIBE_AT.skillCardSave);
      this.setData({ saving: true, errors: {}, submitError: NO_NOTICE });
      const shopName = form.shopName.trim();
      const result = await callAction('skillCard.save', {
        displayName: form.displayName.trim(),
        skills: splitSkills(form.skills),
        area: form.area.trim(),
        times: form.times.trim(),
        shop: shopName ? { name: shopName, address: form.shopAddress.trim() } : null,
        consent: true,
        version: card ? card.version : null,
      });
      this.setData({ saving: false });
      if (!result.ok) {
        const notice = noticeFor(result.error);
        const wrong = result.error.field ?? '';
        const field = FIELDS.find((candidate) => wrong === candidate || wrong.startsWith(`${candidate}.`));
        this.setData(field ? { submitError: NO_NOTICE, errors: { [field]: notice.text } } : { submitError: notice, errors: {} });
        return;
      }
      wx.showToast({ title: '已提交支部审核', icon: 'success' });
      this.load();
    },
    async onWithdraw() {
      const { card } = this.data;
      if (!card) return;
      const { confirm } = await wx.showModal({
        title: '撤回技能卡',
        content: '撤回后居民马上就看不到了，以后可以重新发布。',
        confirmText: '撤回',
      });
      if (!confirm) return;
      const result = await callAction('skillCard.withdraw', { version: card.version });
      if (!result.ok) {
        this.setData({ submitError: noticeFor(result.error) });
        return;
      }
      this.load();
    },
    onShareToggle(event: Tap<{ index: number }>) {
      const index = event.currentTarget.dataset.index;
      const row = this.data.requests[index];
      if (row) this.setData({ [`requests[${index}].sharePhone`]: !row.sharePhone });
    },
    async onShopCode() {
      const result = await callAction('skillCard.shopCode', {});
      if (!result.ok) {
        this.setData({ shopCodeError: noticeFor(result.error).text });
        return;
      }
      this.setData({ shopCodeImage: result.data.imageDataUrl, shopCodeError: '' });
    },
    async onAccept(event: Tap<{ index: number }>) {
      const row = this.data.requests[event.currentTarget.dataset.index];
      if (row) await this.answer(row, { decision: 'accept', sharePhone: row.sharePhone });
    },
    async onDecline(event: Tap<{ index: number }>) {
      const row = this.data.requests[event.currentTarget.dataset.index];
      if (row) await this.answer(row, { decision: 'decline', sharePhone: false });
    },
    async answer(row: HelpRow, choice: { decision: 'accept' | 'decline'; sharePhone: boolean }) {
      const result = await callAction('help.answer', { helpId: row.helpId, version: row.version, ...choice });
      if (!result.ok) {
        this.setData({ answerError: noticeFor(result.error).text });
        return;
      }
      this.setData({ answerError: '' });
      this.load();
    },
  },
});
