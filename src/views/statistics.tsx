import { PERIODS } from '../domain/statistics.js';
import { pickMarked, intlTag } from '../i18n/index.js';
import { bySatisfaction, type GroupFigures, type JurisdictionFigures, type PublicStatistics, type SelectedTrend, type TrendPoint } from '../presenters/statistics.js';
import { Interval, TableScroll, Local } from './components.js';
import { LineChart } from './trendChart.js';
import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';

/** Public statistics: per jurisdiction, the league table of departments and the figures per procedure. */
export function StatisticsPage(props: { ctx: ViewContext; stats: PublicStatistics; computedAt: Date; zone: string; trend?: SelectedTrend | null }) {
  const { ctx, stats, trend } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('stats.title')}>
      <h1>{t('stats.title')}</h1>
      <p class="lead">{t('stats.lead', { min: stats.min_sample })}</p>
      <p class="muted">{t('stats.computed_at', { at: ctx.fmt.dateTime(props.computedAt, props.zone) })}</p>
      <form method="get" action="/statistics" class="filters">
        <div class="field">
          <label for="s-period">{t('stats.period')}</label>
          <select id="s-period" name="period">
            {PERIODS.map((p) => <option value={p} selected={p === stats.period}>{t(`stats.period_${p}`)}</option>)}
          </select>
        </div>
        {trend && (
          <div class="field">
            <label for="s-trend">{t('stats.trend_for')}</label>
            <select id="s-trend" name="trend">
              {trend.options.map((j) => (
                <optgroup label={pickMarked(j.name, ctx.locale)}>
                  <option value={j.code} selected={j.code === trend.code}>{pickMarked(j.name, ctx.locale)}</option>
                  {j.units.map((u) => <option value={u.code} selected={u.code === trend.code}>{pickMarked(u.name, ctx.locale)}</option>)}
                </optgroup>
              ))}
            </select>
          </div>
        )}
        <div class="field actions"><button type="submit">{t('stats.show')}</button></div>
      </form>
      <nav class="contents" aria-labelledby="stats-contents" data-testid="contents">
        <h2 id="stats-contents">{t('journey.contents')}</h2>
        <ul>
          {trend && <li><a href="#trend-heading">{t('journey.stats_trend')}</a></li>}
          {stats.jurisdictions.map((j) => (
            <li>
              <a href={`#j-${j.code}`}><Local ctx={ctx} text={j.name} /></a>
              <ul class="inline-list small">
                <li><a href={`#j-${j.code}-procedures`}>{t('stats.procedures')}</a></li>
                <li><a href={`#j-${j.code}-satisfaction`}>{t('stats.satisfaction')}</a></li>
                <li><a href={`#j-${j.code}-delays`}>{t('stats.delays')}</a></li>
                {j.officials.length > 0 && <li><a href={`#j-${j.code}-officials`}>{t('stats.officials')}</a></li>}
              </ul>
            </li>
          ))}
        </ul>
      </nav>
      {trend && <Trend ctx={ctx} trend={trend} minSample={stats.min_sample} />}
      <p><a href={`/statistics.csv?period=${stats.period}`}>{t('stats.csv')}</a> · <a href={`/api/v1/statistics?period=${stats.period}`}>{t('ko_pages.json')}</a></p>
      {stats.jurisdictions.map((j) => (
        <section aria-labelledby={`j-${j.code}`}>
          <h2 id={`j-${j.code}`}><Local ctx={ctx} text={j.name} /></h2>
          <FiguresTable ctx={ctx} caption={t('stats.league', { name: pickMarked(j.name, ctx.locale) })} rows={[...j.units]} ranked testId={`league-${j.code}`} />
          <h3 id={`j-${j.code}-procedures`}>{t('stats.procedures')}</h3>
          <FiguresTable ctx={ctx} caption={t('stats.procedures')} rows={j.procedures} ranked={false} />
          <h3 id={`j-${j.code}-satisfaction`}>{t('stats.satisfaction')}</h3>
          <p>{t('stats.satisfaction_lead', { min: stats.min_sample })}</p>
          <SatisfactionTable ctx={ctx} caption={t('stats.satisfaction_units', { name: pickMarked(j.name, ctx.locale) })} rows={j.units} total={j.overall} testId={`satisfaction-units-${j.code}`} />
          <SatisfactionTable ctx={ctx} caption={t('stats.satisfaction_procedures', { name: pickMarked(j.name, ctx.locale) })} rows={j.procedures} testId={`satisfaction-procedures-${j.code}`} />
          <h3 id={`j-${j.code}-delays`}>{t('stats.delays')}</h3>
          <DelaysTable ctx={ctx} name={pickMarked(j.name, ctx.locale)} delays={j.delays} testId={`delays-${j.code}`} />
          {j.officials.length > 0 && (
            <>
              <h3 id={`j-${j.code}-officials`}>{t('stats.officials')}</h3>
              <FiguresTable ctx={ctx} caption={t('stats.officials')} rows={j.officials} ranked={false} testId={`officials-${j.code}`} />
            </>
          )}
        </section>
      ))}
    </Layout>
  );
}

