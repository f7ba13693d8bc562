import type { ActionOutput, MemberView } from '../../../server/contract';
import { type ClientError, callAction } from '../../services/call-action';
import { formatDate, formatMonth, formatRegion } from '../../services/format';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noticeFor } from '../../services/navigation';

type PlacedNotice = ActionOutput<'outflow.notices'>['items'][number];

interface MemberRow {
  memberId: string;
  name: string;
  whereNow: string;
  placed: boolean;
  summary: string;
}

interface NoticeRow {
  noticeId: string;
  text: string;
  date: string;
}

const NOTICE_LIMIT = 5;

function whereNow(member: MemberView): string {
  if (member.status === 'placed') return member.inflowBranch ? member.inflowBranch.name : '已纳入支部管理';
  return member.status === 'pending' ? '报到待审批' : '尚未报到';
}

function memberRowOf(member: MemberView): MemberRow {
  return {
    memberId: member.memberId,
    name: member.name,
    whereNow: whereNow(member),
    placed: member.status === 'placed',
    summary: `${formatMonth(member.leftOn)}外出 · 现住${formatRegion(member.residence.region)} · 手机 ${member.phoneMasked}`,
  };
}

function noticeRowOf(notice: PlacedNotice): NoticeRow {
  return {
    noticeId: notice.noticeId,
    text: `${notice.memberName}已被${notice.branch.name}（${formatRegion(notice.branchRegion)}）接收`,
    date: formatDate(notice.createdAt),
  };
}

Component({
  data: {
    orgId: '',
    orgName: '',
    status: 'loading' as 'loading' | 'error' | 'empty' | 'ready',
    error: NO_NOTICE as Notice,
    notices: [] as NoticeRow[],
    items: [] as MemberRow[],
    nextCursor: null as string | null,
    loadingMore: false,
    moreError: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      this.setData({ orgId, orgName: options.name ? decodeURIComponent(options.name) : '' });
      if (!orgId) {
        this.setData({ status: 'error', error: { text: '没有指定组织', actionText: '返回首页', action: 'home' } });
        return;
      }
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', moreError: '' });
      const orgId = this.data.orgId;
      const [members, notices] = await Promise.all([
        callAction('outflow.members', { orgId, cursor: null }),
        callAction('outflow.notices', { orgId, cursor: null, limit: NOTICE_LIMIT }),
      ]);
      if (!members.ok) return this.showError(members.error);
      if (!notices.ok) return this.showError(notices.error);
      const items = members.data.items.map(memberRowOf);
      this.setData({
        status: items.length ? 'ready' : 'empty',
        items,
        nextCursor: members.data.nextCursor,
        notices: notices.data.items.map(noticeRowOf),
      });
    },
    showError(error: ClientError) {
      this.setData({ status: 'error', error: loadErrorNotice(error) });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.load();
    },
    async onMore() {
      if (!this.data.nextCursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true, moreError: '' });
      const result = await callAction('outflow.members', { orgId: this.data.orgId, cursor: this.data.nextCursor });
      if (!result.ok) {
        this.setData({ loadingMore: false, moreError: noticeFor(result.error).text });
        return;
      }
      this.setData({
        loadingMore: false,
        items: this.data.items.concat(result.data.items.map(memberRowOf)),
        nextCursor: result.data.nextCursor,
      });
    },
  },
});
