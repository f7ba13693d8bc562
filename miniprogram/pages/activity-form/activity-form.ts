import type { ActionInput } from '../../../server/contract';
import type { ActivityKind } from '../../../server/contract/activities';
import { callAction } from '../../services/call-action';
import type { Change } from '../../services/events';
import { formatDay } from '../../services/format';
import { ACTIVITY_KIND_LABELS, optionsOf } from '../../services/labels';
import {
  type NextSteps,
  type Notice,
  NO_NOTICE,
  follow,
  loadErrorNotice,
  noRecordState,
  noticeFor,
} from '../../services/navigation';
import { PAGES } from '../../services/pages';
import { newRequestId } from '../../services/request-id';

type FieldKey = 'kind' | 'topic' | 'place' | 'date' | 'startTime' | 'durationMinutes' | 'volunteerHours';
type FieldErrors = Partial<Record<FieldKey, string>>;

interface ActivityForm {
  kind: ActivityKind | '';
  topic: string;
  place: string;
  /** `YYYY-MM-DD` from the date picker, '' while not chosen. */
  date: string;
  /** `HH:mm` from the time picker. */
  startTime: string;
  /** 0 while not chosen. */
  durationMinutes: number;
  /** Index into HOURS_OPTIONS; 0 (按活动时长) leaves the hours to the server's default. */
  hoursIndex: number;
}

const EMPTY_FORM: ActivityForm = { kind: '', topic: '', place: '', date: '', startTime: '', durationMinutes: 0, hoursIndex: 0 };

const DURATION_OPTIONS: Array<{ value: number; label: string }> = [
  { value: 30, label: '30 分钟' },
  { value: 60, label: '1 小时' },
  { value: 90, label: '1.5 小时' },
  { value: 120, label: '2 小时' },
  { value: 240, label: '半天' },
];

/** Volunteer hours in half-hour steps, picked rather than typed so a tired thumb cannot mistype them. */
const HOURS_VALUES: Array<number | null> = [null, ...Array.from({ length: 24 }, (_, i) => (i + 1) / 2)];
const HOURS_OPTIONS: string[] = HOURS_VALUES.map((hours) => (hours === null ? '按活动时长计算' : `${hours} 小时`));

/**
 * Which fields must be filled before asking at all. The server checks everything (lengths,
 * duration, dates, hours); this only spares people a round trip per empty picker, since the
 * server names one wrong field at a time and words an empty picker as a format problem.
 */
const REQUIRED: Array<[Exclude<FieldKey, 'volunteerHours'>, string]> = [
  ['kind', '请选择活动类型'],
  ['topic', '请填写主题'],
  ['place', '请填写地点'],
  ['date', '请选择日期'],
  ['startTime', '请选择开始时间'],
  ['durationMinutes', '请选择活动时长'],
];

const FIELD_KEYS: ReadonlySet<string> = new Set<string>([...REQUIRED.map(([key]) => key), 'volunteerHours']);

function fieldKeyOf(path: string | undefined): FieldKey | null {
  const first = path ? path.split('.')[0] : '';
  return FIELD_KEYS.has(first) ? (first as FieldKey) : null;
}

function missing(form: ActivityForm): FieldErrors {
  const errors: FieldErrors = {};
  for (const [key, message] of REQUIRED) {
    const value = form[key];
    if (typeof value === 'string' ? !value.trim() : !value) errors[key] = message;
  }
  return errors;
}

type KindOption = { value: ActivityKind; label: string };

/** The kinds the server offers this branch, in the order of the labels. */
function kindOptionsOf(kinds: readonly ActivityKind[]): KindOption[] {
  return optionsOf(ACTIVITY_KIND_LABELS).filter((option) => kinds.includes(option.value));
}

const SUBMIT_STEPS: NextSteps = {
  // The submit button is the retry for these, with the same request id.
  INTERNAL: { actionText: '', action: '' },
  NETWORK: { actionText: '', action: '' },
};

