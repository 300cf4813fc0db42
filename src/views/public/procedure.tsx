import type { CatalogueRow } from '../../db/repos/publicRead.js';
import { pick } from '../../i18n/index.js';
import { periodLabel } from '../components.js';
import type { ViewContext } from '../context.js';
import { FollowLinks } from '../follows.js';
import { Layout } from '../Layout.js';

/** One procedure explained: purpose, legal basis, documents, fee, stages and how long each may take. */
export function ProcedurePage(props: { ctx: ViewContext; p: CatalogueRow }) {
  const { ctx, p } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={pick(p.name, ctx.locale)}>
      <p class="crumbs"><a href="/procedures">{t('catalogue.title')}</a></p>
      <h1>{pick(p.name, ctx.locale)}</h1>
      <p class="lead">{pick(p.purpose, ctx.locale)}</p>
      <dl class="facts">
        <dt>{t('procedure.jurisdiction')}</dt>
        <dd>{pick(p.jurisdiction.name, ctx.locale)}</dd>
        <dt>{t('procedure.unit')}</dt>
        <dd>{pick(p.unit.name, ctx.locale)}</dd>
        <dt>{t('procedure.legal_basis')}</dt>
        <dd>{pick(p.legal_basis, ctx.locale)}</dd>
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
            {pick(d.name, ctx.locale)} {d.required ? <strong>({t('form.required')})</strong> : <span class="muted">({t('form.optional')})</span>}
          </li>
        ))}
      </ul>
      <h2>{t('procedure.stages')}</h2>
      <ol class="stage-defs">
        {p.stages.map((s) => (
          <li>
            <strong>{pick(s.name, ctx.locale)}</strong>
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
