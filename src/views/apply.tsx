import type { CatalogueRow } from '../db/repos/publicRead.js';
import { pick } from '../i18n/index.js';
import type { PublicApplication } from '../presenters/public.js';
import { PrintButton } from './applicant.js';
import { Time } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

export type FormValues = Record<string, string>;

/** A draft the form was opened from: its link's token and the files it keeps, so they need not be uploaded again. */
export interface FormDraft {
  token: string;
  documents: readonly { kind: string; filename: string; sizeBytes: number }[];
}

/**
 * The application form for a procedure: project, location, contact, the procedure's own fields and its
 * documents. The same form serves applicants online and clerks at a counter (who also give channel and time).
 */
export function ApplyPage(props: {
  ctx: ViewContext;
  p: CatalogueRow;
  values: FormValues;
  errors: Record<string, string>;
  counter?: boolean;
  maxBytes: number;
  /** Online only: the saved draft this form changes. */
  draft?: FormDraft;
}) {
  const { ctx, p, values, errors, draft } = props;
  const t = ctx.t;
  const labels = formLabels(ctx, p, Boolean(props.counter));
  const action = props.counter
    ? `/office/register/${p.jurisdiction.code}/${p.code}`
    : draft
      ? `/apply/${draft.token}`
      : `/procedures/${p.jurisdiction.code}/${p.code}/apply`;
  const input = (name: string, label: string, opts: { type?: string; required?: boolean; hint?: string; autocomplete?: string; inputmode?: string } = {}) => {
    const id = fieldId(name);
    return (
      <Field id={id} label={label} error={errors[name]} hint={opts.hint} required={opts.required}>
        <input
          {...aria(id, errors[name], Boolean(opts.hint))}
          name={name}
          type={opts.type ?? 'text'}
          value={values[name] ?? ''}
          required={opts.required}
          autoComplete={opts.autocomplete}
          inputMode={opts.inputmode as 'decimal' | undefined}
        />
      </Field>
    );
  };
  const title = props.counter ? t('counter.title', { name: pick(p.name, ctx.locale) }) : t('apply.title', { name: pick(p.name, ctx.locale) });
  return (
    <Layout ctx={ctx} title={title} office={props.counter}>
      <h1>{title}</h1>
      <p class="lead">{props.counter ? t('counter.lead') : t('apply.lead')}</p>
      <ErrorSummary ctx={ctx} errors={inFormOrder(errors, labels)} labels={labels} />
      <form method="post" action={action} enctype="multipart/form-data" class="stack" novalidate>
        <Csrf ctx={ctx} />
        {props.counter && (
          <fieldset>
            <legend>{t('counter.receipt')}</legend>
            <Field id={fieldId('channel')} label={t('counter.channel')} error={errors.channel} required>
              <select {...aria(fieldId('channel'), errors.channel)} name="channel">
                {['counter', 'post'].map((c) => <option value={c} selected={values.channel === c}>{t(`channel.${c}`)}</option>)}
              </select>
            </Field>
            {input('received_at', t('counter.received_at'), { type: 'datetime-local', hint: t('counter.received_at_hint') })}
          </fieldset>
        )}
        <fieldset>
          <legend>{t('apply.project')}</legend>
          {input('title', t('apply.project_title'), { required: true, hint: t('apply.project_title_hint') })}
          {input('address', t('apply.address'), { required: true, autocomplete: 'street-address' })}
          {input('parcel_id', t('apply.parcel'), { hint: t('apply.parcel_hint') })}
          <div class="row2">
            {input('lat', t('apply.lat'), { inputmode: 'decimal', hint: t('apply.coordinates_hint') })}
            {input('lng', t('apply.lng'), { inputmode: 'decimal' })}
          </div>
        </fieldset>
        {p.fields.length > 0 && (
          <fieldset>
            <legend>{t('apply.details')}</legend>
            {p.fields.map((f) => {
              const name = `field_${f.key}`;
              const id = fieldId(name);
              const hint = f.public ? t('apply.field_public') : t('apply.field_private');
              return (
                <Field id={id} label={pick(f.label, ctx.locale)} error={errors[name]} required={f.required} hint={hint}>
                  {f.type === 'textarea' ? (
                    <textarea {...aria(id, errors[name], true)} name={name} rows={3} required={f.required}>{values[name] ?? ''}</textarea>
                  ) : (
                    <input
                      {...aria(id, errors[name], true)}
                      name={name}
                      type="text"
                      inputMode={f.type === 'number' ? 'decimal' : undefined}
                      value={values[name] ?? ''}
                      required={f.required}
                    />
                  )}
                </Field>
              );
            })}
          </fieldset>
        )}
        <fieldset>
          <legend>{props.counter ? t('counter.applicant') : t('apply.contact')}</legend>
          <p class="hint">{t('apply.contact_private')}</p>
          {input('applicant_name', t('apply.name'), { required: true, autocomplete: 'name' })}
          {input('applicant_email', t('apply.email'), { type: 'email', autocomplete: 'email' })}
          {input('applicant_phone', t('apply.phone'), { type: 'tel', autocomplete: 'tel' })}
        </fieldset>
        <fieldset>
          <legend>{t('apply.documents')}</legend>
          <p class="hint">{t('apply.documents_hint', { mb: Math.round(props.maxBytes / 1024 / 1024) })}</p>
          {p.documents.map((d) => {
            const name = `doc_${d.key}`;
            const id = fieldId(name);
            const required = d.required && !props.counter;
            const kept = draft?.documents.find((k) => k.kind === d.key);
            return (
              <Field
                id={id}
                label={pick(d.name, ctx.locale)}
                error={errors[name]}
                required={required}
                hint={kept ? t('draft.file_kept', { filename: kept.filename, size: fileSize(ctx, kept.sizeBytes) }) : undefined}
              >
                <input {...aria(id, errors[name], Boolean(kept))} name={name} type="file" accept="application/pdf,image/png,image/jpeg,image/webp" />
                {kept && !d.required && (
                  <label class="check">
                    <input type="checkbox" name={`remove_${name}`} value="1" /> {t('draft.remove_file', { filename: kept.filename })}
                  </label>
                )}
              </Field>
            );
          })}
        </fieldset>
        {props.counter ? (
          <button type="submit">{t('counter.submit')}</button>
        ) : (
          <div class="button-group">
            <button type="submit" name="op" value="check">{t('apply.continue')}</button>
            <button type="submit" name="op" value="save" class="quiet">{t('draft.save')}</button>
          </div>
        )}
      </form>
    </Layout>
  );
}

