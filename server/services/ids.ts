import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A short random id, `<prefix>_<12 chars>`: short because a branch id must fit a
 * mini-program code's 32-character scene value with room to spare.
 */
export function newId(prefix: string): string {
  const bytes = randomBytes(12);
  let suffix = '';
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${suffix}`;
}
