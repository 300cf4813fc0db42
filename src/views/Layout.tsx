import type { ComponentChildren } from 'preact';
import { LOCALES } from '../domain/types.js';
import { LANGUAGE_NAMES, directionOf } from '../i18n/index.js';
import type { ViewContext } from './context.js';
import { feedForPath } from '../feeds/atom.js';

/** The page frame: skip link, header with navigation and language choice, main landmark, footer. */
export function Layout(props: { ctx: ViewContext; title: string; children: ComponentChildren; office?: boolean }) {
  const { ctx, title } = props;
  const t = ctx.t;
  const back = encodeURIComponent(ctx.path);
  const feed = feedForPath(ctx.path);
  const links =
    props.office && ctx.official ? (
      <>
        <li><a href="/office">{t('nav.queue')}</a></li>
        <li><a href="/office/register">{t('nav.counter')}</a></li>
        {ctx.official.roles.includes('admin') && <li><a href="/admin">{t('nav.admin')}</a></li>}
        {(ctx.official.roles.includes('auditor') || ctx.official.roles.includes('supervisor')) && <li><a href="/office/audit">{t('nav.audit')}</a></li>}
        {ctx.official.roles.includes('auditor') && <li><a href="/office/signals">{t('fair.nav.signals')}</a></li>}
        {ctx.official.roles.includes('auditor') && <li><a href="/office/contracts/flags">{t('contracts.audit.nav')}</a></li>}
        {ctx.official.roles.some((r) => r === 'auditor' || r === 'supervisor' || r === 'official') && <li><a href="/office/ratings">{t('nav.ratings')}</a></li>}
        {ctx.official.roles.some((r) => r === 'investigator' || r === 'head') && <li><a href="/office/reports">{t('report.nav')}</a></li>}
        {!ctx.official.roles.some((r) => r === 'investigator' || r === 'head') && ctx.official.roles.includes('custodian') && <li><a href="/office/reports/custody">{t('report.nav')}</a></li>}
        {ctx.official.roles.some((r) => r === 'auditor' || r === 'admin') && <li><a href="/office/integrity">{t('integrity.nav')}</a></li>}
        {ctx.official.roles.some((r) => r === 'official' || r === 'supervisor' || r === 'clerk') && <li><a href="/office/conflicts">{t('fair.nav.conflicts')}</a></li>}
        <li><a href="/office/account">{t('nav.account')}</a></li>
        <li><a href="/">{t('nav.public_site')}</a></li>
      </>
    ) : (
      <>
        <li><a href="/procedures">{t('nav.procedures')}</a></li>
        <li><a href="/register">{t('nav.register')}</a></li>
        <li><a href="/contracts">{t('contracts.nav')}</a></li>
        <li><a href="/map">{t('nav.map')}</a></li>
        <li><a href="/statistics">{t('nav.statistics')}</a></li>
        <li><a href="/integrity">{t('integrity.nav')}</a></li>
        <li><a href="/data">{t('opendata.nav')}</a></li>
        <li><a href="/track">{t('nav.track')}</a></li>
        <li><a href="/me">{t('nav.me')}</a></li>
        <li><a href="/office">{t('nav.office')}</a></li>
      </>
    );
  const languages = LOCALES.map((l) => (
    <li>
      {l === ctx.locale ? (
        <span aria-current="true" lang={l} dir={directionOf(l)}>{LANGUAGE_NAMES[l]}</span>
      ) : (
        <a href={`/lang/${l}?back=${back}`} lang={l} dir={directionOf(l)} hreflang={l}>{LANGUAGE_NAMES[l]}</a>
      )}
    </li>
  ));
  return (
    <html lang={ctx.locale} dir={directionOf(ctx.locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/app.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        {feed && <link rel="alternate" type="application/atom+xml" href={feed} title={t('feed.link_title')} />}
        <script src="/static/app.js" defer></script>
      </head>
      <body class={props.office ? 'office' : undefined}>
        <a class="skip" href="#main">{t('nav.skip')}</a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href={props.office ? '/office' : '/'}>
              <span class="brand-mark" aria-hidden="true">◐</span>
              <span>{t('site.name')}</span>
              {props.office && <span class="badge">{t('nav.office')}</span>}
            </a>
            {/* One list of links, shown as a row on wide screens and folded into "Menu" on a phone; `<details>` opens
                without JavaScript. Only one of the two is displayed at any width, so assistive technology meets one. */}
            <nav aria-label={t('nav.main')} class="nav-wide">
              <ul class="nav">{links}</ul>
            </nav>
            <details class="nav-menu">
              <summary><span aria-hidden="true">☰</span>{t('nav_menu.menu')}</summary>
              <nav aria-label={t('nav.main')}>
                <ul class="nav">{links}</ul>
              </nav>
            </details>
            {/* The languages: a row on wide screens; on a phone, a disclosure showing the current one, so seven names
                do not take two lines of the header. As with the menu, only one of the two is displayed at any width. */}
            <ul class="lang lang-wide" aria-label={t('nav.language')}>{languages}</ul>
            <details class="lang-menu">
              <summary>
                <span class="visually-hidden">{t('nav.language')}: </span>
                <span lang={ctx.locale} dir={directionOf(ctx.locale)}>{LANGUAGE_NAMES[ctx.locale]}</span>
                <span aria-hidden="true">▾</span>
              </summary>
              <ul class="lang" aria-label={t('nav.language')}>{languages}</ul>
            </details>
            {props.office && ctx.official && (
              <form method="post" action="/office/logout" class="logout">
                <input type="hidden" name="_csrf" value={ctx.csrf()} />
                <span class="who">{ctx.locale === 'ko' ? ctx.official.nameKo : ctx.official.nameEn}</span>
                <button type="submit" class="link">{t('nav.logout')}</button>
              </form>
            )}
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('site.footer')}</p>
            <p>
              <a href="/api/docs">{t('nav.api')}</a> · <a href="/calendars">{t('nav.calendars')}</a> · <a href="/report">{t('report.footer_link')}</a> · <a href="/verify">{t('verify.title')}</a> · <a href="/accessibility">{t('a11y.footer_link')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** A hidden CSRF field for a form. */
export function Csrf(props: { ctx: ViewContext }) {
  return <input type="hidden" name="_csrf" value={props.ctx.csrf()} />;
}

/** A labelled form field with its error, wired for assistive technology. */
export function Field(props: {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>
        {props.label}
        {props.required && <span class="req" aria-hidden="true"> *</span>}
      </label>
      {props.hint && <p class="hint" id={`${props.id}-hint`}>{props.hint}</p>}
      {props.error && <p class="error-text" id={`${props.id}-error`}>{props.error}</p>}
      {props.children}
    </div>
  );
}

/** A summary of form errors at the top of a form, linking to each field. */
export function ErrorSummary(props: { ctx: ViewContext; errors: Record<string, string>; labels?: Record<string, string> }) {
  const entries = Object.entries(props.errors);
  if (!entries.length) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} id="error-summary">
      <h2>{props.ctx.t('form.errors_title')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li><a href={`#${fieldId(field)}`}>{props.labels?.[field] ? `${props.labels[field]}: ${message}` : message}</a></li>
        ))}
      </ul>
    </div>
  );
}

/** ARIA attributes tying an input to its hint and error. */
export function aria(id: string, error?: string, hint?: boolean) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': describedBy || undefined };
}

/** The HTML id used for a dotted field path. */
export const fieldId = (field: string) => `f-${field.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
