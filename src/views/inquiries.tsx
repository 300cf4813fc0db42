import type { ApplicantInquiryRow, OfficeInquiryRow, PublicInquiryRow } from '../db/repos/inquiries.js';
import { INQUIRY_MAX_CHARS } from '../domain/inquiry.js';
import type { PublicEvent } from '../presenters/public.js';
import { Time } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, aria, fieldId } from './Layout.js';

/** Who may ask on this page: the applicant of this application, a signed-in citizen, or nobody yet. */
export type AskerKind = 'applicant' | 'citizen' | null;

/** Where the log holds a shown text's commitment: the event, its log position, and the SHA-256 it publishes. */
export interface TextCommitment {
  seq: number;
  logIndex: number | null;
  sha256: string;
}

/**
 * The commitment of the text now shown for a question's `field`: the latest event that committed to it (the
 * opening or answering event, or the redaction that replaced it). Undefined when no event carries one.
 */
export function commitmentOf(events: PublicEvent[], no: number, field: 'question' | 'answer'): TextCommitment | undefined {
  const first = field === 'question' ? 'inquiry_opened' : 'inquiry_answered';
  const found = [...events].reverse().find(
    (e) => e.data.inquiry === no && typeof e.data.text_sha256 === 'string' && (e.type === first || (e.type === 'inquiry_redacted' && e.data.field === field)),
  );
  return found ? { seq: found.seq, logIndex: found.log?.index ?? null, sha256: found.data.text_sha256 as string } : undefined;
}

/** The messages `public/commitment.js` writes, in the reader's language, on the section holding the checks. */
function checkMessages(ctx: ViewContext): Record<string, string> {
  return {
    'data-msg-text-match': ctx.t('inquiry.check_match'),
    'data-msg-text-mismatch': ctx.t('inquiry.check_mismatch'),
    'data-msg-text-unsupported': ctx.t('log.unsupported'),
  };
}

/**
 * "Check this text against the log": the salt, the commitment, the event and its log entry with a link to its
 * proof. Without JavaScript it explains the calculation; `public/commitment.js` computes it in the browser.
 */
function TextCheck(props: { ctx: ViewContext; number: string; textId: string; salt: string; commitment: TextCommitment }) {
  const { ctx, number, salt, commitment: c } = props;
  const t = ctx.t;
  return (
    <details class="text-check small" data-text-id={props.textId} data-salt={salt} data-sha256={c.sha256}>
      <summary>{t('inquiry.check')}</summary>
      <dl class="facts">
        <dt>{t('inquiry.check_salt')}</dt>
        <dd><code>{salt}</code></dd>
        <dt>{t('inquiry.check_commitment')}</dt>
        <dd><code>{c.sha256}</code></dd>
        <dt>{t('inquiry.check_event')}</dt>
        <dd>
          <a href={`#event-${c.seq}`}>#{c.seq}</a>
          {c.logIndex !== null ? (
            <>
              {` · ${t('inquiry.check_log_index', { index: c.logIndex })} · `}
              <a href={`/api/v1/applications/${number}/events/${c.seq}/proof`} download={`${number}-${c.seq}.tlog-proof`}>{t('log.proof')}</a>
            </>
          ) : ` · ${t('log.not_yet')}`}
        </dd>
      </dl>
      <p class="hint">{t('inquiry.check_how')}</p>
      <p class="check-status" role="status" />
    </details>
  );
}

