import { withoutInvisibleControls } from '../domain/text.js';

/** Most parameters a query string may carry; the rest are ignored. */
const MAX_PARAMETERS = 100;

/**
 * Parses a query string into single values. A repeated parameter (`?q=a&q=b`) counts once, with its first value, so no
 * handler ever meets an array where it expects text; malformed percent-encodings decode to U+FFFD instead of failing,
 * invisible controls are dropped (`domain/text.ts`), and so are names that could reach an object's prototype.
 */
export function parseQueryString(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of new URLSearchParams(text)) {
    if (name === '__proto__' || name === 'constructor' || name === 'prototype') continue;
    if (Object.hasOwn(out, name)) continue;
    if (++count > MAX_PARAMETERS) break;
    out[name] = withoutInvisibleControls(value);
  }
  return out;
}
