/**
 * Mainland resident ID numbers (GB 11643-1999): 17 digits and a check character computed
 * with ISO 7064 MOD 11-2. Pure functions, shared by the schema and the services.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

export function idCardCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARACTERS[sum % 11];
}

/** Upper-cases a trailing x and strips spaces, so one number has one spelling. */
export function normalizeIdCard(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export type IdCardProblem = 'format' | 'birthDate' | 'checkDigit';

/** Why a normalized ID number is invalid, or `null` when it is valid. */
export function idCardProblem(idCard: string): IdCardProblem | null {
  if (!/^\d{17}[\dX]$/.test(idCard)) return 'format';
  const year = Number(idCard.slice(6, 10));
  const month = Number(idCard.slice(10, 12));
  const day = Number(idCard.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return 'birthDate';
  }
  if (idCardCheckCharacter(idCard.slice(0, 17)) !== idCard[17]) return 'checkDigit';
  return null;
}

/** The 17th digit is odd for men and even for women. */
export function idCardGender(idCard: string): 'male' | 'female' {
  return Number(idCard[16]) % 2 === 1 ? 'male' : 'female';
}
