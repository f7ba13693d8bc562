import { idCardCheckCharacter, idCardGender, idCardProblem, normalizeIdCard } from './id-card';

describe('ID numbers', () => {
  it('accepts a number whose check character is right, including X', () => {
    // GB 11643-1999's own example.
    expect(idCardProblem('11010519491231002X')).toBeNull();
    expect(idCardCheckCharacter('11010519491231002')).toBe('X');
    expect(idCardProblem(normalizeIdCard(' 11010519491231002x '))).toBeNull();
  });

  it.each([
    ['110105194912310021', 'checkDigit'],
    ['1101051949123100', 'format'],
    ['11010519491331002X', 'birthDate'],
    ['110105194902300028', 'birthDate'],
    ['11010518001231002X', 'birthDate'],
  ])('names what is wrong with %s', (idCard, problem) => {
    expect(idCardProblem(idCard)).toBe(problem);
  });

  it('reads the gender from the 17th digit', () => {
    expect(idCardGender('11010519491231002X')).toBe('female');
    expect(idCardGender('110105194912310013')).toBe('male');
  });
});
