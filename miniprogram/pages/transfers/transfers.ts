import type { ActionOutput } from '../../../server/contract';
import { type CallResult, callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { formatDate } from '../../services/format';
import { type TransferRow, transferRowOf } from '../../services/journey-text';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, memberDetailUrl, noRecordState } from '../../services/navigation';

/** A branch's candidates and proposals, and the transfers waiting for this organization's answer. */

const LIMIT = 50;

interface CandidateRow {
  memberId: string;
  name: string;
  summary: string;
}

function candidateRowOf(candidate: ActionOutput<'transfer.candidates'>['items'][number]): CandidateRow {
  return {
    memberId: candidate.member.memberId,
    name: candidate.member.name,
    summary: `${formatDate(candidate.placedAt)}纳入，已满 ${candidate.placedMonths} 个月 · ${candidate.occupation} · ${candidate.workplace}`,
  };
}

interface Lists {
  candidates: CandidateRow[];
  proposed: TransferRow[];
  toAnswer: TransferRow[];
  /** Some list has more than one screen holds: the rest is found from the members' pages. */
  more: boolean;
}

const empty = <T>(): CallResult<{ items: T[]; nextCursor: string | null }> => ({
  ok: true,
  data: { items: [], nextCursor: null },
});

Component({
  data: {
    orgId: '',
    orgName: '',
    branch: false,
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    candidates: [] as CandidateRow[],
    proposed: [] as TransferRow[],
    toAnswer: [] as TransferRow[],
    more: false,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      const orgName = options.name ? decodeURIComponent(options.name) : '';
      this.setData({ orgId, orgName, branch: options.branch === '1' });
      if (orgId) this.load();
      else this.setData(noRecordState('没有指定组织'));
    },
    async load() {
      const { orgId, branch } = this.data;
      this.setData({ status: 'loading' });
      const [candidates, proposed, toAnswer] = await Promise.all([
        branch ? callAction('transfer.candidates', { branchId: orgId, limit: LIMIT }) : empty<never>(),
        callAction('transfer.list', { orgId, side: 'inflow', limit: LIMIT }),
        callAction('transfer.list', { orgId, side: 'outflow', limit: LIMIT }),
      ]);
      if (!candidates.ok || !proposed.ok || !toAnswer.ok) {
        const failure = !candidates.ok ? candidates.error : !proposed.ok ? proposed.error : !toAnswer.ok ? toAnswer.error : null;
        if (failure) this.setData({ status: 'error', error: loadErrorNotice(failure) });
        return;
      }
      const lists: Lists = {
        candidates: candidates.data.items.map(candidateRowOf),
        proposed: proposed.data.items.map(transferRowOf),
        toAnswer: toAnswer.data.items.map(transferRowOf),
        more: [candidates.data, proposed.data, toAnswer.data].some((page) => page.nextCursor !== null),
      };
      this.setData({ status: 'ready', ...lists });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    /** Every step is taken on the member's page, where both sides see the whole record. */
    onOpenCandidate(event: Tap<{ index: number }>) {
      const row = this.data.candidates[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: memberDetailUrl(row.memberId, row.name) });
    },
    onOpenTransfer(event: Tap<{ list: 'proposed' | 'toAnswer'; index: number }>) {
      const { list, index } = event.currentTarget.dataset;
      const row = this.data[list][index];
      if (row) wx.navigateTo({ url: memberDetailUrl(row.memberId, row.memberName) });
    },
  },
});
