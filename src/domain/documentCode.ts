/**
 * The verification code printed on a receipt or a decision notice. It names the public part of the document and
 * nothing else: the application's public number, the sequence number of the event the document certifies, and the
 * first 50 bits of that event's RFC 6962 leaf hash (the SHA-256 of its public log entry) in Crockford base32. The
 * applicant's name, contacts and access code are never part of it (ADR 0018).
 */
import { NUMBER_PATTERN } from './time.js';

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or retyped is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters of the digest in a code (5 bits each). */
export const DIGEST_LENGTH = 10;
/** The largest event sequence number a code may name (applications never reach it; it bounds parsing). */
const MAX_SEQ = 999_999;

/** What a code names. */
export interface DocumentCode {
  number: string;
  seq: number;
  /** The leaf hash's first 50 bits, Crockford base32, upper case. */
  digest: string;
}

/** The first `DIGEST_LENGTH` base32 characters of a leaf hash (at least 7 bytes). */
export function digestOfLeafHash(leafHash: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of leafHash) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < DIGEST_LENGTH) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === DIGEST_LENGTH) return out;
  }
  throw new Error('a leaf hash is 32 bytes');
}

/** The code as it goes into a link: `2026-GN-0001234.7.K3QX9M2PT7`. */
export function formatDocumentCode(code: DocumentCode): string {
  return `${code.number}.${code.seq}.${code.digest}`;
}

/** The code as printed for people to type: `2026-GN-0001234 · 7 · K3QX9-M2PT7`. */
export function displayDocumentCode(code: DocumentCode): string {
  return `${code.number} · ${code.seq} · ${code.digest.slice(0, 5)}-${code.digest.slice(5)}`;
}

/**
 * Reads a code as a person may type it: any case, spaces, dots, slashes, middle dots or dashes between the parts and
 * inside the digest, and the letters Crockford maps (O to 0, I and L to 1). Null for anything else; never throws.
 */
export function parseDocumentCode(input: string): DocumentCode | null {
  if (input.length > 80) return null;
  const text = input.normalize('NFKC').toUpperCase().trim();
  const match = /^(\d{4}-[A-Z]{2,4}-\d{7})[\s./·-]+(\d{1,6})[\s./·-]+([0-9A-Z][0-9A-Z\s-]*)$/.exec(text);
  if (!match) return null;
  const number = match[1]!;
  const seq = Number(match[2]);
  const digest = match[3]!.replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!NUMBER_PATTERN.test(number) || seq < 1 || seq > MAX_SEQ) return null;
  if (digest.length !== DIGEST_LENGTH || [...digest].some((c) => !ALPHABET.includes(c))) return null;
  return { number, seq, digest };
}

/** Whitespace-insensitive form of a printed passage, for comparing what a person typed with the record. */
export function normalisePassage(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}
