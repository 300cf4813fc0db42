import { searchRegister, type RegisterFilters } from '../../db/repos/publicRead.js';
import { procedureChoices, unitChoices } from '../../db/repos/register.js';
import type { Db } from '../../db/types.js';
import { encodeCursor } from '../../presenters/public.js';
import type { ViewContext } from '../../views/context.js';
import { RegisterPage, type RegisterQuery } from '../../views/public/register.js';
import { namedChoices, registerFilters } from '../register.js';

/** Applications the register page lists at once; the next page follows from the last one shown. */
const PAGE_SIZE = 25;

/**
 * The public register for a query string: the matching applications newest first, a link to the next page, and the
 * filters' choices. Malformed filters are said on the page, which then lists the newest applications unfiltered.
 */
export async function registerPage(db: Db, ctx: ViewContext, raw: Record<string, string | undefined>) {
  const query: RegisterQuery = { q: raw.q, procedure: raw.procedure, unit: raw.unit, status: raw.status, from: raw.from, to: raw.to };
  let filters: RegisterFilters;
  let error: string | undefined;
  try {
    filters = registerFilters(raw, PAGE_SIZE);
  } catch {
    error = ctx.t('error.bad_filters');
    filters = { limit: PAGE_SIZE };
  }
  const rows = await searchRegister(db, { ...filters, limit: PAGE_SIZE + 1 });
  const page = rows.slice(0, PAGE_SIZE);
  let nextHref: string | null = null;
  if (rows.length > PAGE_SIZE) {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][]);
    params.set('cursor', encodeCursor(page[page.length - 1]!));
    nextHref = `/register?${params}`;
  }
  const choices = namedChoices(ctx.locale, { procedures: await procedureChoices(db), units: await unitChoices(db) });
  return RegisterPage({ ctx, query, rows: page, nextHref, error, ...choices });
}
