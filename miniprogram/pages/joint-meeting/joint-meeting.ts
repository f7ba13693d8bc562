import type { AgreementSide, JointMeetingView } from '../../../server/contract/joint-management';
import { callAction } from '../../services/call-action';
import { formatDateTime } from '../../services/format';
import { AGREEMENT_SIDE_LABELS, ATTENDANCE_STATUS_LABELS } from '../../services/labels';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noRecordState } from '../../services/navigation';

/** One joint meeting: who of each side attended, the minutes, and each side's reading of them (opening reads them). */

const SIDES: AgreementSide[] = ['inflow', 'outflow'];

export interface AttendanceGroup {
  side: string;
  rows: { key: string; name: string; detail: string }[];
}

export function attendanceGroupsOf(meeting: JointMeetingView): AttendanceGroup[] {
  return SIDES.map((side) => ({
    side: AGREEMENT_SIDE_LABELS[side],
    rows: meeting.attendance
      .filter((row) => row.side === side)
      .map((row, index) => ({
        key: `${side}-${index}`,
        name: row.post ? `${row.name}（${row.post}）` : row.name,
        detail: row.reason ? `${ATTENDANCE_STATUS_LABELS[row.status]}：${row.reason}` : ATTENDANCE_STATUS_LABELS[row.status],
      })),
  }));
}

export function readLinesOf(meeting: JointMeetingView): string[] {
  return SIDES.map((side) => {
    const read = meeting.reads[side];
    return read
      ? `${AGREEMENT_SIDE_LABELS[side]}：${formatDateTime(read.at)} ${read.byName ?? ''}已阅`
      : `${AGREEMENT_SIDE_LABELS[side]}：还没有阅读`;
  });
}

Component({
  data: {
    meetingId: '',
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    topic: '',
    agreementTitle: '',
    when: '',
    place: '',
    held: false,
    groups: [] as AttendanceGroup[],
    minutes: '',
    minutesBy: '',
    reads: [] as string[],
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const meetingId = options.meetingId ?? '';
      this.setData({ meetingId });
      if (meetingId) this.load();
      else this.setData(noRecordState('没有指定会议'));
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('jointMeeting.get', { meetingId: this.data.meetingId });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const meeting = result.data;
      this.setData({
        status: 'ready',
        topic: meeting.topic,
        agreementTitle: meeting.agreementTitle,
        when: `${formatDateTime(meeting.startsAt)} 至 ${formatDateTime(meeting.endsAt)}`,
        place: meeting.place,
        held: meeting.status === 'held',
        groups: attendanceGroupsOf(meeting),
        minutes: meeting.minutes ? meeting.minutes.text : '',
        minutesBy: meeting.minutes
          ? `${AGREEMENT_SIDE_LABELS[meeting.minutes.side]} ${meeting.minutes.byName ?? ''} ${formatDateTime(meeting.minutes.at)} 登记`
          : '',
        reads: readLinesOf(meeting),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
  },
});
