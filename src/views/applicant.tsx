import type { ComponentChildren } from 'preact';
import type { PublicApplication } from '../presenters/public.js';
import type { ApplicantCase } from '../presenters/applicant.js';
import { ActorLabel, StageTrack, StatusBadge, Time } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

/** Sign in to one's own application with its number and access code. */
export function TrackPage(props: { ctx: ViewContext; values: Record<string, string>; errors: Record<string, string>; notice?: string }) {
  const { ctx, values, errors } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('track.title')}>
      <h1>{t('track.title')}</h1>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <p class="lead">{t('track.lead')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/track" class="stack narrow" novalidate>
        <Csrf ctx={ctx} />
        <Field id={fieldId('number')} label={t('track.number')} error={errors.number} required>
          <input {...aria(fieldId('number'), errors.number)} name="number" value={values.number ?? ''} autoComplete="off" dir="ltr" required />
        </Field>
        <Field id={fieldId('code')} label={t('track.code')} error={errors.code} required>
          <input {...aria(fieldId('code'), errors.code)} name="code" value="" autoComplete="off" dir="ltr" required />
        </Field>
        <button type="submit">{t('track.submit')}</button>
      </form>
      <section class="come-back" aria-labelledby="lost-code">
        <h2 id="lost-code">{t('journey.lost_code_link')}</h2>
        <p>{t('journey.lost_code')}</p>
        <p><a class="button quiet" href={`/signin?next=${encodeURIComponent(values.number ? `/my/${values.number}` : '/me')}`}>{t('journey.lost_code_link')}</a></p>
      </section>
    </Layout>
  );
}

/** The applicant's private view: their documents, what the office asked of them, and the answer form. */
export function MyApplicationPage(props: {
  ctx: ViewContext;
  app: PublicApplication;
  mine: ApplicantCase;
  zone: string;
  errors: Record<string, string>;
  /** What the applicant typed in the answer form, shown again after a refusal. */
  values?: Record<string, string>;
  notice?: string;
  /** The invitation to rate the service, or the rating given, once the application is closed. */
  rating?: ComponentChildren;
  /** The invitation to the integrity survey, when the application was sampled. */
  integrity?: ComponentChildren;
  /** The questions on the application, shown after the department's requests. */
  inquiries?: ComponentChildren;
  /** Who in the office opened the file, shown last. */
  fileAccess?: ComponentChildren;
}) {
  const { ctx, app, mine, zone, errors } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('my.title', { number: app.number })}>
      <div class="page-actions no-print">
        <PrintButton ctx={ctx} />
        <form method="post" action="/track/signout" class="inline">
          <Csrf ctx={ctx} />
          <button type="submit" class="quiet" data-testid="private-sign-out">{t('journey.sign_out')}</button>
        </form>
      </div>
      <h1>{t('my.title', { number: app.number })}</h1>
      <p>
        {app.title} · <StatusBadge ctx={ctx} status={app.status} />
      </p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <p class="no-print"><a href={`/applications/${app.number}`}>{t('my.public_link')}</a></p>
      <DocumentLinks ctx={ctx} number={app.number} decided={app.events.some((e) => e.type === 'decision')} />
      <DecisionPanel ctx={ctx} app={app} zone={zone} />
      {props.rating}
      {props.integrity}
      <h2>{t('my.contact')}</h2>
      <dl class="facts">
        <dt>{t('apply.name')}</dt>
        <dd>{mine.applicant.name}</dd>
        <dt>{t('apply.email')}</dt>
        <dd><bdi dir="ltr">{mine.applicant.email ?? '—'}</bdi></dd>
        <dt>{t('apply.phone')}</dt>
        <dd><bdi dir="ltr">{mine.applicant.phone ?? '—'}</bdi></dd>
      </dl>
      <h2>{t('my.requests')}</h2>
      {mine.requests.length === 0 ? (
        <p>{t('my.no_requests')}</p>
      ) : (
        <ul class="requests">
          {mine.requests.map((r) => (
            <li class={r.answered ? 'answered' : 'open'}>
              <p>
                <strong>{t(r.answered ? 'my.request_answered' : 'my.request_open')}</strong>{' '}
                <Time ctx={ctx} at={r.at} zone={zone} />
              </p>
              <blockquote>{r.message}</blockquote>
            </li>
          ))}
        </ul>
      )}
      {mine.openRequest && (
        <section class="panel">
          <h2>{t('my.answer_title')}</h2>
          <ErrorSummary ctx={ctx} errors={errors} />
          <form method="post" action={`/my/${app.number}/supplement`} enctype="multipart/form-data" class="stack" novalidate>
            <Csrf ctx={ctx} />
            <Field id={fieldId('files')} label={t('my.answer_files')} error={errors.files} required>
              <input {...aria(fieldId('files'), errors.files)} type="file" name="files" multiple accept="application/pdf,image/png,image/jpeg,image/webp" />
            </Field>
            <Field id={fieldId('message')} label={t('my.answer_message')} error={errors.message}>
              <textarea {...aria(fieldId('message'), errors.message)} name="message" rows={3}>{props.values?.message ?? ''}</textarea>
            </Field>
            <button type="submit">{t('my.answer_submit')}</button>
          </form>
        </section>
      )}
      {props.inquiries}
      <h2>{t('my.documents')}</h2>
      <DocumentList ctx={ctx} documents={mine.documents} zone={zone} base={`/my/${app.number}/documents`} />
      <StageTrack ctx={ctx} app={app} zone={zone} />
      {props.fileAccess}
    </Layout>
  );
}

