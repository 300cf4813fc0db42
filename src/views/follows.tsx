import type { DescribedFollow, FollowTarget } from '../db/repos/follows.js';
import { MAX_RADIUS_M, MIN_RADIUS_M } from '../domain/geo.js';
import { followTargetText } from '../presenters/follows.js';
import { Time } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';

/** The fields of a follow form as typed, echoed back when something was wrong. */
export type FollowFormValues = Record<string, string>;

/** Procedures an area can be narrowed to: code and name. */
export interface ProcedureOption {
  code: string;
  name: string;
}

/** Radii offered for an area, in metres. */
const RADII = [100, 250, 500, 1000, 2000, 5000];

/**
 * Asks how to receive alerts about one thing (or, for an area, where): the address (unless signed in) and how often.
 * The page says exactly what will be sent, that nobody else sees the address, and that every e-mail can stop it.
 */
export function FollowPage(props: {
  ctx: ViewContext;
  /** The thing followed, when already known; undefined for an area still to be chosen. */
  target?: FollowTarget;
  values: FollowFormValues;
  errors: Record<string, string>;
  procedures: ProcedureOption[];
  /** The signed-in citizen's address: alerts go there and start at once. */
  citizenEmail?: string;
  digestHour: number;
  /** This form's address, to come back to after signing in. */
  returnTo: string;
}) {
  const { ctx, values, errors } = props;
  const t = ctx.t;
  const kind = values.kind ?? 'area';
  const hidden = (name: string) => (values[name] ? <input type="hidden" name={name} value={values[name]} /> : null);
  // In the form's order, which the error summary follows.
  const labels = { place: t('follow.place'), lat: t('follow.lat'), radius: t('follow.radius'), procedure: t('follow.procedure'), frequency: t('follow.frequency'), email: t('follow.email') };
  const order = Object.keys(labels);
  const sorted = Object.fromEntries(Object.entries(errors).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
  return (
    <Layout ctx={ctx} title={t('follow.title')}>
      <h1>{t('follow.title')}</h1>
      {props.target && <p class="lead">{followTargetText(t, ctx.locale, props.target)}</p>}
      {!props.target && <p class="lead">{t('follow.area_lead')}</p>}
      <ErrorSummary ctx={ctx} errors={sorted} labels={labels} />
      <form method="post" action="/follow" class="stack narrow" novalidate>
        <Csrf ctx={ctx} />
        <input type="hidden" name="kind" value={kind} />
        {kind !== 'area' && ['number', 'unit', 'j', 'procedure'].map(hidden)}
        {kind === 'area' && (
          <fieldset>
            <legend>{t('follow.where')}</legend>
            <Field id={fieldId('place')} label={labels.place} error={errors.place} hint={t('follow.place_hint')}>
              <input {...aria(fieldId('place'), errors.place, true)} name="place" value={values.place ?? ''} maxLength={200} autoComplete="street-address" />
            </Field>
            <div class="row">
              <Field id={fieldId('lat')} label={labels.lat} error={errors.lat}>
                <input {...aria(fieldId('lat'), errors.lat)} name="lat" value={values.lat ?? ''} inputMode="decimal" />
              </Field>
              <Field id={fieldId('lng')} label={t('follow.lng')}>
                <input id={fieldId('lng')} name="lng" value={values.lng ?? ''} inputMode="decimal" />
              </Field>
            </div>
            <Field id={fieldId('radius')} label={labels.radius} error={errors.radius} hint={t('follow.radius_hint', { min: MIN_RADIUS_M, max: MAX_RADIUS_M })}>
              <select {...aria(fieldId('radius'), errors.radius, true)} name="radius">
                {[...new Set([...RADII, ...(values.radius && !RADII.includes(Number(values.radius)) ? [values.radius] : [])])].map((r) => (
                  <option value={String(r)} selected={(values.radius ?? '500') === String(r)}>{t('follow.metres', { radius: Number(r) || String(r) })}</option>
                ))}
              </select>
            </Field>
            <Field id={fieldId('procedure')} label={labels.procedure} error={errors.procedure}>
              <select {...aria(fieldId('procedure'), errors.procedure)} name="procedure">
                <option value="">{t('follow.all_procedures')}</option>
                {props.procedures.map((p) => (
                  <option value={p.code} selected={values.procedure === p.code}>{p.name}</option>
                ))}
              </select>
            </Field>
          </fieldset>
        )}
        <fieldset class={errors.frequency ? 'has-error' : undefined}>
          <legend>{labels.frequency}</legend>
          {errors.frequency && <p class="error" id={`${fieldId('frequency')}-error`}>{errors.frequency}</p>}
          <label class="choice">
            <input type="radio" name="frequency" value="instant" id={fieldId('frequency')} checked={(values.frequency ?? 'instant') === 'instant'} /> {t('follow.instant')}
          </label>
          <label class="choice">
            <input type="radio" name="frequency" value="daily" checked={values.frequency === 'daily'} /> {t('follow.daily', { hour: props.digestHour })}
          </label>
        </fieldset>
        {props.citizenEmail ? (
          <p>{t('follow.to_citizen', { email: props.citizenEmail })}</p>
        ) : (
          <Field id={fieldId('email')} label={labels.email} error={errors.email} hint={t('follow.email_hint')} required>
            <input {...aria(fieldId('email'), errors.email, true)} type="email" name="email" value={values.email ?? ''} autoComplete="email" required />
          </Field>
        )}
        <p class="hint">{t('follow.privacy')}</p>
        <button type="submit">{t('follow.submit')}</button>
      </form>
      {!props.citizenEmail && <p><a href={`/signin?next=${encodeURIComponent(props.returnTo)}`}>{t('follow.sign_in_instead')}</a></p>}
    </Layout>
  );
}

/** After the form: a confirmation e-mail is on its way, alerts have started, or the follow already existed. */
export function FollowDonePage(props: { ctx: ViewContext; state: 'pending' | 'confirmed' | 'already'; email: string; target: FollowTarget; devMail?: boolean }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('follow.title')}>
      <h1>{t(props.state === 'pending' ? 'follow.check_mail_title' : 'follow.started_title')}</h1>
      <p class="notice" role="status">{t(`follow.done.${props.state}`, { email: props.email })}</p>
      <p>{followTargetText(t, ctx.locale, props.target)}</p>
      {props.devMail && props.state === 'pending' && <p class="hint"><a href="/dev/mail">{t('mail.dev.where')}</a></p>}
      {props.state !== 'pending' && <p><a href="/me#follows">{t('follow.manage_in_account')}</a></p>}
    </Layout>
  );
}

