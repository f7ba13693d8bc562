import type { MemberView } from '../../../server/contract';
import { type CallResult, callAction } from '../../services/call-action';
import type { Change, Tap } from '../../services/events';
import { formatDay, formatMonth, formatRegion, todayCst } from '../../services/format';
import {
  GENDER_LABELS,
  INDUSTRY_LABELS,
  LEAVE_REASON_LABELS,
  optionsOf,
  STANDING_LABELS,
  WORK_PATTERN_LABELS,
} from '../../services/labels';
import {
  type NextSteps,
  type Notice,
  NO_NOTICE,
  follow,
  go,
  goBackOrHome,
  loadErrorNotice,
  noticeFor,
  urlOf,
} from '../../services/navigation';
import {
  buildRegisterInput,
  buildUpdateInput,
  EMPTY_FORM,
  type FieldErrors,
  type FieldKey,
  fieldKeyOf,
  formFromMember,
  type ProfileForm,
} from './profile-form';

interface OrgRow {
  orgId: string;
  name: string;
  place: string;
}

const INDUSTRY_OPTIONS = optionsOf(INDUSTRY_LABELS);

/** Registration is three short screens instead of one of four; each field belongs to one step. */
const STEP_TITLES = ['本人和党员信息', '流出地和外出情况', '现住地和工作情况'];
const STEP_OF: Record<FieldKey, number> = {
  name: 1,
  gender: 1,
  idCard: 1,
  phone: 1,
  standing: 1,
  joinedPartyOn: 1,
  outflow: 2,
  leftOn: 2,
  leaveReason: 2,
  residenceRegion: 3,
  address: 3,
  workplace: 3,
  occupation: 3,
  industry: 3,
  workPattern: 3,
  skills: 3,
};

/** The pickers' values as people read dates: `2024年6月30日`, `2023年2月`. */
function dateTextsOf(form: ProfileForm): { joinedPartyOn: string; leftOn: string } {
  return {
    joinedPartyOn: formatDay(form.joinedPartyOn),
    leftOn: formatMonth(form.leftOn),
  };
}

const SUBMIT_STEPS: NextSteps = {
  // The number may be the caller's own, on a record made from an old WeChat account.
  ID_CARD_TAKEN: { actionText: '这是我的身份证号：申请找回档案', action: 'account-move' },
  ALREADY_REGISTERED: { actionText: '修改我的信息', action: 'reload' },
  CONFLICT: { actionText: '刷新后重新修改', action: 'reload' },
  NOT_REGISTERED: { actionText: '重新登记', action: 'reload' },
  // The submit button is the retry for these.
  INTERNAL: { actionText: '', action: '' },
  NETWORK: { actionText: '', action: '' },
};

