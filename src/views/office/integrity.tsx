import type { IntegrityJurisdiction } from '../../db/repos/integrity.js';
import type { Localized } from '../../domain/types.js';
import { pick } from '../../i18n/index.js';
import type { PublicYear } from '../../presenters/integrity.js';
import { TableScroll } from '../components.js';
import type { findingsOfJurisdiction } from '../../db/repos/reports.js';
import { ReportFindings } from '../reports/findings.js';
import type { ViewContext } from '../context.js';
import { IntegrityYearTables } from '../integrity.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from '../Layout.js';

/** `/office/integrity`: the jurisdiction's index years and the survey's sampling rates. */
export function OfficeIntegrityPage(props: {
  ctx: ViewContext;
  jurisdiction: IntegrityJurisdiction;
  years: { year: number; published: boolean }[];
  current: number;
  rates: { code: string; name: Localized; rate: number }[];
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, values, errors } = props;
  const t = ctx.t;
  const years = [...new Set([props.current, props.current - 1, ...props.years.map((y) => y.year)])].sort((a, b) => b - a);
  return (
    <Layout ctx={ctx} title={t('integrity.office.title')} office>
      <h1>{t('integrity.office.title')}</h1>
      <p class="lead">{t('integrity.office.lead', { name: pick(props.jurisdiction.name, ctx.locale) })}</p>
      <h2>{t('integrity.office.years')}</h2>
      <ul data-testid="integrity-years">
        {years.map((year) => {
          const y = props.years.find((x) => x.year === year);
          return (
            <li>
              <a href={`/office/integrity/${year}`}>{t('integrity.year_link', { year })}</a> — {t(y ? (y.published ? 'integrity.office.published' : 'integrity.office.open') : 'integrity.office.not_started')}
            </li>
          );
        })}
      </ul>
      <h2 id="sampling">{t('integrity.office.sampling')}</h2>
      <p>{t('integrity.office.sampling_lead')}</p>
      <TableScroll label={t('integrity.office.sampling')}>
        <table>
          <caption>{t('integrity.office.sampling')}</caption>
          <thead><tr><th scope="col">{t('integrity.col_procedure')}</th><th scope="col">{t('integrity.office.rate')}</th></tr></thead>
          <tbody>{props.rates.map((r) => <tr><th scope="row">{pick(r.name, ctx.locale)}</th><td>{Math.round(r.rate * 100)}%</td></tr>)}</tbody>
        </table>
      </TableScroll>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/office/integrity/sampling" class="stack" novalidate>
        <Csrf ctx={ctx} />
        <Field id={fieldId('procedure')} label={t('integrity.col_procedure')} error={errors.procedure}>
          <select {...aria(fieldId('procedure'), errors.procedure)} name="procedure">
            <option value="">—</option>
            {props.rates.map((r) => <option value={r.code} selected={values.procedure === r.code}>{pick(r.name, ctx.locale)}</option>)}
          </select>
        </Field>
        <Field id={fieldId('percent')} label={t('integrity.office.rate_percent')} error={errors.percent}>
          <input {...aria(fieldId('percent'), errors.percent)} name="percent" inputMode="numeric" value={values.percent ?? ''} />
        </Field>
        <button type="submit">{t('integrity.office.save_rate')}</button>
      </form>
      <p><a href="/office/integrity-survey">{t('integrity.office.internal_link')}</a></p>
    </Layout>
  );
}

