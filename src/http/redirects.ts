/**
 * Where a `next` or `back` parameter may send a browser: only to a path on this site. Strict on purpose: a single
 * leading `/`, no backslash and no control character (raw or percent-encoded), no raw whitespace, nothing a
 * browser could read as another host (`//x`, `/\x`, `/%09/x`, `/%2F/x`), and the URL it resolves to keeps this origin.
 */
export function safeLocalPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  if (/[\\\s\u0000-\u001f\u007f]/.test(value)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback;
  }
  if (decoded.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(decoded)) return fallback;
  const base = 'http://h.invalid';
  try {
    if (new URL(value, base).origin !== base || new URL(decoded, base).origin !== base) return fallback;
  } catch {
    return fallback;
  }
  return value;
}
