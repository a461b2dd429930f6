/** Tokens, join codes and their comparison. */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Join codes avoid letters and digits that read alike (0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newJoinCode(length = 6): string {
  let code = '';
  for (let i = 0; i < length; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export function newToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function newStudentId(): string {
  return `s_${randomBytes(6).toString('hex')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compare two strings in time that does not depend on where they differ (both are hashed first, so lengths match). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Join codes compare without regard to case or spaces the student typed. */
export function sameJoinCode(given: string, expected: string): boolean {
  return sameSecret(given.replace(/[\s-]+/g, '').toUpperCase(), expected.toUpperCase());
}
