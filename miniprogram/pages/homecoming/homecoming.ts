import type { ActionOutput } from '../../../server/contract';
import type { CandidateStepKind, VillagePost } from '../../../server/contract/homecoming';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { todayCst } from '../../services/format';
import {
  CANDIDATE_STATUS_LABELS,
  CANDIDATE_STATUS_THEMES,
  CANDIDATE_STEP_BUTTONS,
  THINK_TANK_STATUS_LABELS,
  THINK_TANK_STATUS_THEMES,
  VILLAGE_POST_LABELS,
  invitedOnText,
  roundTableCounts,
  roundTableWhen,
} from '../../services/homecoming-text';
import { MEMBER_STATUS_LABELS } from '../../services/labels';
import { type Notice, NO_NOTICE, follow, loadErrorNotice, noticeFor } from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { newRequestId } from '../../services/request-id';
import { formatDay } from '../../services/format';

type Tab = 'think_tank' | 'round_tables' | 'candidates';
type Member = ActionOutput<'outflow.members'>['items'][number];
type Invitation = ActionOutput<'thinkTank.list'>['items'][number];
type RoundTable = ActionOutput<'roundTable.list'>['items'][number];
type Candidate = ActionOutput<'candidate.list'>['items'][number];

/** An outgoing member, with what the think-tank and the candidacies already hold about them. */
interface MemberRow {
  memberId: string;
  name: string;
  where: string;
  invitation: string;
  canInvite: boolean;
  invitationVersion: number | null;
  villageId: string;
}

interface InvitationRow {
  invitationId: string;
  name: string;
  note: string;
  invitedOn: string;
  statusText: string;
  theme: string;
}

interface RoundTableRow {
  roundTableId: string;
  topic: string;
  when: string;
  place: string;
  counts: string;
}

interface CandidateRow {
  candidateId: string;
  name: string;
  post: string;
  village: string;
  statusText: string;
  theme: string;
  steps: string[];
  memberStatus: string;
  endsMobility: boolean;
  next: { step: CandidateStepKind; label: string }[];
  version: number;
}

const DURATIONS = [60, 90, 120, 180];
const DURATION_TEXTS = ['1 小时', '1 个半小时', '2 小时', '3 小时'];

function memberRowOf(member: Member, invitations: Invitation[]): MemberRow {
  const invitation = invitations.find((item) => item.member.memberId === member.memberId) ?? null;
  return {
    memberId: member.memberId,
    name: member.name,
    where: member.inflowBranch ? `在${member.inflowBranch.name}` : MEMBER_STATUS_LABELS[member.status],
    invitation: invitation ? `智囊团：${THINK_TANK_STATUS_LABELS[invitation.status]}` : '',
    canInvite: !invitation || invitation.status === 'declined',
    invitationVersion: invitation ? invitation.version : null,
    villageId: member.outflow.orgId ?? '',
  };
}

function invitationRowOf(invitation: Invitation): InvitationRow {
  return {
    invitationId: invitation.invitationId,
    name: invitation.member.name,
    note: invitation.note,
    invitedOn: invitedOnText(invitation.invitedAt),
    statusText: THINK_TANK_STATUS_LABELS[invitation.status],
    theme: THINK_TANK_STATUS_THEMES[invitation.status],
  };
}

function roundTableRowOf(roundTable: RoundTable): RoundTableRow {
  return {
    roundTableId: roundTable.roundTableId,
    topic: roundTable.topic,
    when: roundTableWhen(roundTable),
    place: roundTable.place,
    counts: roundTableCounts(roundTable),
  };
}

function candidateRowOf(candidate: Candidate): CandidateRow {
  const home = candidate.memberStatus === 'returned' ? '，已登记返回家乡，流动结束' : '';
  return {
    candidateId: candidate.candidateId,
    name: candidate.member.name,
    post: VILLAGE_POST_LABELS[candidate.post],
    village: candidate.postOrg.name,
    statusText: CANDIDATE_STATUS_LABELS[candidate.status],
    theme: CANDIDATE_STATUS_THEMES[candidate.status],
    steps: candidate.steps.map((step) => {
      const who = step.byName ? ` · ${step.byName}` : '';
      const note = step.note ? `：${step.note}` : '';
      return `${formatDay(step.on)} ${CANDIDATE_STATUS_LABELS[step.step]}${who}${note}`;
    }),
    memberStatus: candidate.status === 'appointed' ? `${candidate.member.name}已任命${home}` : '',
    endsMobility: candidate.endsMobility,
    next: candidate.next.map((step) => ({ step, label: CANDIDATE_STEP_BUTTONS[step] })),
    version: candidate.version,
  };
}

