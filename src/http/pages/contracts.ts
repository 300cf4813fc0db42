import type { FlaggedProcess } from '../../commands/contracts/contractFlags.js';
import { countContracts, procurementProcedures, searchContracts, type ContractFilters } from '../../db/repos/contracts.js';
import type { Db } from '../../db/types.js';
import { METHODS, PROCUREMENT_CATEGORIES, supplierKey } from '../../domain/contracts.js';
import { RED_FLAG_KINDS } from '../../domain/redFlags.js';
import { decodeCursor, encodeCursor } from '../../presenters/public.js';
import type { ViewContext } from '../../views/context.js';
import { ContractRegisterPage, type FlagCountRow } from '../../views/contractRegister.js';

/** Processes the contracts register lists at once; the next page follows from the last one shown. */
export const CONTRACT_PAGE_SIZE = 25;

const STATUSES = ['received', 'in_review', 'approved', 'rejected', 'withdrawn'];
const AMOUNT = /^\d{1,14}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A local date typed in a form, as the first instant of that day in the jurisdiction's zone (Seoul by default). */
const startOfDay = (day: string) => (DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00+09:00`)) ? new Date(`${day}T00:00:00+09:00`) : null);

/**
 * Reads the register's query: unknown choices are ignored, malformed amounts and dates are named by field (and left
 * out of the search), a range whose end comes before its start is named on its end.
 */
export function contractFilters(raw: Record<string, string | undefined>, t: ViewContext['t']): { filters: ContractFilters; errors: Record<string, string> } {
  const q = (name: string) => (raw[name] ?? '').trim().slice(0, 200);
  const errors: Record<string, string> = {};
  const filters: ContractFilters = { limit: CONTRACT_PAGE_SIZE + 1 };
  if (q('unit')) filters.unit = q('unit');
  if ((PROCUREMENT_CATEGORIES as readonly string[]).includes(q('category'))) filters.category = q('category');
  if ((METHODS as readonly string[]).includes(q('method'))) filters.method = q('method');
  if (STATUSES.includes(q('status'))) filters.status = q('status');
  if (q('supplier')) filters.supplier = q('supplier');
  for (const [name, key] of [['min', 'minValue'], ['max', 'maxValue']] as const) {
    const v = q(name).replace(/,/g, '');
    if (!v) continue;
    if (AMOUNT.test(v)) filters[key] = Number(v);
    else errors[name] = t('contracts.search.bad_amount');
  }
  if (filters.minValue !== undefined && filters.maxValue !== undefined && filters.maxValue < filters.minValue) {
    errors.max = t('contracts.search.max_below_min');
    delete filters.maxValue;
  }
  for (const name of ['from', 'to'] as const) {
    if (!q(name)) continue;
    const day = startOfDay(q(name));
    if (!day) errors[name] = t('contracts.search.bad_date');
    else if (name === 'from') filters.from = day;
    else filters.to = new Date(day.getTime() + 86_400_000);
  }
  if (filters.from && filters.to && filters.to <= filters.from) {
    errors.to = t('journey.register_from_after_to');
    delete filters.to;
  }
  if (q('sort') === 'oldest') filters.sort = 'oldest';
  const after = q('cursor') ? decodeCursor(q('cursor')) : null;
  const before = !after && q('before') ? decodeCursor(q('before')) : null;
  if (after) filters.after = after;
  if (before) filters.before = before;
  return { filters, errors };
}

/** The contracts register for a query string: the page of processes, the total, the links both ways. */
export async function contractRegisterPage(db: Db, ctx: ViewContext, raw: Record<string, string | undefined>) {
  const { filters, errors } = contractFilters(raw, ctx.t);
  const query: Record<string, string> = {};
  for (const k of ['unit', 'category', 'method', 'status', 'supplier', 'min', 'max', 'from', 'to', 'sort']) if (raw[k]) query[k] = String(raw[k]).slice(0, 200);
  const [rows, total, procedures] = await Promise.all([searchContracts(db, filters), countContracts(db, { ...filters, after: undefined, before: undefined }), procurementProcedures(db)]);
  const backwards = Boolean(filters.before);
  const more = rows.length > CONTRACT_PAGE_SIZE;
  const page = backwards ? rows.slice(Math.max(0, rows.length - CONTRACT_PAGE_SIZE)) : rows.slice(0, CONTRACT_PAGE_SIZE);
  const params = () => new URLSearchParams(Object.entries(query));
  const href = (key: 'cursor' | 'before', row: { received_at: Date; id: number }) => {
    const p = params();
    p.set(key, encodeCursor(row));
    return `/contracts?${p}`;
  };
  const paged = Boolean(filters.after || filters.before);
  const departments = procedures.map((p) => ({ value: p.unit_code, label: ctx.locale === 'ko' ? p.unit_ko : p.unit_en }));
  return ContractRegisterPage({
    ctx,
    view: {
      query, errors, total, departments,
      rows: page.map((r) => ({ ...r, supplier_key: r.supplier ? supplierKey(r.supplier) : null })),
      nextHref: page.length && (backwards || more) ? href('cursor', page[page.length - 1]!) : null,
      prevHref: page.length && paged && (!backwards || more) ? href('before', page[0]!) : null,
      firstHref: paged ? `/contracts${params().size ? `?${params()}` : ''}` : null,
    },
  });
}

/** The flags an auditor asked for: by department code, year and kind; unknown values match nothing extra. */
export function filterFlags(flags: readonly FlaggedProcess[], query: { unit: string; year: string; kind: string }): FlaggedProcess[] {
  return flags.filter((f) =>
    (!query.unit || f.unit.code === query.unit) && (!query.year || String(f.year) === query.year) && (!query.kind || f.flag.kind === query.kind));
}

/** The auditors' filter from a query string, each value kept only when it is one the page offers. */
export function flagQuery(raw: Record<string, string | undefined>): { unit: string; year: string; kind: string } {
  const unit = /^[A-Za-z0-9_-]{1,40}$/.test(raw.unit ?? '') ? raw.unit! : '';
  const year = /^\d{4}$/.test(raw.year ?? '') ? raw.year! : '';
  const kind = (RED_FLAG_KINDS as readonly string[]).includes(raw.kind ?? '') ? raw.kind! : '';
  return { unit, year, kind };
}

/** Counts per department and year for the public: raised, reviewed, referred; no process, reason or auditor named. */
export function flagCounts(flags: readonly FlaggedProcess[]): FlagCountRow[] {
  const rows = new Map<string, FlagCountRow>();
  for (const f of flags) {
    const key = `${f.unit.code}:${f.year}`;
    const row = rows.get(key) ?? { code: f.unit.code, unit: f.unit.name, year: f.year, raised: 0, reviewed: 0, referred: 0 };
    row.raised++;
    if (f.review) row.reviewed++;
    if (f.review?.decision === 'referred') row.referred++;
    rows.set(key, row);
  }
  return [...rows.entries()].sort(([a, x], [b, y]) => y.year - x.year || a.localeCompare(b)).map(([, r]) => r);
}
