import type { CatalogueRow } from '../../db/repos/publicRead.js';
import { pick } from '../../i18n/index.js';
import { Local, periodLabel } from '../components.js';
import type { ViewContext } from '../context.js';
import { FollowLinks } from '../follows.js';
import { Layout } from '../Layout.js';

/** One procedure explained: purpose, legal basis, documents, fee, stages and how long each may take. */
export function ProcedurePage(props: { ctx: ViewContext; p: CatalogueRow }) {
  const { ctx, p } = props;
  const t = ctx.t;
  const main = p.jurisdiction.main_locale;
  return (
    <Layout ctx={ctx} title={pick(p.name, ctx.locale, main)}>
      <p class="crumbs"><a href="/procedures">{t('catalogue.title')}</a></p>
      <h1><Local ctx={ctx} text={p.name} main={main} /></h1>
      <p class="lead"><Local ctx={ctx} text={p.purpose} main={main} /></p>
      <dl class="facts">
        <dt>{t('procedure.jurisdiction')}</dt>
        <dd><Local ctx={ctx} text={p.jurisdiction.name} main={main} /></dd>
        <dt>{t('procedure.unit')}</dt>
        <dd><Local ctx={ctx} text={p.unit.name} main={main} /></dd>
        <dt>{t('procedure.legal_basis')}</dt>
        <dd><Local ctx={ctx} text={p.legal_basis} main={main} /></dd>
        <dt>{t('procedure.fee')}</dt>
        <dd>{p.fee_krw ? ctx.fmt.money(p.fee_krw) : t('procedure.free')}</dd>
        <dt>{t('procedure.period')}</dt>
        <dd>{t('catalogue.days', { days: p.statutory_days })}</dd>
        <dt>{t('procedure.version')}</dt>
        <dd>{p.version}</dd>
      </dl>
      <h2>{t('procedure.documents')}</h2>
      <ul>
        {p.documents.map((d) => (
          <li>
            <Local ctx={ctx} text={d.name} main={main} /> {d.required ? <strong>({t('form.required')})</strong> : <span class="muted">({t('form.optional')})</span>}
          </li>
        ))}
      </ul>
      <h2>{t('procedure.stages')}</h2>
      <ol class="stage-defs">
        {p.stages.map((s) => (
          <li>
            <strong><Local ctx={ctx} text={s.name} main={main} /></strong>
            <span class="muted">{` · ${periodLabel(ctx, s.days, s.period_unit)}${s.parallel ? ` · ${t('procedure.parallel')}` : ''}`}</span>
          </li>
        ))}
      </ol>
      <p>
        <a class="button" href={`/procedures/${p.jurisdiction.code}/${p.code}/apply`}>{t('procedure.apply_online')}</a>
      </p>
      <FollowLinks ctx={ctx} follow={`/follow?kind=procedure&j=${p.jurisdiction.code}&procedure=${encodeURIComponent(p.code)}`} feed={`/procedures/${encodeURIComponent(p.code)}/feed.atom`} />
    </Layout>
  );
}
