import type { DescribedFollow } from '../db/repos/follows.js';
import { FollowList } from './follows.js';
import type { CitizenApplicationRow, CitizenMailRow } from '../db/repos/citizens.js';
import { StatusBadge, Time } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

/** Asks for an e-mail address to send a sign-in link to; after sending, says so without saying whether the address was known. */
export function SignInPage(props: { ctx: ViewContext; values: Record<string, string>; errors: Record<string, string>; sent?: boolean; devMail?: boolean }) {
  const { ctx, values, errors } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('signin.title')}>
      <h1>{t('signin.title')}</h1>
      {props.sent ? (
        <>
          <p class="notice" role="status">{t('signin.sent', { email: values.email ?? '' })}</p>
          {props.devMail && <p class="hint"><a href="/dev/mail">{t('mail.dev.where')}</a></p>}
        </>
      ) : (
        <>
          <p class="lead">{t('signin.lead')}</p>
          <ErrorSummary ctx={ctx} errors={errors} />
          <form method="post" action="/signin" class="stack narrow" novalidate>
            <Csrf ctx={ctx} />
            <Field id={fieldId('email')} label={t('signin.email')} error={errors.email} required>
              <input {...aria(fieldId('email'), errors.email)} type="email" name="email" value={values.email ?? ''} autoComplete="email" required />
            </Field>
            <button type="submit">{t('signin.submit')}</button>
          </form>
          <p><a href="/track">{t('signin.with_code')}</a></p>
        </>
      )}
    </Layout>
  );
}

/** Following the link shows this button; only the POST uses the link, so a mail scanner's GET consumes nothing. */
export function SignInConfirmPage(props: { ctx: ViewContext; token: string; state: 'valid' | 'used' | 'expired' | 'unknown' }) {
  const { ctx } = props;
  const t = ctx.t;
  const problem = props.state === 'used' ? 'error.sign_in_link_used' : props.state === 'expired' ? 'error.sign_in_link_expired' : props.state === 'unknown' ? 'error.link_invalid' : undefined;
  return (
    <Layout ctx={ctx} title={t('signin.confirm_title')}>
      <h1>{t('signin.confirm_title')}</h1>
      {problem ? (
        <>
          <p class="error-summary" role="alert">{t(problem)}</p>
          <p><a href="/signin">{t('signin.again')}</a></p>
        </>
      ) : (
        <form method="post" action={`/signin/${props.token}`} class="stack narrow">
          <Csrf ctx={ctx} />
          <p>{t('signin.confirm_lead')}</p>
          <button type="submit">{t('signin.confirm_submit')}</button>
        </form>
      )}
    </Layout>
  );
}

/** A citizen's own page: applications filed or linked, the form to link one, and the e-mails sent to them. */
export function MePage(props: {
  ctx: ViewContext;
  email: string;
  applications: CitizenApplicationRow[];
  mail: CitizenMailRow[];
  questions: { number: string; no: number; kind: string; private: boolean; question: string; opened_at: Date; due_at: Date; answered_at: Date | null; answer: string | null; time_zone: string }[];
  /** For mail about no application (a sign-in link): the zone most jurisdictions use. */
  homeZone: string;
  /** What the citizen follows by e-mail, each with its manage link's token. */
  follows: { follow: DescribedFollow; token: string }[];
  values: Record<string, string>;
  errors: Record<string, string>;
  notice?: string;
}) {
  const { ctx, errors, values } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('me.title')}>
      <h1>{t('me.title')}</h1>
      <p>{t('me.signed_in_as', { email: props.email })}</p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <form method="post" action="/me/signout">
        <Csrf ctx={ctx} />
        <button type="submit">{t('me.sign_out')}</button>
      </form>
      <h2>{t('me.applications')}</h2>
      {props.applications.length === 0 ? (
        <p>{t('me.no_applications')}</p>
      ) : (
        <ul class="results">
          {props.applications.map((a) => (
            <li>
              <a href={`/applications/${a.number}`} dir="ltr">{a.number}</a> {a.title} · <StatusBadge ctx={ctx} status={a.status} />{' '}
              <span class="muted small">
                {t(a.how === 'linked' ? 'me.how_linked' : 'me.how_filed')} · <Time ctx={ctx} at={a.received_at} zone={a.time_zone} dateOnly />
              </span>{' '}
              <a href={`/my/${a.number}`} data-testid="open-private">{t('journey.open_private')}</a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('me.questions')}</h2>
      {props.questions.length === 0 ? (
        <p>{t('me.no_questions')}</p>
      ) : (
        <ul class="results">
          {props.questions.map((q) => (
            <li>
              <a href={`/applications/${q.number}#inquiry-${q.no}`}>{`${q.number} · ${t(q.kind === 'objection' ? 'inquiry.objection_no' : 'inquiry.question_no', { no: q.no })}`}</a>
              {q.private && <span class="muted small">{` · ${t('inquiry.private_badge')}`}</span>}
              <span class="muted small">{' · '}<Time ctx={ctx} at={q.opened_at} zone={q.time_zone} /> · {t('inquiry.due', { date: ctx.fmt.date(q.due_at, q.time_zone) })}</span>
              <blockquote>{q.question}</blockquote>
              {q.answered_at ? <p><strong>{t('inquiry.answer')}</strong> {q.answer}</p> : <p class="muted">{t('inquiry.waiting')}</p>}
            </li>
          ))}
        </ul>
      )}
      <FollowList ctx={ctx} follows={props.follows} />
      <section class="panel">
        <h2>{t('me.link_title')}</h2>
        <p>{t('me.link_lead')}</p>
        <ErrorSummary ctx={ctx} errors={errors} />
        <form method="post" action="/me/link" class="stack narrow" novalidate>
          <Csrf ctx={ctx} />
          <Field id={fieldId('number')} label={t('track.number')} error={errors.number} required>
            <input {...aria(fieldId('number'), errors.number)} name="number" value={values.number ?? ''} autoComplete="off" dir="ltr" required />
          </Field>
          <Field id={fieldId('code')} label={t('track.code')} error={errors.code} required>
            <input {...aria(fieldId('code'), errors.code)} name="code" value="" autoComplete="off" dir="ltr" required />
          </Field>
          <button type="submit">{t('me.link_submit')}</button>
        </form>
      </section>
      <h2>{t('me.mail')}</h2>
      {props.mail.length === 0 ? (
        <p>{t('me.no_mail')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('me.mail_when')}</th>
              <th scope="col">{t('me.mail_what')}</th>
              <th scope="col">{t('me.mail_state')}</th>
            </tr>
          </thead>
          <tbody>
            {props.mail.map((m) => (
              <tr>
                <td><Time ctx={ctx} at={m.created_at} zone={m.time_zone ?? props.homeZone} /></td>
                <td>{m.number ? t('me.mail_about', { kind: t(`me.mail_kind.${m.kind}`), number: m.number }) : t(`me.mail_kind.${m.kind}`)}</td>
                <td>{t(m.sent_at ? 'me.mail_sent' : m.failed_at ? 'me.mail_failed' : 'me.mail_queued')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
