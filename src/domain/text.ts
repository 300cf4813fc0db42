/**
 * The Unicode bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): invisible, never
 * what a person means to type into a form, and able to make a title on the public record read backwards
 * ("Trojan Source"). The plain direction marks (LRM, RLM, ALM) stay: Arabic text needs them and they reorder nothing.
 * Other control characters are left to the rest of the edge: a NUL, which cannot be stored, is refused with a 400.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** The text without bidirectional embeddings, overrides and isolates. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * Removes bidirectional controls from every string in a parsed request body (form fields, multipart fields, JSON),
 * in place, down to a fixed depth. Returns the body.
 */
export function cleanBody<T>(body: T, depth = 0): T {
  if (depth > 8 || body === null || typeof body !== 'object') return body;
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'string') record[key] = withoutBidiControls(value);
    else if (value && typeof value === 'object') {
      // A multipart field ({ type: 'field', value }) is cleaned like any object; a file's bytes are not text.
      if ((value as { type?: unknown }).type === 'file') continue;
      cleanBody(value, depth + 1);
    }
  }
  return body;
}