Component({
  data: {
    status: 'loading' as 'loading' | 'error' | 'consent' | 'ready',
    error: NO_NOTICE as Notice,
    mode: 'register' as 'register' | 'edit',
    member: null as MemberView | null,
    form: { ...EMPTY_FORM } as ProfileForm,
    dateTexts: dateTextsOf(EMPTY_FORM),
    /** The registration step shown (1-based); editing shows every section at once. */
    step: 1,
    stepTitles: STEP_TITLES,
    errors: {} as FieldErrors,
    submitError: NO_NOTICE as Notice,
    submitting: false,
    outflowEditing: true,
    outflowChanged: false,
    outflowPlace: '',
    orgQuery: '',
    orgResults: [] as OrgRow[],
    orgSearched: false,
    orgSearching: false,
    orgSearchError: '',
    industryIndex: -1,
    today: todayCst(),
    thisMonth: todayCst().slice(0, 7),
    genderOptions: optionsOf(GENDER_LABELS),
    standingOptions: optionsOf(STANDING_LABELS),
    leaveReasonOptions: optionsOf(LEAVE_REASON_LABELS),
    workPatternOptions: optionsOf(WORK_PATTERN_LABELS),
    industryOptions: INDUSTRY_OPTIONS,
  },
  methods: {
    onLoad() {
      this.load();
    },
    async load() {
      this.setData({ status: 'loading', submitError: NO_NOTICE, errors: {} });
      const result = await callAction('session.me', {});
      if (!result.ok) {
        this.setData({ status: 'error', error: loadErrorNotice(result.error) });
        return;
      }
      const { member, consent } = result.data;
      if (!member) {
        const consented = consent.agreedVersion === consent.currentVersion;
        this.setData({
          status: consented ? 'ready' : 'consent',
          mode: 'register',
          member: null,
          form: { ...EMPTY_FORM },
          dateTexts: dateTextsOf(EMPTY_FORM),
          step: 1,
          outflowEditing: true,
        });
        return;
      }
      wx.setNavigationBarTitle({ title: '我的党员信息' });
      const form = formFromMember(member);
      this.setData({
        status: 'ready',
        mode: 'edit',
        member,
        form,
        dateTexts: dateTextsOf(form),
        outflowEditing: false,
        outflowChanged: false,
        outflowPlace: formatRegion(member.outflow.region),
        industryIndex: INDUSTRY_OPTIONS.findIndex((option) => option.value === member.industry),
      });
    },
    onStateAction() {
      follow(this.data.error.action, () => this.load());
    },
    onGoConsent() {
      // Replaces this page; the notice page comes back here with redirectTo once agreed.
      wx.redirectTo({ url: urlOf('consent') });
    },

    onField(event: Change<string | string[], { field: FieldKey }>) {
      const field = event.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: event.detail.value, [`errors.${field}`]: '' });
      if (field === 'joinedPartyOn' || field === 'leftOn') this.setData({ dateTexts: dateTextsOf(this.data.form) });
    },

    /** On to the next step once this step's fields are filled; what is missing is marked here, not at the end. */
    onNextStep() {
      const built = buildRegisterInput(this.data.form);
      const step = this.data.step;
      const here = 'errors' in built ? (Object.keys(built.errors) as FieldKey[]).filter((key) => STEP_OF[key] === step) : [];
      if (here.length > 0 && 'errors' in built) {
        const errors: FieldErrors = {};
        for (const key of here) errors[key] = built.errors[key];
        return this.showFieldErrors(errors);
      }
      this.showStep(Math.min(step + 1, STEP_TITLES.length));
    },
    onPrevStep() {
      this.showStep(Math.max(this.data.step - 1, 1));
    },
    showStep(step: number) {
      this.setData({ step, errors: {}, submitError: NO_NOTICE });
      wx.pageScrollTo({ scrollTop: 0, duration: 0 });
    },
    onIndustry(event: Change<string>) {
      const index = Number(event.detail.value);
      const option = INDUSTRY_OPTIONS[index];
      if (option) this.setData({ industryIndex: index, 'form.industry': option.value, 'errors.industry': '' });
    },

    onOrgQuery(event: Change<string>) {
      this.setData({ orgQuery: event.detail.value });
    },
    async onOrgSearch() {
      const query = this.data.orgQuery.trim();
      if (!query || this.data.orgSearching) return;
      this.setData({ orgSearching: true, orgSearchError: '' });
      const result = await callAction('org.list', { query, limit: 20 });
      if (!result.ok) {
        this.setData({ orgSearching: false, orgSearchError: noticeFor(result.error).text, orgResults: [] });
        return;
      }
      this.setData({
        orgSearching: false,
        orgSearched: true,
        orgResults: result.data.items.map((org) => ({ orgId: org.orgId, name: org.name, place: formatRegion(org.region) })),
      });
    },
    onPickOrg(event: Tap<{ index: number }>) {
      const org = this.data.orgResults[event.currentTarget.dataset.index];
      if (!org) return;
      this.setData({
        'form.outflowMode': 'listed',
        'form.outflowOrgId': org.orgId,
        'form.outflowName': org.name,
        outflowPlace: org.place,
        outflowEditing: false,
        outflowChanged: true,
        orgResults: [],
        orgSearched: false,
        'errors.outflow': '',
      });
    },
    onUnlisted() {
      this.setData({
        'form.outflowMode': 'unlisted',
        'form.outflowOrgId': '',
        'form.outflowName': '',
        'form.outflowRegion': [],
        outflowChanged: true,
        'errors.outflow': '',
      });
    },
    onListed() {
      this.setData({ 'form.outflowMode': 'listed', 'form.outflowName': '', outflowChanged: true, 'errors.outflow': '' });
    },
    onChangeOutflow() {
      this.setData({
        outflowEditing: true,
        'form.outflowMode': 'listed',
        'form.outflowOrgId': '',
        'form.outflowName': '',
        outflowChanged: true,
      });
    },

    async onSubmit() {
      if (this.data.submitting) return;
      const { form, member } = this.data;
      if (this.data.mode === 'edit' && member) {
        const built = buildUpdateInput(form, member, this.data.outflowChanged);
        if ('errors' in built) return this.showFieldErrors(built.errors);
        if ('unchanged' in built) {
          wx.showToast({ title: '没有修改任何内容', icon: 'none' });
          return;
        }
        if (await this.send(callAction('member.updateProfile', built.input))) {
          wx.showToast({ title: '已保存', icon: 'success' });
          goBackOrHome();
        }
        return;
      }
      const built = buildRegisterInput(form);
      if ('errors' in built) return this.showFieldErrors(built.errors);
      if (await this.send(callAction('member.register', built.input))) {
        wx.showToast({ title: '登记成功', icon: 'success' });
        wx.redirectTo({ url: urlOf('checkin') });
      }
    },
    /** Shows a failed save next to its field; resolves whether it succeeded. */
    async send(call: Promise<CallResult<unknown>>): Promise<boolean> {
      this.setData({ submitting: true, submitError: NO_NOTICE, errors: {} });
      const result = await call;
      this.setData({ submitting: false });
      if (result.ok) return true;
      const notice = noticeFor(result.error, SUBMIT_STEPS);
      const key = result.error.code === 'ID_CARD_TAKEN' ? 'idCard' : fieldKeyOf(result.error.field);
      this.setData({ submitError: notice, errors: key ? { [key]: notice.text } : {} });
      if (key) this.scrollTo(key);
      return false;
    },
    showFieldErrors(errors: FieldErrors) {
      const keys = Object.keys(errors) as FieldKey[];
      this.setData({
        errors,
        submitError: { text: `还有 ${keys.length} 项需要填写或修改，请看标红的提示`, actionText: '', action: '' },
      });
      if (keys[0]) this.scrollTo(keys[0]);
    },
    /** Shows the step that holds the field, then the field itself. */
    scrollTo(key: FieldKey) {
      if (this.data.mode === 'register' && STEP_OF[key] !== this.data.step) this.setData({ step: STEP_OF[key] });
      wx.pageScrollTo({ selector: `#row-${key}`, duration: 200 });
    },
    onNoticeAction() {
      const { action } = this.data.submitError;
      if (action === 'reload') this.load();
      else if (action === 'consent') this.onGoConsent();
      else go(action);
    },
  },
});
