import type { CatalogueRow } from '../../db/repos/publicRead.js';
import { intlTag, pick } from '../../i18n/index.js';
import type { Locale } from '../../domain/types.js';
import type { ViewContext } from '../context.js';
import { Layout } from '../Layout.js';

/** Procedures grouped by jurisdiction, the clerk's own first and the others by name, each group sorted by name. */
export function counterGroups<P extends Pick<CatalogueRow, 'name' | 'jurisdiction'>>(procedures: readonly P[], own: string | undefined, locale: Locale): P[][] {
  const collator = new Intl.Collator(intlTag(locale));
  const groups = new Map<string, P[]>();
  for (const p of procedures) groups.set(p.jurisdiction.code, [...(groups.get(p.jurisdiction.code) ?? []), p]);
  const isOwn = (list: P[]) => list[0]!.jurisdiction.code === own;
  return [...groups.values()]
    .sort((a, b) => (isOwn(a) !== isOwn(b) ? (isOwn(a) ? -1 : 1) : collator.compare(pick(a[0]!.jurisdiction.name, locale), pick(b[0]!.jurisdiction.name, locale))))
    .map((list) => [...list].sort((a, b) => collator.compare(pick(a.name, locale), pick(b.name, locale))));
}

/**
 * Counter registration, step one: choose the procedure. Procedures are grouped by jurisdiction, the clerk's own first,
 * and sorted by name in the page's language, so a clerk finds the office's own procedures without reading every district's.
 */
export function CounterChoosePage(props: { ctx: ViewContext; procedures: CatalogueRow[]; ownJurisdiction: string | undefined }) {
  const { ctx } = props;
  const t = ctx.t;
  const ordered = counterGroups(props.procedures, props.ownJurisdiction, ctx.locale);
  return (
    <Layout ctx={ctx} title={t('counter.choose')} office>
      <h1>{t('counter.choose')}</h1>
      <p class="lead">{t('counter.choose_lead')}</p>
      {ordered.map((list) => (
        <section aria-labelledby={`counter-${list[0]!.jurisdiction.code}`}>
          <h2 id={`counter-${list[0]!.jurisdiction.code}`}>{pick(list[0]!.jurisdiction.name, ctx.locale)}</h2>
          <ul class="procedure-list">
            {list.map((p) => (
              <li>
                <a href={`/office/register/${p.jurisdiction.code}/${p.code}`}>{pick(p.name, ctx.locale)}</a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>
  );
}
