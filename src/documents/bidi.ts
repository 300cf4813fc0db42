/**
 * Just enough of the Unicode bidirectional algorithm for printed documents: a line's characters split into runs of
 * one direction, in the order they are drawn. Arabic and Hebrew letters are right to left; letters of other scripts
 * and all digits (Arabic-Indic ones included) left to right; spaces and punctuation take the direction of the
 * letters around them, or the paragraph's when those disagree. Pure; the PDF writer shapes each run.
 */

export type Direction = 'ltr' | 'rtl';

/** One run of a line in drawing order, left to right on the page. */
export interface VisualRun {
  text: string;
  direction: Direction;
}

const RTL_LETTER = /[\u0590-\u05FF\u0600-\u065F\u066A-\u06EF\u06FA-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const STRONG_LTR = /[\p{L}\p{N}]/u;
// Marks a formatter or a typist may put in (Intl puts RLM and ALM into Arabic dates); fonts have no glyph for them.
const CONTROLS = /[\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

/** The text without invisible bidirectional controls, which a PDF cannot show and this layout does not need. */
export function withoutBidiControls(text: string): string {
  return text.replace(CONTROLS, '');
}

/** The paragraph direction of a locale's documents. */
export function directionOfLocale(locale: string): Direction {
  return locale === 'ar' || locale === 'he' || locale === 'fa' || locale === 'ur' ? 'rtl' : 'ltr';
}

type Strength = Direction | 'neutral';

function strength(char: string): Strength {
  if (RTL_LETTER.test(char)) return 'rtl';
  if (STRONG_LTR.test(char)) return 'ltr';
  return 'neutral';
}

/** A line's runs in drawing order: logical order for a left-to-right paragraph, reversed for a right-to-left one. */
export function visualRuns(line: string, base: Direction): VisualRun[] {
  const chars = [...line];
  const kinds = chars.map(strength);
  // Each neutral takes the direction shared by the nearest strong characters on both sides, else the paragraph's.
  const resolved: Direction[] = new Array(chars.length);
  let previous: Direction | undefined;
  for (let i = 0; i < chars.length; i++) {
    const kind = kinds[i]!;
    if (kind !== 'neutral') {
      resolved[i] = kind;
      previous = kind;
      continue;
    }
    let next: Direction | undefined;
    for (let j = i + 1; j < chars.length; j++) {
      const k = kinds[j]!;
      if (k !== 'neutral') {
        next = k;
        break;
      }
    }
    resolved[i] = previous !== undefined && previous === next ? previous : base;
  }
  const runs: VisualRun[] = [];
  chars.forEach((char, i) => {
    const last = runs[runs.length - 1];
    if (last && last.direction === resolved[i]) last.text += char;
    else runs.push({ text: char, direction: resolved[i]! });
  });
  return base === 'rtl' ? runs.reverse() : runs;
}

/** Break opportunities: after a space, and around each CJK ideograph or kana (Chinese and Japanese use no spaces). */
const CJK_CHAR = /[\u2E80-\u2FFF\u3000-\u303F\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/u;

/** A word of a paragraph and whether a space separated it from the one before. */
export interface Token {
  text: string;
  spaceBefore: boolean;
}

/** The paragraph's words in logical order, CJK characters one by one. */
export function tokens(paragraph: string): Token[] {
  const out: Token[] = [];
  for (const [i, word] of paragraph.split(/\s+/).filter(Boolean).entries()) {
    let current = '';
    let first = true;
    const push = (text: string) => {
      out.push({ text, spaceBefore: first && i > 0 });
      first = false;
    };
    for (const char of word) {
      if (CJK_CHAR.test(char)) {
        if (current) push(current);
        current = '';
        push(char);
      } else {
        current += char;
      }
    }
    if (current) push(current);
  }
  return out;
}

/**
 * Lines of a paragraph no wider than `width`, by `measure`: greedy, in logical order, a line's width taken as the sum of
 * its words' and spaces' (so each word is measured once); a word wider than a line is cut between characters.
 * Bounded by the paragraph's length.
 */
export function wrap(paragraph: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  const space = measure(' ');
  let line = '';
  let used = 0;
  for (const token of tokens(paragraph)) {
    const w = measure(token.text);
    const gap = token.spaceBefore ? space : 0;
    if (line && used + gap + w <= width) {
      line += `${token.spaceBefore ? ' ' : ''}${token.text}`;
      used += gap + w;
      continue;
    }
    if (line) lines.push(line);
    line = token.text;
    used = w;
    if (w <= width) continue;
    // A token longer than the line (a hash, a long address without spaces) is cut by characters.
    line = '';
    used = 0;
    for (const char of token.text) {
      const cw = measure(char);
      if (line && used + cw > width) {
        lines.push(line);
        line = '';
        used = 0;
      }
      line += char;
      used += cw;
    }
  }
  if (line) lines.push(line);
  return lines;
}