/** One question and its answer as the public sees it (a private one shows that it exists, and its dates). */
function PublicInquiry(props: { ctx: ViewContext; q: PublicInquiryRow; zone: string; number: string; events: PublicEvent[] }) {
  const { ctx, q, zone, number } = props;
  const t = ctx.t;
  const questionCommitment = q.question !== null && q.question_salt ? commitmentOf(props.events, q.no, 'question') : undefined;
  const answerCommitment = q.answer !== null && q.answer_salt ? commitmentOf(props.events, q.no, 'answer') : undefined;
  return (
    <li id={`inquiry-${q.no}`} class="card">
      <p>
        <strong>{t(q.kind === 'objection' ? 'inquiry.objection_no' : 'inquiry.question_no', { no: q.no })}</strong>{' '}
        <span class="muted small">
          <Time ctx={ctx} at={q.opened_at} zone={zone} /> · {t('inquiry.due', { date: ctx.fmt.date(q.due_at, zone) })}
        </span>
      </p>
      {q.question !== null ? <blockquote id={`inquiry-${q.no}-question`}>{q.question}</blockquote> : <p class="muted">{t('inquiry.private_text')}</p>}
      {q.question_redaction_reason && <p class="muted small">{t('inquiry.redacted', { reason: q.question_redaction_reason })}</p>}
      {questionCommitment && <TextCheck ctx={ctx} number={number} textId={`inquiry-${q.no}-question`} salt={q.question_salt!} commitment={questionCommitment} />}
      {q.answered_at ? (
        <div>
          <p>
            <strong>{t('inquiry.answer')}</strong>{' '}
            <span data-testid="answered-by">{t('journey.answered_by', { unit: ctx.locale === 'ko' ? q.unit_ko : q.unit_en })}</span>{' '}
            <span class="muted small"><Time ctx={ctx} at={q.answered_at} zone={zone} /></span>
          </p>
          {q.answer !== null ? <blockquote id={`inquiry-${q.no}-answer`}>{q.answer}</blockquote> : <p class="muted">{t('inquiry.private_answer')}</p>}
          {q.answer_redaction_reason && <p class="muted small">{t('inquiry.redacted', { reason: q.answer_redaction_reason })}</p>}
          {answerCommitment && <TextCheck ctx={ctx} number={number} textId={`inquiry-${q.no}-answer`} salt={q.answer_salt!} commitment={answerCommitment} />}
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
  /** The application's public events, where each shown text's commitment is found. */
  events: PublicEvent[];
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
    <section aria-labelledby="inquiries-heading" {...checkMessages(ctx)}>
      <h2 id="inquiries-heading">{t('inquiry.heading')}</h2>
      {props.asked && (
        <div class="notice" role="status">
          <p>{t('inquiry.asked', { no: props.asked.no })}</p>
          {props.asked.corruption && <p>{t('inquiry.corruption_notice')}</p>}
        </div>
      )}
      {props.inquiries.length === 0 ? <p>{t('inquiry.none')}</p> : (
        <ol class="inquiries">{props.inquiries.map((q) => <PublicInquiry ctx={ctx} q={q} zone={props.zone} number={props.number} events={props.events} />)}</ol>
      )}
      {props.inquiries.some((q) => q.question_salt || q.answer_salt) && <script type="module" src="/static/commitment.js" />}
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
            <textarea {...aria(fieldId('text'), errors.text, true)} name="text" rows={5} maxLength={INQUIRY_MAX_CHARS} required>{values.text ?? ''}</textarea>
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
            {q.question_text !== null ? <blockquote>{q.question_text}</blockquote> : <p class="muted">{t('inquiry.private_other_unit')}</p>}
            {q.answered_at ? (
              q.answer_text !== null ? <p><strong>{t('inquiry.answer')}</strong> {q.answer_text}</p> : <p class="muted">{t('inquiry.private_answer')}</p>
            ) : props.mayAnswerUnitId === q.unit_id ? (
              <form method="post" action={`/office/applications/${props.number}/inquiries/${q.no}/answer`} class="stack">
                <Csrf ctx={ctx} />
                <ErrorSummary ctx={ctx} errors={props.errors} />
                <Field id={fieldId(`answer-${q.no}`)} label={t('inquiry.answer_label')} hint={t(q.private ? 'inquiry.answer_private_hint' : 'inquiry.answer_public_hint')} error={props.errors.answer} required>
                  <textarea {...aria(fieldId(`answer-${q.no}`), props.errors.answer, true)} name="answer" rows={4} maxLength={INQUIRY_MAX_CHARS} required></textarea>
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

/**
 * The top of an office queue when questions to the unit went unanswered past their deadline: escalated to the head
 * of the unit and the audit unit, so it comes before any other work; those who may audit get the audit list's link.
 */
export function EscalatedInquiriesNotice(props: { ctx: ViewContext; count: number; supervisor: boolean }) {
  const { ctx, count } = props;
  if (count === 0) return null;
  const t = ctx.t;
  return (
    <div class="notice" data-testid="escalated-inquiries">
      <p>
        <strong>{t('inquiry.escalated_notice', { count })}</strong>{' '}
        <a href="#queue-inquiries">{t('inquiry.escalated_notice_link')}</a>
        {props.supervisor && <> · <a href="/office/audit#audit-inquiries">{t('inquiry.escalated_notice_audit')}</a></>}
      </p>
    </div>
  );
}

/**
 * The questions on the applicant's private page: every public one, and the private ones the applicant asked with
 * their access code, with the answers; a link to ask another on the public page (where the form is).
 */
export function ApplicantInquiries(props: { ctx: ViewContext; number: string; inquiries: ApplicantInquiryRow[]; zone: string; withdrawn: boolean }) {
  const { ctx, zone } = props;
  const t = ctx.t;
  return (
    <section aria-labelledby="my-inquiries">
      <h2 id="my-inquiries">{t('my.inquiries')}</h2>
      {props.inquiries.length === 0 ? (
        <p>{t('inquiry.none')}</p>
      ) : (
        <ol class="inquiries">
          {props.inquiries.map((q) => (
            <li id={`inquiry-${q.no}`} class="card">
              <p>
                <strong>{t(q.kind === 'objection' ? 'inquiry.objection_no' : 'inquiry.question_no', { no: q.no })}</strong>{' '}
                {q.private && <span class="status">{t('inquiry.private_badge')}</span>}{' '}
                {q.mine && <span class="status">{t('my.inquiry_yours')}</span>}{' '}
                <span class="muted small">
                  <Time ctx={ctx} at={q.opened_at} zone={zone} /> · {t('inquiry.due', { date: ctx.fmt.date(q.due_at, zone) })}
                </span>
              </p>
              {q.question !== null ? <blockquote>{q.question}</blockquote> : <p class="muted">{t('inquiry.private_text')}</p>}
              {q.question_redaction_reason && <p class="muted small">{t('inquiry.redacted', { reason: q.question_redaction_reason })}</p>}
              {q.answered_at ? (
                <div>
                  <p>
            <strong>{t('inquiry.answer')}</strong>{' '}
            <span data-testid="answered-by">{t('journey.answered_by', { unit: ctx.locale === 'ko' ? q.unit_ko : q.unit_en })}</span>{' '}
            <span class="muted small"><Time ctx={ctx} at={q.answered_at} zone={zone} /></span>
          </p>
                  {q.answer !== null ? <blockquote>{q.answer}</blockquote> : <p class="muted">{t('inquiry.private_answer')}</p>}
                  {q.answer_redaction_reason && <p class="muted small">{t('inquiry.redacted', { reason: q.answer_redaction_reason })}</p>}
                </div>
              ) : (
                <p>{t(q.escalated_at ? 'inquiry.escalated' : 'inquiry.waiting')}</p>
              )}
            </li>
          ))}
        </ol>
      )}
      {!props.withdrawn && <p><a href={`/applications/${props.number}#inquiries-heading`}>{t('my.inquiry_ask')}</a></p>}
    </section>
  );
}
