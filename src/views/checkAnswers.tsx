import type { CatalogueRow } from '../db/repos/publicRead.js';
import { COMMON_INPUTS } from '../domain/drafts.js';
import { pick } from '../i18n/index.js';
import { fileSize, formLabels, type FormDraft, type FormValues } from './apply.js';
import { Time } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, Layout, fieldId } from './Layout.js';

/** One answer of the summary: what was asked, what was given, and where to change it. */
function AnswerRow(props: { ctx: ViewContext; label: string; value: string | undefined; change: string }) {
  const { ctx } = props;
  return (
    <div class="summary-row">
      <dt>{props.label}</dt>
      <dd class="summary-value">{props.value ? props.value : <span class="muted">{ctx.t('check.not_given')}</span>}</dd>
      <dd class="summary-action">
        <a href={props.change}>
          {ctx.t('check.change')}
          <span class="visually-hidden"> {props.label}</span>
        </a>
      </dd>
    </div>
  );
}

/**
 * "Check your answers" before an application is filed: every answer, document and contact detail the draft holds,
 * each with a link back to its input on the form (which keeps everything, files included), then "Submit".
 */
export function CheckAnswersPage(props: { ctx: ViewContext; p: CatalogueRow; values: FormValues; draft: FormDraft }) {
  const { ctx, p, values, draft } = props;
  const t = ctx.t;
  const labels = formLabels(ctx, p, false);
  const change = (name: string) => `/apply/${draft.token}#${fieldId(name)}`;
  const row = (name: string) => <AnswerRow ctx={ctx} label={labels[name] ?? name} value={values[name]?.trim()} change={change(name)} />;
  const title = t('check.title');
  return (
    <Layout ctx={ctx} title={title}>
      <p class="crumbs">{pick(p.name, ctx.locale)}</p>
      <h1>{title}</h1>
      <p class="lead">{t('check.lead')}</p>
      <section aria-labelledby="check-project">
        <h2 id="check-project">{t('apply.project')}</h2>
        <dl class="summary-list">{['title', 'address', 'parcel_id', 'lat', 'lng'].map(row)}</dl>
      </section>
      {p.fields.length > 0 && (
        <section aria-labelledby="check-details">
          <h2 id="check-details">{t('apply.details')}</h2>
          <dl class="summary-list">{p.fields.map((f) => row(`field_${f.key}`))}</dl>
        </section>
      )}
      <section aria-labelledby="check-contact">
        <h2 id="check-contact">{t('apply.contact')}</h2>
        <p class="hint">{t('apply.contact_private')}</p>
        <dl class="summary-list">{COMMON_INPUTS.filter((n) => n.startsWith('applicant_')).map(row)}</dl>
      </section>
      <section aria-labelledby="check-documents">
        <h2 id="check-documents">{t('apply.documents')}</h2>
        <dl class="summary-list">
          {p.documents.map((d) => {
            const kept = draft.documents.find((k) => k.kind === d.key);
            const value = kept ? t('draft.file_summary', { filename: kept.filename, size: fileSize(ctx, kept.sizeBytes) }) : undefined;
            return <AnswerRow ctx={ctx} label={pick(d.name, ctx.locale)} value={value} change={change(`doc_${d.key}`)} />;
          })}
        </dl>
      </section>
      <section aria-labelledby="check-submit">
        <h2 id="check-submit">{t('check.submit_heading')}</h2>
        <p>{t('check.submit_text')}</p>
        <form method="post" action={`/apply/${draft.token}/submit`} class="button-group">
          <Csrf ctx={ctx} />
          <button type="submit">{t('apply.submit')}</button>
          <button type="submit" class="quiet" formAction={`/apply/${draft.token}/later`}>{t('draft.save')}</button>
        </form>
      </section>
    </Layout>
  );
}

/** After "Save and continue later": the link that opens the draft again, until when, and where it was e-mailed. */
export function DraftSavedPage(props: { ctx: ViewContext; p: CatalogueRow; token: string; expiresAt: Date; publicUrl: string; mailedTo?: string }) {
  const { ctx, p } = props;
  const t = ctx.t;
  const link = `${props.publicUrl}/apply/${props.token}`;
  const title = t('draft.saved_title');
  return (
    <Layout ctx={ctx} title={title}>
      <p class="crumbs">{pick(p.name, ctx.locale)}</p>
      <div class="confirmation" role="status">
        <h1>{title}</h1>
        <p>{t('draft.saved_until')} <strong><Time ctx={ctx} at={props.expiresAt} zone={p.jurisdiction.time_zone} dateOnly /></strong></p>
      </div>
      <section aria-labelledby="draft-link">
        <h2 id="draft-link">{t('draft.link_heading')}</h2>
        <p>{t('draft.link_text')}</p>
        <p class="draft-link" dir="ltr"><a href={`/apply/${props.token}`} data-testid="draft-link">{link}</a></p>
        {props.mailedTo && <p>{t('draft.mailed', { email: props.mailedTo })}</p>}
        <p class="warning">{t('draft.keep_private')}</p>
      </section>
      <ul class="next-steps">
        <li><a href={`/apply/${props.token}`}>{t('draft.continue_now')}</a></li>
        <li><a href="/procedures">{t('draft.other_procedures')}</a></li>
      </ul>
    </Layout>
  );
}
