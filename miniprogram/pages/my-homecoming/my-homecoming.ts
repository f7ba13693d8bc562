import type { ActionOutput } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noticeFor } from '../../services/navigation';
import { scanScene } from '../../services/scan-code';
import {
  NOT_A_ROUND_TABLE_CODE,
  THINK_TANK_STATUS_LABELS,
  THINK_TANK_STATUS_THEMES,
  type SuggestionRow,
  attendanceText,
  invitedOnText,
  roundTableWhen,
  suggestionRowOf,
} from '../../services/homecoming-text';
import { formatDateTime } from '../../services/format';

type Mine = ActionOutput<'homecoming.mine'>;

interface InvitationRow {
  invitationId: string;
  orgName: string;
  note: string;
  invitedOn: string;
  statusText: string;
  theme: string;
  canAnswer: boolean;
  version: number;
}

interface RoundTableRow {
  roundTableId: string;
  orgName: string;
  topic: string;
  when: string;
  place: string;
  mine: string;
  /** What the member can do now: sign in (open), or when it opens, or nothing (closed). */
  open: boolean;
  windowText: string;
  minutes: string;
}

function invitationRowOf(invitation: Mine['invitations'][number]): InvitationRow {
  return {
    invitationId: invitation.invitationId,
    orgName: invitation.org.name,
    note: invitation.note,
    invitedOn: invitedOnText(invitation.invitedAt),
    statusText: THINK_TANK_STATUS_LABELS[invitation.status],
    theme: THINK_TANK_STATUS_THEMES[invitation.status],
    canAnswer: invitation.status === 'invited',
    version: invitation.version,
  };
}

function roundTableRowOf({ roundTable, mine, signIn }: Mine['roundTables'][number]): RoundTableRow {
  const windowText =
    signIn.state === 'not_yet_open'
      ? `${formatDateTime(signIn.opensAt)} 开始签到`
      : signIn.state === 'closed' && !mine
        ? '会议已结束'
        : '';
  return {
    roundTableId: roundTable.roundTableId,
    orgName: roundTable.org.name,
    topic: roundTable.topic,
    when: roundTableWhen(roundTable),
    place: roundTable.place,
    mine: attendanceText(mine),
    open: signIn.state === 'open',
    windowText,
    minutes: roundTable.minutes,
  };
}

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    invitations: [] as InvitationRow[],
    roundTables: [] as RoundTableRow[],
    suggestions: [] as SuggestionRow[],
    /** The 远程参会码 typed for each open round-table, by its id. */
    joinCodes: {} as Record<string, string>,
    busy: false,
    /** What the last tap came to: signed in, answered, or why not. */
    result: '',
    resultError: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.open(options.scene ? decodeURIComponent(options.scene) : '');
    },
    /** Opened by the round-table's sign-in code on the wall: signs in first, then shows the page. */
    async open(scene: string) {
      if (scene) await this.signIn({ how: 'scan', scene });
      await this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await callAction('homecoming.mine', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      this.setData({
        status: 'ready',
        invitations: result.data.invitations.map(invitationRowOf),
        roundTables: result.data.roundTables.map(roundTableRowOf),
        suggestions: result.data.suggestions.map(suggestionRowOf),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },

    async onAnswer(event: Tap<{ id: string; answer: 'accept' | 'decline' }>) {
      const { id, answer } = event.currentTarget.dataset;
      const row = this.data.invitations.find((item) => item.invitationId === id);
      if (!row || this.data.busy) return;
      this.setData({ busy: true, result: '', resultError: '' });
      const result = await callAction('thinkTank.respond', { invitationId: id, answer, version: row.version });
      this.setData({
        busy: false,
        result: result.ok ? (answer === 'accept' ? `已加入${row.orgName}智囊团，圆桌会安排后会显示在这里` : '已婉拒邀请') : '',
        resultError: result.ok ? '' : noticeFor(result.error).text,
      });
      await this.load();
    },

    onJoinCode(event: Change<string, { id: string }>) {
      const id = event.currentTarget.dataset.id;
      this.setData({ [`joinCodes.${id}`]: String(event.detail.value ?? '').trim() });
    },
    async onJoinRemote(event: Tap<{ id: string }>) {
      const id = event.currentTarget.dataset.id;
      const joinCode = this.data.joinCodes[id] ?? '';
      if (!/^\d{6}$/.test(joinCode)) {
        this.setData({ result: '', resultError: '请输入主持人告知的 6 位远程参会码' });
        return;
      }
      if (await this.signIn({ how: 'join_code', roundTableId: id, joinCode })) await this.load();
    },
    async onScan() {
      if (this.data.busy) return;
      const scanned = await scanScene(NOT_A_ROUND_TABLE_CODE);
      if (!scanned.ok) {
        this.setData({ result: '', resultError: scanned.error });
        return;
      }
      if (await this.signIn({ how: 'scan', scene: scanned.scene })) await this.load();
    },
    /** Signs in and says how it went; true when the record changed, so the page reads it again. */
    async signIn(
      input: { how: 'scan'; scene: string } | { how: 'join_code'; roundTableId: string; joinCode: string },
    ): Promise<boolean> {
      this.setData({ busy: true, result: '', resultError: '' });
      const result = await callAction('roundTable.signIn', input);
      if (!result.ok) {
        this.setData({ busy: false, resultError: noticeFor(result.error).text });
        return false;
      }
      const how = result.data.attendance.mode === 'remote' ? '远程参会' : '现场签到';
      this.setData({
        busy: false,
        result: result.data.alreadySignedIn
          ? `您已经签到过了：${result.data.roundTable.topic}`
          : `${how}成功：${result.data.roundTable.topic}`,
      });
      return true;
    },
  },
});
