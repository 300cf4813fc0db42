import type { OfficeSessionRow } from '../commands/officeAuth/sessions.js';
import { TableScroll, Time } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

/** A hidden `next` field, so the return path survives every step of signing in. */
const Next = (props: { next?: string }) => (props.next ? <input type="hidden" name="next" value={props.next} /> : null);

/** The office sign-in form: login and password, the first step. */
export function LoginPage(props: { ctx: ViewContext; login?: string; error?: string; next?: string }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('login.title')} office>
      <h1>{t('login.title')}</h1>
      {props.error && <p class="error-summary" role="alert">{props.error}</p>}
      <form method="post" action="/office/login" class="stack narrow">
        <Csrf ctx={ctx} />
        <Next next={props.next} />
        <Field id="login" label={t('login.login')} required>
          <input id="login" name="login" autoComplete="username" value={props.login ?? ''} required />
        </Field>
        <Field id="password" label={t('login.password')} required>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
        <button type="submit">{t('login.submit')}</button>
      </form>
    </Layout>
  );
}

/** "Start again": ends a pending sign-in and goes back to the login form. */
function StartAgain(props: { ctx: ViewContext }) {
  return (
    <form method="post" action="/office/logout" class="stack narrow">
      <Csrf ctx={props.ctx} />
      <button type="submit" class="secondary">{props.ctx.t('second_factor.start_again')}</button>
    </form>
  );
}

/** The second step: a code from the authenticator app, or a recovery code. */
export function SecondFactorPage(props: { ctx: ViewContext; next?: string; error?: string }) {
  const { ctx } = props;
  const t = ctx.t;
  const id = fieldId('code');
  return (
    <Layout ctx={ctx} title={t('second_factor.title')} office>
      <h1>{t('second_factor.title')}</h1>
      <p class="lead">{t('second_factor.lead')}</p>
      {props.error && <p class="error-summary" role="alert">{props.error}</p>}
      <form method="post" action="/office/sign-in/code" class="stack narrow" novalidate>
        <Csrf ctx={ctx} />
        <Next next={props.next} />
        <Field id={id} label={t('second_factor.code')} hint={t('second_factor.code_hint')} required>
          <input {...aria(id, props.error, true)} name="code" autoComplete="one-time-code" autoCapitalize="characters" spellcheck={false} maxLength={40} required />
        </Field>
        <button type="submit">{t('second_factor.submit')}</button>
      </form>
      <StartAgain ctx={ctx} />
    </Layout>
  );
}

/** What the enrolment page shows: the QR code, the same secret as text, where the form goes. */
export interface EnrolmentView {
  /** A data: URL of the QR code as SVG (no request leaves the page). */
  qr: string;
  /** The secret in groups of four, for typing into an app by hand. */
  secret: string;
  account: string;
  action: string;
  /** True during sign-in (the office stays closed until done); false when enrolling from the account page. */
  required: boolean;
}

/** Enrolment in a second factor: scan or type the secret, then confirm with a first code. */
export function EnrolPage(props: { ctx: ViewContext; view: EnrolmentView; next?: string; errors: Record<string, string> }) {
  const { ctx, view, errors } = props;
  const t = ctx.t;
  const id = fieldId('code');
  return (
    <Layout ctx={ctx} title={t('enrol.title')} office>
      <h1>{t('enrol.title')}</h1>
      <p class="lead">{view.required ? t('enrol.lead_required') : t('enrol.lead')}</p>
      <ErrorSummary ctx={ctx} errors={errors} />
      <ol class="stack">
        <li>{t('enrol.step_app')}</li>
        <li>
          <p>{t('enrol.step_scan')}</p>
          <img class="qr" src={view.qr} width={200} height={200} alt={t('enrol.qr_alt', { account: view.account })} />
          <p>{t('enrol.secret_label')} <code data-testid="totp-secret">{view.secret}</code></p>
        </li>
        <li>
          <form method="post" action={view.action} class="stack narrow" novalidate>
            <Csrf ctx={ctx} />
            <Next next={props.next} />
            <Field id={id} label={t('enrol.code')} hint={t('enrol.code_hint')} error={errors.code} required>
              <input {...aria(id, errors.code, true)} name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7} required />
            </Field>
            <button type="submit">{t('enrol.submit')}</button>
          </form>
        </li>
      </ol>
      {view.required && <StartAgain ctx={ctx} />}
    </Layout>
  );
}

