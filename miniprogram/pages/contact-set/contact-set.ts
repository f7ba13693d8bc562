import { callAction } from '../../services/call-action';
import type { Tap } from '../../services/events';
import { CONTACT_KIND_LABELS, ROLE_LABELS } from '../../services/labels';
import {
  type Notice,
  NO_NOTICE,
  follow,
  goBackOrHome,
  loadErrorNotice,
  noRecordState,
  noticeFor,
} from '../../services/navigation';

interface Choice {
  key: string;
  name: string;
  detail: string;
  kind: 'role' | 'member';
  id: string;
}

Component({
  data: {
    memberId: '',
    name: '',
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    current: '',
    version: null as number | null,
    choices: [] as Choice[],
    saving: false,
    saveError: '',
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const memberId = options.memberId ?? '';
      const name = options.name ? decodeURIComponent(options.name) : '';
      if (!memberId) {
        this.setData(noRecordState('没有指定党员'));
        return;
      }
      this.setData({ memberId, name });
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', saveError: '' });
      const memberId = this.data.memberId;
      const [candidates, talks] = await Promise.all([
        callAction('contact.candidates', { memberId }),
        callAction('talk.list', { memberId }),
      ]);
      if (!candidates.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(candidates.error) });
        return;
      }
      if (!talks.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(talks.error) });
        return;
      }
      const contact = talks.data.contact;
      this.setData({
        status: 'ready',
        current: contact ? `${contact.name}（${CONTACT_KIND_LABELS[contact.kind]}）` : '',
        version: talks.data.contactVersion,
        choices: [
          ...candidates.data.roleHolders.map((holder) => ({
            key: holder.roleId,
            name: holder.name,
            detail: ROLE_LABELS[holder.role],
            kind: 'role' as const,
            id: holder.roleId,
          })),
          ...candidates.data.members.map((member) => ({
            key: member.memberId,
            name: member.name,
            detail: '本支部党员（如支委）',
            kind: 'member' as const,
            id: member.memberId,
          })),
        ],
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    async onChoose(event: Tap<{ index: number }>) {
      const choice = this.data.choices[event.currentTarget.dataset.index];
      if (!choice || this.data.saving) return;
      this.setData({ saving: true, saveError: '' });
      const result = await callAction('contact.set', {
        memberId: this.data.memberId,
        choice: choice.kind === 'role' ? { kind: 'role', roleId: choice.id } : { kind: 'member', memberId: choice.id },
        version: this.data.version,
      });
      this.setData({ saving: false });
      if (!result.ok) {
        this.setData({ saveError: noticeFor(result.error).text });
        // Someone else set it meanwhile: show what is stored now.
        if (result.error.code === 'CONFLICT') this.load();
        return;
      }
      wx.showToast({ title: `联系人：${result.data.contact.name}`, icon: 'none' });
      goBackOrHome();
    },
  },
});
