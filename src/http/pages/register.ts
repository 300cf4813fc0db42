import { countRegister, searchRegister, type RegisterFilters } from '../../db/repos/publicRead.js';
import { procedureChoices, unitChoices } from '../../db/repos/register.js';
import type { Db } from '../../db/types.js';
import { encodeCursor } from '../../presenters/public.js';
import type { ViewContext } from '../../views/context.js';
import { RegisterPage, type RegisterQuery } from '../../views/public/register.js';
import { RegisterFilterError, namedChoices, registerFilters } from '../register.js';

/** Applications the register page lists at once; the next page follows from the last one shown. */
const PAGE_SIZE = 25;

/**
 * The public register for a query string: the matching applications in the order asked (newest first by default),
 * how many match in all, links to the first, previous and next pages, and the filters' choices. Malformed filters are
 * said on the page, which then lists the newest applications unfiltered; a period ending before it starts is named.
 */
export async function registerPage(db: Db, ctx: ViewContext, raw: Record<string, string | undefined>) {
  const query: RegisterQuery = { q: raw.q, procedure: raw.procedure, unit: raw.unit, status: raw.status, from: raw.from, to: raw.to, sort: raw.sort };
  let filters: RegisterFilters;
  let error: string | undefined;
  let fieldErrors: Record<string, string> = {};
  try {
    filters = registerFilters(raw, PAGE_SIZE);
  } catch (e) {
    if (e instanceof RegisterFilterError) fieldErrors = { to: ctx.t('journey.register_from_after_to') };
    else error = ctx.t('error.bad_filters');
    filters = { limit: PAGE_SIZE };
  }
  const rows = await searchRegister(db, { ...filters, limit: PAGE_SIZE + 1 });
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
  const total = await countRegister(db, filters);
  const choices = namedChoices(ctx.locale, { procedures: await procedureChoices(db), units: await unitChoices(db) });
  return RegisterPage({ ctx, query, rows: page, total, nextHref, prevHref, firstHref, error, fieldErrors, ...choices });
}
