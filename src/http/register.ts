import type { RegisterFilters } from '../db/repos/publicRead.js';
import type { RegisterChoice } from '../db/repos/register.js';
import { STATUSES, type Locale, type Status } from '../domain/types.js';
import { pickMarked } from '../i18n/index.js';
import { decodeCursor } from '../presenters/public.js';

/** Parses the register's query string; throws on malformed dates, statuses or cursors. */
export function registerFilters(q: Record<string, string | undefined>, limit: number): RegisterFilters {
  const filters: RegisterFilters = { limit };
  if (q.q?.trim()) filters.q = q.q.trim().slice(0, 200);
  if (q.procedure) filters.procedure = q.procedure;
  if (q.unit) filters.unit = q.unit;
  if (q.jurisdiction) filters.jurisdiction = q.jurisdiction;
  if (q.status) {
    if (!(STATUSES as readonly string[]).includes(q.status)) throw new Error('status');
    filters.status = q.status as Status;
  }
  const day = (v: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error('date');
    const d = new Date(`${v}T00:00:00+09:00`);
    if (Number.isNaN(d.getTime())) throw new Error('date');
    return d;
  };
  if (q.from) filters.from = day(q.from);
  if (q.to) filters.to = new Date(day(q.to).getTime() + 86_400_000);
  // A period that ends before it starts finds nothing: say so rather than show an empty list.
  if (filters.from && filters.to && filters.from >= filters.to) throw new RegisterFilterError('from_after_to');
  if (q.sort) {
    if (q.sort !== 'newest' && q.sort !== 'oldest') throw new Error('sort');
    filters.sort = q.sort;
  }
  if (q.cursor) {
    const after = decodeCursor(q.cursor);
    if (!after) throw new Error('cursor');
    filters.after = after;
  } else if (q.before) {
    const before = decodeCursor(q.before);
    if (!before) throw new Error('cursor');
    filters.before = before;
  }
  return filters;
}

/** A register filter a person can correct, named by the field it concerns. */
export class RegisterFilterError extends Error {
  constructor(readonly problem: 'from_after_to') {
    super(problem);
  }
}

/**
 * The register's choice lists named in the reader's language, as the register and the map offer them: a procedure
 * without a name in that language shows its other name, a unit always its name in that language.
 */
export function namedChoices(locale: Locale, choices: { procedures: RegisterChoice[]; units: RegisterChoice[] }): { procedures: { code: string; name: string }[]; units: { code: string; name: string }[] } {
  return {
    procedures: choices.procedures.map((p) => ({ code: p.code, name: pickMarked(p.name, locale) })),
    // Departments of the same name in different jurisdictions are told apart by their jurisdiction.
    units: choices.units.map((u) => {
      const name = pickMarked(u.name, locale);
      const twins = choices.units.filter((o) => pickMarked(o.name, locale) === name).length > 1;
      return { code: u.code, name: twins && u.jurisdiction ? `${name} (${pickMarked(u.jurisdiction, locale)})` : name };
    }),
  };
}
