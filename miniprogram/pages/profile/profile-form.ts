import type {
  ActionInput,
  Gender,
  Industry,
  LeaveReason,
  MemberView,
  Region,
  Standing,
  WorkPattern,
} from '../../../server/contract';
import { splitSkills } from '../../services/format';

/** The form as the page holds it: text and picker values, '' while not chosen. */
export interface ProfileForm {
  name: string;
  gender: Gender | '';
  idCard: string;
  phone: string;
  standing: Standing | '';
  joinedPartyOn: string;
  outflowMode: 'listed' | 'unlisted';
  outflowOrgId: string;
  outflowName: string;
  /** [province, city, district], as the region picker gives it; [] while not chosen. */
  outflowRegion: string[];
  leftOn: string;
  leaveReason: LeaveReason | '';
  residenceRegion: string[];
  address: string;
  workplace: string;
  occupation: string;
  industry: Industry | '';
  workPattern: WorkPattern | '';
  skills: string;
}

export type FieldKey = Exclude<keyof ProfileForm, 'outflowMode' | 'outflowOrgId' | 'outflowName' | 'outflowRegion'> | 'outflow';
export type FieldErrors = Partial<Record<FieldKey, string>>;

type RegisterInput = ActionInput<'member.register'>;
type UpdateInput = ActionInput<'member.updateProfile'>;

export const EMPTY_FORM: ProfileForm = {
  name: '',
  gender: '',
  idCard: '',
  phone: '',
  standing: '',
  joinedPartyOn: '',
  outflowMode: 'listed',
  outflowOrgId: '',
  outflowName: '',
  outflowRegion: [],
  leftOn: '',
  leaveReason: '',
  residenceRegion: [],
  address: '',
  workplace: '',
  occupation: '',
  industry: '',
  workPattern: '',
  skills: '',
};

type FormFieldKey = Exclude<FieldKey, 'outflow'>;

const REQUIRED: Array<[FormFieldKey, string]> = [
  ['name', '请填写姓名'],
  ['gender', '请选择性别'],
  ['idCard', '请填写身份证号'],
  ['phone', '请填写手机号'],
  ['standing', '请选择党员类别'],
  ['joinedPartyOn', '请选择入党时间'],
  ['leftOn', '请选择外出时间'],
  ['leaveReason', '请选择外出原因'],
  ['residenceRegion', '请选择现居住地区'],
  ['address', '请填写详细住址'],
  ['workplace', '请填写工作单位'],
  ['occupation', '请填写从事的工作'],
  ['industry', '请选择所在行业'],
  ['workPattern', '请选择作息情况'],
];

const FIELD_KEYS: ReadonlySet<string> = new Set<string>([...REQUIRED.map(([key]) => key), 'outflow', 'skills']);

/** The form row a server field path (`residence.address`, `outflow.region.city`, `skills.2`) belongs to. */
export function fieldKeyOf(path: string | undefined): FieldKey | null {
  if (!path) return null;
  if (path === 'residence.address') return 'address';
  if (path.startsWith('residence')) return 'residenceRegion';
  if (path.startsWith('outflow')) return 'outflow';
  const first = path.split('.')[0];
  return FIELD_KEYS.has(first) ? (first as FieldKey) : null;
}

function toRegion(parts: string[]): Region {
  return { province: parts[0] ?? '', city: parts[1] ?? '', district: parts[2] ?? '' };
}

function regionParts(region: Region): string[] {
  return [region.province, region.city, region.district];
}

function isComplete(parts: string[]): boolean {
  return parts.length === 3 && parts.every((part) => part.trim().length > 0);
}

function outflowOf(form: ProfileForm): RegisterInput['outflow'] | string {
  if (form.outflowMode === 'listed')
    return form.outflowOrgId ? { kind: 'listed', orgId: form.outflowOrgId } : '请查找并选择您的党组织（组织关系所在的党组织）';
  if (!form.outflowName.trim()) return '请填写党组织名称';
  if (!isComplete(form.outflowRegion)) return '请选择党组织所在地区';
  return { kind: 'unlisted', name: form.outflowName.trim(), region: toRegion(form.outflowRegion) };
}

function isBlank(value: string | string[]): boolean {
  return Array.isArray(value) ? !isComplete(value) : value.trim().length === 0;
}

