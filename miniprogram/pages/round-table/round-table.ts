import type { ActionOutput } from '../../../server/contract';
import type { AttendanceStatus } from '../../../server/contract/activities';
import type { AttendanceMode, SuggestionStatus } from '../../../server/contract/homecoming';
import { codeSheet } from '../../behaviors/code-sheet';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDateTime } from '../../services/format';
import {
  type SuggestionRow,
  attendanceText,
  roundTableCounts,
  roundTableWhen,
  suggestionRowOf,
} from '../../services/homecoming-text';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noticeFor } from '../../services/navigation';
import { newRequestId } from '../../services/request-id';

type Detail = ActionOutput<'roundTable.get'>;

interface SheetRow {
  memberId: string;
  name: string;
  mine: string;
  version: number | null;
}

interface Header {
  topic: string;
  orgName: string;
  when: string;
  place: string;
  counts: string;
  joinCode: string;
  minutesBy: string;
  started: boolean;
  version: number;
}

function headerOf(roundTable: Detail['roundTable'], now: number): Header {
  return {
    topic: roundTable.topic,
    orgName: roundTable.org.name,
    when: roundTableWhen(roundTable),
    place: roundTable.place,
    counts: roundTableCounts(roundTable),
    joinCode: roundTable.joinCode ?? '',
    minutesBy:
      roundTable.minutesByName && roundTable.minutesAt
        ? `${roundTable.minutesByName} ${formatDateTime(roundTable.minutesAt)} 记录`
        : '',
    started: now >= Date.parse(roundTable.startsAt),
    version: roundTable.version,
  };
}

const MARKS: Record<string, { status: AttendanceStatus; mode: AttendanceMode }> = {
  in_person: { status: 'present', mode: 'in_person' },
  remote: { status: 'present', mode: 'remote' },
  absent: { status: 'absent', mode: 'in_person' },
  leave: { status: 'leave', mode: 'in_person' },
};

Component({
  behaviors: [codeSheet],
  data: {
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    roundTableId: '',
    header: null as Header | null,
    sheet: [] as SheetRow[],
    suggestions: [] as SuggestionRow[],
    minutes: '',
    /** The reason of a leave, the note of a suggestion's next step, by the row's id. */
    notes: {} as Record<string, string>,
    suggestionMember: 0,
    suggestionText: '',
    suggestionRequestId: '',
    busy: false,
    result: '',
    resultError: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ roundTableId: options.roundTableId ?? '', suggestionRequestId: newRequestId() });
      this.load();
    },
    async load() {
      const result = await callAction('roundTable.get', { roundTableId: this.data.roundTableId });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const detail = result.data;
      this.setData({
        status: 'ready',
        header: headerOf(detail.roundTable, Date.now()),
        minutes: detail.roundTable.minutes,
        sheet: detail.sheet.map((row) => ({
          memberId: row.member.memberId,
          name: row.member.name,
          mine: attendanceText(row.attendance) || '未签到',
          version: row.attendance ? row.attendance.version : null,
        })),
        suggestions: detail.suggestions.map(suggestionRowOf),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onNote(event: Change<string, { id: string }>) {
      this.setData({ [`notes.${event.currentTarget.dataset.id}`]: String(event.detail.value ?? '') });
    },
    async act(run: () => Promise<{ ok: boolean; error?: Parameters<typeof noticeFor>[0] }>, done: string) {
      if (this.data.busy) return false;
      this.setData({ busy: true, result: '', resultError: '' });
      const result = await run();
      this.setData({
        busy: false,
        result: result.ok ? done : '',
        resultError: !result.ok && result.error ? noticeFor(result.error).text : '',
      });
      await this.load();
      return result.ok;
    },
    onShowCode() {
      const header = this.data.header;
      this.showCodeSheet(
        `圆桌会签到码-${header ? header.topic : ''}`,
        () => callAction('roundTable.code', { roundTableId: this.data.roundTableId }),
        () => ({
          rule: '请到会的智囊团成员用微信扫这个码签到',
          window: header ? `不在会场的成员输入远程参会码 ${header.joinCode}` : '',
        }),
      );
    },
    async onMark(event: Tap<{ id: string; mark: string }>) {
      const { id, mark } = event.currentTarget.dataset;
      const row = this.data.sheet.find((item) => item.memberId === id);
      const chosen = MARKS[mark];
      if (!row || !chosen) return;
      const reason = this.data.notes[id] ?? '';
      if (chosen.status === 'leave' && !reason.trim()) {
        this.setData({ result: '', resultError: `请先在${row.name}下面写明请假原因` });
        return;
      }
      await this.act(
        () =>
          callAction('roundTable.mark', {
            roundTableId: this.data.roundTableId,
            memberId: id,
            status: chosen.status,
            mode: chosen.mode,
            reason: chosen.status === 'leave' ? reason : '',
            expectedVersion: row.version,
          }),
        `已登记${row.name}`,
      );
    },
    onMinutes(event: Change<string>) {
      this.setData({ minutes: String(event.detail.value ?? '') });
    },
    async onSaveMinutes() {
      const header = this.data.header;
      if (!header) return;
      await this.act(
        () =>
          callAction('roundTable.saveMinutes', {
            roundTableId: this.data.roundTableId,
            minutes: this.data.minutes,
            version: header.version,
          }),
        '纪要已保存',
      );
    },
    onSuggestionMember(event: Change<string>) {
      this.setData({ suggestionMember: Number(event.detail.value) });
    },
    onSuggestionText(event: Change<string>) {
      this.setData({ suggestionText: String(event.detail.value ?? '') });
    },
    async onAddSuggestion() {
      const member = this.data.sheet[this.data.suggestionMember];
      if (!member) return;
      const saved = await this.act(
        () =>
          callAction('suggestion.add', {
            roundTableId: this.data.roundTableId,
            memberId: member.memberId,
            requestId: this.data.suggestionRequestId,
            content: this.data.suggestionText,
          }),
        `已记下${member.name}的建议`,
      );
      if (saved) this.setData({ suggestionText: '', suggestionRequestId: newRequestId() });
    },
    async onFollow(event: Tap<{ id: string; status: SuggestionStatus }>) {
      const { id, status } = event.currentTarget.dataset;
      const row = this.data.suggestions.find((item) => item.suggestionId === id);
      if (!row || status === 'recorded') return;
      await this.act(
        () =>
          callAction('suggestion.follow', {
            suggestionId: id,
            status,
            note: this.data.notes[id] ?? '',
            version: row.version,
          }),
        '办理情况已登记，提建议的党员可以看到',
      );
    },
  },
});
