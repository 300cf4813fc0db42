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
}

/** The public register: search and filters (GET, so results can be bookmarked and shared), keyset paging. */
export function RegisterPage(props: {
  ctx: ViewContext;
  query: RegisterQuery;
  rows: RegisterRow[];
  nextHref: string | null;
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
          <input id="r-q" name="q" type="search" value={query.q ?? ''} />
        </div>
        <RegisterChoices ctx={ctx} ids={{ procedure: 'r-procedure', unit: 'r-unit', status: 'r-status' }} procedures={props.procedures} units={props.units} query={query} />
        <div class="field">
          <label for="r-from">{t('register.from')}</label>
          <input id="r-from" name="from" type="date" value={query.from ?? ''} />
        </div>
        <div class="field">
          <label for="r-to">{t('register.to')}</label>
          <input id="r-to" name="to" type="date" value={query.to ?? ''} />
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
      <RegisterTable ctx={ctx} rows={props.rows} />
      {props.nextHref && (
        <nav class="pager" aria-label={t('register.paging')}>
          <a href={props.nextHref} rel="next">{t('register.next')}</a>
        </nav>
      )}
    </Layout>
  );
}
