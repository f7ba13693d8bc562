import type { ActionOutput } from '../../../server/contract';
import type { StudyMode } from '../../../server/contract/study';
import { type ClientError, callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { todayCst } from '../../services/format';
import { STUDY_MODE_LABELS, WORK_PATTERN_LABELS } from '../../services/labels';
import { follow, noRecordState, noticeFor } from '../../services/navigation';
import { type FetchPage, FIRST_PAGE_LOADING, loadFirstPage, pagedList, showNextPage } from '../../services/paged-list';

type StudyRow = ActionOutput<'study.branch'>['items'][number];

interface PairRow {
  memberId: string;
  name: string;
  probationary: boolean;
  workPattern: string;
  mode: StudyMode;
  modeLabel: string;
  /** The other mode, for the 改为… button. */
  otherMode: StudyMode;
  otherModeLabel: string;
  partnerId: string;
  partnerName: string;
  progress: string;
  behind: boolean;
  /** What the server answered to this row's last action. */
  error: string;
}

interface PairSheet {
  visible: boolean;
  item: PairRow | null;
  candidates: PairRow[];
  sending: boolean;
  error: string;
}

const CLOSED: PairSheet = { visible: false, item: null, candidates: [], sending: false, error: '' };

/** NOT_PLACED's shared wording speaks to a member; here the secretary is told about someone else. */
const NOT_PLACED_TEXT = '有党员已不在本支部管理（可能已转到别处），名单已刷新。';
const CHANGED_TEXT = '名单刚被其他人修改过，已刷新，请看最新情况后再操作。';

function rowOf(row: StudyRow): PairRow {
  const otherMode: StudyMode = row.studyMode === 'paired' ? 'self_selected' : 'paired';
  return {
    memberId: row.member.memberId,
    name: row.member.name,
    probationary: row.member.standing === 'probationary',
    workPattern: WORK_PATTERN_LABELS[row.workPattern],
    mode: row.studyMode,
    modeLabel: STUDY_MODE_LABELS[row.studyMode],
    otherMode,
    otherModeLabel: STUDY_MODE_LABELS[otherMode],
    partnerId: row.partner?.memberId ?? '',
    partnerName: row.partner?.name ?? '',
    progress: `已学 ${row.progress.hoursDone} / 目标 ${row.progress.targetHours} 学时`,
    behind: row.progress.behind,
    error: '',
  };
}

/** Who can be offered as a partner: the brief's rule for the list, while the server decides the pairing itself. */
function candidatesFor(item: PairRow, rows: PairRow[]): PairRow[] {
  return rows.filter((row) => row.memberId !== item.memberId && row.mode === 'paired' && !row.partnerId);
}

const rowsOf =
  (branchId: string, year: number): FetchPage<StudyRow> =>
  (cursor) =>
    callAction('study.branch', { branchId, year, cursor });

Component({
  data: {
    branchId: '',
    year: 0,
    ...pagedList<PairRow>(),
    notice: '',
    /** The member whose row action is on its way; one at a time. */
    busy: '',
    sheet: CLOSED as PairSheet,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const branchId = options.branchId ?? '';
      this.setData({ branchId, year: Number(todayCst().slice(0, 4)) });
      if (branchId) this.load();
      else this.setData(noRecordState('没有指定支部'));
    },
    async load() {
      this.setData(FIRST_PAGE_LOADING);
      this.setData(await loadFirstPage(rowsOf(this.data.branchId, this.data.year), rowOf));
    },
    /**
     * The first page again without the loading block: a change to one member (unpairing, a
     * refusal) can change another's row too, and the server's rows are the truth.
     */
    async refresh(notice = '') {
      const result = await rowsOf(this.data.branchId, this.data.year)(null);
      if (!result.ok) {
        this.setData({ notice: `${notice}${noticeFor(result.error).text}` });
        return;
      }
      const items = result.data.items.map(rowOf);
      const { item } = this.data.sheet;
      this.setData({
        status: items.length ? 'ready' : 'empty',
        items,
        nextCursor: result.data.nextCursor,
        notice,
        ...(item ? { 'sheet.candidates': candidatesFor(item, items) } : {}),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onRefresh() {
      this.setData({ notice: '' });
      this.load();
    },
    onMore() {
      return showNextPage(this, rowsOf(this.data.branchId, this.data.year), rowOf);
    },

    replaceRows(rows: StudyRow[]) {
      const fresh = new Map(rows.map((row) => [row.member.memberId, rowOf(row)]));
      this.setData({ items: this.data.items.map((row) => fresh.get(row.memberId) ?? row) });
    },
    /** A refusal of a row action: a member gone from the branch or a change elsewhere refreshes the list. */
    rowFailed(memberId: string, error: ClientError) {
      if (error.code === 'NOT_PLACED') return this.refresh(NOT_PLACED_TEXT);
      if (error.code === 'CONFLICT') return this.refresh(CHANGED_TEXT);
      const index = this.data.items.findIndex((row) => row.memberId === memberId);
      if (index >= 0) this.setData({ [`items[${index}].error`]: noticeFor(error).text });
      return undefined;
    },

    async onClassify(event: Tap<{ index: number }>) {
      const item = this.data.items[event.currentTarget.dataset.index];
      if (!item || this.data.busy) return;
      this.setData({ busy: item.memberId, notice: '', [`items[${event.currentTarget.dataset.index}].error`]: '' });
      const result = await callAction('study.classify', { memberId: item.memberId, studyMode: item.otherMode });
      this.setData({ busy: '' });
      if (!result.ok) {
        await this.rowFailed(item.memberId, result.error);
        return;
      }
      this.replaceRows([result.data]);
      wx.showToast({ title: `已改为${STUDY_MODE_LABELS[result.data.studyMode]}`, icon: 'success' });
      // The partner's row may have changed with it.
      if (item.partnerId && result.data.partner?.memberId !== item.partnerId) await this.refresh();
    },

    async onUnpair(event: Tap<{ index: number }>) {
      const index = event.currentTarget.dataset.index;
      const item = this.data.items[index];
      if (!item || !item.partnerId || this.data.busy) return;
      const answer = await wx.showModal({
        title: '解除结对',
        content: `确定解除${item.name}和${item.partnerName}的结对吗？解除后两人都需要重新结对。`,
        confirmText: '解除',
        cancelText: '不解除',
      });
      if (!answer.confirm) return;
      this.setData({ busy: item.memberId, notice: '', [`items[${index}].error`]: '' });
      const result = await callAction('study.unpair', { memberId: item.memberId });
      this.setData({ busy: '' });
      if (!result.ok) {
        await this.rowFailed(item.memberId, result.error);
        return;
      }
      this.replaceRows([result.data]);
      wx.showToast({ title: '已解除结对', icon: 'success' });
      // The former partner's row changed too.
      await this.refresh();
    },

    onStartPair(event: Tap<{ index: number }>) {
      const item = this.data.items[event.currentTarget.dataset.index];
      if (!item || this.data.busy) return;
      this.setData({ notice: '', sheet: { ...CLOSED, visible: true, item, candidates: candidatesFor(item, this.data.items) } });
    },
    onCloseSheet() {
      if (!this.data.sheet.sending) this.setData({ sheet: CLOSED });
    },
    onSheetVisible(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.onCloseSheet();
    },
    async onPickPartner(event: Tap<{ index: number }>) {
      const { item, candidates, sending } = this.data.sheet;
      const partner = candidates[event.currentTarget.dataset.index];
      if (!item || !partner || sending) return;
      this.setData({ 'sheet.sending': true, 'sheet.error': '' });
      const result = await callAction('study.pair', { memberId: item.memberId, partnerId: partner.memberId });
      this.setData({ 'sheet.sending': false });
      if (!result.ok) {
        const text = result.error.code === 'NOT_PLACED' ? NOT_PLACED_TEXT : noticeFor(result.error).text;
        this.setData({ 'sheet.error': text });
        // Someone may have been paired or moved meanwhile: offer the partners as they are now.
        if (result.error.code === 'INVALID_PAIRING' || result.error.code === 'NOT_PLACED' || result.error.code === 'CONFLICT')
          await this.refresh();
        return;
      }
      this.replaceRows([result.data.member, result.data.partner]);
      this.setData({ sheet: CLOSED });
      wx.showToast({ title: '已结对', icon: 'success' });
    },
  },
});
