import type { RegisterRow } from '../../db/repos/publicRead.js';
import { RegisterTable } from '../components.js';
import type { ViewContext } from '../context.js';
import { Layout } from '../Layout.js';

/** The front page: what Daylight is, a number lookup, and the ways in. */
export function HomePage(props: { ctx: ViewContext; recent: RegisterRow[] }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('home.title')}>
      <section class="hero">
        <h1>{t('home.heading')}</h1>
        <p class="lead">{t('home.lead')}</p>
        <form method="get" action="/register" class="search-inline" role="search">
          <label for="home-q">{t('home.search_label')}</label>
          <div class="row">
            <input id="home-q" name="q" type="search" dir="auto" placeholder={'\u20662026-DB-0000123\u2069'} />
            <button type="submit">{t('action.search')}</button>
          </div>
        </form>
      </section>
      <section class="cards" aria-label={t('home.ways')}>
        <a class="card" href="/procedures">
          <h2>{t('home.apply_title')}</h2>
          <p>{t('home.apply_text')}</p>
        </a>
        <a class="card" href="/register">
          <h2>{t('home.register_title')}</h2>
          <p>{t('home.register_text')}</p>
        </a>
        <a class="card" href="/track">
          <h2>{t('home.track_title')}</h2>
          <p>{t('home.track_text')}</p>
        </a>
      </section>
      <section>
        <h2>{t('home.recent')}</h2>
        <RegisterTable ctx={ctx} rows={props.recent} />
      </section>
    </Layout>
  );
}
