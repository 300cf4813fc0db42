/**
 * Test code only: a naive, recursive RFC 6962 section 2.1 reference (MTH, PATH, PROOF) written straight from the
 * RFC's definitions, with its own hashing, so the fast implementations are checked against something that shares
 * no code with them. Quadratic and slow on purpose; never import it from the app.
 */
import { createHash } from 'node:crypto';

function sha256(...parts: Uint8Array[]): Uint8Array {
  return createHash('sha256').update(Buffer.concat(parts)).digest();
}

/** The largest power of two smaller than n (n > 1). */
function k(n: number): number {
  let power = 1;
  while (power * 2 < n) power *= 2;
  return power;
}

/** MTH(D[n]) over raw entries. */
export function mth(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha256();
  if (d.length === 1) return sha256(Uint8Array.of(0), d[0]!);
  const split = k(d.length);
  return sha256(Uint8Array.of(1), mth(d.slice(0, split)), mth(d.slice(split)));
}

/** PATH(m, D[n]): the inclusion proof of entry m. */
export function path(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const split = k(d.length);
  if (m < split) return [...path(m, d.slice(0, split)), mth(d.slice(split))];
  return [...path(m - split, d.slice(split)), mth(d.slice(0, split))];
}

function subproof(m: number, d: readonly Uint8Array[], complete: boolean): Uint8Array[] {
  if (m === d.length) return complete ? [] : [mth(d)];
  const split = k(d.length);
  if (m <= split) return [...subproof(m, d.slice(0, split), complete), mth(d.slice(split))];
  return [...subproof(m - split, d.slice(split), false), mth(d.slice(0, split))];
}

/** PROOF(m, D[n]): the consistency proof from the first m entries to all of D. */
export function proof(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  return subproof(m, d, true);
}

/** Deterministic distinct entries for test trees. */
export function entries(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => Buffer.from(`entry ${i}`, 'utf8'));
}
