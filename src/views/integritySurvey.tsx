import type { OpenInvitation } from '../db/repos/integrity.js';
import { INTEGRITY_COMMENT_MAX } from '../domain/integrity.js';
import type { IntegrityItem, IntegrityModel } from '../domain/integrityModel.js';
import { pick } from '../i18n/index.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

/** Where the corruption-reporting channel lives; the survey links to it without pressing anyone to use it. */
export const REPORTING_CHANNEL_PATH = '/report';

/** One question as a group of radio buttons; "prefer not to say" is one of the options. */
function Question(props: { ctx: ViewContext; item: IntegrityItem; n: number; chosen: string | undefined; error: string | undefined }) {
  const { ctx, item, error } = props;
  const name = `item_${item.key}`;
  const id = fieldId(name);
  return (
    <fieldset class="question" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>
        {props.n}. {pick(item.question, ctx.locale)}
        <span class="req" aria-hidden="true"> *</span>
      </legend>
      {error && <p class="error-text" id={`${id}-error`}>{error}</p>}
      {item.choices.map((c, i) => {
        const choiceId = i === 0 ? id : `${id}-${c.key}`;
        return (
          <div class="choice">
            <input type="radio" id={choiceId} name={name} value={c.key} checked={props.chosen === c.key} aria-invalid={error ? 'true' : undefined} />
            <label for={choiceId}>{pick(c.label, ctx.locale)}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** The questions of one survey, numbered, then the optional private comment. */
function Questions(props: { ctx: ViewContext; model: IntegrityModel; survey: 'external' | 'internal'; values: Record<string, string>; errors: Record<string, string> }) {
  const { ctx, values, errors } = props;
  const items = props.model.items.filter((i) => i.survey === props.survey);
  return (
    <>
      {items.map((item, i) => <Question ctx={ctx} item={item} n={i + 1} chosen={values[`item_${item.key}`]} error={errors[`item_${item.key}`]} />)}
      <Field id={fieldId('comment')} label={ctx.t('integrity.survey.comment')} hint={ctx.t('integrity.survey.comment_hint', { max: INTEGRITY_COMMENT_MAX })} error={errors.comment}>
        <textarea {...aria(fieldId('comment'), errors.comment, true)} name="comment" rows={4}>{values.comment ?? ''}</textarea>
      </Field>
    </>
  );
}

/** Who sees the answers, said plainly before the first question. */
function WhoSees(props: { ctx: ViewContext; internal?: boolean }) {
  const t = props.ctx.t;
  return (
    <section class="panel" aria-labelledby="who-sees">
      <h2 id="who-sees">{t('integrity.survey.who_sees_title')}</h2>
      <p>{t(props.internal ? 'integrity.internal.who_sees' : 'integrity.survey.who_sees')}</p>
      <p>{t('integrity.survey.stored')}</p>
    </section>
  );
}

function ReportLink(props: { ctx: ViewContext }) {
  return <p class="muted">{props.ctx.t('integrity.survey.report_lead')} <a href={REPORTING_CHANNEL_PATH}>{props.ctx.t('integrity.survey.report_link')}</a></p>;
}

/** The applicant's survey, opened by the single-use link: the questions, or why it cannot be answered. */
export function SurveyPage(props: {
  ctx: ViewContext;
  state: 'open' | 'used' | 'expired' | 'closed' | 'done';
  action: string;
  invitation?: OpenInvitation;
  model?: IntegrityModel;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, invitation, model } = props;
  const t = ctx.t;
  const title = t('integrity.survey.title');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {props.state === 'done' ? (
        <>
          <p class="notice" role="status" data-testid="survey-done">{t('integrity.survey.thanks')}</p>
          <ReportLink ctx={ctx} />
        </>
      ) : props.state !== 'open' || !invitation || !model ? (
        <p data-testid="survey-closed">{t(`integrity.survey.state_${props.state}`, { year: invitation?.year ?? '' })}</p>
      ) : (
        <>
          <p class="lead">
            {t('integrity.survey.lead', { unit: pick(invitation.unit, ctx.locale), procedure: pick(invitation.procedure, ctx.locale), jurisdiction: pick(invitation.jurisdiction, ctx.locale) })}
          </p>
          <p>{t('integrity.survey.until', { date: ctx.fmt.date(invitation.expires_at, invitation.time_zone) })}</p>
          <WhoSees ctx={ctx} />
          <ErrorSummary ctx={ctx} errors={props.errors} />
          <form method="post" action={props.action} class="stack" novalidate>
            <Csrf ctx={ctx} />
            <Questions ctx={ctx} model={model} survey="external" values={props.values} errors={props.errors} />
            <button type="submit">{t('integrity.survey.submit')}</button>
          </form>
          <ReportLink ctx={ctx} />
        </>
      )}
    </Layout>
  );
}

/** The officials' internal survey of the current year. */
export function InternalSurveyPage(props: {
  ctx: ViewContext;
  year: number;
  state: 'open' | 'used' | 'closed' | 'done';
  model: IntegrityModel;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx } = props;
  const t = ctx.t;
  const title = t('integrity.internal.title', { year: props.year });
  return (
    <Layout ctx={ctx} title={title} office>
      <h1>{title}</h1>
      {props.state === 'done' ? (
        <p class="notice" role="status" data-testid="survey-done">{t('integrity.internal.thanks')}</p>
      ) : props.state !== 'open' ? (
        <p>{t(`integrity.internal.state_${props.state}`, { year: props.year })}</p>
      ) : (
        <>
          <p class="lead">{t('integrity.internal.lead')}</p>
          <WhoSees ctx={ctx} internal />
          <ErrorSummary ctx={ctx} errors={props.errors} />
          <form method="post" action="/office/integrity-survey" class="stack" novalidate>
            <Csrf ctx={ctx} />
            <Questions ctx={ctx} model={props.model} survey="internal" values={props.values} errors={props.errors} />
            <button type="submit">{t('integrity.survey.submit')}</button>
          </form>
        </>
      )}
      <ReportLink ctx={ctx} />
    </Layout>
  );
}

/** The invitation on the applicant's private page: a button that opens the survey with a fresh single-use link. */
export function IntegrityInvitationPanel(props: { ctx: ViewContext; state: 'open' | 'answered' | 'expired'; until: Date; zone: string; action: string }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <section class="panel" aria-labelledby="integrity-heading" data-testid="integrity-invitation">
      <h2 id="integrity-heading">{t('integrity.invitation.title')}</h2>
      {props.state === 'open' ? (
        <>
          <p>{t('integrity.invitation.lead', { date: ctx.fmt.date(props.until, props.zone) })}</p>
          <form method="post" action={props.action}>
            <Csrf ctx={ctx} />
            <button type="submit">{t('integrity.invitation.open')}</button>
          </form>
        </>
      ) : (
        <p>{t(`integrity.invitation.${props.state}`)}</p>
      )}
    </section>
  );
}
