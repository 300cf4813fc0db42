import type { RegisterFilters } from '../db/repos/publicRead.js';
import type { RegisterChoice } from '../db/repos/register.js';
import { STATUSES, type Locale, type Status } from '../domain/types.js';
import { pickMarked } from '../i18n/index.js';
import { decodeCursor } from '../presenters/public.js';
import { AppError } from '../errors.js';

/** A calendar day `YYYY-MM-DD` that exists (no 30 February), as the instant it starts in Korea; undefined if not. */
function registerDay(v: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00+09:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  // Date rolls 2025-02-30 over to 2 March; a day that does not exist is refused instead.
  const back = new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
  return back === v ? d : undefined;
}

/** One register parameter that could not be used: its field and the catalogue key that says why. */
export interface RegisterIssue {
  field: 'status' | 'from' | 'to' | 'sort' | 'cursor' | 'unit' | 'procedure';
  key: string;
}

/**
 * Reads the register's query string one parameter at a time: a malformed parameter is left out and named, the others
 * still apply, so one bad value in a shared link does not silently widen the search to everything. `empty` says the
 * query can match nothing (a period that ends before it starts).
 */
export function readRegisterQuery(q: Record<string, string | undefined>, limit: number): { filters: RegisterFilters; issues: RegisterIssue[]; empty: boolean } {
  const filters: RegisterFilters = { limit };
  const issues: RegisterIssue[] = [];
  if (q.q?.trim()) filters.q = q.q.trim().slice(0, 200);
  if (q.procedure) filters.procedure = q.procedure;
  if (q.unit) filters.unit = q.unit;
  if (q.jurisdiction) filters.jurisdiction = q.jurisdiction;
  if (q.status) {
    if ((STATUSES as readonly string[]).includes(q.status)) filters.status = q.status as Status;
    else issues.push({ field: 'status', key: 'error.bad_filters' });
  }
  if (q.from) {
    const from = registerDay(q.from);
    if (from) filters.from = from;
    else issues.push({ field: 'from', key: 'map.error.date' });
  }
  if (q.to) {
    const to = registerDay(q.to);
    if (to) filters.to = new Date(to.getTime() + 86_400_000);
    else issues.push({ field: 'to', key: 'map.error.date' });
  }
  // A period that ends before it starts finds nothing: say so on its end rather than show an empty list unexplained.
  const empty = Boolean(filters.from && filters.to && filters.from >= filters.to);
  if (empty) issues.push({ field: 'to', key: 'journey.register_from_after_to' });
  if (q.sort) {
    if (q.sort === 'newest' || q.sort === 'oldest') filters.sort = q.sort;
    else issues.push({ field: 'sort', key: 'error.bad_filters' });
  }
  if (q.cursor) {
    const after = decodeCursor(q.cursor);
    if (after) filters.after = after;
    else issues.push({ field: 'cursor', key: 'error.bad_filters' });
  } else if (q.before) {
    const before = decodeCursor(q.before);
    if (before) filters.before = before;
    else issues.push({ field: 'cursor', key: 'error.bad_filters' });
  }
  return { filters, issues, empty };
}

/** Parses the register's query string strictly, as feeds and the map need it; throws on the first bad parameter. */
export function registerFilters(q: Record<string, string | undefined>, limit: number): RegisterFilters {
  const { filters, issues } = readRegisterQuery(q, limit);
  const first = issues[0];
  if (!first) return filters;
  if (first.key === 'journey.register_from_after_to') throw new RegisterFilterError('from_after_to');
  throw new Error(first.field);
}

/**
 * The register's filters for a client that asked for exactly them (the JSON API, a feed): a parameter that cannot be
 * used refuses the request, each named with what is wrong with it, rather than widening the search without it.
 */
export function registerFiltersOrRefuse(q: Record<string, string | undefined>, limit: number): RegisterFilters {
  const { filters, issues } = readRegisterQuery(q, limit);
  if (!issues.length) return filters;
  const fields = issues.map((i) => ({ field: i.field, key: i.key === 'error.bad_filters' ? 'error.invalid_value' : i.key }));
  throw new AppError('validation', 'error.bad_filters_refused', {}, fields);
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
