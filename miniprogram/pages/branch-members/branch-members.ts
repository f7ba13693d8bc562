import type { MemberView } from '../../../server/contract';
import { lostTagText } from '../../services/journey-text';
import { codeSheet } from '../../behaviors/code-sheet';
import { callAction } from '../../services/call-action';
import { formatDate } from '../../services/format';
import { MEMBER_STATUS_LABELS, STANDING_LABELS } from '../../services/labels';
import type { Tap } from '../../services/events';
import { follow, memberDetailUrl, noRecordState } from '../../services/navigation';
import { type FetchPage, FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../../services/paged-list';

interface MemberRow {
  memberId: string;
  name: string;
  /** 失联 with the day of last contact, or empty. */
  lost: string;
  summary: string;
  note: string;
}

function rowOf(member: MemberView): MemberRow {
  const placedOn = member.placedAt ? `，${formatDate(member.placedAt)}纳入` : '';
  return {
    memberId: member.memberId,
    name: member.name,
    lost: lostTagText(member.lostContact),
    summary: `${STANDING_LABELS[member.standing]} · 手机 ${member.phoneMasked} · 来自${member.outflow.name}${placedOn}`,
    note: MEMBER_STATUS_LABELS[member.status],
  };
}

const membersOf =
  (branchId: string): FetchPage<MemberView> =>
  (cursor) =>
    callAction('branch.members', { branchId, cursor });

Component({
  behaviors: [codeSheet],
  data: {
    branchId: '',
    branchName: '',
    ...pagedList<MemberRow>(),
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const branchId = options.branchId ?? '';
      this.setData({ branchId, branchName: options.name ? decodeURIComponent(options.name) : '' });
      if (branchId) this.load();
      else this.setData(noRecordState('没有指定支部'));
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      this.setData(await loadFirstPage(membersOf(this.data.branchId), rowOf));
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onOpenMember(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: memberDetailUrl(row.memberId, row.name) });
    },
    onMore() {
      return showNextPage(this, membersOf(this.data.branchId), rowOf);
    },

    onShowCode() {
      const branchId = this.data.branchId;
      return this.showCodeSheet(`checkin-code-${branchId}.png`, () => callAction('org.checkinCode', { orgId: branchId }));
    },
  },
});