Component({
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: NO_NOTICE as Notice,
    branchId: '',
    /** One per form: a retry after a lost answer makes the same activity, not a second one. */
    requestId: '',
    form: { ...EMPTY_FORM } as ActivityForm,
    dateText: '',
    errors: {} as FieldErrors,
    submitError: NO_NOTICE as Notice,
    submitting: false,
    done: false,
    /** What the branch may arrange, as the server says (返乡报到 and 集中补学 only at a home branch). */
    kindOptions: [] as KindOption[],
    homeLifeOffered: false,
    durationOptions: DURATION_OPTIONS,
    hoursOptions: HOURS_OPTIONS,
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const branchId = options.branchId ?? '';
      this.setData({ branchId, requestId: newRequestId() });
      if (branchId) this.loadKinds();
      else this.setData(noRecordState('没有指定支部'));
    },
    async loadKinds() {
      this.setData({ status: 'loading', error: NO_NOTICE });
      const result = await callAction('activity.kinds', { branchId: this.data.branchId });
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const kindOptions = kindOptionsOf(result.data.kinds);
      this.setData({
        status: 'ready',
        kindOptions,
        homeLifeOffered: kindOptions.some((option) => option.value === 'homecoming_report'),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.loadKinds());
    },

    onText(event: Change<string, { field: 'topic' | 'place' }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${field}`]: '' });
    },
    onKind(event: Change<ActivityKind>) {
      this.setData({ 'form.kind': event.detail.value, 'errors.kind': '', 'errors.volunteerHours': '' });
    },
    onDate(event: Change<string>) {
      const date = event.detail.value;
      this.setData({ 'form.date': date, dateText: formatDay(date), 'errors.date': '' });
    },
    onStartTime(event: Change<string>) {
      this.setData({ 'form.startTime': event.detail.value, 'errors.startTime': '' });
    },
    onDuration(event: Change<number | string>) {
      this.setData({ 'form.durationMinutes': Number(event.detail.value), 'errors.durationMinutes': '' });
    },
    onHours(event: Change<number | string>) {
      const index = Number(event.detail.value);
      if (index >= 0 && index < HOURS_VALUES.length) this.setData({ 'form.hoursIndex': index, 'errors.volunteerHours': '' });
    },

    async onSubmit() {
      const { form, submitting, done, branchId, requestId } = this.data;
      if (submitting || done || !branchId) return;
      const errors = missing(form);
      const keys = Object.keys(errors);
      if (keys.length > 0) {
        this.setData({
          errors,
          submitError: { text: `还有 ${keys.length} 项需要填写，请看标红的提示`, actionText: '', action: '' },
        });
        wx.pageScrollTo({ selector: `#row-${keys[0]}`, duration: 200 });
        return;
      }
      const hours = HOURS_VALUES[form.hoursIndex] ?? null;
      const input: ActionInput<'activity.create'> = {
        branchId,
        requestId,
        kind: form.kind as ActivityKind,
        topic: form.topic.trim(),
        place: form.place.trim(),
        date: form.date,
        startTime: form.startTime,
        durationMinutes: form.durationMinutes,
        // The hours row is shown for volunteer service only; what is not shown is not sent.
        ...(form.kind === 'volunteer_service' && hours !== null ? { volunteerHours: hours } : {}),
      };
      this.setData({ submitting: true, submitError: NO_NOTICE, errors: {} });
      const result = await callAction('activity.create', input);
      this.setData({ submitting: false });
      if (!result.ok) {
        const notice = noticeFor(result.error, SUBMIT_STEPS);
        const key = fieldKeyOf(result.error.field);
        this.setData({ submitError: notice, errors: key ? { [key]: notice.text } : {} });
        if (key) wx.pageScrollTo({ selector: `#row-${key}`, duration: 200 });
        return;
      }
      this.setData({ done: true });
      wx.redirectTo({ url: PAGES.attendance(result.data.activityId) });
      wx.showToast({ title: '已安排，党员可在“我的组织生活”中看到', icon: 'none', duration: 3000 });
    },
    onNoticeAction() {
      follow(this.data.submitError.action, () => this.onSubmit());
    },
  },
});