export function buildRegisterInput(form: ProfileForm): { input: RegisterInput } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  for (const [key, message] of REQUIRED) {
    if (isBlank(form[key])) errors[key] = message;
  }
  const outflow = outflowOf(form);
  if (typeof outflow === 'string') errors.outflow = outflow;
  if (Object.keys(errors).length > 0 || typeof outflow === 'string') return { errors };
  return {
    input: {
      name: form.name.trim(),
      gender: form.gender as Gender,
      idCard: form.idCard.trim(),
      phone: form.phone.trim(),
      standing: form.standing as Standing,
      joinedPartyOn: form.joinedPartyOn,
      outflow,
      leftOn: form.leftOn,
      leaveReason: form.leaveReason as LeaveReason,
      residence: { region: toRegion(form.residenceRegion), address: form.address.trim() },
      workplace: form.workplace.trim(),
      occupation: form.occupation.trim(),
      industry: form.industry as Industry,
      workPattern: form.workPattern as WorkPattern,
      skills: splitSkills(form.skills),
    },
  };
}

/** The edit form starts from the member's record; masked values (phone, address) start empty: empty means unchanged. */
export function formFromMember(member: MemberView): ProfileForm {
  return {
    ...EMPTY_FORM,
    name: member.name,
    gender: member.gender,
    standing: member.standing,
    joinedPartyOn: member.joinedPartyOn,
    outflowMode: member.outflow.orgId ? 'listed' : 'unlisted',
    outflowOrgId: member.outflow.orgId ?? '',
    outflowName: member.outflow.name,
    outflowRegion: regionParts(member.outflow.region),
    leftOn: member.leftOn,
    leaveReason: member.leaveReason,
    residenceRegion: regionParts(member.residence.region),
    workplace: member.workplace,
    occupation: member.occupation,
    industry: member.industry,
    workPattern: member.workPattern,
    skills: member.skills.join('、'),
  };
}

const sameList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Only the fields that changed, plus the version the edit started from. `outflowChanged` is set
 * by the page once the member picks or describes a different organization.
 */
export function buildUpdateInput(
  form: ProfileForm,
  member: MemberView,
  outflowChanged: boolean,
): { input: UpdateInput } | { errors: FieldErrors } | { unchanged: true } {
  const errors: FieldErrors = {};
  const input: UpdateInput = { version: member.version };
  const text = (key: 'name' | 'workplace' | 'occupation', original: string) => {
    const value = form[key].trim();
    if (!value) errors[key] = REQUIRED.find(([k]) => k === key)?.[1] ?? '不能为空';
    else if (value !== original) input[key] = value;
  };
  text('name', member.name);
  text('workplace', member.workplace);
  text('occupation', member.occupation);
  if (form.gender && form.gender !== member.gender) input.gender = form.gender;
  if (form.standing && form.standing !== member.standing) input.standing = form.standing;
  if (form.joinedPartyOn && form.joinedPartyOn !== member.joinedPartyOn) input.joinedPartyOn = form.joinedPartyOn;
  if (form.leftOn && form.leftOn !== member.leftOn) input.leftOn = form.leftOn;
  if (form.leaveReason && form.leaveReason !== member.leaveReason) input.leaveReason = form.leaveReason;
  if (form.industry && form.industry !== member.industry) input.industry = form.industry;
  if (form.workPattern && form.workPattern !== member.workPattern) input.workPattern = form.workPattern;
  if (form.phone.trim()) input.phone = form.phone.trim();
  const skills = splitSkills(form.skills);
  if (!sameList(skills, member.skills)) input.skills = skills;

  const regionChanged = !sameList(form.residenceRegion, regionParts(member.residence.region));
  if (regionChanged || form.address.trim()) {
    if (!isComplete(form.residenceRegion)) errors.residenceRegion = '请选择现居住地区';
    else if (!form.address.trim()) errors.address = '修改居住地时，请重新填写详细住址';
    else input.residence = { region: toRegion(form.residenceRegion), address: form.address.trim() };
  }

  if (outflowChanged) {
    const outflow = outflowOf(form);
    if (typeof outflow === 'string') errors.outflow = outflow;
    else input.outflow = outflow;
  }

  if (Object.keys(errors).length > 0) return { errors };
  return Object.keys(input).length === 1 ? { unchanged: true } : { input };
}
