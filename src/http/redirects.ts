/**
 * The one check for where a redirect may go after a form: a path on this site. Browsers read `//host`, `/\host` and
 * paths with tabs or newlines stripped (`/\t/host`) as another site, so anything with a backslash, whitespace, a
 * control character or a percent-encoded one, or a second leading slash is refused, and the result must resolve to
 * this origin.
 */
export function safeLocalPath(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  // Backslashes, whitespace and control characters, raw or percent-encoded (%09, %0a, %0d, %5c, %00-%1f, %7f).
  if (/[\\\s\u0000-\u001f\u007f]/.test(value) || /%(?:[01][0-9a-f]|7f|5c|20)/i.test(value)) return fallback;
  const base = 'http://daylight.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base || url.pathname.startsWith('//')) return fallback;
  return value;
}
