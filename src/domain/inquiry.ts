import { createHash, randomBytes } from 'node:crypto';

/** Longest question or answer, in characters. */
export const INQUIRY_MAX_CHARS = 2000;

/** Words that suggest a bribe or an unofficial fee was asked for or offered (matched case-insensitively). */
const CORRUPTION_WORDS = ['bribe', 'unofficial fee', '뇌물', '급행료', '사례금', '금품'];

/** True when a question mentions bribes or unofficial fees, so the asker is pointed to the reporting channel. */
export function mentionsCorruption(text: string): boolean {
  const lower = text.toLowerCase();
  return CORRUPTION_WORDS.some((w) => lower.includes(w));
}

/**
 * A question's or answer's text as stored and committed: line breaks as LF (a form sends CR LF, and HTML shows LF,
 * so a reader checking the page against the log hashes what they see), without surrounding white space.
 */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** A fresh salt for a text commitment (so a redacted text cannot be confirmed by guessing it). */
export function newSalt(): string {
  return randomBytes(16).toString('hex');
}

/** The commitment the public event carries: SHA-256 (hex) of the salt, a newline and the text's UTF-8. */
export function commitText(salt: string, text: string): string {
  return createHash('sha256').update(`${salt}\n${text}`, 'utf8').digest('hex');
}
