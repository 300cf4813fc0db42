import type { CatalogueRow } from '../../db/repos/publicRead.js';
import { Local } from '../components.js';
import type { ViewContext } from '../context.js';
import { Layout } from '../Layout.js';

/** The catalogue, grouped by category. */
export function CataloguePage(props: { ctx: ViewContext; procedures: CatalogueRow[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const byCategory = new Map<string, CatalogueRow[]>();
  for (const p of props.procedures) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
  return (
    <Layout ctx={ctx} title={t('catalogue.title')}>
      <h1>{t('catalogue.title')}</h1>
      <p class="lead">{t('catalogue.lead')}</p>
      {[...byCategory.entries()].map(([category, list]) => (
        <section class="category">
          <h2>{t(`category.${category}`)}</h2>
          <ul class="procedure-list">
            {list.map((p) => (
              <li>
                <a href={`/procedures/${p.jurisdiction.code}/${p.code}`}><Local ctx={ctx} text={p.name} main={p.jurisdiction.main_locale} /></a>
                <span class="muted">
                  {' · '}<Local ctx={ctx} text={p.jurisdiction.name} main={p.jurisdiction.main_locale} />{` · ${t('catalogue.days', { days: p.statutory_days })}`}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
