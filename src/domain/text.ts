/**
 * Characters that are invisible and never what a person means to type into a form: the Unicode bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make a title on the public record read
 * backwards ("Trojan Source"), and the C0 and C1 control characters other than tab, line feed and carriage return
 * (U+0001–U+001F, U+007F–U+009F), which would otherwise stay in a public record for good (an event is never
 * changed) and reach every copy of it. The plain direction marks (LRM, RLM, ALM) stay: Arabic text needs them and they
 * reorder nothing. A NUL is left to the rest of the edge: it cannot be stored, and is refused with a 400.
 */
const INVISIBLE_CONTROLS = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text without bidirectional embeddings, overrides and isolates, and without control characters but tab and line ends. */
export function withoutInvisibleControls(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, '');
}

/**
 * Removes invisible controls (`withoutInvisibleControls`) from every string in a parsed request body (form fields, multipart fields, JSON),
 * in place, down to a fixed depth. Returns the body.
 */
export function cleanBody<T>(body: T, depth = 0): T {
  if (depth > 8 || body === null || typeof body !== 'object') return body;
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'string') record[key] = withoutInvisibleControls(value);
    else if (value && typeof value === 'object') {
      // A multipart field ({ type: 'field', value }) is cleaned like any object; a file's bytes are not text.
      if ((value as { type?: unknown }).type === 'file') continue;
      cleanBody(value, depth + 1);
    }
  }
  return body;
}
