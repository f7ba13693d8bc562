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
  theme: 'warning' | 'success' | 'default';
  memberFacts: string[];
  oldFacts: string[];
  newFacts: string[];
  decision: string;
}

type Decision = ActionInput<'account.decideMove'>['decision'];

interface Sheet {
  visible: boolean;
  item: MoveRow | null;
  decision: Decision;
  reason: string;
  deciding: boolean;
  error: string;
}

const CLOSED: Sheet = { visible: false, item: null, decision: 'confirm', reason: '', deciding: false, error: '' };

const STATUS: Record<MoveStatus, { text: string; theme: MoveRow['theme'] }> = {
  pending: { text: '待处理', theme: 'warning' },
  confirmed: { text: '已转到新微信号', theme: 'success' },
  rejected: { text: '未同意', theme: 'default' },
};

function accountFacts(facts: AccountFacts): string[] {
  const roles = facts.roles.map((role) => `${role.orgName}${ROLE_LABELS[role.role]}`);
  return [
    `微信号：${facts.openidMasked}`,
    `同意告知书：${facts.agreedNoticeAt ? formatDateTime(facts.agreedNoticeAt) : '未同意当前版本'}`,
    ...(roles.length > 0 ? [`担任职务：${roles.join('、')}`] : []),
    `当天查询过的身份证号：${facts.idLookupsToday} 个`,
  ];
}

function rowOf(move: MoveRequestView): MoveRow {
  const member = move.member;
  const where = member.inflowBranchName ? `现在${member.inflowBranchName}` : '尚未纳入支部管理';
  return {
    moveId: move.moveId,
    version: move.version,
    status: move.status,
    memberName: member.name,
    summary: `来自${member.outflowName}，${where}。${formatDateTime(move.submittedAt)}申请。`,
    statusText: STATUS[move.status].text,
    theme: STATUS[move.status].theme,
    memberFacts: [
      `身份证号：${member.idCardMasked}`,
      `手机号：${member.phoneMasked}`,
      `登记时间：${formatDateTime(member.registeredAt)}`,
      `最近一次修改：${formatDateTime(member.updatedAt)}`,
    ],
    oldFacts: accountFacts(move.oldAccount),
    newFacts: accountFacts(move.newAccount),
    decision: move.decidedAt
      ? `${formatDateTime(move.decidedAt)}，${move.decidedByName ?? '管理员'}处理：${move.reason ?? ''}`
      : '',
  };
}

const requestsOf =
  (orgId: string, status: View): FetchPage<MoveRequestView> =>
  (cursor) =>
    callAction('account.moveRequests', { orgId, status, cursor });

const LOAD_STEPS: NextSteps = {
  NOT_FOUND: { ...GO_HOME, text: '只有档案所在流入地或流出地组织的管理员能查看这些申请' },
  FORBIDDEN: { ...GO_HOME, text: '找回档案申请由组织管理员处理，支部书记可以请上级组织的管理员办理' },
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
    onOpen(event: Tap<{ index: number; decision: Decision }>) {
      const { index, decision } = event.currentTarget.dataset;
      const item = this.data.items[index];
      if (item) this.setData({ sheet: { ...CLOSED, visible: true, item, decision } });
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
    onDecide() {
      this.decide();
    },
    async decide() {
      const { item, reason, deciding, decision } = this.data.sheet;
      if (!item || deciding) return;
      if (!reason.trim()) {
        this.setData({
          'sheet.error':
            decision === 'confirm' ? '请写明怎样核实的，如：已电话联系本人核实' : '请写明不同意的理由，申请人会看到这段话',
        });
        return;
      }
      this.setData({ 'sheet.deciding': true, 'sheet.error': '' });
      const result = await callAction('account.decideMove', {
        moveId: item.moveId,
        version: item.version,
        decision,
        reason: reason.trim(),
      });
      this.setData({ 'sheet.deciding': false });
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
