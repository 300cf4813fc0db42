/**
 * Byte helpers shared by the log's formats. Node's own base64 decoder skips characters it does not know, which
 * would let two different texts carry the same signature or hash; every parser here goes through the strict one.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes standard base64 (RFC 4648 section 4, padded); null unless `text` is the one canonical encoding. */
export function decodeBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  // Non-zero unused bits in the last character decode to the same bytes; only the canonical form is accepted.
  if (bytes.toString('base64') !== text) return null;
  return bytes;
}

/** Encodes bytes as standard padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** True when both arrays hold the same bytes; hashes here are public, so timing does not matter. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lowercase hex of the bytes, for messages and key ids. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** True for a non-negative safe integer, the only kind of size or index the log accepts. */
export function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

// Below U+0020 only the newline is allowed (signed-note); lone surrogates cannot be encoded as UTF-8.
const FORBIDDEN_TEXT =
  /[\u0000-\u0009\u000b-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `text` is valid UTF-8 material with no ASCII control characters other than newline. */
export function isCleanText(text: string): boolean {
  return !FORBIDDEN_TEXT.test(text);
}
