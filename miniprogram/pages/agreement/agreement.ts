import type { ActionOutput } from '../../../server/contract';
import type { AgreementSide, JointMeetingView } from '../../../server/contract/joint-management';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDateTime, formatDay } from '../../services/format';
import {
  AGREEMENT_SIDE_LABELS,
  AGREEMENT_STATUS_LABELS,
  AGREEMENT_STATUS_THEMES,
  MEETING_CADENCE_LABELS,
} from '../../services/labels';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noRecordState, noticeFor } from '../../services/navigation';
import { PAGES } from '../../services/pages';

/** One 共管协议: its terms, each side's confirmation, its figures and joint meetings; confirming it on the phone. */

type Agreement = ActionOutput<'agreement.get'>;

const SIDES: AgreementSide[] = ['inflow', 'outflow'];

export interface SideRow {
  side: string;
  party: string;
  contact: string;
  confirmation: string;
  confirmed: boolean;
}

export interface MeetingRow {
  meetingId: string;
  topic: string;
  when: string;
  place: string;
  statusText: string;
  readText: string;
}

function readsText(meeting: JointMeetingView): string {
  if (!meeting.minutes) return meeting.status === 'held' ? '' : '会议还没有召开';
  return SIDES.map((side) => `${AGREEMENT_SIDE_LABELS[side]}${meeting.reads[side] ? '已阅' : '未阅'}`).join('，');
}

export function meetingRowOf(meeting: JointMeetingView): MeetingRow {
  return {
    meetingId: meeting.meetingId,
    topic: meeting.topic,
    when: formatDateTime(meeting.startsAt),
    place: meeting.place,
    statusText: meeting.status === 'held' ? '已召开' : '已安排',
    readText: meeting.minutes ? `会议纪要：${readsText(meeting)}` : readsText(meeting),
  };
}

function sideRowsOf(agreement: Agreement): SideRow[] {
  return SIDES.map((side) => {
    const contact = agreement.contacts[side];
    const confirmation = agreement.confirmations[side];
    const mine = agreement.mySide === side ? '（本方）' : '';
    return {
      side: `${AGREEMENT_SIDE_LABELS[side]}${mine}`,
      party: agreement[side].name,
      contact: contact ? `联系人：${contact.name} ${contact.phone}` : '联系人：确认时填写',
      confirmation: confirmation
        ? `${formatDateTime(confirmation.at)} 由${confirmation.byName ?? '管理员'}确认第 ${agreement.revision} 版`
        : `还没有确认第 ${agreement.revision} 版条款`,
      confirmed: confirmation !== null,
    };
  });
}

function figuresOf(agreement: Agreement): { label: string; value: number }[] {
  const f = agreement.figures;
  return [
    { label: '覆盖党员', value: f.covered },
    { label: '已报到纳入管理', value: f.checkedIn },
    { label: '反馈报告已报送', value: f.reportsSent },
    { label: '流出地已阅', value: f.reportsRead },
    { label: '已召开联席会议', value: f.meetingsHeld },
  ];
}

Component({
  data: {
    agreementId: '',
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    title: '',
    statusText: '',
    statusTheme: '',
    scope: '',
    term: '',
    cadence: '',
    above: false,
    sides: [] as SideRow[],
    jointOrgs: [] as { orgId: string; name: string; note: string }[],
    figures: [] as { label: string; value: number }[],
    figuresAsOf: '',
    meetings: [] as MeetingRow[],
    canConfirm: false,
    version: 0,
    form: { name: '', phone: '' },
    saving: false,
    saveError: NO_NOTICE as Notice,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const agreementId = options.agreementId ?? '';
      this.setData({ agreementId });
      if (agreementId) this.load();
      else this.setData(noRecordState('没有指定协议'));
    },
    onShow() {
      // Back from a meeting's minutes: the read marks are the new ones.
      if (this.data.status === 'ready') this.load();
    },
    async load() {
      const { agreementId } = this.data;
      this.setData({ status: 'loading' });
      const [agreement, meetings] = await Promise.all([
        callAction('agreement.get', { agreementId }),
        callAction('jointMeeting.list', { agreementId, limit: 20 }),
      ]);
      if (!agreement.ok || !meetings.ok) {
        const failure = !agreement.ok ? agreement.error : !meetings.ok ? meetings.error : null;
        if (failure) this.setData({ status: 'error', error: loadErrorNotice(failure) });
        return;
      }
      const a = agreement.data;
      this.setData({
        status: 'ready',
        title: a.title,
        statusText: AGREEMENT_STATUS_LABELS[a.status],
        statusTheme: AGREEMENT_STATUS_THEMES[a.status],
        scope: a.scope,
        term: `${formatDay(a.termStart)} 至 ${formatDay(a.termEnd)}`,
        cadence: MEETING_CADENCE_LABELS[a.meetingCadence],
        above: a.mySide === 'above',
        sides: sideRowsOf(a),
        jointOrgs: a.jointOrgs.map((org) => ({
          orgId: org.orgId,
          name: org.name,
          note: `${AGREEMENT_SIDE_LABELS[org.coAdministeredBy]}党组织的管理员共同管理`,
        })),
        figures: figuresOf(a),
        figuresAsOf: formatDateTime(a.figures.asOf),
        meetings: meetings.data.items.map(meetingRowOf),
        canConfirm: a.can.confirm,
        version: a.version,
        saveError: NO_NOTICE,
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onContactName(event: Change<string>) {
      this.setData({ 'form.name': event.detail.value });
    },
    onContactPhone(event: Change<string>) {
      this.setData({ 'form.phone': event.detail.value });
    },
    async onConfirm() {
      if (this.data.saving) return;
      const { agreementId, version, form } = this.data;
      this.setData({ saving: true, saveError: NO_NOTICE });
      const result = await callAction('agreement.confirm', {
        agreementId,
        version,
        contact: { name: form.name.trim(), phone: form.phone.trim() },
      });
      this.setData({ saving: false });
      if (!result.ok) {
        this.setData({ saveError: noticeFor(result.error, { CONFLICT: { actionText: '刷新', action: 'reload' } }) });
        return;
      }
      wx.showToast({ title: '已确认', icon: 'success' });
      this.load();
    },
    onSaveErrorAction() {
      follow(this.data.saveError.action, () => this.load());
    },
    onOpenMeeting(event: Tap<{ index: number }>) {
      const row = this.data.meetings[event.currentTarget.dataset.index];
      if (row) wx.navigateTo({ url: PAGES.jointMeeting(row.meetingId) });
    },
    onOpenJointOrg(event: Tap<{ index: number }>) {
      const org = this.data.jointOrgs[event.currentTarget.dataset.index];
      if (org)
        wx.navigateTo({
          url: `/pages/pending/pending?orgId=${encodeURIComponent(org.orgId)}&name=${encodeURIComponent(org.name)}`,
        });
    },
  },
});
