import type { IntegrityJurisdiction } from '../db/repos/integrity.js';
import type { Estimate, UnitIndex } from '../domain/integrity.js';
import type { Proportion } from '../domain/statistics.js';
import type { Localized } from '../domain/types.js';
import { pick } from '../i18n/index.js';
import type { PublicYear } from '../presenters/integrity.js';
import { Interval, intervalEnds, TableScroll } from './components.js';
import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';
import { LineChart } from './trendChart.js';

const percent = (ctx: ViewContext, share: number) => `${ctx.fmt.number(Math.round(share * 1000) / 10)}%`;

/** A score with its interval, or the reason it is withheld. */
function ScoreCell(props: { ctx: ViewContext; score: Estimate | null; min: number }) {
  const { ctx, score } = props;
  if (!score) return <td class="muted">{ctx.t('integrity.withheld', { min: props.min })}</td>;
  return (
    <td>
      <strong>{ctx.fmt.number(score.value)}</strong> <span class="muted"><Interval lower={ctx.fmt.number(score.lower)} upper={ctx.fmt.number(score.upper)} /></span>
    </td>
  );
}

function ExperienceCell(props: { ctx: ViewContext; p: Proportion | null }) {
  const { ctx, p } = props;
  if (!p) return <td class="muted">—</td>;
  return (
    <td>
      {percent(ctx, p.share)} <span class="muted">(<bdi dir="ltr" class="interval">{percent(ctx, p.lower)}–{percent(ctx, p.upper)}</bdi>; {ctx.t('integrity.of_n', { successes: p.successes, n: p.n })})</span>
    </td>
  );
}