/** A file's size as a person reads it: kilobytes below a megabyte, megabytes with one decimal above. */
export function fileSize(ctx: ViewContext, bytes: number): string {
  return bytes < 1024 * 1024
    ? ctx.t('draft.size_kb', { kb: Math.max(1, Math.round(bytes / 1024)) })
    : ctx.t('draft.size_mb', { mb: Math.round((bytes / 1024 / 1024) * 10) / 10 });
}

/** Errors listed in the order their fields appear on the form (the labels' order); a form-wide error first. */
function inFormOrder(errors: Record<string, string>, labels: Record<string, string>): Record<string, string> {
  const order = Object.keys(labels);
  const rank = (field: string) => order.indexOf(field);
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The label of every input of the form (in the form's order), so the error summary names what each message is about. */
export function formLabels(ctx: ViewContext, p: CatalogueRow, counter: boolean): Record<string, string> {
  const t = ctx.t;
  return {
    ...(counter ? { channel: t('counter.channel'), received_at: t('counter.received_at') } : {}),
    title: t('apply.project_title'),
    address: t('apply.address'),
    parcel_id: t('apply.parcel'),
    lat: t('apply.lat'),
    lng: t('apply.lng'),
    ...Object.fromEntries(p.fields.map((f) => [`field_${f.key}`, pick(f.label, ctx.locale)])),
    applicant_name: t('apply.name'),
    applicant_email: t('apply.email'),
    applicant_phone: t('apply.phone'),
    ...Object.fromEntries(p.documents.map((d) => [`doc_${d.key}`, pick(d.name, ctx.locale)])),
  };
}

/** The receipt: the public number, the private access code (shown once), what was filed, and how to come back. */
export function ReceiptPage(props: {
  ctx: ViewContext;
  number: string;
  accessCode: string;
  counter?: boolean;
  /** The application as filed, with its clock, for the facts a printed receipt should carry. */
  app?: PublicApplication;
  /** The jurisdiction's time zone, which the receipt's times are shown in. */
  zone?: string;
  /** The site's public address, so a printed receipt says where to come back. */
  publicUrl?: string;
}) {
  const { ctx, app } = props;
  const t = ctx.t;
  const zone = props.zone ?? 'UTC';
  const site = props.publicUrl ?? '';
  return (
    <Layout ctx={ctx} title={t('receipt.title')} office={props.counter}>
      <div class="page-actions no-print">
        <PrintButton ctx={ctx} />
      </div>
      <div class="receipt" role="status">
        <h1>{t('receipt.title')}</h1>
        <p>{t('receipt.number_label')}</p>
        <p class="big" dir="ltr" data-testid="receipt-number">{props.number}</p>
        <p>{t('receipt.code_label')}</p>
        <p class="big code" data-testid="access-code">{props.accessCode}</p>
        <p class="warning">{t('receipt.code_warning')}</p>
        <p class="warning">{t('journey.come_back_print')}</p>
      </div>
      {app && (
        <section aria-labelledby="receipt-facts">
          <h2 id="receipt-facts">{t('journey.receipt_facts')}</h2>
          <dl class="facts">
            <dt>{t('application.procedure')}</dt>
            <dd>{pick(app.procedure.name, ctx.locale)}</dd>
            <dt>{t('apply.project_title')}</dt>
            <dd>{app.title}</dd>
            <dt>{t('application.unit')}</dt>
            <dd>{pick(app.unit.name, ctx.locale)}</dd>
            <dt>{t('application.received')}</dt>
            <dd><Time ctx={ctx} at={app.received_at} zone={zone} /></dd>
            {app.clock?.application.due_at && (
              <>
                <dt>{t('journey.receipt_due')}</dt>
                <dd><Time ctx={ctx} at={app.clock.application.due_at} zone={zone} /></dd>
              </>
            )}
          </dl>
        </section>
      )}
      {!props.counter && (
        <section class="come-back" aria-labelledby="come-back">
          <h2 id="come-back">{t('journey.come_back_heading')}</h2>
          <p>{t('journey.come_back_code', { url: `${site}/track` })}</p>
          <p>{t('journey.come_back_email', { url: `${site}/signin` })}</p>
        </section>
      )}
      <ul class="next-steps no-print">
        <li><a href={`/applications/${props.number}`}>{t('receipt.public_link')}</a></li>
        {!props.counter && <li><a href={`/my/${props.number}`}>{t('receipt.private_link')}</a></li>}
        {!props.counter && <li><a href={`/my/${props.number}/receipt.pdf`} data-testid="receipt-pdf">{t('document.download_receipt')}</a></li>}
      </ul>
    </Layout>
  );
}