/** Documents with size, time and a download link. */
export function DocumentList(props: {
  ctx: ViewContext;
  documents: { id: number; filename: string; kind: string; size_bytes: number; uploaded_at: Date }[];
  zone: string;
  base: string;
}) {
  const { ctx } = props;
  if (!props.documents.length) return <p>{ctx.t('my.no_documents')}</p>;
  return (
    <ul class="documents">
      {props.documents.map((d) => (
        <li>
          <a href={`${props.base}/${d.id}`}>{d.filename}</a>
          <span class="muted small">{` · ${ctx.fmt.number(Math.ceil(d.size_bytes / 1024))} KB · `}</span>
          <Time ctx={ctx} at={d.uploaded_at} zone={props.zone} />
        </li>
      ))}
    </ul>
  );
}

/** The applicant's printable documents: the receipt always, the decision notice once there is a decision. */
export function DocumentLinks(props: { ctx: ViewContext; number: string; decided: boolean }) {
  const { ctx, number } = props;
  return (
    <ul class="document-links no-print">
      <li><a href={`/my/${number}/receipt.pdf`} data-testid="receipt-pdf">{ctx.t('document.download_receipt')}</a></li>
      {props.decided && <li><a href={`/my/${number}/decision.pdf`} data-testid="decision-pdf">{ctx.t('document.download_decision')}</a></li>}
    </ul>
  );
}

/** A print button: JavaScript makes it work (`public/app.js`); without it the page still prints from the browser's menu. */
export function PrintButton(props: { ctx: ViewContext }) {
  return (
    <button type="button" class="quiet" data-print hidden>
      {props.ctx.t('journey.print')}
    </button>
  );
}

/** The decision, first on the applicant's page once there is one: the outcome, its reasons, conditions and how to object. */
function DecisionPanel(props: { ctx: ViewContext; app: PublicApplication; zone: string }) {
  const { ctx, app, zone } = props;
  const t = ctx.t;
  const decision = [...app.events].reverse().find((e) => e.type === 'decision');
  if (!decision) return null;
  const text = (key: string) => (typeof decision.data[key] === 'string' && decision.data[key] ? String(decision.data[key]) : undefined);
  const rows = (['reasons', 'conditions', 'redress'] as const).flatMap((key) => {
    const value = text(key);
    return value ? [[key, value] as const] : [];
  });
  return (
    <section class="panel decision" aria-labelledby="decision-heading" data-testid="decision">
      <h2 id="decision-heading">{t('journey.decision_heading')}</h2>
      <p>
        <StatusBadge ctx={ctx} status={String(decision.data.outcome ?? app.status)} />{' '}
        <Time ctx={ctx} at={decision.occurred_at} zone={zone} /> · <ActorLabel ctx={ctx} actor={decision.actor} />
      </p>
      {rows.length > 0 && (
        <dl class="facts">
          {rows.map(([key, value]) => (
            <>
              <dt>{t(`event.field.${key}`)}</dt>
              <dd class="prewrap">{value}</dd>
            </>
          ))}
        </dl>
      )}
    </section>
  );
}
