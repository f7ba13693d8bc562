import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A short random id, `<prefix>_<12 chars>`: short because a branch id must fit a
 * mini-program code's 32-character scene value with room to spare.
 */
export function newId(prefix: string): string {
  return idFromBytes(prefix, randomBytes(12));
}

/** The id of the same shape that `seed` always gives: a retried create lands on its first record. */
export function derivedId(prefix: string, seed: string): string {
  return idFromBytes(prefix, createHash('sha256').update(seed).digest().subarray(0, 12));
}

function idFromBytes(prefix: string, bytes: Uint8Array): string {
  let suffix = '';
  for (const byte of bytes) suffix += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${suffix}`;
}