/** `/office/integrity/:year`: provisional figures, the model, deductions and effort scores, and publishing. */
export function OfficeIntegrityYearPage(props: {
  ctx: ViewContext;
  jurisdiction: IntegrityJurisdiction;
  year: number;
  current: number;
  figures: PublicYear | undefined;
  units: { code: string; name: Localized }[];
  waiting: number;
  /** The year's comments, for auditors only (null for anyone else). */
  comments: { survey: string; unit: string; comment: string }[] | null;
  /** The reporting channel's findings against departments, for auditors only (null for anyone else). */
  findings: Awaited<ReturnType<typeof findingsOfJurisdiction>> | null;
  modelJson: string;
  values: Record<string, string>;
  /** Which form the values and errors belong to. */
  form?: string;
  errors: Record<string, string>;
}) {
  const { ctx, figures, year } = props;
  const t = ctx.t;
  const published = figures?.published ?? false;
  const errorsOf = (form: string) => (props.form === form ? props.errors : {});
  const valuesOf = (form: string) => (props.form === form ? props.values : {});
  const a = errorsOf('assessment');
  const av = valuesOf('assessment');
  const m = errorsOf('model');
  const title = t('integrity.office.year_title', { year });
  return (
    <Layout ctx={ctx} title={title} office>
      <h1>{title}</h1>
      <p><a href="/office/integrity">{t('integrity.office.title')}</a></p>
      <p data-testid="integrity-year-state">
        {published ? t('integrity.office.is_published') : t('integrity.office.is_open', { waiting: props.waiting })}
        {published && <> <a href={`/integrity/${props.jurisdiction.code}/${year}`}>{t('integrity.office.public_page')}</a></>}
      </p>
      {figures && <IntegrityYearTables ctx={ctx} y={figures} />}
      {props.comments && (
        <section aria-labelledby="comments">
          <h2 id="comments">{t('integrity.office.comments')}</h2>
          <p>{t('integrity.office.comments_lead')}</p>
          {props.comments.length === 0 ? <p>{t('integrity.office.no_comments')}</p> : (
            <ul data-testid="integrity-comments">
              {props.comments.map((c) => (
                <li><span class="muted">{t(`integrity.source_${c.survey}`)} · {pick(props.units.find((u) => u.code === c.unit)?.name, ctx.locale)}:</span> {c.comment}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      {!published && (
        <>
          <h2 id="assessment">{t('integrity.office.assessment')}</h2>
          <p>{t('integrity.office.assessment_lead', { scale: figures?.model.scale ?? 10 })}</p>
          <ErrorSummary ctx={ctx} errors={a} />
          <form method="post" action={`/office/integrity/${year}/assessments`} class="stack" novalidate>
            <Csrf ctx={ctx} />
            <Field id={fieldId('unit')} label={t('integrity.col_unit')} error={a.unit} required>
              <select {...aria(fieldId('unit'), a.unit)} name="unit">
                <option value="">—</option>
                {props.units.map((u) => <option value={u.code} selected={av.unit === u.code}>{pick(u.name, ctx.locale)}</option>)}
              </select>
            </Field>
            <Field id={fieldId('kind')} label={t('integrity.col_kind')} error={a.kind} required>
              <select {...aria(fieldId('kind'), a.kind)} name="kind">
                {(['deduction', 'effort'] as const).map((k) => <option value={k} selected={(av.kind ?? 'deduction') === k}>{t(`integrity.kind_${k}`)}</option>)}
              </select>
            </Field>
            <Field id={fieldId('points')} label={t('integrity.col_points')} hint={t('integrity.office.points_hint')} error={a.points} required>
              <input {...aria(fieldId('points'), a.points, true)} name="points" inputMode="decimal" value={av.points ?? ''} />
            </Field>
            <Field id={fieldId('reference')} label={t('integrity.col_reference')} hint={t('integrity.office.reference_hint')} error={a.reference} required>
              <input {...aria(fieldId('reference'), a.reference, true)} name="reference" value={av.reference ?? ''} />
            </Field>
            <button type="submit">{t('integrity.office.add_assessment')}</button>
          </form>
          {props.findings && (
            <ReportFindings ctx={ctx} year={year} scale={figures?.model.scale ?? 10} findings={props.findings} zone={props.jurisdiction.time_zone} values={valuesOf('finding')} errors={errorsOf('finding')} />
          )}
          <h2 id="publish">{t('integrity.office.publish')}</h2>
          <p>{t(year < props.current ? 'integrity.office.publish_lead' : 'integrity.office.publish_not_yet', { year })}</p>
          <ErrorSummary ctx={ctx} errors={errorsOf('publish')} />
          {year < props.current && (
            <form method="post" action={`/office/integrity/${year}/publish`}>
              <Csrf ctx={ctx} />
              <button type="submit">{t('integrity.office.publish_button', { year })}</button>
            </form>
          )}
          <h2 id="model">{t('integrity.office.model')}</h2>
          <p>{t('integrity.office.model_lead')}</p>
          <ErrorSummary ctx={ctx} errors={m} />
          <form method="post" action={`/office/integrity/${year}/model`} class="stack" novalidate>
            <Csrf ctx={ctx} />
            <Field id={fieldId('preset')} label={t('integrity.office.preset')} error={m.preset}>
              <select {...aria(fieldId('preset'), m.preset)} name="preset">
                <option value="">{t('integrity.office.preset_none')}</option>
                <option value="acrc_classic">{t('integrity.preset_acrc_classic')}</option>
                <option value="acrc_2022">{t('integrity.preset_acrc_2022')}</option>
              </select>
            </Field>
            <Field id={fieldId('model')} label={t('integrity.office.model_json')} hint={t('integrity.office.model_json_hint')} error={m.model}>
              <textarea {...aria(fieldId('model'), m.model, true)} name="model" rows={16} class="code">{valuesOf('model').model ?? props.modelJson}</textarea>
            </Field>
            <button type="submit">{t('integrity.office.save_model')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}