/** The recovery codes, shown once: after enrolment or when regenerated. */
export function RecoveryCodesPage(props: { ctx: ViewContext; codes: string[]; next: string }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('recovery.title')} office>
      <h1>{t('recovery.title')}</h1>
      <p class="notice" role="status">{t('recovery.lead', { count: props.codes.length })}</p>
      <ul class="recovery-codes" data-testid="recovery-codes">
        {props.codes.map((c) => <li><code>{c}</code></li>)}
      </ul>
      <p>{t('recovery.once')}</p>
      <p><a class="button" href={props.next}>{t('recovery.continue')}</a></p>
    </Layout>
  );
}

/** The official's own sign-in settings: second factor, recovery codes, password, sessions. */
export function AccountPage(props: {
  ctx: ViewContext;
  enrolledAt: Date | null;
  remainingCodes: number;
  zone: string;
  required: boolean;
  notice?: string;
  errors: Record<string, string>;
}) {
  const { ctx, errors } = props;
  const t = ctx.t;
  const id = fieldId('code');
  return (
    <Layout ctx={ctx} title={t('account.title')} office>
      <h1>{t('account.title')}</h1>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <ErrorSummary ctx={ctx} errors={errors} />
      <section>
        <h2>{t('account.second_factor')}</h2>
        {props.enrolledAt ? (
          <>
            <p>{t('account.enrolled_since')} <Time ctx={ctx} at={props.enrolledAt} zone={props.zone} /></p>
            <p>{t('account.codes_left', { count: props.remainingCodes })}</p>
            <form method="post" action="/office/account/recovery-codes" class="stack narrow" novalidate>
              <Csrf ctx={ctx} />
              <Field id={id} label={t('account.regenerate_code')} hint={t('account.regenerate_hint')} error={errors.code} required>
                <input {...aria(id, errors.code, true)} name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} required />
              </Field>
              <button type="submit">{t('account.regenerate')}</button>
            </form>
            <p class="hint">{t('account.lost_phone')}</p>
          </>
        ) : (
          <>
            <p>{props.required ? t('account.not_enrolled_required') : t('account.not_enrolled')}</p>
            <p><a class="button" href="/office/account/second-factor">{t('account.enrol')}</a></p>
          </>
        )}
      </section>
      <section>
        <h2>{t('account.password')}</h2>
        <p><a href="/office/account/password">{t('account.change_password')}</a></p>
      </section>
      <section>
        <h2>{t('sessions.title')}</h2>
        <p><a href="/office/account/sessions">{t('account.sessions_link')}</a></p>
      </section>
    </Layout>
  );
}

/** Changing one's own password: the current one, then the new one twice. */
export function PasswordPage(props: { ctx: ViewContext; errors: Record<string, string>; notice?: string }) {
  const { ctx, errors } = props;
  const t = ctx.t;
  const labels = { current_password: t('password.current'), new_password: t('password.new'), confirm_password: t('password.confirm') };
  const input = (name: keyof typeof labels, autoComplete: string, hint?: string) => (
    <Field id={fieldId(name)} label={labels[name]} hint={hint} error={errors[name]} required>
      <input {...aria(fieldId(name), errors[name], Boolean(hint))} name={name} type="password" autoComplete={autoComplete} maxLength={200} required />
    </Field>
  );
  return (
    <Layout ctx={ctx} title={t('password.title')} office>
      <h1>{t('password.title')}</h1>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action="/office/account/password" class="stack narrow" novalidate>
        <Csrf ctx={ctx} />
        {input('current_password', 'current-password')}
        {input('new_password', 'new-password', t('password.rules', { min: 12, max: 128 }))}
        {input('confirm_password', 'new-password')}
        <button type="submit">{t('password.submit')}</button>
      </form>
      <p class="hint">{t('password.others_end')}</p>
      <p><a href="/office/account">{t('account.back')}</a></p>
    </Layout>
  );
}

