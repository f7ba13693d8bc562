import type { TalkDueView } from '../../../server/contract/talks';
import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDay } from '../../services/format';
import { TALK_CAUSE_LABELS } from '../../services/labels';
import { type NextSteps, GO_HOME, follow, memberDetailUrl, noRecordState } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { type FetchPage, FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../../services/paged-list';

interface DueRow {
  dueId: string;
  memberId: string;
  name: string;
  causeLabel: string;
  cause: TalkDueView['cause'];
  dueText: string;
}

const LOAD_STEPS: NextSteps = { NOT_FOUND: GO_HOME };

function rowOf(due: TalkDueView): DueRow {
  return {
    dueId: due.dueId,
    memberId: due.member.memberId,
    name: due.member.name,
    cause: due.cause,
    causeLabel: TALK_CAUSE_LABELS[due.cause],
    dueText: `请在 ${formatDay(due.dueBy)} 前谈话`,
  };
}

const duesOf =
  (branchId: string): FetchPage<TalkDueView> =>
  (cursor) =>
    callAction('talk.due', { branchId, cursor });

Component({
  data: {
    branchId: '',
    ...pagedList<DueRow>(),
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const branchId = options.branchId ?? '';
      this.setData({ branchId });
      if (branchId) this.load();
      else this.setData(noRecordState('没有指定支部'));
    },
    onShow() {
      // Back from recording a talk: the due it answered is gone.
      if (this.data.branchId && this.data.status !== 'loading') this.load();
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      this.setData(await loadFirstPage(duesOf(this.data.branchId), rowOf, LOAD_STEPS));
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.load();
    },
    onMore() {
      return showNextPage(this, duesOf(this.data.branchId), rowOf);
    },
    onRecord(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: PAGES.talkRecord(row.memberId, row.name, row.cause) });
    },
    onMember(event: Tap<{ index: number }>) {
      const row = this.data.items[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: memberDetailUrl(row.memberId, row.name) });
    },
  },
});
