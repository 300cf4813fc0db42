import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Crockford's base32 alphabet without look-alikes, so a code read over the phone survives.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A private access code for an applicant: 12 characters (60 bits) in groups of four. */
export function newAccessCode(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i++) out += ALPHABET[bytes[i]! & 31];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}

/** Canonical form of a typed access code: upper case, no separators, look-alikes mapped (O→0, I/L→1). */
export function normalizeAccessCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** SHA-256 hex; enough for high-entropy random secrets (access codes, session tokens, API keys). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Whether `secret` hashes to `storedHash`, compared in constant time so the time taken says nothing about how much
 * of a guess was right. False for a missing hash.
 */
export function matchesSecretHash(storedHash: string | null | undefined, secret: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash ?? '', 'hex');
  return stored.length === given.length && timingSafeEqual(stored, given);
}

/** A random token for sessions and API keys. */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
