import type { RegisterRow } from '../../db/repos/publicRead.js';
import { feedForPath } from '../../feeds/atom.js';
import { RegisterChoices, RegisterTable } from '../components.js';
import type { ViewContext } from '../context.js';
import { FollowLinks } from '../follows.js';
import { Layout } from '../Layout.js';

export interface RegisterQuery {
  q?: string;
  procedure?: string;
  unit?: string;
  status?: string;
  from?: string;
  to?: string;
  sort?: string;
}

/** The public register: search and filters (GET, so results can be bookmarked and shared), keyset paging. */
export function RegisterPage(props: {
  ctx: ViewContext;
  query: RegisterQuery;
  rows: RegisterRow[];
  /** How many applications match in all, or the count's cap when `moreThanTotal`. */
  total: number;
  /** More applications match than `total`, which is where the register stopped counting. */
  moreThanTotal?: boolean;
  nextHref: string | null;
  prevHref: string | null;
  firstHref: string | null;
  /** Problems with one filter, by its field. */
  fieldErrors: Record<string, string>;
  procedures: { code: string; name: string }[];
  units: { code: string; name: string }[];
  error?: string;
}) {
  const { ctx, query } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('register.title')}>
      <h1>{t('register.title')}</h1>
      <p class="lead">{t('register.lead')}</p>
      <form method="get" action="/register" class="filters" role="search">
        <div class="field">
          <label for="r-q">{t('register.q')}</label>
          <input id="r-q" name="q" type="search" dir="auto" value={query.q ?? ''} />
        </div>
        <RegisterChoices ctx={ctx} ids={{ procedure: 'r-procedure', unit: 'r-unit', status: 'r-status' }} procedures={props.procedures} units={props.units} query={query} />
        <div class={props.fieldErrors.from ? 'field has-error' : 'field'}>
          <label for="r-from">{t('register.from')}</label>
          {props.fieldErrors.from && <p class="error-text" id="r-from-error">{props.fieldErrors.from}</p>}
          <input id="r-from" name="from" type="date" value={query.from ?? ''} aria-invalid={props.fieldErrors.from ? 'true' : undefined} aria-describedby={props.fieldErrors.from ? 'r-from-error' : undefined} />
        </div>
        <div class={props.fieldErrors.to ? 'field has-error' : 'field'}>
          <label for="r-to">{t('register.to')}</label>
          {props.fieldErrors.to && <p class="error-text" id="r-to-error">{props.fieldErrors.to}</p>}
          <input id="r-to" name="to" type="date" value={query.to ?? ''} aria-invalid={props.fieldErrors.to ? 'true' : undefined} aria-describedby={props.fieldErrors.to ? 'r-to-error' : undefined} />
        </div>
        <div class="field">
          <label for="r-sort">{t('journey.register_sort')}</label>
          <select id="r-sort" name="sort">
            <option value="newest" selected={query.sort !== 'oldest'}>{t('journey.register_sort.newest')}</option>
            <option value="oldest" selected={query.sort === 'oldest'}>{t('journey.register_sort.oldest')}</option>
          </select>
        </div>
        <div class="field actions">
          <button type="submit">{t('action.search')}</button>
        </div>
      </form>
      {props.error && <p class="error-text" role="alert">{props.error}</p>}
      <p class="small">
        <a href={`/map?${new URLSearchParams(Object.entries({ procedure: query.procedure, unit: query.unit, status: query.status, from: query.from, to: query.to }).filter((e): e is [string, string] => !!e[1]))}`}>{t('register.on_map')}</a>
      </p>
      <FollowLinks
        ctx={ctx}
        follow={query.unit ? `/follow?kind=unit&unit=${encodeURIComponent(query.unit)}` : undefined}
        feed={feedForPath(ctx.path)}
      />
      <p class="result-count" role="status" data-testid="result-count">{t(props.moreThanTotal ? 'journey.register_count_more' : 'journey.register_count', { total: props.total })}</p>
      {/* The count says when nothing matches; an empty page of a search that matches is a page past its end. */}
      <RegisterTable ctx={ctx} rows={props.rows} empty={props.total === 0 && !props.moreThanTotal ? null : t('register.past_end')} />
      {(props.nextHref || props.prevHref || props.firstHref) && (
        <nav class="pager" aria-label={t('register.paging')}>
          {props.firstHref && <a href={props.firstHref}>{t('journey.register_first')}</a>}
          {props.prevHref && <a href={props.prevHref} rel="prev">{t(query.sort === 'oldest' ? 'journey.register_prev_older' : 'journey.register_prev')}</a>}
          {props.nextHref && <a href={props.nextHref} rel="next">{t(query.sort === 'oldest' ? 'journey.register_next_newer' : 'register.next')}</a>}
        </nav>
      )}
    </Layout>
  );
}
