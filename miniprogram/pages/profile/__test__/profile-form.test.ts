import { memberView } from '../../../../test/setup/fixtures';
import { buildUpdateInput, fieldKeyOf, formFromMember } from '../profile-form';

describe('fieldKeyOf', () => {
  it.each([
    ['residence.address', 'address'],
    ['residence.region.city', 'residenceRegion'],
    ['outflow.region.province', 'outflow'],
    ['outflow.orgId', 'outflow'],
    ['skills.2', 'skills'],
    ['idCard', 'idCard'],
    ['version', null],
    [undefined, null],
  ] as const)('%s → %s', (path, key) => {
    expect(fieldKeyOf(path)).toBe(key);
  });
});

describe('buildUpdateInput', () => {
  const member = memberView();

  it('sends a newly picked outflow organization', () => {
    const form = {
      ...formFromMember(member),
      outflowMode: 'listed' as const,
      outflowOrgId: 'o_other',
      outflowName: '另一个党支部',
    };
    expect(buildUpdateInput(form, member, true)).toEqual({
      input: { version: 3, outflow: { kind: 'listed', orgId: 'o_other' } },
    });
  });

  it('sends skills only when the list changed', () => {
    expect(buildUpdateInput({ ...formFromMember(member), skills: '水电维修' }, member, false)).toEqual({ unchanged: true });
    expect(buildUpdateInput({ ...formFromMember(member), skills: '水电维修、开锁' }, member, false)).toEqual({
      input: { version: 3, skills: ['水电维修', '开锁'] },
    });
  });

  it('refuses to blank a required text', () => {
    expect(buildUpdateInput({ ...formFromMember(member), workplace: '  ' }, member, false)).toEqual({
      errors: { workplace: '请填写工作单位' },
    });
  });
});
