import type { SkillCardReviewView } from '../../../server/contract/skill-cards';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDate } from '../../services/format';
import { type NextSteps, GO_HOME, follow, noRecordState, noticeFor } from '../../services/navigation';
import { type FetchPage, FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../../services/paged-list';

interface CardRow {
  cardId: string;
  version: number;
  title: string;
  skills: string;
  area: string;
  times: string;
  shop: string;
  submitted: string;
}

const LOAD_STEPS: NextSteps = { NOT_FOUND: GO_HOME };

function rowOf(card: SkillCardReviewView): CardRow {
  return {
    cardId: card.cardId,
    version: card.version,
    title: `${card.displayName}（${card.member.name}）`,
    skills: `技能：${card.skills.join('、')}`,
    area: `服务范围：${card.area}`,
    times: `服务时间：${card.times}`,
    shop: card.shop ? `党员经营户：${card.shop.name}${card.shop.address ? `（${card.shop.address}）` : ''}` : '',
    submitted: `${formatDate(card.submittedAt)} 提交 · ${card.branchName}`,
  };
}

const cardsOf =
  (orgId: string): FetchPage<SkillCardReviewView> =>
  (cursor) =>
    callAction('skillCard.pending', { orgId, cursor });

Component({
  data: {
    orgId: '',
    ...pagedList<CardRow>(),
    rejecting: -1,
    reason: '',
    decideError: '',
    deciding: false,
    codeImage: '',
    codeError: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      this.setData({ orgId });
      if (orgId) this.load();
      else this.setData(noRecordState('没有指定支部'));
    },
    async load() {
      this.setData({ ...FIRST_PAGE_LOADING, rejecting: -1, reason: '', decideError: '' });
      this.setData(await loadFirstPage(cardsOf(this.data.orgId), rowOf, LOAD_STEPS));
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.load();
    },
    onMore() {
      return showNextPage(this, cardsOf(this.data.orgId), rowOf);
    },
    onApprove(event: Tap<{ index: number }>) {
      return this.decide(event.currentTarget.dataset.index, 'approve', '');
    },
    onReject(event: Tap<{ index: number }>) {
      this.setData({ rejecting: event.currentTarget.dataset.index, reason: '', decideError: '' });
    },
    onReason(event: Change<string>) {
      this.setData({ reason: event.detail.value, decideError: '' });
    },
    onRejectConfirm() {
      const reason = this.data.reason.trim();
      if (!reason) {
        this.setData({ decideError: '不通过时请写明理由，党员会看到' });
        return;
      }
      return this.decide(this.data.rejecting, 'reject', reason);
    },
    async decide(index: number, decision: 'approve' | 'reject', reason: string) {
      const row = this.data.items[index];
      if (!row || this.data.deciding) return;
      this.setData({ deciding: true });
      const result = await callAction('skillCard.review', { cardId: row.cardId, version: row.version, decision, reason });
      this.setData({ deciding: false });
      if (!result.ok) {
        this.setData({ decideError: noticeFor(result.error).text });
        return;
      }
      wx.showToast({ title: decision === 'approve' ? '已通过' : '已退回', icon: 'success' });
      this.load();
    },
    async onCode() {
      const result = await callAction('skillCard.code', { orgId: this.data.orgId });
      if (!result.ok) {
        this.setData({ codeError: noticeFor(result.error).text });
        return;
      }
      this.setData({ codeImage: result.data.imageDataUrl, codeError: '' });
    },
  },
});
