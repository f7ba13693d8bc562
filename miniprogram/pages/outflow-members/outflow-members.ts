import type { ActionOutput, MemberView } from '../../../server/contract';
import { lostTagText } from '../../services/journey-text';
import { type ClientError, callAction } from '../../services/call-action';
import { formatDate, formatMonth, formatRegion } from '../../services/format';
import type { Tap } from '../../services/events';
import { follow, loadErrorNotice, memberDetailUrl, noRecordState } from '../../services/navigation';
import { type FetchPage, FIRST_PAGE_LOADING, firstPageOf, pagedList, showNextPage } from '../../services/paged-list';

type PlacedNotice = ActionOutput<'outflow.notices'>['items'][number];

interface MemberRow {
  memberId: string;
  name: string;
  /** 失联 with the day of last contact, or empty. */
  lost: string;
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

const membersOf =
  (orgId: string): FetchPage<MemberView> =>
  (cursor) =>
    callAction('outflow.members', { orgId, cursor });

function whereNow(member: MemberView): string {
  if (member.status === 'placed') return member.inflowBranch ? `现在在：${member.inflowBranch.name}` : '已纳入支部管理';
  if (member.status === 'transferred')
    return member.inflowBranch ? `组织关系已转入：${member.inflowBranch.name}` : '组织关系已转出';
  if (member.status === 'returned') return '已返回家乡（流动结束）';
  return member.status === 'pending' ? '报到待审批' : '尚未报到';
}

function memberRowOf(member: MemberView): MemberRow {
  return {
    memberId: member.memberId,
    name: member.name,
    lost: lostTagText(member.lostContact),
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
    notices: [] as NoticeRow[],
    ...pagedList<MemberRow>(),
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      this.setData({ orgId, orgName: options.name ? decodeURIComponent(options.name) : '' });
      if (orgId) this.load();
      else this.setData(noRecordState('没有指定组织'));
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      const orgId = this.data.orgId;
      const [members, notices] = await Promise.all([
        membersOf(orgId)(null),
        callAction('outflow.notices', { orgId, cursor: null, limit: NOTICE_LIMIT }),
      ]);
      if (!members.ok) return this.showError(members.error);
      if (!notices.ok) return this.showError(notices.error);
      this.setData({ ...firstPageOf(members.data, memberRowOf), notices: notices.data.items.map(noticeRowOf) });
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
    onOpenMember(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: memberDetailUrl(row.memberId, row.name) });
    },
    onMore() {
      return showNextPage(this, membersOf(this.data.orgId), memberRowOf);
    },
  },
});
