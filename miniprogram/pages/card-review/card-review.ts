import type { CardReviewResult } from '../../../server/contract/cards';
import { callAction } from '../../services/call-action';
import type { Change } from '../../services/events';
import { APPRAISAL_RESULT_LABELS, CARD_REVIEW_RESULT_LABELS, optionsOf } from '../../services/labels';
import {
  type Notice,
  NO_NOTICE,
  follow,
  goBackOrHome,
  loadErrorNotice,
  noRecordState,
  noticeFor,
} from '../../services/navigation';

Component({
  data: {
    memberId: '',
    name: '',
    year: 0,
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    resultOptions: optionsOf(CARD_REVIEW_RESULT_LABELS),
    participationText: '',
    appraisalText: '',
    form: { result: 'passed' as CardReviewResult, note: '' },
    /** This year's review when there is one: a change needs its version. */
    version: null as number | null,
    saving: false,
    saveError: NO_NOTICE as Notice,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const memberId = options.memberId ?? '';
      const year = Number(options.year);
      if (!memberId || !Number.isInteger(year)) {
        this.setData(noRecordState('没有指定党员和年份'));
        return;
      }
      this.setData({ memberId, year, name: options.name ? decodeURIComponent(options.name) : '' });
      this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('card.get', { memberId: this.data.memberId });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const card = result.data;
      const current = card.reviews.find((review) => review.year === this.data.year);
      const reported = card.participation.filter((row) => row.year === this.data.year);
      const attended = reported.reduce((sum, row) => sum + row.meetingsAttended, 0);
      const held = reported.reduce((sum, row) => sum + row.meetingsHeld, 0);
      this.setData({
        status: 'ready',
        name: card.name,
        participationText: reported.length
          ? `今年支部报送了 ${reported.length} 期反馈：应参加组织生活 ${held} 次，参加 ${attended} 次。`
          : '今年支部还没有报送反馈报告。',
        appraisalText: current?.appraisal ? `民主评议：${APPRAISAL_RESULT_LABELS[current.appraisal.result]}` : '',
        form: { result: current ? current.result : 'passed', note: current ? current.note : '' },
        version: current ? current.version : null,
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onResult(event: Change<CardReviewResult>) {
      this.setData({ 'form.result': event.detail.value });
    },
    onNote(event: Change<string>) {
      this.setData({ 'form.note': event.detail.value });
    },
    async onSave() {
      if (this.data.saving) return;
      const { memberId, year, form, version } = this.data;
      this.setData({ saving: true, saveError: NO_NOTICE });
      const result = await callAction('card.review', { memberId, year, result: form.result, note: form.note.trim(), version });
      this.setData({ saving: false });
      if (!result.ok) {
        this.setData({ saveError: noticeFor(result.error) });
        return;
      }
      wx.showToast({ title: '年审已办理', icon: 'success' });
      goBackOrHome();
    },
  },
});
