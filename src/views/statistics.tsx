import { pick } from '../i18n/index.js';
import type { GroupFigures, PublicStatistics } from '../presenters/statistics.js';
import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';

const PERIODS = ['90', '365', 'all'] as const;

/** Public statistics: per jurisdiction, the league table of departments and the figures per procedure. */
export function StatisticsPage(props: { ctx: ViewContext; stats: PublicStatistics }) {
  const { ctx, stats } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('stats.title')}>
      <h1>{t('stats.title')}</h1>
      <p class="lead">{t('stats.lead', { min: stats.min_sample })}</p>
      <form method="get" action="/statistics" class="filters">
        <div class="field">
          <label for="s-period">{t('stats.period')}</label>
          <select id="s-period" name="period">
            {PERIODS.map((p) => <option value={p} selected={p === stats.period}>{t(`stats.period_${p}`)}</option>)}
          </select>
        </div>
        <div class="field actions"><button type="submit">{t('stats.show')}</button></div>
      </form>
      <p><a href={`/statistics.csv?period=${stats.period}`}>{t('stats.csv')}</a> · <a href={`/api/v1/statistics?period=${stats.period}`}>JSON</a></p>
      {stats.jurisdictions.map((j) => (
        <section aria-labelledby={`j-${j.code}`}>
          <h2 id={`j-${j.code}`}>{pick(j.name, ctx.locale)}</h2>
          <FiguresTable ctx={ctx} caption={t('stats.league', { name: pick(j.name, ctx.locale) })} rows={[...j.units]} ranked testId={`league-${j.code}`} />
          <h3>{t('stats.procedures')}</h3>
          <FiguresTable ctx={ctx} caption={t('stats.procedures')} rows={j.procedures} ranked={false} />
        </section>
      ))}
    </Layout>
  );
}

function pct(ctx: ViewContext, n: number): string {
  return `${ctx.fmt.number(Math.round(n * 1000) / 10)}%`;
}

function FiguresTable(props: { ctx: ViewContext; caption: string; rows: GroupFigures[]; ranked: boolean; testId?: string }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.rows.length) return <p>{t('stats.none')}</p>;
  return (
    <div class="table-wrap">
      <table data-testid={props.testId}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.ranked && <th scope="col">{t('stats.rank')}</th>}
            <th scope="col">{t('stats.name')}</th>
            <th scope="col">{t('stats.decided')}</th>
            <th scope="col">{t('stats.on_time')}</th>
            <th scope="col">{t('stats.median')}</th>
            <th scope="col">{t('stats.p90')}</th>
            <th scope="col">{t('stats.overdue_now')}</th>
            <th scope="col">{t('stats.reasons')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((g) => {
            const o = g.decided.on_time;
            return (
              <tr>
                {props.ranked && <td>{g.rank ?? '—'}</td>}
                <th scope="row">{pick(g.name, ctx.locale)}</th>
                <td>{ctx.fmt.number(g.decided.n)}</td>
                <td>{o ? `${pct(ctx, o.share)} (${pct(ctx, o.lower)}–${pct(ctx, o.upper)})` : <span class="muted">{t('stats.withheld')}</span>}</td>
                <td>{g.decided.median === null ? '—' : ctx.fmt.number(g.decided.median)}</td>
                <td>{g.decided.p90 === null ? '—' : ctx.fmt.number(g.decided.p90)}</td>
                <td>{g.overdue_now ? `${pct(ctx, g.overdue_now.share)} (${ctx.fmt.number(g.overdue_now.successes)}/${ctx.fmt.number(g.open)})` : <span class="muted">{t('stats.withheld')}</span>}</td>
                <td>{g.top_delay_reasons.length ? g.top_delay_reasons.slice(0, 3).map((r) => `${r.reason} (${r.count})`).join('; ') : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
