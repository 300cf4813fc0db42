import { readFileSync, readdirSync } from 'node:fs';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../domain/types.js';

type Entry = { message: string; description?: string };
const dir = new URL('./catalogues/', import.meta.url);
const load = (locale: string): Record<string, Entry> =>
  JSON.parse(readFileSync(new URL(`${locale}.json`, dir), 'utf8')) as Record<string, Entry>;
const en = load('en');

/** The argument names a message uses, and for each plural or select argument the sorted set of its options. */
function shape(elements: MessageFormatElement[], out = new Map<string, string>()): Map<string, string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) {
      if (!out.has(el.value)) out.set(el.value, String(el.type));
    } else if (el.type === TYPE.plural || el.type === TYPE.select) {
      out.set(el.value, `${el.type}`);
      for (const option of Object.values(el.options)) shape(option.value, out);
    } else if (el.type === TYPE.tag) {
      shape(el.children, out);
    }
  }
  return out;
}

describe('message catalogues', () => {
  it('has one file a locale, and no file for a locale Daylight does not offer', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...LOCALES].sort());
  });

  it('gives every English message a note for translators', () => {
    const bare = Object.entries(en).filter(([, e]) => !e.description?.trim()).map(([k]) => k);
    expect(bare).toEqual([]);
  });

  describe.each(LOCALES.map((l) => [l]))('%s', (locale) => {
    const catalogue = load(locale);
    it('has exactly the English keys', () => {
      expect(Object.keys(catalogue).filter((k) => !(k in en))).toEqual([]);
      expect(Object.keys(en).filter((k) => !(k in catalogue))).toEqual([]);
    });
    it('has a non-empty message for each key that parses as ICU MessageFormat with the English placeholders', () => {
      const problems: string[] = [];
      for (const [key, entry] of Object.entries(catalogue)) {
        const source = en[key];
        if (!source) continue;
        if (typeof entry.message !== 'string' || !entry.message.trim()) {
          problems.push(`${key}: empty`);
          continue;
        }
        let mine: Map<string, string>;
        try {
          mine = shape(parse(entry.message, { requiresOtherClause: true }));
        } catch (error) {
          problems.push(`${key}: ${(error as Error).message}`);
          continue;
        }
        const theirs = shape(parse(source.message));
        const a = [...mine.keys()].sort().join(',');
        const b = [...theirs.keys()].sort().join(',');
        if (a !== b) problems.push(`${key}: placeholders {${a}} instead of {${b}}`);
      }
      expect(problems).toEqual([]);
    });
  });
});
