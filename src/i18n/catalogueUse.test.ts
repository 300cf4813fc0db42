import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../domain/types.js';
import { intlTag } from './index.js';

/**
 * What the catalogues and the code must agree on, beyond every locale having every key (`catalogues.test.ts`):
 * no key the code never asks for, plural messages with every plural form the language has, and no text a person
 * reads written into a view instead of a catalogue.
 */

const SRC = fileURLToPath(new URL('../', import.meta.url));
const catalogue = (locale: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(new URL(`./catalogues/${locale}.json`, import.meta.url), 'utf8')) as Record<string, { message: string }>;
const en = catalogue('en');

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}
const sources = sourceFiles(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));

/**
 * Keys the code builds from a value (`t(\`status.${s}\`)`), by the literal prefix before the value, with why the
 * values are a closed set. A key is used when its id appears as a string in the code or starts with one of these;
 * a new prefix in the code must be listed here, so a key built from a value is never mistaken for an unused one.
 */
const DYNAMIC_PREFIXES: Record<string, string> = {
  'admin.second_factor_': 'the two second-factor rules of a jurisdiction',
  'audit.': 'the cyber inspection sections, by their ids',
  'calendar.effect.': 'what an imported calendar line does',
  'calendar.saved.': 'the calendar change just saved',
  'calendar.source.': 'where a closed day comes from',
  'calendar.source_explained.': 'where a closed day comes from, explained',
  'category.': 'the procedure categories (`CATEGORIES`)',
  'channel.': 'the filing channels (`CHANNELS`)',
  'clock.state.': 'the states of a clock',
  'delay_category.': 'the categories of a delay reason (`DELAY_CATEGORIES` and `not_stated`)',
  'event.': 'the event types',
  'event.field.': 'the fields an event shows',
  'fair.conflicts.': 'the conflict page notices',
  'fair.gift.kind.': 'the kinds of gift',
  'fair.gift.outcome.': 'what became of a gift',
  'fair.kind.': 'the kinds of conflict declaration',
  'fair.measure.': 'the signals’ measures',
  'fair.review.': 'the reviews of a signal',
  'fair.review.done_': 'the review just recorded',
  'fair.signal.kind.': 'the kinds of signal',
  'follow.done.': 'the follow change just made',
  'follow.status.': 'the states of a follow',
  'integrity.internal.state_': 'the states of the internal survey',
  'integrity.invitation.': 'the states of a survey invitation',
  'integrity.kind_': 'deductions and effort scores',
  'integrity.preset_': 'the index model presets',
  'integrity.source_': 'the index components',
  'integrity.survey.state_': 'the states of a survey link',
  'journey.queue_order.': 'the queue orders',
  'journey.queue_sort.': 'the queue sort choices',
  'map.error.': 'the map query errors',
  'me.mail_kind.': 'the kinds of e-mail a citizen receives',
  'opendata.admin.format.': 'the BLDS formats',
  'opendata.column.': 'the open-data columns',
  'opendata.format.': 'the download formats',
  'opendata.kind.': 'the kinds of download',
  'opendata.open311.': 'the Open311 error codes',
  'rating.office_scope_': 'the ratings periods',
  'rating.score_': 'the satisfaction scores 1–5',
  'procedure_editor.': 'the editor’s three row lists (stages, documents, fields): their headings, hints and row names',
  'procedure_editor.no_': 'an empty row list',
  'procedure_editor.add_': 'adding a row to a list',
  'procedure_editor.period.': 'the units a stage’s duration is counted in',
  'procedure_editor.type.': 'the types of a form field',
  'contracts.stage.': 'the stages of a contracting process',
  'contracts.status.': 'the states of a contracting process',
  'contracts.method.': 'the procurement methods',
  'contracts.category.': 'goods, works and services',
  'contracts.act.': 'the acts on a contracting process',
  'contracts.flag.': 'the red flags of a contracting process',
  'contracts.flag_kind.': 'the names of the red flags\' kinds',
  'declaration.category.': 'the categories of declared assets',
  'declaration.holder.': 'whose an asset is (self, spouse, parent, child)',
  'declaration.status.': 'filed on time, late or not filed',
  'declaration.change.': 'the bands of change since last year',
  'declaration.rules.setting.': 'the settings a change of the declaration rules touched',
  'report.action_': 'the acts recorded in a report’s access log',
  'report.body_': 'the bodies a report can be referred to',
  'report.category_': 'the report categories',
  'report.deadline_': 'the states of a report deadline',
  'report.decide_': 'a custodian’s decisions',
  'report.disclosure_': 'how a reporter discloses',
  'report.done_': 'the investigator’s act just recorded',
  'report.kind_': 'message or note',
  'report.metadata_kind_': 'the kinds of hidden file details removed',
  'report.outcome_': 'the report outcomes',
  'report.priority_': 'the report priorities',
  'report.recipient_': 'who a report is addressed to',
  'report.request_': 'the states of an identity request',
  'report.severity_': 'the severities of a finding',
  'report.status_': 'the report statuses',
  'role.': 'the office roles (`ROLES`)',
  'stage.': 'the states of a stage',
  'stats.period_': 'the statistics periods',
  'status.': 'the application statuses (`STATUSES`)',
};

