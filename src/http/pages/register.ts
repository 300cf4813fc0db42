import { countRegister, REGISTER_COUNT_CAP, searchRegister } from '../../db/repos/publicRead.js';
import { procedureChoices, unitChoices } from '../../db/repos/register.js';
import type { Db } from '../../db/types.js';
import { encodeCursor } from '../../presenters/public.js';
import type { ViewContext } from '../../views/context.js';
import { RegisterPage, type RegisterQuery } from '../../views/public/register.js';
import { namedChoices, readRegisterQuery } from '../register.js';

/** Applications the register page lists at once; the next page follows from the last one shown. */
const PAGE_SIZE = 25;

/**
 * The public register for a query string: the matching applications in the order asked (newest first by default),
 * how many match in all (up to `REGISTER_COUNT_CAP`, then "more than" it), links to the first, previous and next pages, and the filters' choices. A malformed
 * parameter is named on the page and left out while the others apply; a period ending before it starts finds nothing and
 * is named on its end.
 */
export async function registerPage(db: Db, ctx: ViewContext, raw: Record<string, string | undefined>) {
  const query: RegisterQuery = { q: raw.q, procedure: raw.procedure, unit: raw.unit, status: raw.status, from: raw.from, to: raw.to, sort: raw.sort };
  const { filters, issues, empty } = readRegisterQuery(raw, PAGE_SIZE);
  const [procedures, units] = await Promise.all([procedureChoices(db), unitChoices(db)]);
  // A department or procedure no one has (an old or edited link) is left out and named like any other bad filter,
  // rather than narrowing the search to nothing under a list that says "any"; nor is it offered to follow.
  for (const [field, known] of [['unit', units], ['procedure', procedures]] as const) {
    if (!filters[field] || known.some((c) => c.code === filters[field])) continue;
    delete filters[field];
    query[field] = undefined;
    issues.push({ field, key: 'error.bad_filters' });
  }
  // A bad parameter is left out and named beside its field; the rest of the search still applies.
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) if (issue.field === 'from' || issue.field === 'to') fieldErrors[issue.field] ??= ctx.t(issue.key);
  const error = issues.some((i) => i.field !== 'from' && i.field !== 'to') ? ctx.t('error.bad_filters') : undefined;
  const rows = empty ? [] : await searchRegister(db, { ...filters, limit: PAGE_SIZE + 1 });
  const backwards = Boolean(filters.before);
  // One row past the page says there is more in the direction read: beyond the end going on, before the start going back.
  const more = rows.length > PAGE_SIZE;
  const page = backwards ? rows.slice(rows.length - PAGE_SIZE) : rows.slice(0, PAGE_SIZE);
  const params = () => new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]);
  const href = (key: 'cursor' | 'before', row: { received_at: Date; id: number }) => {
    const p = params();
    p.set(key, encodeCursor(row));
    return `/register?${p}`;
  };
  const paged = Boolean(filters.after || filters.before);
  const nextHref = page.length && (backwards || more) ? href('cursor', page[page.length - 1]!) : null;
  const prevHref = page.length && paged && (!backwards || more) ? href('before', page[0]!) : null;
  const firstHref = paged ? `/register${params().size ? `?${params()}` : ''}` : null;
  const counted = empty ? 0 : await countRegister(db, filters, REGISTER_COUNT_CAP);
  const total = Math.min(counted, REGISTER_COUNT_CAP);
  const choices = namedChoices(ctx.locale, { procedures, units });
  return RegisterPage({ ctx, query, rows: page, total, moreThanTotal: counted > REGISTER_COUNT_CAP, nextHref, prevHref, firstHref, error, fieldErrors, ...choices });
}
