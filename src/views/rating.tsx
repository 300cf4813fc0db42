import type { OfficeRating, OwnRating } from '../db/repos/ratings.js';
import { RATING_COMMENT_MAX, SATISFACTION_SCORES, type RatingWindow, type SatisfactionSummary } from '../domain/satisfaction.js';
import { PERIODS, type Period } from '../domain/statistics.js';
import { StatusBadge, TableScroll, Time } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

/** Everything the rating panel needs: where the form posts, the window, the rating so far and a failed attempt. */
export interface RatingPanelProps {
  ctx: ViewContext;
  action: string;
  window: RatingWindow;
  rating: OwnRating | undefined;
  zone: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  /** Set right after a rating was saved. */
  saved?: boolean;
  /** The application's number, for the link to raise a private objection on its public page. */
  number?: string;
}

/**
 * The applicant's invitation to rate the service once the case is closed: the form while the window is open (filled
 * in with their rating when they change it), their rating once it is fixed. Renders nothing for an open case.
 */
export function RatingPanel(props: RatingPanelProps) {
  const { ctx, window, rating, errors, values, zone } = props;
  const t = ctx.t;
  // An open case shows no invitation; a refused attempt (a stale form) still says why.
  if (window.state === 'not_closed') return Object.keys(errors).length ? <ErrorSummary ctx={ctx} errors={errors} /> : null;
  const until = ctx.fmt.date(window.until, zone);
  const chosen = values.satisfaction ?? (rating ? String(rating.satisfaction) : '');
  const comment = values.comment ?? rating?.comment ?? '';
  return (
    <section class="panel rating" aria-labelledby="rating-heading" data-testid="rating">
      <h2 id="rating-heading">{t('rating.title')}</h2>
      {props.saved && <p class="notice" role="status">{t('rating.saved', { date: until })}</p>}
      {rating && <OwnRatingFacts ctx={ctx} rating={rating} zone={zone} />}
      {window.state === 'over' ? (
        <p>{t(rating ? 'rating.fixed' : 'rating.window_over', { date: until })}</p>
      ) : (
        <>
          {/* Right after saving, the thank-you notice already says until when the rating can change. */}
          {!props.saved && <p>{t(rating ? 'rating.change_lead' : 'rating.lead', { date: until })}</p>}
          <ErrorSummary ctx={ctx} errors={errors} />
          <form method="post" action={props.action} class="stack" novalidate>
            <Csrf ctx={ctx} />
            <fieldset class="question" aria-describedby={errors.satisfaction ? `${fieldId('satisfaction')}-error` : undefined}>
              <legend>
                {t('rating.question')}
                <span class="req" aria-hidden="true"> *</span>
              </legend>
              {errors.satisfaction && <p class="error-text" id={`${fieldId('satisfaction')}-error`}>{errors.satisfaction}</p>}
              {SATISFACTION_SCORES.map((score, i) => {
                const id = i === 0 ? fieldId('satisfaction') : `${fieldId('satisfaction')}-${score}`;
                return (
                  <div class="choice">
                    <input type="radio" id={id} name="satisfaction" value={String(score)} checked={chosen === String(score)} aria-invalid={errors.satisfaction ? 'true' : undefined} />
                    <label for={id}>{t(`rating.score_${score}`)}</label>
                  </div>
                );
              })}
            </fieldset>
            <Field id={fieldId('comment')} label={t('rating.comment')} hint={t('rating.comment_hint', { max: RATING_COMMENT_MAX })} error={errors.comment}>
              <textarea {...aria(fieldId('comment'), errors.comment, true)} name="comment" rows={4}>{comment}</textarea>
            </Field>
            <button type="submit">{t(rating ? 'rating.change' : 'rating.submit')}</button>
          </form>
          {props.number && (
            <p class="small" data-testid="report-link">
              {t('journey.rating_report')} <a href="/report">{t('journey.rating_report_channel')}</a>
              {' · '}
              <a href={`/applications/${props.number}#inquiries-heading`}>{t('journey.rating_report_link')}</a>
            </p>
          )}
        </>
      )}
    </section>
  );
}

