import type { MoveRequestMine, MoveStatus } from '../../../server/contract';
import { callAction } from '../../services/call-action';
import type { Change } from '../../services/events';
import { formatDateTime } from '../../services/format';
import {
  type NextSteps,
  type Notice,
  GO_HOME,
  NO_NOTICE,
  follow,
  go,
  loadErrorNotice,
  noticeFor,
} from '../../services/navigation';

type Field = 'name' | 'idCard';

interface RequestCard {
  status: MoveStatus;
  statusText: string;
  theme: 'warning' | 'success' | 'danger';
  name: string;
  submittedAt: string;
  decidedAt: string;
  reason: string;
}

const STATUS: Record<MoveStatus, { text: string; theme: RequestCard['theme'] }> = {
  pending: { text: '等待核实', theme: 'warning' },
  confirmed: { text: '已转到本微信号', theme: 'success' },
  rejected: { text: '没有通过', theme: 'danger' },
};

function cardOf(request: MoveRequestMine): RequestCard {
  return {
    status: request.status,
    statusText: STATUS[request.status].text,
    theme: STATUS[request.status].theme,
    name: request.name,
    submittedAt: formatDateTime(request.submittedAt),
    decidedAt: request.decidedAt ? formatDateTime(request.decidedAt) : '',
    reason: request.reason ?? '',
  };
}

const SUBMIT_STEPS: NextSteps = {
  NOT_FOUND: {
    text: '没有找到与这个身份证号和姓名相符的档案。请核对后再试；如果从来没有登记过，请直接登记。',
    actionText: '去登记',
    action: 'profile',
  },
  ALREADY_REGISTERED: { text: '这个微信号已经有党员档案，不需要找回。', ...GO_HOME },
  ID_LOOKUPS_LIMITED: GO_HOME,
};

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'form' | 'request',
    error: NO_NOTICE as Notice,
    request: null as RequestCard | null,
    form: { name: '', idCard: '' } as Record<Field, string>,
    errors: {} as Partial<Record<Field, string>>,
    submitError: NO_NOTICE as Notice,
    submitting: false,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('account.myMove', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const request = result.data.request;
      this.setData(request ? { status: 'request', request: cardOf(request) } : { status: 'form', request: null });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onField(event: Change<string, { field: Field }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${field}`]: '', submitError: NO_NOTICE });
    },
    onAskAgain() {
      this.setData({ status: 'form', submitError: NO_NOTICE, errors: {} });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const name = this.data.form.name.trim();
      const idCard = this.data.form.idCard.trim();
      const errors: Partial<Record<Field, string>> = {};
      if (!name) errors.name = '请填写姓名';
      if (!idCard) errors.idCard = '请填写身份证号';
      if (errors.name || errors.idCard) {
        this.setData({ errors, submitError: NO_NOTICE });
        return;
      }
      this.setData({ submitting: true, errors: {}, submitError: NO_NOTICE });
      const result = await callAction('account.requestMove', { name, idCard });
      this.setData({ submitting: false });
      if (!result.ok) {
        const notice = noticeFor(result.error, SUBMIT_STEPS);
        const field = result.error.field === 'name' || result.error.field === 'idCard' ? result.error.field : null;
        // A wrong field is marked where it is; an answer with a way on gets its own card and button.
        if (field && !notice.actionText) this.setData({ errors: { [field]: notice.text } });
        else this.setData({ submitError: notice });
        return;
      }
      this.setData({ status: 'request', request: cardOf(result.data) });
      wx.showToast({ title: '申请已提交', icon: 'success' });
    },
    onNoticeAction() {
      const { action } = this.data.submitError;
      if (action === 'reload') this.load();
      else go(action);
    },
    onHome() {
      go('home');
    },
  },
});
