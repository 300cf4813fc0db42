import type { OfficeInquiryRow, PublicInquiryRow } from '../db/repos/inquiries.js';
import { INQUIRY_MAX_CHARS } from '../domain/inquiry.js';
import { Time } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, aria, fieldId } from './Layout.js';

/** Who may ask on this page: the applicant of this application, a signed-in citizen, or nobody yet. */
export type AskerKind = 'applicant' | 'citizen' | null;

/** One question and its answer as the public sees it (a private one shows that it exists, and its dates). */
function PublicInquiry(props: { ctx: ViewContext; q: PublicInquiryRow; zone: string }) {
  const { ctx, q, zone } = props;
  const t = ctx.t;
  return (
    <li id={`inquiry-${q.no}`} class="card">
      <p>
        <strong>{t(q.kind === 'objection' ? 'inquiry.objection_no' : 'inquiry.question_no', { no: q.no })}</strong>{' '}
        <span class="muted small">
          <Time ctx={ctx} at={q.opened_at} zone={zone} /> · {t('inquiry.due', { date: ctx.fmt.date(q.due_at, zone) })}
        </span>
      </p>
      {q.question !== null ? <blockquote>{q.question}</blockquote> : <p class="muted">{t('inquiry.private_text')}</p>}
      {q.question_redaction_reason && <p class="muted small">{t('inquiry.redacted', { reason: q.question_redaction_reason })}</p>}
      {q.answered_at ? (
        <div>
          <p><strong>{t('inquiry.answer')}</strong> <span class="muted small"><Time ctx={ctx} at={q.answered_at} zone={zone} /></span></p>
          {q.answer !== null ? <blockquote>{q.answer}</blockquote> : <p class="muted">{t('inquiry.private_answer')}</p>}
          {q.answer_redaction_reason && <p class="muted small">{t('inquiry.redacted', { reason: q.answer_redaction_reason })}</p>}
        </div>
      ) : (
        <p>{t(q.escalated_at ? 'inquiry.escalated' : 'inquiry.waiting')}</p>
      )}
    </li>
  );
}

/** The questions section of a public application page, with the form for whoever may ask. */
export function InquirySection(props: {
  ctx: ViewContext;
  number: string;
  inquiries: PublicInquiryRow[];
  zone: string;
  asker: AskerKind;
  withdrawn: boolean;
  values: Record<string, string>;
  errors: Record<string, string>;
  /** Set right after asking: the question's number, and whether it mentions bribes or unofficial fees. */
  asked?: { no: number; corruption: boolean };
}) {
  const { ctx, errors, values } = props;
  const t = ctx.t;
  return (
    <section aria-labelledby="inquiries-heading">
      <h2 id="inquiries-heading">{t('inquiry.heading')}</h2>
      {props.asked && (
        <div class="notice" role="status">
          <p>{t('inquiry.asked', { no: props.asked.no })}</p>
          {props.asked.corruption && <p>{t('inquiry.corruption_notice')}</p>}
        </div>
      )}
      {props.inquiries.length === 0 ? <p>{t('inquiry.none')}</p> : (
        <ol class="inquiries">{props.inquiries.map((q) => <PublicInquiry ctx={ctx} q={q} zone={props.zone} />)}</ol>
      )}
      {props.withdrawn ? (
        <p>{t('error.inquiry_on_withdrawn')}</p>
      ) : props.asker ? (
        <form method="post" action={`/applications/${props.number}/inquiries`} class="panel stack" novalidate>
          <h3>{t('inquiry.ask_title')}</h3>
          <p class="hint">{t('inquiry.ask_hint')}</p>
          <ErrorSummary ctx={ctx} errors={errors} />
          <Csrf ctx={ctx} />
          <fieldset>
            <legend>{t('inquiry.kind')}</legend>
            <label><input type="radio" name="kind" value="question" checked={values.kind !== 'objection'} /> {t('inquiry.kind_question')}</label>
            <label><input type="radio" name="kind" value="objection" checked={values.kind === 'objection'} /> {t('inquiry.kind_objection')}</label>
          </fieldset>
          <Field id={fieldId('text')} label={t('inquiry.text')} hint={t('inquiry.text_hint', { max: INQUIRY_MAX_CHARS })} error={errors.text} required>
            <textarea {...aria(fieldId('text'), errors.text)} name="text" rows={5} maxLength={INQUIRY_MAX_CHARS} required>{values.text ?? ''}</textarea>
          </Field>
          <label><input type="checkbox" name="private" value="1" checked={values.private === '1'} /> {t('inquiry.private')}</label>
          <button type="submit">{t('inquiry.submit')}</button>
        </form>
      ) : (
        <p>{t('inquiry.sign_in_to_ask')} <a href="/signin">{t('signin.title')}</a> · <a href="/track">{t('nav.track')}</a></p>
      )}
    </section>
  );
}