function change(ctx: ViewContext, value: number | null): string {
  if (value === null) return '—';
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${ctx.fmt.number(Math.abs(value))}`;
}

/** The short summary a journalist could quote. */
function Summary(props: { ctx: ViewContext; y: PublicYear }) {
  const { ctx, y } = props;
  const t = ctx.t;
  const o = y.index.overall;
  const name = pick(y.jurisdiction.name, ctx.locale);
  const improved = y.index.mostImproved.map((m) => `${pick(y.unitNames[m.unit], ctx.locale)} (${change(ctx, m.change)})`).join(', ');
  return (
    <section class="panel" aria-labelledby="summary" data-testid="integrity-summary">
      <h2 id="summary">{t('integrity.summary_title')}</h2>
      <p>
        {y.invitations.invited > 0
          ? t('integrity.summary_response', { year: y.year, n: o.respondents, invited: y.invitations.invited, name })
          : t('integrity.summary_response_plain', { year: y.year, n: o.respondents, name })}{' '}
        {o.score && t('integrity.summary_score', { score: ctx.fmt.number(o.score.value), ...intervalEnds(ctx, ctx.fmt.number(o.score.lower), ctx.fmt.number(o.score.upper)), scale: y.index.scale })}{' '}
        {o.experience && t('integrity.summary_experience', { share: percent(ctx, o.experience.share), ...intervalEnds(ctx, percent(ctx, o.experience.lower), percent(ctx, o.experience.upper)), successes: o.experience.successes, n: o.experience.n })}
      </p>
      {improved && <p>{t('integrity.summary_improved', { units: improved })}</p>}
    </section>
  );
}

/** `/integrity`: what the index is, and each jurisdiction's published years. */
export function IntegrityHomePage(props: { ctx: ViewContext; jurisdictions: { jurisdiction: IntegrityJurisdiction; years: { year: number }[] }[]; latest: PublicYear[] }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('integrity.title')}>
      <h1>{t('integrity.title')}</h1>
      <p class="lead">{t('integrity.lead')}</p>
      {props.jurisdictions.map(({ jurisdiction, years }) => {
        const latest = props.latest.find((l) => l.jurisdiction.code === jurisdiction.code);
        return (
          <section aria-labelledby={`j-${jurisdiction.code}`}>
            <h2 id={`j-${jurisdiction.code}`}>{pick(jurisdiction.name, ctx.locale)}</h2>
            {years.length === 0 ? (
              <p>{t('integrity.no_year')}</p>
            ) : (
              <ul class="inline-list">
                {years.map((y) => <li><a href={`/integrity/${jurisdiction.code}/${y.year}`}>{t('integrity.year_link', { year: y.year })}</a></li>)}
              </ul>
            )}
            {latest && <Summary ctx={ctx} y={latest} />}
          </section>
        );
      })}
      <section aria-labelledby="fair-heading">
        <h2 id="fair-heading">{t('integrity.fair_heading')}</h2>
        <ul class="inline-list">
          <li><a href="/integrity/signals">{t('fair.public.title')}</a></li>
          <li><a href="/integrity/gifts">{t('fair.gifts.public_title')}</a></li>
        </ul>
      </section>
    </Layout>
  );
}

function UnitRow(props: { ctx: ViewContext; y: PublicYear; u: UnitIndex; groups: boolean }) {
  const { ctx, y, u } = props;
  const t = ctx.t;
  return (
    <tr>
      <th scope="row"><a href={`/integrity/${y.jurisdiction.code}/units/${u.unit}`}>{pick(y.unitNames[u.unit], ctx.locale)}</a></th>
      {props.groups && <td>{u.peerGroup === 'department' ? t('integrity.peer_group_department') : u.peerGroup}</td>}
      <ScoreCell ctx={ctx} score={u.score} min={y.index.minSample} />
      <td>{ctx.fmt.number(u.respondents)}</td>
      <td>{u.grade === null ? '—' : t('integrity.grade_n', { grade: u.grade })}</td>
      <td>{u.rank ?? '—'}</td>
      <td>{change(ctx, u.change)}</td>
      <ExperienceCell ctx={ctx} p={u.experience} />
      <td>{u.deducted ? `−${ctx.fmt.number(u.deducted)}` : '—'}</td>
    </tr>
  );
}

/** `/integrity/:j/:year`: every department and procedure with score, interval, sample, grade, rank and change. */
export function IntegrityYearPage(props: { ctx: ViewContext; y: PublicYear }) {
  const { ctx, y } = props;
  const t = ctx.t;
  const name = pick(y.jurisdiction.name, ctx.locale);
  const base = `/integrity/${y.jurisdiction.code}/${y.year}`;
  const title = t('integrity.year_title', { year: y.year, name });
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t('integrity.year_lead', { scale: y.index.scale, min: y.index.minSample })}</p>
      <Summary ctx={ctx} y={y} />
      <p>
        <a href={`${base}/methodology`}>{t('integrity.methodology_link')}</a> · <a href={`${base}/units.csv`}>{t('integrity.csv_units')}</a> ·{' '}
        <a href={`${base}/procedures.csv`}>{t('integrity.csv_procedures')}</a> · <a href={`${base}/deductions.csv`}>{t('integrity.csv_deductions')}</a> ·{' '}
        <a href={`${base}.json`}>{t('ko_pages.json')}</a>
      </p>
      <IntegrityYearTables ctx={ctx} y={y} />
      <p class="muted">{t('integrity.anonymity_note')}</p>
    </Layout>
  );
}

/** The units and procedures tables of a year (the public page, and the office's provisional figures). */
export function IntegrityYearTables(props: { ctx: ViewContext; y: PublicYear }) {
  const { ctx, y } = props;
  const t = ctx.t;
  const name = pick(y.jurisdiction.name, ctx.locale);
  // One peer group for everyone needs no column.
  const groups = new Set(y.index.units.map((u) => u.peerGroup)).size > 1;
  return (
    <>
      <h2>{t('integrity.units')}</h2>
      <TableScroll label={t('integrity.units')}>
        <table class="integrity-table" data-testid="integrity-units">
          <caption>{t('integrity.units_caption', { year: y.year, name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('integrity.col_unit')}</th>
              {groups && <th scope="col">{t('integrity.col_peer')}</th>}
              <th scope="col">{t('integrity.col_score', { scale: y.index.scale })}</th>
              <th scope="col">{t('integrity.col_n')}</th>
              <th scope="col">{t('integrity.col_grade')}</th>
              <th scope="col">{t('integrity.col_rank')}</th>
              <th scope="col">{t('integrity.col_change')}</th>
              <th scope="col">{t('integrity.col_experience')}</th>
              <th scope="col">{t('integrity.col_deducted')}</th>
            </tr>
          </thead>
          <tbody>
            {y.index.units.filter((u) => u.respondents > 0 || u.score).sort((a, b) => (b.score?.value ?? -1) - (a.score?.value ?? -1) || b.respondents - a.respondents).map((u) => <UnitRow ctx={ctx} y={y} u={u} groups={groups} />)}
          </tbody>
        </table>
      </TableScroll>
      <h2>{t('integrity.procedures')}</h2>
      <TableScroll label={t('integrity.procedures')}>
        <table class="integrity-table" data-testid="integrity-procedures">
          <caption>{t('integrity.procedures_caption', { year: y.year, name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('integrity.col_procedure')}</th>
              <th scope="col">{t('integrity.col_score', { scale: y.index.scale })}</th>
              <th scope="col">{t('integrity.col_n')}</th>
              <th scope="col">{t('integrity.col_rank')}</th>
              <th scope="col">{t('integrity.col_experience')}</th>
            </tr>
          </thead>
          <tbody>
            {y.index.procedures.filter((p) => p.respondents > 0).sort((a, b) => (b.score?.value ?? -1) - (a.score?.value ?? -1) || b.respondents - a.respondents).map((p) => (
              <tr>
                <th scope="row">{pick(y.procedureNames[p.procedure], ctx.locale)}</th>
                <ScoreCell ctx={ctx} score={p.score} min={y.index.minSample} />
                <td>{ctx.fmt.number(p.respondents)}</td>
                <td>{p.rank ?? '—'}</td>
                <ExperienceCell ctx={ctx} p={p.experience} />
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}

/** `/integrity/:j/:year/methodology`: the year's frozen model in words, generated from the model itself. */
export function IntegrityMethodologyPage(props: { ctx: ViewContext; y: PublicYear }) {
  const { ctx, y } = props;
  const t = ctx.t;
  const m = y.model;
  const name = pick(y.jurisdiction.name, ctx.locale);
  const title = t('integrity.method_title', { year: y.year, name });
  const formula = `${t('integrity.method_index')} = ${m.scale} × (${m.components.map((c) => `${ctx.fmt.number(c.weight)} × ${t(`integrity.source_${c.source}`)}`).join(' + ')}) − ${t('integrity.method_deductions')}`;
  const rate = y.invitations.invited ? percent(ctx, y.invitations.answered / y.invitations.invited) : '—';
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p><a href={`/integrity/${y.jurisdiction.code}/${y.year}`}>{t('integrity.back_to_year', { year: y.year })}</a></p>
      <h2>{t('integrity.method_formula')}</h2>
      <p><code data-testid="integrity-formula">{formula}</code></p>
      <p>{t(`integrity.preset_${m.preset}`)}</p>
      <ul>
        {m.components.map((c) => <li>{t(`integrity.source_${c.source}`)}: {ctx.fmt.number(c.weight)} — {t(`integrity.source_${c.source}_about`)}</li>)}
      </ul>
      <p>{t('integrity.method_missing')}</p>
      <h2>{t('integrity.method_ci')}</h2>
      <p>{t('integrity.method_ci_text')}</p>
      <h2>{t('integrity.method_sampling')}</h2>
      <p>{t('integrity.method_sampling_text', { days: m.windowDays })}</p>
      <p>{y.invitations.invited > 0 ? t('integrity.method_response', { invited: y.invitations.invited, answered: y.invitations.answered, rate }) : t('integrity.method_response_none', { n: y.index.overall.respondents })}</p>
      <p>{t('integrity.method_anonymity')}</p>
      <h2>{t('integrity.method_grading')}</h2>
      <p>{t('integrity.method_grading_text', { min: m.minSample, c1: m.gradeCuts[0]!, c2: m.gradeCuts[1]!, c3: m.gradeCuts[2]!, c4: m.gradeCuts[3]!, group: m.defaultPeerGroup === 'department' ? t('integrity.peer_group_department') : m.defaultPeerGroup })}</p>
      {Object.keys(m.peerGroups).length > 0 && (
        <ul>{Object.entries(m.peerGroups).map(([unit, group]) => <li>{pick(y.unitNames[unit], ctx.locale) || unit}: {group}</li>)}</ul>
      )}
      <h2>{t('integrity.method_items')}</h2>
      {(['external', 'internal'] as const).map((survey) => (
        <>
          <h3>{t(`integrity.source_${survey}`)}</h3>
          <TableScroll label={t(`integrity.source_${survey}`)}>
            <table>
              <caption>{t('integrity.method_items_caption', { survey: t(`integrity.source_${survey}`) })}</caption>
              <thead><tr><th scope="col">{t('integrity.col_item')}</th><th scope="col">{t('integrity.col_weight')}</th><th scope="col">{t('integrity.col_choices')}</th></tr></thead>
              <tbody>
                {m.items.filter((i) => i.survey === survey).map((i) => (
                  <tr>
                    <th scope="row">{pick(i.question, ctx.locale)}</th>
                    <td>{ctx.fmt.number(i.weight)}</td>
                    <td>{i.choices.map((c) => `${pick(c.label, ctx.locale)} (${c.score === null ? t('integrity.not_scored') : ctx.fmt.number(c.score)}${c.reports ? `, ${t('integrity.counts_as_experience')}` : ''})`).join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      ))}
      <h2>{t('integrity.method_deductions_title')}</h2>
      {y.assessments.length === 0 ? <p>{t('integrity.no_deductions')}</p> : (
        <TableScroll label={t('integrity.method_deductions_title')}>
          <table data-testid="integrity-deductions">
            <caption>{t('integrity.method_deductions_title')}</caption>
            <thead><tr><th scope="col">{t('integrity.col_unit')}</th><th scope="col">{t('integrity.col_kind')}</th><th scope="col">{t('integrity.col_points')}</th><th scope="col">{t('integrity.col_reference')}</th></tr></thead>
            <tbody>
              {y.assessments.map((a) => (
                <tr><th scope="row">{pick(y.unitNames[a.unit], ctx.locale)}</th><td>{t(`integrity.kind_${a.kind}`)}</td><td>{ctx.fmt.number(a.points)}</td><td>{a.reference}</td></tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}

/** `/integrity/:j/units/:unit`: one department's published scores, year by year, as a chart and a table. */
export function IntegrityUnitHistoryPage(props: {
  ctx: ViewContext;
  jurisdiction: { code: string; name: Localized };
  unit: string;
  name: Localized;
  points: { year: number; scale: number; unit: UnitIndex | null }[];
}) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('integrity.history_title', { unit: pick(props.name, ctx.locale) });
  // Years on another scale are shown in the table but not joined by the chart's line.
  const scale = props.points.at(-1)?.scale ?? 10;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{pick(props.jurisdiction.name, ctx.locale)}</p>
      <LineChart
        id="history"
        title={title}
        description={t('integrity.history_desc', { scale })}
        points={props.points.map((p) => ({ label: String(p.year), value: p.scale === scale ? (p.unit?.score?.value ?? null) : null }))}
        yMax={scale}
        formatY={(v) => ctx.fmt.number(v)}
        formatX={(l) => l}
      />
      <TableScroll label={title}>
        <table data-testid="integrity-history">
          <caption>{title}</caption>
          <thead><tr><th scope="col">{t('integrity.col_year')}</th><th scope="col">{t('integrity.col_score_plain')}</th><th scope="col">{t('integrity.col_n')}</th><th scope="col">{t('integrity.col_grade')}</th></tr></thead>
          <tbody>
            {props.points.map((p) => (
              <tr>
                <th scope="row"><a href={`/integrity/${props.jurisdiction.code}/${p.year}`}>{p.year}</a></th>
                {p.unit?.score ? <td>{ctx.fmt.number(p.unit.score.value)} / {p.scale}</td> : <td class="muted">{t('integrity.withheld_short')}</td>}
                <td>{p.unit?.respondents ?? 0}</td>
                <td>{p.unit?.grade ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  );
}
