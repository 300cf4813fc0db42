/** How a filled path lines up with the route pattern it was made from: which segments are fixed, which are parameters. */
export interface PathShape {
  /** The filled path's segments (without the leading slash). */
  segments: string[];
  /** Whether each segment is a static part of the route (not a parameter). */
  fixed: boolean[];
}

/** Lines `path` (e.g. `/office/applications/2026-TS-0000001`) up with `pattern` (`/office/applications/:number`). */
export function pathShape(pattern: string, path: string): PathShape {
  const parts = pattern.split('/').slice(1);
  const segments = path.split('/').slice(1);
  const fixed = segments.map((segment, i) => {
    const part = parts[i];
    // A wildcard takes the rest of the path; a segment that only starts with a parameter (`:token`) is one too.
    if (part === undefined || part === '*' || parts.slice(0, i).includes('*')) return false;
    return !part.includes(':') && !part.includes('*');
  });
  return { segments, fixed };
}

/** The percent-encoding of one ASCII character, in the given hex case (`%6f` or `%6F`). */
export const percent = (ch: string, upper: boolean) => {
  const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${upper ? hex.toUpperCase() : hex}`;
};

/**
 * Spellings of the same path that a server must treat as the path itself (or refuse): for each static segment, one
 * letter percent-encoded (the first in lower-case hex, or the last in upper-case hex, alternating), and every static
 * segment's first letter encoded at once. Parameters are left alone.
 */
export function encodedVariants(pattern: string, path: string): string[] {
  const [pathname, query] = splitQuery(path);
  const { segments, fixed } = pathShape(pattern, pathname);
  const out: string[] = [];
  const encodeAt = (segment: string, index: number, upper: boolean) => segment.slice(0, index) + percent(segment[index]!, upper) + segment.slice(index + 1);
  const letters = (segment: string) => [...segment].flatMap((c, i) => (/[A-Za-z]/.test(c) ? [i] : []));
  let n = 0;
  segments.forEach((segment, i) => {
    const at = letters(segment);
    if (!fixed[i] || !at.length) return;
    const upper = n++ % 2 === 1;
    const copy = [...segments];
    copy[i] = encodeAt(segment, upper ? at[at.length - 1]! : at[0]!, upper);
    out.push(`/${copy.join('/')}${query}`);
  });
  if (n > 1) {
    const all = segments.map((segment, i) => (fixed[i] && letters(segment).length ? encodeAt(segment, letters(segment)[0]!, false) : segment));
    out.push(`/${all.join('/')}${query}`);
  }
  return out;
}

/** Splits `/a/b?x=1` into `/a/b` and `?x=1`. */
export function splitQuery(url: string): [string, string] {
  const at = url.indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at)];
}