/** Questions on the office's case page: every text, the deadline, escalation, and the answer form for open ones. */
export function OfficeInquiries(props: { ctx: ViewContext; number: string; inquiries: OfficeInquiryRow[]; zone: string; mayAnswerUnitId: number | null; errors: Record<string, string> }) {
  const { ctx, zone } = props;
  const t = ctx.t;
  if (!props.inquiries.length) return null;
  return (
    <section aria-labelledby="office-inquiries">
      <h2 id="office-inquiries">{t('inquiry.heading')}</h2>
      <ol class="inquiries">
        {props.inquiries.map((q) => (
          <li id={`inquiry-${q.no}`} class="card">
            <p>
              <strong>{t(q.kind === 'objection' ? 'inquiry.objection_no' : 'inquiry.question_no', { no: q.no })}</strong>{' '}
              {q.private && <span class="status">{t('inquiry.private_badge')}</span>}{' '}
              <span class="muted small">{t('inquiry.due', { date: ctx.fmt.date(q.due_at, zone) })}</span>
              {q.escalated_at && !q.answered_at && <strong class="error-text"> {t('inquiry.escalated')}</strong>}
            </p>
            <blockquote>{q.question_text}</blockquote>
            {q.answered_at ? (
              <p><strong>{t('inquiry.answer')}</strong> {q.answer_text}</p>
            ) : props.mayAnswerUnitId === q.unit_id ? (
              <form method="post" action={`/office/applications/${props.number}/inquiries/${q.no}/answer`} class="stack">
                <Csrf ctx={ctx} />
                <ErrorSummary ctx={ctx} errors={props.errors} />
                <Field id={fieldId(`answer-${q.no}`)} label={t('inquiry.answer_label')} hint={t(q.private ? 'inquiry.answer_private_hint' : 'inquiry.answer_public_hint')} error={props.errors.answer} required>
                  <textarea {...aria(fieldId(`answer-${q.no}`), props.errors.answer)} name="answer" rows={4} maxLength={INQUIRY_MAX_CHARS} required></textarea>
                </Field>
                <button type="submit">{t('inquiry.answer_submit')}</button>
              </form>
            ) : null}
            {!q.private && props.mayAnswerUnitId === q.unit_id && (
              <details>
                <summary>{t('inquiry.redact_title')}</summary>
                <form method="post" action={`/office/applications/${props.number}/inquiries/${q.no}/redact`} class="stack">
                  <Csrf ctx={ctx} />
                  <p class="hint">{t('inquiry.redact_hint')}</p>
                  <Field id={fieldId(`redact-field-${q.no}`)} label={t('inquiry.redact_field')}>
                    <select id={fieldId(`redact-field-${q.no}`)} name="field">
                      <option value="question">{t('inquiry.redact_question')}</option>
                      {q.answer_text !== null && <option value="answer">{t('inquiry.redact_answer')}</option>}
                    </select>
                  </Field>
                  <Field id={fieldId(`redact-text-${q.no}`)} label={t('inquiry.redact_text')} required>
                    <textarea id={fieldId(`redact-text-${q.no}`)} name="text" rows={4} maxLength={INQUIRY_MAX_CHARS} required></textarea>
                  </Field>
                  <Field id={fieldId(`redact-reason-${q.no}`)} label={t('inquiry.redact_reason')} required>
                    <input id={fieldId(`redact-reason-${q.no}`)} name="reason" maxLength={500} required />
                  </Field>
                  <button type="submit">{t('inquiry.redact_submit')}</button>
                </form>
              </details>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The unit's open questions in the office queue, the earliest due first; escalated ones say so. */
export function QueueInquiries(props: { ctx: ViewContext; rows: { number: string; title: string; no: number; kind: string; due_at: Date; escalated_at: Date | null }[]; zone: string }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.rows.length) return null;
  return (
    <section aria-labelledby="queue-inquiries">
      <h2 id="queue-inquiries">{t('inquiry.queue', { count: props.rows.length })}</h2>
      <ul class="results">
        {props.rows.map((r) => (
          <li>
            <a href={`/office/applications/${r.number}#inquiry-${r.no}`}>{`${r.number} · ${t(r.kind === 'objection' ? 'inquiry.objection_no' : 'inquiry.question_no', { no: r.no })}`}</a>{' '}
            {r.title} <span class="muted small">{t('inquiry.due', { date: ctx.fmt.date(r.due_at, props.zone) })}</span>
            {r.escalated_at && <strong class="error-text">{` ${t('inquiry.escalated')}`}</strong>}
          </li>
        ))}
      </ul>
    </section>
  );
}