function OwnRatingFacts(props: { ctx: ViewContext; rating: OwnRating; zone: string }) {
  const { ctx, rating, zone } = props;
  const t = ctx.t;
  return (
    <dl class="facts" data-testid="own-rating">
      <dt>{t('rating.your_score')}</dt>
      <dd>{t(`rating.score_${rating.satisfaction}`)}</dd>
      <dt>{t('rating.your_comment')}</dt>
      <dd>{rating.comment ?? '—'}</dd>
      <dt>{t('rating.rated_at')}</dt>
      <dd><Time ctx={ctx} at={rating.updated_at} zone={zone} /></dd>
    </dl>
  );
}

/** The page a signed link from the closing e-mail opens: which application, and the rating panel. No sign-in needed. */
export function RatePage(props: { app: { number: string; title: string; status: string } } & RatingPanelProps) {
  const { ctx, app } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('rating.page_title', { number: app.number })}>
      <h1>{t('rating.page_title', { number: app.number })}</h1>
      <p>
        {app.title} · <StatusBadge ctx={ctx} status={app.status} />
      </p>
      {props.window.state === 'not_closed' ? <p>{t('error.rating_not_closed')}</p> : <RatingPanel {...props} />}
      <p><a href={`/applications/${app.number}`}>{t('my.public_link')}</a></p>
    </Layout>
  );
}

/** What the office's list of ratings shows: the newest `listed` of a period, and a summary of all of that period's. */
export interface OfficeRatingsProps {
  ctx: ViewContext;
  rows: OfficeRating[];
  /** Every rating of the period in scope, not only the listed ones. */
  summary: SatisfactionSummary;
  /** Most rows listed. */
  listed: number;
  /** Applications closed in the last 90 days, 12 months or ever, as on the public statistics. */
  period: Period;
  allUnits: boolean;
  minSample: number;
}

/** The office's list of ratings with their private comments: one unit's, or every unit's for auditors. */
export function OfficeRatingsPage(props: OfficeRatingsProps) {
  const { ctx, rows, summary } = props;
  const t = ctx.t;
  const scope = t(`rating.office_scope_${props.period}`);
  return (
    <Layout ctx={ctx} title={t('rating.office_title')} office>
      <h1>{t('rating.office_title')}</h1>
      <p class="lead">{t(props.allUnits ? 'rating.office_lead_all' : 'rating.office_lead_unit', { min: props.minSample })}</p>
      <form method="get" action="/office/ratings" class="filters">
        <div class="field">
          <label for="r-period">{t('rating.office_period')}</label>
          <p class="hint" id="r-period-hint">{t('rating.office_period_hint')}</p>
          <select id="r-period" name="period" aria-describedby="r-period-hint">
            {PERIODS.map((p) => <option value={p} selected={p === props.period}>{t(`stats.period_${p}`)}</option>)}
          </select>
        </div>
        <div class="field actions"><button type="submit">{t('stats.show')}</button></div>
      </form>
      {summary.n === 0 ? (
        <p>{t('rating.office_none', { scope })}</p>
      ) : (
        <>
          <p data-testid="ratings-summary">
            {t('rating.office_summary', { n: summary.n, scope, mean: ctx.fmt.mean(summary.mean!), satisfied: `${ctx.fmt.number(Math.round(summary.satisfied!.share * 1000) / 10)}%` })}
            {summary.n > rows.length && ` ${t('rating.office_listed', { listed: ctx.fmt.number(props.listed) })}`}
          </p>
          <TableScroll label={t('rating.office_caption')}>
            <table data-testid="ratings">
              <caption>{t('rating.office_caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rating.office_application')}</th>
                  {props.allUnits && <th scope="col">{t('rating.office_unit')}</th>}
                  <th scope="col">{t('rating.office_score')}</th>
                  <th scope="col">{t('rating.office_comment')}</th>
                  <th scope="col">{t('rating.rated_at')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <th scope="row">
                      <a href={`/office/applications/${r.number}`} dir="ltr">{r.number}</a>
                      <br />
                      <span class="small">{r.title}</span>
                      <br />
                      <span class="muted small">{ctx.locale === 'ko' ? r.procedure_ko : r.procedure_en}</span> <StatusBadge ctx={ctx} status={r.status} />
                    </th>
                    {props.allUnits && <td>{ctx.locale === 'ko' ? r.unit_ko : r.unit_en}</td>}
                    <td>{`${r.satisfaction} · ${t(`rating.score_${r.satisfaction}`)}`}</td>
                    <td>{r.comment ?? <span class="muted">—</span>}</td>
                    <td><Time ctx={ctx} at={r.updated_at} zone={r.time_zone} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </Layout>
  );
}
