import type { ServiceRequestView } from '../../../server/contract/service-requests';
import { callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDateTime } from '../../services/format';
import { SERVICE_KIND_LABELS, SERVICE_STATUS_LABELS, SERVICE_STEP_LABELS } from '../../services/labels';
import {
  type NextSteps,
  type Notice,
  GO_HOME,
  NO_NOTICE,
  follow,
  loadErrorNotice,
  noRecordState,
  noticeFor,
} from '../../services/navigation';

/** Which of the branch's steps the form below the request is filling in; '' when none. */
type Mode = '' | 'answer' | 'handOn' | 'close';
type Field = 'text' | 'unit' | 'person' | 'phone';

interface StepRow {
  label: string;
  when: string;
  byName: string;
  text: string;
  /** `姑苏区暑期托管班 · 沈老师 · 0512-65221234`; '' when none. */
  helper: string;
}

interface RequestView {
  title: string;
  kindLabel: string;
  statusLabel: string;
  statusTheme: 'warning' | 'primary' | 'success';
  memberName: string;
  branchName: string;
  detail: string;
  shareText: string;
  helper: string;
  outcome: string;
  steps: StepRow[];
  can: ServiceRequestView['can'];
  version: number;
}

const LOAD_STEPS: NextSteps = { NOT_FOUND: GO_HOME };
/** Someone else moved the request first: what they did shows after a reload. */
const RELOAD = { actionText: '刷新', action: 'reload' } as const;
const STEP_STEPS: NextSteps = { CONFLICT: RELOAD, SERVICE_ALREADY_TAKEN: RELOAD, SERVICE_CLOSED: RELOAD };

const MODE_TITLES: Record<Exclude<Mode, ''>, string> = { answer: '答复党员', handOn: '转交能帮忙的单位', close: '办结' };

function helperText(helper: ServiceRequestView['helper']): string {
  if (!helper) return '';
  return [helper.unit, helper.person, helper.phone].filter((part) => part).join(' · ');
}

function viewOf(request: ServiceRequestView): RequestView {
  return {
    title: request.title,
    kindLabel: SERVICE_KIND_LABELS[request.kind],
    statusLabel: SERVICE_STATUS_LABELS[request.status],
    statusTheme: request.status === 'closed' ? 'success' : request.status === 'asked' ? 'warning' : 'primary',
    memberName: request.member.name,
    branchName: request.branch.name,
    detail: request.detail,
    shareText: request.shareWithHome ? '办理情况会随反馈报告告诉家乡党组织' : '只有支部知道，不告诉家乡党组织',
    helper: helperText(request.helper),
    outcome: request.outcome ?? '',
    steps: request.steps
      .map((step) => ({
        label: SERVICE_STEP_LABELS[step.kind],
        when: formatDateTime(step.at),
        byName: step.byName,
        text: step.text,
        helper: helperText(step.helper),
      }))
      .reverse(),
    can: request.can,
    version: request.version,
  };
}

const EMPTY_FORM = { text: '', unit: '', person: '', phone: '' };

Component({
  data: {
    serviceId: '',
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    request: null as RequestView | null,
    mode: '' as Mode,
    modeTitle: '',
    form: { ...EMPTY_FORM },
    errors: {} as Partial<Record<Field, string>>,
    submitError: NO_NOTICE as Notice,
    submitting: false,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const serviceId = options.serviceId ?? '';
      this.setData({ serviceId });
      if (serviceId) this.load();
      else this.setData(noRecordState('没有指定诉求'));
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await callAction('service.get', { serviceId: this.data.serviceId });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error, LOAD_STEPS) });
        return;
      }
      this.setData({ status: 'ready', request: viewOf(result.data) });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onMode(event: Tap<{ mode: Exclude<Mode, ''> }>) {
      const mode = event.currentTarget.dataset.mode;
      this.setData({ mode, modeTitle: MODE_TITLES[mode], form: { ...EMPTY_FORM }, errors: {}, submitError: NO_NOTICE });
    },
    onCancel() {
      this.setData({ mode: '', errors: {}, submitError: NO_NOTICE });
    },
    onText(event: Change<string, { field: Field }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${field}`]: '' });
    },
    async onTake() {
      const { request, submitting, serviceId } = this.data;
      if (!request || submitting) return;
      this.setData({ submitting: true, submitError: NO_NOTICE });
      const result = await callAction('service.take', { serviceId, version: request.version });
      this.finish(result, '已受理');
    },
    async onSubmit() {
      const { request, submitting, serviceId, mode, form } = this.data;
      if (!request || submitting || !mode) return;
      const text = form.text.trim();
      if (mode === 'handOn' && !form.unit.trim()) {
        this.refuse({ unit: '请填写转交给哪个单位' });
        return;
      }
      if (mode !== 'handOn' && !text) {
        this.refuse({ text: mode === 'close' ? '请写明办了什么' : '请填写答复' });
        return;
      }
      this.setData({ submitting: true, submitError: NO_NOTICE, errors: {} });
      const base = { serviceId, version: request.version };
      const result =
        mode === 'answer'
          ? await callAction('service.answer', { ...base, text })
          : mode === 'close'
            ? await callAction('service.close', { ...base, outcome: text })
            : await callAction('service.handOn', {
                ...base,
                text,
                helper: { unit: form.unit.trim(), person: form.person.trim(), phone: form.phone.trim() },
              });
      this.finish(result, mode === 'close' ? '已办结' : mode === 'answer' ? '已答复' : '已转交');
    },
    refuse(errors: Partial<Record<Field, string>>) {
      const text = Object.values(errors)[0] ?? '';
      this.setData({ errors, submitError: { text, actionText: '', action: '' } });
    },
    finish(result: Awaited<ReturnType<typeof callAction<'service.take'>>>, done: string) {
      if (!result.ok) {
        const notice = noticeFor(result.error, STEP_STEPS);
        // The wrong field is named by its path: `outcome`, `text`, `helper.phone`…
        const path = result.error.field ?? '';
        const field = (['text', 'unit', 'person', 'phone'] as const).find(
          (candidate) => path === candidate || path === `helper.${candidate}` || (candidate === 'text' && path === 'outcome'),
        );
        this.setData({ submitting: false, submitError: notice, errors: field ? { [field]: notice.text } : {} });
        return;
      }
      this.setData({ submitting: false, mode: '', request: viewOf(result.data) });
      wx.showToast({ title: done, icon: 'success' });
    },
    onNoticeAction() {
      follow(this.data.submitError.action, () => {
        this.setData({ mode: '', submitError: NO_NOTICE });
        this.load();
      });
    },
  },
});