describe('catalogue keys the code uses', () => {
  const code = sources.map((s) => s.text).join('\n');
  const literals = new Set([...code.matchAll(/['"`]([a-z0-9_]+(?:\.[a-z0-9_-]+)+)['"`]/g)].map((m) => m[1]!));

  it('lists every prefix the code builds keys from', () => {
    const built = new Set(
      sources.flatMap((s) => [...s.text.matchAll(/`([a-z0-9_]+\.[a-z0-9_.]*)\$\{/g)].map((m) => m[1]!)).filter((p) => Object.keys(en).some((k) => k.startsWith(p))),
    );
    expect([...built].filter((p) => !(p in DYNAMIC_PREFIXES)).sort()).toEqual([]);
    // A prefix no code builds any more is dead weight in the list.
    expect(Object.keys(DYNAMIC_PREFIXES).filter((p) => !built.has(p))).toEqual([]);
  });

  it('has no key the code never asks for', () => {
    const prefixes = Object.keys(DYNAMIC_PREFIXES);
    const unused = Object.keys(en).filter((k) => !literals.has(k) && !prefixes.some((p) => k.startsWith(p)));
    expect(unused).toEqual([]);
  });
});

/** Every plural (and ordinal) element of a message, with the branches it offers. */
function plurals(elements: MessageFormatElement[], out: { ordinal: boolean; options: string[] }[] = []) {
  for (const el of elements) {
    if (el.type === TYPE.plural) {
      out.push({ ordinal: el.pluralType === 'ordinal', options: Object.keys(el.options) });
      for (const o of Object.values(el.options)) plurals(o.value, out);
    } else if (el.type === TYPE.select) {
      for (const o of Object.values(el.options)) plurals(o.value, out);
    } else if (el.type === TYPE.tag) {
      plurals(el.children, out);
    }
  }
  return out;
}

describe.each(LOCALES.map((l) => [l]))('plural forms in %s', (locale) => {
  it('cover every CLDR plural category of the language', () => {
    const cardinal = new Intl.PluralRules(intlTag(locale)).resolvedOptions().pluralCategories;
    const ordinal = new Intl.PluralRules(intlTag(locale), { type: 'ordinal' }).resolvedOptions().pluralCategories;
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(catalogue(locale))) {
      let elements: MessageFormatElement[];
      try {
        elements = parse(entry.message);
      } catch {
        continue; // `catalogues.test.ts` reports a message that does not parse.
      }
      for (const p of plurals(elements)) {
        const missing = (p.ordinal ? ordinal : cardinal).filter((c) => !p.options.includes(c));
        if (missing.length) problems.push(`${key}: no ${missing.join(', ')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

/**
 * Words in views that are not translated because they are names or codes: the product's name, formats and standards,
 * and symbols.
 */
const UNTRANSLATED = new Set(['Daylight', 'Atom', 'JSON', 'CSV', 'XML', 'Open311', 'BLDS', 'API', 'OpenAPI', 'SHA-256', 'QR', 'PDF', 'GeoJSON', 'iCalendar', 'ICS', 'TOTP', 'UTC', 'KRW', '₩', 'OK']);

/** Whether a text has a word that is not a name or code from `UNTRANSLATED`. */
function hasWords(text: string): boolean {
  // Paths, addresses and codes with digits (`/log/key`, `2026-DB-0000123`) are not words.
  const tokens = text.split(/\s+/).filter((token) => !/[/@\d]/.test(token));
  return tokens.some((token) => (token.match(/\p{L}[\p{L}\p{N}’'-]*/gu) ?? []).some((word) => !UNTRANSLATED.has(word)));
}

/** The texts a view writes itself: JSX text with letters, and `title`, `aria-label`, `placeholder` and `alt` strings. */
function writtenInView(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const words = node.text.replace(/\s+/g, ' ').trim();
      if (hasWords(words)) found.push(words);
    } else if (ts.isJsxAttribute(node) && ['title', 'aria-label', 'placeholder', 'alt'].includes(node.name.getText(file))) {
      const value = node.initializer;
      if (value && ts.isStringLiteral(value) && hasWords(value.text)) found.push(`${node.name.getText(file)}="${value.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('views', () => {
  it('write no text a person reads outside the catalogues', () => {
    const problems = sources
      .filter((s) => s.path.startsWith('views/') && s.path.endsWith('.tsx'))
      .flatMap((s) => writtenInView(s.path, s.text).map((words) => `${s.path}: ${words}`));
    expect(problems).toEqual([]);
  });

  it('catch a text written into a view', () => {
    expect(writtenInView('x.tsx', 'const a = <p title="Close">Submit the form {name}</p>;')).toEqual(['title="Close"', 'Submit the form']);
    expect(writtenInView('x.tsx', 'const a = <p aria-label={t("k")}>{t("k")} · Daylight</p>;')).toEqual([]);
  });
});