const EMPTY_FORM = { topic: '', place: '', date: '', startTime: '', durationIndex: 2 };

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    orgId: '',
    orgName: '',
    tab: 'think_tank' as Tab,
    members: [] as MemberRow[],
    invitations: [] as InvitationRow[],
    upcoming: [] as RoundTableRow[],
    past: [] as RoundTableRow[],
    candidates: [] as CandidateRow[],
    /** The note sent with an invitation, a candidacy's next step, by the row's id. */
    notes: {} as Record<string, string>,
    form: { ...EMPTY_FORM },
    formOpen: false,
    /** The list of outgoing members to invite or propose from, opened by a tap. */
    membersOpen: false,
    durationTexts: DURATION_TEXTS,
    requestId: '',
    busy: false,
    result: '',
    resultError: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      this.setData({ orgId: options.orgId ?? '', orgName: options.name ? decodeURIComponent(options.name) : '' });
      if (options.tab === 'round_tables' || options.tab === 'candidates') this.setData({ tab: options.tab });
      this.load();
    },
    onShow() {
      if (this.data.status === 'ready') this.load();
    },
    async load() {
      const orgId = this.data.orgId;
      const [members, invitations, upcoming, past, candidates] = await Promise.all([
        callAction('outflow.members', { orgId, limit: 50 }),
        callAction('thinkTank.list', { orgId, limit: 50 }),
        callAction('roundTable.list', { orgId, when: 'upcoming', limit: 20 }),
        callAction('roundTable.list', { orgId, when: 'past', limit: 20 }),
        callAction('candidate.list', { orgId, limit: 50 }),
      ]);
      for (const result of [members, invitations, upcoming, past, candidates]) {
        if (!result.ok) {
          this.setData({ status: 'error', error: loadErrorNotice(result.error) });
          return;
        }
      }
      if (!members.ok || !invitations.ok || !upcoming.ok || !past.ok || !candidates.ok) return;
      this.setData({
        status: 'ready',
        members: members.data.items.map((member) => memberRowOf(member, invitations.data.items)),
        invitations: invitations.data.items.map(invitationRowOf),
        upcoming: upcoming.data.items.map(roundTableRowOf),
        past: past.data.items.map(roundTableRowOf),
        candidates: candidates.data.items.map(candidateRowOf),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onTab(event: Tap<{ tab: Tab }>) {
      this.setData({ tab: event.currentTarget.dataset.tab, membersOpen: false, result: '', resultError: '' });
    },
    onNote(event: Change<string, { id: string }>) {
      this.setData({ [`notes.${event.currentTarget.dataset.id}`]: String(event.detail.value ?? '') });
    },
    /** Runs one write, says how it went, and reads the page again. */
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

    onToggleMembers() {
      this.setData({ membersOpen: !this.data.membersOpen });
    },

    // ---- the think-tank
    async onInvite(event: Tap<{ id: string }>) {
      const row = this.data.members.find((member) => member.memberId === event.currentTarget.dataset.id);
      if (!row) return;
      await this.act(
        () =>
          callAction('thinkTank.invite', {
            orgId: this.data.orgId,
            memberId: row.memberId,
            note: this.data.notes[row.memberId] ?? '',
            version: row.invitationVersion,
          }),
        `已邀请${row.name}加入智囊团，等待本人在手机上答复`,
      );
    },

    // ---- round-tables
    onOpenForm() {
      this.setData({ formOpen: true, form: { ...EMPTY_FORM }, requestId: newRequestId(), result: '', resultError: '' });
    },
    onFormText(event: Change<string, { field: 'topic' | 'place' }>) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: String(event.detail.value ?? '') });
    },
    onFormDate(event: Change<string>) {
      this.setData({ 'form.date': String(event.detail.value ?? '') });
    },
    onFormTime(event: Change<string>) {
      this.setData({ 'form.startTime': String(event.detail.value ?? '') });
    },
    onFormDuration(event: Change<string>) {
      this.setData({ 'form.durationIndex': Number(event.detail.value) });
    },
    async onCreate() {
      const { form } = this.data;
      if (!form.topic.trim() || !form.place.trim() || !form.date || !form.startTime) {
        this.setData({ result: '', resultError: '请填写主题、地点（或会议方式），选择日期和开始时间' });
        return;
      }
      if (this.data.busy) return;
      this.setData({ busy: true, result: '', resultError: '' });
      const result = await callAction('roundTable.create', {
        orgId: this.data.orgId,
        requestId: this.data.requestId,
        topic: form.topic,
        place: form.place,
        date: form.date,
        startTime: form.startTime,
        durationMinutes: DURATIONS[form.durationIndex] ?? 120,
      });
      if (!result.ok) {
        this.setData({ busy: false, resultError: noticeFor(result.error).text });
        return;
      }
      this.setData({ busy: false, formOpen: false });
      wx.navigateTo({ url: PAGES.roundTable(result.data.roundTableId) });
    },
    onOpenRoundTable(event: Tap<{ id: string }>) {
      const id = event.currentTarget.dataset.id;
      if (id) wx.navigateTo({ url: PAGES.roundTable(id) });
    },

    // ---- candidates for village posts
    async onPropose(event: Tap<{ id: string; post: VillagePost }>) {
      const { id, post } = event.currentTarget.dataset;
      const row = this.data.members.find((member) => member.memberId === id);
      if (!row || !row.villageId) return;
      await this.act(
        () =>
          callAction('candidate.propose', {
            orgId: this.data.orgId,
            memberId: row.memberId,
            post,
            postOrgId: row.villageId,
            note: this.data.notes[row.memberId] ?? '',
            version: null,
          }),
        `已提名${row.name}为${VILLAGE_POST_LABELS[post]}人选`,
      );
    },
    async onStep(event: Tap<{ id: string; step: CandidateStepKind }>) {
      const { id, step } = event.currentTarget.dataset;
      const row = this.data.candidates.find((candidate) => candidate.candidateId === id);
      if (!row) return;
      if (step === 'appointed' && row.endsMobility) {
        const { confirm } = await wx.showModal({
          title: '登记任命',
          content: `任命${row.name}为${row.village}${row.post}，将同时登记其返回家乡：流动结束，流入地支部的管理随之结束。确定吗？`,
          confirmText: '确定任命',
        });
        if (!confirm) return;
      }
      await this.act(
        () =>
          callAction('candidate.step', {
            candidateId: row.candidateId,
            step,
            on: todayCst(),
            note: this.data.notes[row.candidateId] ?? '',
            version: row.version,
          }),
        `已登记：${row.name}${CANDIDATE_STEP_BUTTONS[step].replace('登记', '')}`,
      );
    },
  },
});