/** The confirmation link lands here; only the button (a POST) confirms, so a mail scanner following links confirms nothing. */
export function FollowConfirmPage(props: { ctx: ViewContext; token: string; state: 'valid' | 'confirmed' | 'expired' | 'stopped'; target: FollowTarget; done?: boolean }) {
  const { ctx } = props;
  const t = ctx.t;
  const problem = props.state === 'expired' ? 'error.follow_link_expired' : props.state === 'stopped' ? 'error.follow_stopped' : undefined;
  return (
    <Layout ctx={ctx} title={t(props.state === 'confirmed' ? 'follow.confirmed_title' : 'follow.confirm_title')}>
      <h1>{t(props.state === 'confirmed' ? 'follow.confirmed_title' : 'follow.confirm_title')}</h1>
      <p class="lead">{followTargetText(t, ctx.locale, props.target)}</p>
      {problem ? (
        <p class="error-summary" role="alert">{t(problem)}</p>
      ) : props.state === 'confirmed' ? (
        <p class="notice" role="status">{t(props.done ? 'follow.confirmed_now' : 'follow.confirmed_already')}</p>
      ) : (
        <form method="post" action={`/follows/confirm/${props.token}`} class="stack narrow">
          <Csrf ctx={ctx} />
          <p>{t('follow.confirm_lead')}</p>
          <button type="submit">{t('follow.confirm_submit')}</button>
        </form>
      )}
    </Layout>
  );
}

/** One follow as its manage page and the citizen's account list it. */
function FollowSummary(props: { ctx: ViewContext; follow: DescribedFollow; zone: string; alerts?: { total: number; waiting: number } }) {
  const { ctx, follow } = props;
  const t = ctx.t;
  const status = follow.stoppedAt ? 'stopped' : follow.confirmedAt ? follow.frequency : 'pending';
  return (
    <>
      <p>{followTargetText(t, ctx.locale, follow.target)}</p>
      <p class="muted">
        {t(`follow.status.${status}`)}
        {' · '}
        {t('follow.since')} <Time ctx={ctx} at={follow.createdAt} zone={props.zone} dateOnly />
        {props.alerts && <> · {t('follow.alerts_count', { count: props.alerts.total })}</>}
      </p>
    </>
  );
}