/** Delays recorded in the period by category, in the reader's language, with each one's share of all delays. */
function DelaysTable(props: { ctx: ViewContext; name: string; delays: JurisdictionFigures['delays']; testId: string }) {
  const { ctx } = props;
  const t = ctx.t;
  const total = props.delays.reduce((sum, d) => sum + d.count, 0);
  if (total === 0) return <p>{t('stats.delays_none')}</p>;
  return (
    <>
      <p>{t('stats.delays_lead', { count: total })}</p>
      <TableScroll label={t('stats.delays_caption', { name: props.name })}>
        <table data-testid={props.testId} class="delays">
          <caption>{t('stats.delays_caption', { name: props.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.delay_category')}</th>
              <th scope="col" class="num">{t('stats.delay_count')}</th>
              <th scope="col" class="num">{t('stats.delay_share')}</th>
            </tr>
          </thead>
          <tbody>
            {props.delays.map((d) => (
              <tr>
                <th scope="row">{t(`delay_category.${d.category}`)}</th>
                <td class="num">{ctx.fmt.number(d.count)}</td>
                <td class="num">{pct(ctx, d.count / total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
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
    <TableScroll label={props.caption}>
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
                <th scope="row"><Local ctx={ctx} text={g.name} /></th>
                <td>{ctx.fmt.number(g.decided.n)}</td>
                <td>{o ? <>{pct(ctx, o.share)} <Interval lower={pct(ctx, o.lower)} upper={pct(ctx, o.upper)} /></> : <span class="muted">{t('stats.withheld')}</span>}</td>
                <td>{g.decided.median === null ? '—' : ctx.fmt.number(g.decided.median)}</td>
                <td>{g.decided.p90 === null ? '—' : ctx.fmt.number(g.decided.p90)}</td>
                <td>{g.overdue_now ? `${pct(ctx, g.overdue_now.share)} (${ctx.fmt.number(g.overdue_now.successes)}/${ctx.fmt.number(g.open)})` : <span class="muted">{t('stats.withheld')}</span>}</td>
                <td>{g.top_delay_reasons.length ? g.top_delay_reasons.slice(0, 3).map((r) => `${t(`delay_category.${r.category}`)} (${ctx.fmt.number(r.count)})`).join('; ') : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * Applicants' satisfaction per group: ratings, mean score and share satisfied with its interval, or withheld; highest
 * mean first and withheld groups last, with the jurisdiction's total (when given) as the table's foot.
 */
function SatisfactionTable(props: { ctx: ViewContext; caption: string; rows: GroupFigures[]; total?: GroupFigures; testId: string }) {
  const { ctx } = props;
  const t = ctx.t;
  const rows = bySatisfaction(props.rows);
  const total = props.total?.satisfaction ? props.total : undefined;
  if (!rows.length && !total) return null;
  const row = (g: GroupFigures) => {
    const s = g.satisfaction!;
    const withheld = <span class="muted">{t('stats.withheld_ratings')}</span>;
    return (
      <tr>
        <th scope="row"><Local ctx={ctx} text={g.name} /></th>
        <td>{ctx.fmt.number(s.n)}</td>
        <td>{s.mean === null ? withheld : `${ctx.fmt.mean(s.mean)} / 5`}</td>
        <td>{s.satisfied ? <>{pct(ctx, s.satisfied.share)} <Interval lower={pct(ctx, s.satisfied.lower)} upper={pct(ctx, s.satisfied.upper)} /></> : withheld}</td>
      </tr>
    );
  };
  return (
    <TableScroll label={props.caption}>
      <table data-testid={props.testId}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stats.name')}</th>
            <th scope="col">{t('stats.rated')}</th>
            <th scope="col">{t('stats.satisfaction_mean')}</th>
            <th scope="col">{t('stats.satisfied')}</th>
          </tr>
        </thead>
        <tbody>{rows.map(row)}</tbody>
        {total && <tfoot class="total">{row(total)}</tfoot>}
      </table>
    </TableScroll>
  );
}

/** A month `YYYY-MM` in words, e.g. "Mar 2026" or "2026년 3월". */
function monthName(ctx: ViewContext, month: string): string {
  return new Intl.DateTimeFormat(intlTag(ctx.locale), { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

/** One sentence per chart saying what it shows, for the SVG's description and for readers who skip charts. */
function trendSummary(ctx: ViewContext, points: TrendPoint[], value: (p: TrendPoint) => number | null, format: (v: number) => string, key: 'stats.trend_on_time_desc' | 'stats.trend_median_desc'): string {
  const shown = points.filter((p) => value(p) !== null);
  const first = shown[0];
  const last = shown.at(-1);
  if (!first || !last) return ctx.t('stats.trend_none');
  const withheld = points.length - shown.length;
  return ctx.t(key, {
    from: monthName(ctx, first.month), to: monthName(ctx, last.month), first: format(value(first)!), last: format(value(last)!), withheld,
  });
}

/** The trend of the chosen jurisdiction or unit: two charts, a text alternative and the data table. */
function Trend(props: { ctx: ViewContext; trend: SelectedTrend; minSample: number }) {
  const { ctx, trend } = props;
  const t = ctx.t;
  const name = pickMarked(trend.name, ctx.locale);
  const share = (v: number) => pct(ctx, v);
  const days = (v: number) => ctx.fmt.number(v);
  const onTimeText = trendSummary(ctx, trend.points, (p) => p.on_time?.share ?? null, share, 'stats.trend_on_time_desc');
  const medianText = trendSummary(ctx, trend.points, (p) => p.median, days, 'stats.trend_median_desc');
  return (
    <section aria-labelledby="trend-heading" class="trend">
      <h2 id="trend-heading">{t('stats.trend_title', { name })}</h2>
      <p>{t('stats.trend_lead', { min: props.minSample })}</p>
      {trend.points.length === 0 ? (
        <p>{t('stats.trend_none')}</p>
      ) : (
        <>
          <div class="chart-wrap">
            <LineChart
              id="trend-on-time"
              title={t('stats.trend_on_time', { name })}
              description={onTimeText}
              points={trend.points.map((p) => ({ label: p.month, value: p.on_time?.share ?? null }))}
              yMax={1}
              formatY={(v) => `${Math.round(v * 100)}%`}
              formatX={(m) => monthName(ctx, m)}
            />
            <p class="chart-text">{onTimeText}</p>
          </div>
          <div class="chart-wrap">
            <LineChart
              id="trend-median"
              title={t('stats.trend_median', { name })}
              description={medianText}
              points={trend.points.map((p) => ({ label: p.month, value: p.median }))}
              formatY={days}
              formatX={(m) => monthName(ctx, m)}
            />
            <p class="chart-text">{medianText}</p>
          </div>
          <TableScroll label={t('stats.trend_table', { name })}>
            <table data-testid="trend-table">
              <caption>{t('stats.trend_table', { name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('stats.month')}</th>
                  <th scope="col">{t('stats.decided')}</th>
                  <th scope="col">{t('stats.on_time')}</th>
                  <th scope="col">{t('stats.median')}</th>
                </tr>
              </thead>
              <tbody>
                {trend.points.map((p) => (
                  <tr>
                    <th scope="row">{monthName(ctx, p.month)}</th>
                    <td>{ctx.fmt.number(p.n)}</td>
                    <td>{p.on_time ? <>{pct(ctx, p.on_time.share)} <Interval lower={pct(ctx, p.on_time.lower)} upper={pct(ctx, p.on_time.upper)} /></> : <span class="muted">{t('stats.withheld')}</span>}</td>
                    <td>{p.median === null ? <span class="muted">{t('stats.withheld')}</span> : ctx.fmt.number(p.median)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </section>
  );
}
