import type { ReportPeriodKind } from '../../../server/contract/reports';
import type { Settings } from '../../../server/contract/settings';
import { callAction } from '../../services/call-action';
import type { ClientError } from '../../services/error-messages';
import type { Change } from '../../services/events';
import { optionsOf, REPORT_PERIOD_LABELS } from '../../services/labels';
import {
  type Notice,
  NO_NOTICE,
  follow,
  goBackOrHome,
  loadErrorNotice,
  noRecordState,
  noticeFor,
} from '../../services/navigation';

type SettingKey = keyof Settings;
type NumberKey = Exclude<SettingKey, 'reportPeriod'>;

interface NumberField {
  key: NumberKey;
  label: string;
  unit: string;
  /** t-input type: whole numbers, or decimals for study hours. */
  type: 'number' | 'digit';
  hint: string;
}

/** What each number means to an organization admin; the limits are the server's. */
const NUMBER_FIELDS: readonly NumberField[] = [
  { key: 'reportDueDays', label: '截止天数', unit: '天', type: 'number', hint: '每期结束后多少天内提交反馈报告' },
  { key: 'studyTargetHours', label: '年度学习目标学时', unit: '学时', type: 'digit', hint: '每名党员一年应完成的学习学时' },
  {
    key: 'noLifeWarnMonths',
    label: '组织生活预警月数',
    unit: '个月',
    type: 'number',
    hint: '连续几个月没有参加组织生活，就提醒支部书记和流出地（默认 3）',
  },
  {
    key: 'noLifeEscalateMonths',
    label: '上报月数',
    unit: '个月',
    type: 'number',
    hint: '连续几个月没有参加组织生活，就报告上级组织（默认 6）',
  },
  { key: 'signInEarlyMinutes', label: '签到提前分钟数', unit: '分钟', type: 'number', hint: '活动开始前多少分钟可以扫码签到' },
  { key: 'reminderEveryDays', label: '逾期提醒间隔天数', unit: '天', type: 'number', hint: '报告逾期后，每隔几天提醒一次' },
  {
    key: 'transferAfterMonths',
    label: '应转尽转月数',
    unit: '个月',
    type: 'number',
    hint: '在本地支部满几个月、工作稳定的党员，列为组织关系转接的对象（默认 6）',
  },
  {
    key: 'transferReminderDays',
    label: '转接提醒天数',
    unit: '天',
    type: 'number',
    hint: '组织关系转接的一步等待几天没有办理，就提醒办理的一方（默认 14）',
  },
  {
    key: 'placementTalkDays',
    label: '纳入管理后谈话天数',
    unit: '天',
    type: 'number',
    hint: '党员纳入支部管理后，几天内由联系人谈一次话（默认 30）',
  },
  {
    key: 'yearEndTalkWindowDays',
    label: '春节前谈话提前天数',
    unit: '天',
    type: 'number',
    hint: '春节前多少天起提醒与党员谈返乡前的话（默认 30）',
  },
  {
    key: 'absenceTalkAfter',
    label: '缺席几次后谈话',
    unit: '次',
    type: 'number',
    hint: '连续几次未请假缺席组织生活，就提醒谈话（默认 2）',
  },
  {
    key: 'serviceAnswerDays',
    label: '服务诉求答复天数',
    unit: '天',
    type: 'number',
    hint: '党员的服务诉求几天没有答复，就提醒支部（默认 3）',
  },
  {
    key: 'serviceEscalateDays',
    label: '诉求告知上级天数',
    unit: '天',
    type: 'number',
    hint: '几天仍没有答复，就告知支部的上级组织，应大于上一项（默认 7）',
  },
];
const NUMBER_KEYS: readonly NumberKey[] = NUMBER_FIELDS.map((field) => field.key);
const SETTING_KEYS: readonly SettingKey[] = ['reportPeriod', ...NUMBER_KEYS];

interface SettingsForm {
  reportPeriod: ReportPeriodKind;
  reportDueDays: string;
  studyTargetHours: string;
  noLifeWarnMonths: string;
  noLifeEscalateMonths: string;
  signInEarlyMinutes: string;
  reminderEveryDays: string;
  transferAfterMonths: string;
  transferReminderDays: string;
  placementTalkDays: string;
  yearEndTalkWindowDays: string;
  absenceTalkAfter: string;
  serviceAnswerDays: string;
  serviceEscalateDays: string;
}

type FieldErrors = Partial<Record<SettingKey, string>>;
/** Where each value in force comes from: set here, or taken from above / the default. */
type Sources = Record<SettingKey, boolean>;

/** The notice above the save button; `back` offers the way out when saving is not allowed at all. */
interface SaveNotice {
  text: string;
  back: boolean;
}

const NO_SAVE_NOTICE: SaveNotice = { text: '', back: false };
// The server answers an organization one does not manage as a missing one.
const LOAD_NOT_THEIRS = '没有找到这个组织的设置。只有本组织的书记、管理员和上级组织的管理员可以查看。';
const SAVE_FORBIDDEN = '只有本组织或上级组织的管理员可以修改这些设置。您可以查看，但不能修改。';
const CONFLICT_TEXT = '设置刚被其他人修改过，已重新载入最新设置，请核对后再修改。';