/** The official's own sessions, with a sign-out for each and one for all the others. */
export function SessionsPage(props: { ctx: ViewContext; sessions: OfficeSessionRow[]; currentId: string; zone: string; idleMinutes: number; notice?: string }) {
  const { ctx } = props;
  const t = ctx.t;
  const others = props.sessions.filter((s) => s.id !== props.currentId).length;
  return (
    <Layout ctx={ctx} title={t('sessions.title')} office>
      <h1>{t('sessions.title')}</h1>
      <p class="lead">{t('sessions.lead', { minutes: props.idleMinutes })}</p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <TableScroll label={t('sessions.title')}>
        <table>
          <caption>{t('sessions.caption', { count: props.sessions.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sessions.device')}</th>
              <th scope="col">{t('sessions.created')}</th>
              <th scope="col">{t('sessions.last_active')}</th>
              <th scope="col">{t('sessions.action')}</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => {
              const current = s.id === props.currentId;
              return (
                <tr data-testid={current ? 'current-session' : 'other-session'}>
                  <td>
                    {s.device || t('sessions.unknown_device')}
                    {current && <strong class="badge">{` ${t('sessions.this_one')}`}</strong>}
                  </td>
                  <td><Time ctx={ctx} at={s.created_at} zone={props.zone} /></td>
                  <td><Time ctx={ctx} at={s.last_seen_at} zone={props.zone} /></td>
                  <td>
                    <form method="post" action="/office/account/sessions/end" class="inline">
                      <Csrf ctx={ctx} />
                      <input type="hidden" name="session" value={s.id} />
                      <button type="submit" class="secondary">
                        {current ? t('sessions.end_this') : t('sessions.end')}
                        <span class="visually-hidden">{current ? '' : ` (${s.device || t('sessions.unknown_device')}, ${ctx.fmt.dateTime(s.created_at, props.zone)})`}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      {others > 0 && (
        <form method="post" action="/office/account/sessions/end-others" class="stack narrow">
          <Csrf ctx={ctx} />
          <button type="submit">{t('sessions.end_others', { count: others })}</button>
        </form>
      )}
      <p><a href="/office/account">{t('account.back')}</a></p>
    </Layout>
  );
}

/** An administrator's view of an official's sign-in: second factor and sessions, with the two ways to reset them. */
export function AdminSignInPage(props: {
  ctx: ViewContext;
  official: { id: number; login: string; name: string; enrolledAt: Date | null };
  sessions: number;
  zone: string;
  notice?: string;
}) {
  const { ctx, official } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('admin_sign_in.title', { name: official.name })} office>
      <h1>{t('admin_sign_in.title', { name: official.name })}</h1>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <p>
        {official.enrolledAt ? <>{t('account.enrolled_since')} <Time ctx={ctx} at={official.enrolledAt} zone={props.zone} /></> : t('admin_sign_in.not_enrolled')}
      </p>
      <p>{t('admin_sign_in.sessions', { count: props.sessions })}</p>
      <form method="post" action={`/admin/officials/${official.id}/sessions/end`} class="stack narrow">
        <Csrf ctx={ctx} />
        <button type="submit">{t('admin_sign_in.end_sessions')}</button>
      </form>
      <form method="post" action={`/admin/officials/${official.id}/second-factor/reset`} class="stack narrow">
        <Csrf ctx={ctx} />
        <p class="hint">{t('admin_sign_in.reset_hint')}</p>
        <button type="submit" class="secondary">{t('admin_sign_in.reset')}</button>
      </form>
      <p><a href={`/admin/officials/${official.id}`}>{t('admin_sign_in.back')}</a></p>
    </Layout>
  );
}
