/**
 * Passwords for emergency accounts: long, random, and within Entra ID's rules (at most 256
 * characters; at least three of lower case, upper case, digits and symbols).
 */
import { randomInt } from 'node:crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
// Symbols Entra accepts; quotes and backslash are left out so the password survives any shell.
const SYMBOLS = '!#$%&()*+,-./:;<=>?@[]^_{|}~';
const ALL = LOWER + UPPER + DIGITS + SYMBOLS;

/** A random password of `length` characters with every character class present. */
export function generatePassword(length = 48): string {
  if (length < 16 || length > 256) throw new RangeError('password length must be 16..256');
  const chars = [LOWER, UPPER, DIGITS, SYMBOLS].map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(ALL[randomInt(ALL.length)]!);
  // Fisher–Yates with a CSPRNG so the guaranteed classes are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