function formOf(effective: Settings): SettingsForm {
  return {
    reportPeriod: effective.reportPeriod,
    reportDueDays: String(effective.reportDueDays),
    studyTargetHours: String(effective.studyTargetHours),
    noLifeWarnMonths: String(effective.noLifeWarnMonths),
    noLifeEscalateMonths: String(effective.noLifeEscalateMonths),
    signInEarlyMinutes: String(effective.signInEarlyMinutes),
    reminderEveryDays: String(effective.reminderEveryDays),
    transferAfterMonths: String(effective.transferAfterMonths),
    transferReminderDays: String(effective.transferReminderDays),
    placementTalkDays: String(effective.placementTalkDays),
    yearEndTalkWindowDays: String(effective.yearEndTalkWindowDays),
    absenceTalkAfter: String(effective.absenceTalkAfter),
    serviceAnswerDays: String(effective.serviceAnswerDays),
    serviceEscalateDays: String(effective.serviceEscalateDays),
  };
}

function sourcesOf(own: Partial<Settings>): Sources {
  const sources = {} as Sources;
  for (const key of SETTING_KEYS) sources[key] = own[key] !== undefined;
  return sources;
}

/** `changes.noLifeEscalateMonths` → `noLifeEscalateMonths`. */
function settingKeyOf(field: string | undefined): SettingKey | null {
  const key = field?.replace(/^changes\./, '');
  return SETTING_KEYS.find((candidate) => candidate === key) ?? null;
}

/**
 * The fields that differ from what is in force, read as numbers. Only reading is done here: a
 * value out of range is the server's to refuse, beside its field.
 */
function changesOf(form: SettingsForm, effective: Settings): { changes: Partial<Settings> } | { errors: FieldErrors } {
  const changes: Partial<Settings> = {};
  const errors: FieldErrors = {};
  if (form.reportPeriod !== effective.reportPeriod) changes.reportPeriod = form.reportPeriod;
  for (const key of NUMBER_KEYS) {
    const text = form[key].trim();
    const value = Number(text);
    if (!text || !Number.isFinite(value)) {
      errors[key] = '请填写一个数字';
      continue;
    }
    if (value !== effective[key]) changes[key] = value;
  }
  return Object.keys(errors).length ? { errors } : { changes };
}

Component({
  data: {
    orgId: '',
    status: 'loading' as 'loading' | 'error' | 'ready',
    error: NO_NOTICE as Notice,
    /** The load was refused: the error block's button goes back rather than retrying. */
    forbidden: false,
    version: null as number | null,
    effective: null as Settings | null,
    sources: null as Sources | null,
    form: null as SettingsForm | null,
    errors: {} as FieldErrors,
    notice: NO_SAVE_NOTICE as SaveNotice,
    saving: false,
    numberFields: NUMBER_FIELDS,
    periodOptions: optionsOf(REPORT_PERIOD_LABELS),
  },
  methods: {
    onLoad(options: Record<string, string | undefined>) {
      const orgId = options.orgId ?? '';
      this.setData({ orgId });
      if (orgId) this.load();
      else this.setData(noRecordState('没有指定组织'));
    },
    async load() {
      this.setData({ status: 'loading', forbidden: false, notice: NO_SAVE_NOTICE, errors: {} });
      const result = await callAction('settings.get', { orgId: this.data.orgId });
      if (!result.ok) {
        const forbidden = result.error.code === 'NOT_FOUND';
        this.setData({
          status: 'error',
          forbidden,
          error: forbidden ? { text: LOAD_NOT_THEIRS, actionText: '返回', action: '' } : loadErrorNotice(result.error),
        });
        return;
      }
      this.show(result.data);
    },
    show(settings: { own: Partial<Settings>; effective: Settings; version: number | null }) {
      this.setData({
        status: 'ready',
        version: settings.version,
        effective: settings.effective,
        sources: sourcesOf(settings.own),
        form: formOf(settings.effective),
        errors: {},
      });
    },
    onStateAction() {
      if (this.data.forbidden) goBackOrHome();
      else follow(this.data.error.action, () => this.load());
    },
    onBack() {
      goBackOrHome();
    },

    onPeriod(event: Change<ReportPeriodKind>) {
      this.setData({ 'form.reportPeriod': event.detail.value, 'errors.reportPeriod': '' });
    },
    onNumber(event: Change<string, { field: NumberKey }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${field}`]: '' });
    },

    async onSave() {
      const { form, effective, saving } = this.data;
      if (!form || !effective || saving) return;
      const built = changesOf(form, effective);
      if ('errors' in built) {
        this.setData({ errors: built.errors, notice: { text: '有的项目没有填写数字，请看标红的提示', back: false } });
        return;
      }
      if (Object.keys(built.changes).length === 0) {
        wx.showToast({ title: '没有修改任何设置', icon: 'none' });
        return;
      }
      this.setData({ saving: true, errors: {}, notice: NO_SAVE_NOTICE });
      const result = await callAction('settings.update', {
        orgId: this.data.orgId,
        changes: built.changes,
        version: this.data.version,
      });
      this.setData({ saving: false });
      if (result.ok) {
        this.show(result.data);
        wx.showToast({ title: '已保存', icon: 'success' });
        return;
      }
      await this.refused(result.error);
    },
    async refused(error: ClientError) {
      if (error.code === 'FORBIDDEN') {
        this.setData({ notice: { text: SAVE_FORBIDDEN, back: true } });
        return;
      }
      if (error.code === 'CONFLICT') {
        await this.load();
        if (this.data.status === 'ready') this.setData({ notice: { text: CONFLICT_TEXT, back: false } });
        return;
      }
      const text = noticeFor(error).text;
      const key = settingKeyOf(error.field);
      if (key) {
        this.setData({ [`errors.${key}`]: text, notice: { text: '有一项需要修改，请看标红的提示', back: false } });
        wx.pageScrollTo({ selector: `#row-${key}`, duration: 200 });
        return;
      }
      this.setData({ notice: { text, back: false } });
    },
  },
});