/**
 * Manage one follow from the link every alert carries, without signing in: change how often, or stop. The link was
 * sent to the follower's address, so the page also lists that address's other alerts, each with its own link.
 */
export function FollowManagePage(props: {
  ctx: ViewContext;
  token: string;
  follow: DescribedFollow;
  alerts: { total: number; waiting: number };
  others: { follow: DescribedFollow; token: string }[];
  notice?: string;
  errors: Record<string, string>;
  digestHour: number;
  /** The zone dates are shown in (the digest's). */
  zone: string;
}) {
  const { ctx, follow } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('follow.manage_title')}>
      <h1>{t('follow.manage_title')}</h1>
      <p>{t('follow.manage_for', { email: follow.email })}</p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <ErrorSummary ctx={ctx} errors={props.errors} />
      <section class="panel" aria-labelledby="this-follow">
        <h2 id="this-follow">{t('follow.this_alert')}</h2>
        <FollowSummary ctx={ctx} follow={follow} zone={props.zone} alerts={props.alerts} />
        {follow.stoppedAt && (
          <form method="post" action={`/follows/${props.token}/resume`}>
            <Csrf ctx={ctx} />
            <button type="submit">{t('follow.resume')}</button>
          </form>
        )}
        {!follow.stoppedAt && (
          <>
            <form method="post" action={`/follows/${props.token}`} class="stack narrow">
              <Csrf ctx={ctx} />
              <fieldset>
                <legend>{t('follow.frequency')}</legend>
                <label class="choice">
                  <input type="radio" name="frequency" value="instant" checked={follow.frequency === 'instant'} /> {t('follow.instant')}
                </label>
                <label class="choice">
                  <input type="radio" name="frequency" value="daily" checked={follow.frequency === 'daily'} /> {t('follow.daily', { hour: props.digestHour })}
                </label>
              </fieldset>
              <button type="submit">{t('follow.save')}</button>
            </form>
            <form method="post" action={`/follows/${props.token}/stop`}>
              <Csrf ctx={ctx} />
              <button type="submit" class="danger">{t('follow.stop')}</button>
            </form>
          </>
        )}
      </section>
      {props.others.length > 0 && (
        <section aria-labelledby="other-follows">
          <h2 id="other-follows">{t('follow.others')}</h2>
          <ul class="plain">
            {props.others.map((o) => (
              <li>
                <a href={`/follows/${o.token}`}>{followTargetText(t, ctx.locale, o.follow.target)}</a>
                <span class="muted"> · {t(`follow.status.${o.follow.confirmedAt ? o.follow.frequency : 'pending'}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

/** The follows section of a citizen's account: each with its manage link, and where to start a new one. */
export function FollowList(props: { ctx: ViewContext; follows: { follow: DescribedFollow; token: string }[] }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <section id="follows" aria-labelledby="follows-title">
      <h2 id="follows-title">{t('follow.list_title')}</h2>
      {props.follows.length === 0 ? <p>{t('follow.list_none')}</p> : (
        <ul class="plain">
          {props.follows.map((f) => (
            <li>
              <a href={`/follows/${f.token}`}>{followTargetText(t, ctx.locale, f.follow.target)}</a>
              <span class="muted"> · {t(`follow.status.${f.follow.stoppedAt ? 'stopped' : f.follow.confirmedAt ? f.follow.frequency : 'pending'}`)}</span>
            </li>
          ))}
        </ul>
      )}
      <p><a href="/follow?kind=area">{t('follow.new_area')}</a></p>
    </section>
  );
}

/** "Get e-mail alerts" and "Atom feed" links for a page whose subject can be followed (either may be absent). */
export function FollowLinks(props: { ctx: ViewContext; follow?: string; feed?: string }) {
  const t = props.ctx.t;
  if (!props.follow && !props.feed) return null;
  return (
    <p class="follow-links">
      {props.follow && <a href={props.follow} class="button quiet">{t('follow.link')}</a>}
      {props.feed && <a href={props.feed} type="application/atom+xml">{t('follow.feed')}</a>}
    </p>
  );
}
