import type { ActionInput, MoveRequestView, MoveStatus } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import type { ClientErrorCode } from '../../services/error-messages';
import type { Change, Tap } from '../../services/events';
import { formatDateTime } from '../../services/format';
import { ROLE_LABELS } from '../../services/labels';
import { type NextSteps, GO_HOME, follow, noRecordState, noticeFor } from '../../services/navigation';
import { type FetchPage, FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../../services/paged-list';

type View = 'pending' | 'decided';
type AccountFacts = MoveRequestView['oldAccount'];

interface MoveRow {
  moveId: string;
  version: number;
  status: MoveStatus;
  memberName: string;
  summary: string;
  statusText: string;
  memberFacts: string[];
  oldFacts: string[];
  newFacts: string[];
  decision: string;
}

interface Sheet {
  visible: boolean;
  item: MoveRow | null;
  reason: string;
  deciding: '' | 'confirm' | 'reject';
  error: string;
}

const CLOSED: Sheet = { visible: false, item: null, reason: '', deciding: '', error: '' };

const STATUS_TEXT: Record<MoveStatus, string> = { pending: '待处理', confirmed: '已转移', rejected: '未同意' };

function accountFacts(facts: AccountFacts): string[] {
  const roles = facts.roles.map((role) => `${role.orgName}${ROLE_LABELS[role.role]}`);
  return [
    `微信号：${facts.openidMasked}`,
    `同意告知书：${facts.agreedNoticeAt ? formatDateTime(facts.agreedNoticeAt) : '未同意当前版本'}`,
    `担任职务：${roles.length > 0 ? roles.join('、') : '无'}`,
    `当天查询身份证号：${facts.idLookupsToday} 个`,
  ];
}

function rowOf(move: MoveRequestView): MoveRow {
  const member = move.member;
  const where = member.inflowBranchName ? `现在${member.inflowBranchName}` : '尚未纳入支部管理';
  const decision = move.decidedAt
    ? `${formatDateTime(move.decidedAt)} ${move.decidedByName ?? ''}${STATUS_TEXT[move.status]}：${move.reason ?? ''}`
    : '';
  return {
    moveId: move.moveId,
    version: move.version,
    status: move.status,
    memberName: member.name,
    summary: `来自${member.outflowName} · ${where} · ${formatDateTime(move.submittedAt)}申请`,
    statusText: STATUS_TEXT[move.status],
    memberFacts: [
      `身份证号：${member.idCardMasked}`,
      `手机号：${member.phoneMasked}`,
      `流出地：${member.outflowName}`,
      `流入地：${member.inflowBranchName ?? '尚未纳入支部管理'}`,
      `登记时间：${formatDateTime(member.registeredAt)}`,
      `最近一次修改档案：${formatDateTime(member.updatedAt)}`,
    ],
    oldFacts: accountFacts(move.oldAccount),
    newFacts: accountFacts(move.newAccount),
    decision,
  };
}

const requestsOf =
  (orgId: string, status: View): FetchPage<MoveRequestView> =>
  (cursor) =>
    callAction('account.moveRequests', { orgId, status, cursor });

const LOAD_STEPS: NextSteps = {
  NOT_FOUND: { ...GO_HOME, text: '只有档案所在流入地或流出地组织的管理员能查看这些申请' },
};

/** Someone else decided first: the request leaves everybody's pending list. */
const DECIDED_ELSEWHERE: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['CONFLICT', 'MOVE_NOT_PENDING']);

Component({
  data: {
    orgId: '',
    orgName: '',
    view: 'pending' as View,
    ...pagedList<MoveRow>(),
    sheet: CLOSED as Sheet,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      const orgName = options.name ? decodeURIComponent(options.name) : '';
      this.setData({ orgId, orgName });
      if (orgId) this.load();
      else this.setData(noRecordState('没有指定组织'));
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      this.setData(await loadFirstPage(requestsOf(this.data.orgId, this.data.view), rowOf, LOAD_STEPS));
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.load();
    },
    onMore() {
      return showNextPage(this, requestsOf(this.data.orgId, this.data.view), rowOf);
    },
    onSwitchView() {
      this.setData({ view: this.data.view === 'pending' ? 'decided' : 'pending' });
      this.load();
    },
    onOpen(event: Tap<{ index: number }>) {
      const item = this.data.items[event.currentTarget.dataset.index];
      if (item) this.setData({ sheet: { ...CLOSED, visible: true, item } });
    },
    onClose() {
      if (!this.data.sheet.deciding) this.setData({ sheet: CLOSED });
    },
    onSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onClose();
    },
    onReason(event: Change<string>) {
      this.setData({ 'sheet.reason': event.detail.value, 'sheet.error': '' });
    },
    onConfirm() {
      this.decide('confirm');
    },
    onReject() {
      this.decide('reject');
    },
    async decide(decision: ActionInput<'account.decideMove'>['decision']) {
      const { item, reason, deciding } = this.data.sheet;
      if (!item || deciding) return;
      if (!reason.trim()) {
        this.setData({
          'sheet.error':
            decision === 'confirm' ? '请写明怎样核实的，如：已电话联系本人核实' : '请写明不同意的理由，申请人会看到这段话',
        });
        return;
      }
      this.setData({ 'sheet.deciding': decision, 'sheet.error': '' });
      const result = await callAction('account.decideMove', {
        moveId: item.moveId,
        version: item.version,
        decision,
        reason: reason.trim(),
      });
      this.setData({ 'sheet.deciding': '' });
      if (!result.ok) {
        if (DECIDED_ELSEWHERE.has(result.error.code)) {
          this.setData({ sheet: CLOSED });
          await wx.showModal({ title: '提示', content: '这条申请已被其他人处理', showCancel: false, confirmText: '知道了' });
          this.load();
          return;
        }
        this.setData({ 'sheet.error': noticeFor(result.error).text });
        return;
      }
      const items = this.data.items.filter((row) => row.moveId !== item.moveId);
      this.setData({ sheet: CLOSED, items });
      wx.showToast({ title: decision === 'confirm' ? '已转到新微信号' : '已退回', icon: 'success' });
      if (items.length === 0) {
        if (this.data.nextCursor) this.load();
        else this.setData({ status: 'empty' });
      }
    },
  },
});
