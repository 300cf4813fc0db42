import type { CatalogueRow } from '../../db/repos/publicRead.js';
import { pick } from '../../i18n/index.js';
import type { ViewContext } from '../context.js';
import { Layout } from '../Layout.js';

/** Counter registration, step one: choose the procedure. */
export function CounterChoosePage(props: { ctx: ViewContext; procedures: CatalogueRow[] }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('counter.choose')} office>
      <h1>{t('counter.choose')}</h1>
      <p class="lead">{t('counter.choose_lead')}</p>
      <ul class="procedure-list">
        {props.procedures.map((p) => (
          <li>
            <a href={`/office/register/${p.jurisdiction.code}/${p.code}`}>{pick(p.name, ctx.locale)}</a>
            <span class="muted">{` · ${pick(p.jurisdiction.name, ctx.locale)}`}</span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
