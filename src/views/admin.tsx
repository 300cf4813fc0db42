import { LOCALES, ROLES, type Locale } from '../domain/types.js';
import type { OtherLanguages } from '../db/schema.js';
import { LANGUAGE_NAMES, directionOf } from '../i18n/index.js';
import { OTHER_LOCALES } from '../http/adminForms.js';
import { TableScroll } from './components.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria } from './Layout.js';

export interface AdminData {
  jurisdictions: { id: string; code: string; name_ko: string; name_en: string; time_zone: string; show_official_names: boolean; inquiry_response_days: number; second_factor_others: string; main_locale: Locale; offered_locales: Locale[]; names: OtherLanguages }[];
  units: { id: number; code: string; name_ko: string; name_en: string; jurisdiction_id: string; phone: string | null; email: string | null }[];
  officials: { id: number; login: string; name_ko: string; name_en: string; title_en: string; unit_code: string; roles: string[]; active: boolean }[];
  keys: { id: number; label: string; prefix: string; unit_code: string; created_at: Date; revoked_at: Date | null }[];
  procedures: { id: number; code: string; version: number; name_ko: string; name_en: string; jurisdiction_code: string; is_current: boolean }[];
  closures: { id: number; jurisdiction_id: string; date: string; kind: string; reason_ko: string; reason_en: string }[];
}

const name = (ctx: ViewContext, r: { name_ko: string; name_en: string }) => (ctx.locale === 'ko' ? r.name_ko : r.name_en);

/** Inputs for a name or text in each language beyond Korean and English, each marked with its language. */
export function OtherLanguageInputs(props: { ctx: ViewContext; idPrefix: string; field: string; label: 'i18n.admin.name_in' | 'i18n.admin.title_in' | 'i18n.admin.purpose_in' | 'i18n.admin.legal_basis_in'; values: Record<string, string | undefined> }) {
  return (
    <>
      {OTHER_LOCALES.map((l) => {
        const id = `${props.idPrefix}-${props.field}-${l}`;
        return (
          <Field id={id} label={props.ctx.t(props.label, { language: LANGUAGE_NAMES[l] })}>
            <input id={id} name={`${props.field}_${l}`} lang={l} dir={directionOf(l)} value={props.values[l] ?? ''} />
          </Field>
        );
      })}
    </>
  );
}

/** Administration: jurisdictions, units, officials, API keys and the procedure catalogue on one page. */
export function AdminPage(props: { ctx: ViewContext; data: AdminData; errors: Record<string, string>; notice?: string; newKey?: string }) {
  const { ctx, data, errors } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('admin.title')} office>
      <h1>{t('admin.title')}</h1>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      {props.newKey && (
        <div class="receipt" role="status">
          <p>{t('admin.key_once')}</p>
          <p class="big code" data-testid="new-api-key">{props.newKey}</p>
        </div>
      )}
      <ErrorSummary ctx={ctx} errors={errors} />
      <nav class="contents" aria-labelledby="admin-contents" data-testid="contents">
        <h2 id="admin-contents">{t('admin.sections')}</h2>
        <ul>
          <li><a href="#jurisdictions">{t('admin.jurisdictions')}</a></li>
          <li><a href="#declarations">{t('declaration.rules.section')}</a></li>
          <li><a href="#calendar">{t('admin.calendar')}</a></li>
          <li><a href="#units">{t('admin.units')}</a></li>
          <li><a href="#officials">{t('admin.officials')}</a></li>
          <li><a href="#keys">{t('admin.keys')}</a></li>
          <li><a href="#procedures">{t('admin.procedures')}</a></li>
          <li><a href="/admin/open-data">{t('opendata.admin.link')}</a></li>
        </ul>
      </nav>

      <section id="jurisdictions">
        <h2>{t('admin.jurisdictions')}</h2>
        {data.jurisdictions.map((j) => (
          <form method="post" action="/admin/jurisdictions" class="panel inline-form">
            <Csrf ctx={ctx} />
            <input type="hidden" name="id" value={j.id} />
            <input type="hidden" name="code" value={j.code} />
            <strong>{j.code}</strong>
            <Field id={`j-${j.code}-ko`} label={t('admin.name_ko')}><input id={`j-${j.code}-ko`} name="name_ko" value={j.name_ko} /></Field>
            <Field id={`j-${j.code}-en`} label={t('admin.name_en')}><input id={`j-${j.code}-en`} name="name_en" value={j.name_en} /></Field>
            <Field id={`j-${j.code}-tz`} label={t('admin.time_zone')}><input id={`j-${j.code}-tz`} name="time_zone" value={j.time_zone} dir="ltr" /></Field>
            <Field id={`j-${j.code}-inquiry-days`} label={t('admin.inquiry_response_days')} hint={t('admin.inquiry_response_days_hint', { min: 1, max: 60 })}>
              <input {...aria(`j-${j.code}-inquiry-days`, undefined, true)} name="inquiry_response_days" type="number" inputMode="numeric" min={1} max={60} step={1} value={String(j.inquiry_response_days)} />
            </Field>
            <div class="choice">
              <input type="checkbox" id={`j-${j.code}-names`} name="show_official_names" value="yes" checked={j.show_official_names} />
              <label for={`j-${j.code}-names`}>{t('admin.show_names')}</label>
            </div>
            <Field id={`j-${j.code}-2fa`} label={t('admin.second_factor_others')} hint={t('admin.second_factor_others_hint')}>
              <select {...aria(`j-${j.code}-2fa`, undefined, true)} name="second_factor_others">
                {(['required', 'optional'] as const).map((v) => <option value={v} selected={j.second_factor_others === v}>{t(`admin.second_factor_${v}`)}</option>)}
              </select>
            </Field>
            <fieldset class="stack">
              <legend>{t('i18n.admin.languages')}</legend>
              <Field id={`j-${j.code}-main-locale`} label={t('i18n.admin.main_locale')}>
                <select id={`j-${j.code}-main-locale`} name="main_locale">
                  {LOCALES.map((l) => <option value={l} lang={l} selected={j.main_locale === l}>{LANGUAGE_NAMES[l]}</option>)}
                </select>
              </Field>
              <fieldset>
                <legend>{t('i18n.admin.offered_locales')}</legend>
                {LOCALES.map((l) => (
                  <div class="choice">
                    <input type="checkbox" id={`j-${j.code}-offer-${l}`} name="offered_locales" value={l} checked={j.offered_locales.includes(l)} disabled={l === 'ko' || l === 'en'} />
                    <label for={`j-${j.code}-offer-${l}`} lang={l}>{LANGUAGE_NAMES[l]}</label>
                  </div>
                ))}
              </fieldset>
              <p class="hint">{t('i18n.admin.other_languages_hint')}</p>
              <OtherLanguageInputs ctx={ctx} idPrefix={`j-${j.code}`} field="name" label="i18n.admin.name_in" values={j.names} />
            </fieldset>
            <button type="submit">{t('action.save')}</button>
          </form>
        ))}
      </section>

      <section id="declarations">
        <h2>{t('declaration.rules.section')}</h2>
        <ul>
          {data.jurisdictions.map((j) => <li><a href={`/admin/declarations/${j.code}`}>{t('declaration.rules.title', { jurisdiction: name(ctx, j) })}</a></li>)}
        </ul>
      </section>

      <section id="calendar">
        <h2>{t('admin.calendar')}</h2>
        <p class="muted">{t('admin.calendar_lead')}</p>
        <p>{t('admin.calendar_pages')}</p>
        <ul>
          {data.jurisdictions.map((j) => <li><a href={`/admin/calendars/${j.code}`}>{t('admin.calendar_open', { name: name(ctx, j) })}</a></li>)}
        </ul>
        {data.closures.length === 0 ? (
          <p>{t('admin.no_closures')}</p>
        ) : (
          <TableScroll label={t('admin.calendar')}>
            <table>
              <caption class="visually-hidden">{t('admin.calendar')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.jurisdiction')}</th>
                  <th scope="col">{t('admin.closure_date')}</th>
                  <th scope="col">{t('admin.closure_kind')}</th>
                  <th scope="col">{t('admin.closure_reason_ko')}</th>
                  <th scope="col">{t('admin.closure_reason_en')}</th>
                </tr>
              </thead>
              <tbody>
                {data.closures.map((c) => (
                  <tr>
                    <td>{c.jurisdiction_id}</td>
                    <td>{c.date}</td>
                    <td>{c.kind === 'working' ? t('calendar.open_day') : t(`calendar.source.${c.kind}`)}</td>
                    <td>{c.reason_ko}</td>
                    <td>{c.reason_en}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <form method="post" action="/admin/closures" class="panel stack">
          <Csrf ctx={ctx} />
          <Field id="cl-j" label={t('admin.jurisdiction')}>
            <select id="cl-j" name="jurisdiction_id">
              {data.jurisdictions.map((j) => <option value={j.id}>{name(ctx, j)}</option>)}
            </select>
          </Field>
          <Field id="cl-date" label={t('admin.closure_date')} error={errors.date} required>
            <input id="cl-date" name="date" type="date" required />
          </Field>
          <Field id="cl-kind" label={t('admin.closure_kind')}>
            <select id="cl-kind" name="kind">
              <option value="holiday">{t('admin.closure_kind_holiday')}</option>
              <option value="closure">{t('admin.closure_kind_closure')}</option>
            </select>
          </Field>
          <Field id="cl-ko" label={t('admin.closure_reason_ko')} error={errors.reason}><input id="cl-ko" name="reason_ko" /></Field>
          <Field id="cl-en" label={t('admin.closure_reason_en')}><input id="cl-en" name="reason_en" /></Field>
          <button type="submit">{t('admin.add_closure')}</button>
        </form>
      </section>

      <section id="units">
        <h2>{t('admin.units')}</h2>
        <TableScroll label={t('admin.units')}>
          <table>
            <caption class="visually-hidden">{t('admin.units')}</caption>
            <thead><tr><th scope="col">{t('admin.code')}</th><th scope="col">{t('admin.name')}</th><th scope="col">{t('admin.contact')}</th></tr></thead>
            <tbody>
              {data.units.map((u) => (
                <tr><td><code>{u.code}</code></td><td>{name(ctx, u)}</td><td><bdi dir="ltr">{[u.phone, u.email].filter(Boolean).join(' · ')}</bdi></td></tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <form method="post" action="/admin/units" class="panel stack">
          <Csrf ctx={ctx} />
          <h3>{t('admin.new_unit')}</h3>
          <Field id="u-j" label={t('admin.jurisdiction')}>
            <select id="u-j" name="jurisdiction_id">{data.jurisdictions.map((j) => <option value={j.id}>{name(ctx, j)}</option>)}</select>
          </Field>
          <Field id="u-code" label={t('admin.code')} hint={t('admin.unit_code_hint')}><input id="u-code" aria-describedby="u-code-hint" name="code" /></Field>
          <Field id="u-ko" label={t('admin.name_ko')}><input id="u-ko" name="name_ko" /></Field>
          <Field id="u-en" label={t('admin.name_en')}><input id="u-en" name="name_en" /></Field>
          <OtherLanguageInputs ctx={ctx} idPrefix="u" field="name" label="i18n.admin.name_in" values={{}} />
          <Field id="u-phone" label={t('apply.phone')}><input id="u-phone" name="phone" /></Field>
          <Field id="u-email" label={t('apply.email')}><input id="u-email" name="email" type="email" /></Field>
          <button type="submit">{t('admin.create')}</button>
        </form>
      </section>

      <section id="officials">
        <h2>{t('admin.officials')}</h2>
        <p><a class="button" href="/admin/officials/new">{t('admin.new_official')}</a></p>
        <TableScroll label={t('admin.officials')}>
          <table>
            <caption class="visually-hidden">{t('admin.officials')}</caption>
            <thead><tr><th scope="col">{t('login.login')}</th><th scope="col">{t('admin.name')}</th><th scope="col">{t('admin.unit')}</th><th scope="col">{t('admin.roles')}</th><th scope="col">{t('admin.status')}</th></tr></thead>
            <tbody>
              {data.officials.map((o) => (
                <tr>
                  <td><a href={`/admin/officials/${o.id}`}>{o.login}</a></td>
                  <td>{name(ctx, o)}</td>
                  <td><code>{o.unit_code}</code></td>
                  <td>{o.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                  <td>{o.active ? t('admin.active') : t('admin.inactive')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section id="keys">
        <h2>{t('admin.keys')}</h2>
        <p>{t('admin.keys_lead')}</p>
        <TableScroll label={t('admin.keys')}>
          <table>
            <caption class="visually-hidden">{t('admin.keys')}</caption>
            <thead><tr><th scope="col">{t('admin.label')}</th><th scope="col">{t('admin.unit')}</th><th scope="col">{t('admin.prefix')}</th><th scope="col">{t('admin.status')}</th></tr></thead>
            <tbody>
              {data.keys.map((k) => (
                <tr>
                  <td>{k.label}</td>
                  <td><code>{k.unit_code}</code></td>
                  <td><code>{k.prefix}…</code></td>
                  <td>
                    {k.revoked_at ? (
                      t('admin.revoked')
                    ) : (
                      <form method="post" action={`/admin/keys/${k.id}/revoke`}>
                        <Csrf ctx={ctx} />
                        <button type="submit" class="secondary">{t('admin.revoke')}</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <form method="post" action="/admin/keys" class="panel stack">
          <Csrf ctx={ctx} />
          <h3>{t('admin.new_key')}</h3>
          <Field id="k-unit" label={t('admin.unit')}>
            <select id="k-unit" name="unit_id">{data.units.map((u) => <option value={String(u.id)}>{`${u.code} · ${name(ctx, u)}`}</option>)}</select>
          </Field>
          <Field id="k-label" label={t('admin.label')}><input id="k-label" name="label" /></Field>
          <button type="submit">{t('admin.create')}</button>
        </form>
      </section>

      <section id="procedures">
        <h2>{t('admin.procedures')}</h2>
        <p><a class="button" href="/admin/procedures/new">{t('admin.new_procedure')}</a></p>
        <TableScroll label={t('admin.procedures')}>
          <table>
            <caption class="visually-hidden">{t('admin.procedures')}</caption>
            <thead><tr><th scope="col">{t('admin.code')}</th><th scope="col">{t('admin.name')}</th><th scope="col">{t('procedure.version')}</th><th scope="col">{t('admin.status')}</th></tr></thead>
            <tbody>
              {data.procedures.map((p) => (
                <tr>
                  <td><code>{`${p.jurisdiction_code}/${p.code}`}</code></td>
                  <td>{name(ctx, p)}</td>
                  <td>{p.version}</td>
                  <td>{p.is_current ? <a href={`/admin/procedures/${p.id}`}>{t('admin.edit_new_version')}</a> : t('admin.superseded')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </Layout>
  );
}

/** An official's fields as the form shows them: as stored, or as typed when a save was refused. */
export interface OfficialFormValues { login: string; name_ko: string; name_en: string; title_ko: string; title_en: string; names: OtherLanguages; titles: OtherLanguages; unit_id: number; roles: string[]; active: boolean }

/** Create or edit an official; `typed` refills the fields with what was sent when a save was refused. */
export function OfficialForm(props: {
  ctx: ViewContext;
  official?: OfficialFormValues & { id: number };
  typed?: OfficialFormValues;
  units: AdminData['units'];
  errors: Record<string, string>;
}) {
  const { ctx, errors } = props;
  const saved = props.official;
  const o = props.typed ? { ...props.typed, id: saved?.id, login: saved?.login ?? props.typed.login } : saved;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={saved ? saved.login : t('admin.new_official')} office>
      <p class="crumbs"><a href="/admin#officials">{t('admin.title')}</a></p>
      <h1>{saved ? saved.login : t('admin.new_official')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action={saved ? `/admin/officials/${saved.id}` : '/admin/officials'} class="stack narrow">
        <Csrf ctx={ctx} />
        <Field id="f-login" label={t('login.login')} error={errors.login}><input id="f-login" name="login" value={o?.login ?? ''} readOnly={Boolean(saved)} /></Field>
        <Field id="f-password" label={saved ? t('admin.new_password') : t('login.password')} hint={t('admin.password_hint')} error={errors.password}>
          <input id="f-password" aria-describedby="f-password-hint" name="password" type="password" autoComplete="new-password" />
        </Field>
        <Field id="f-name_ko" label={t('admin.name_ko')} error={errors.name}><input id="f-name_ko" name="name_ko" value={o?.name_ko ?? ''} /></Field>
        <Field id="f-name_en" label={t('admin.name_en')}><input id="f-name_en" name="name_en" value={o?.name_en ?? ''} /></Field>
        <OtherLanguageInputs ctx={ctx} idPrefix="f" field="name" label="i18n.admin.name_in" values={o?.names ?? {}} />
        <Field id="f-title_ko" label={t('admin.title_ko')} error={errors.title}><input id="f-title_ko" name="title_ko" value={o?.title_ko ?? ''} /></Field>
        <Field id="f-title_en" label={t('admin.title_en')}><input id="f-title_en" name="title_en" value={o?.title_en ?? ''} /></Field>
        <OtherLanguageInputs ctx={ctx} idPrefix="f" field="title" label="i18n.admin.title_in" values={o?.titles ?? {}} />
        <Field id="f-unit" label={t('admin.unit')} error={errors.unit}>
          <select id="f-unit" name="unit_id">
            {props.units.map((u) => <option value={String(u.id)} selected={u.id === o?.unit_id}>{`${u.code} · ${name(ctx, u)}`}</option>)}
          </select>
        </Field>
        <fieldset>
          <legend>{t('admin.roles')}</legend>
          {errors.roles && <p class="error-text">{errors.roles}</p>}
          {ROLES.map((r) => (
            <div class="choice">
              <input type="checkbox" id={`role-${r}`} name="roles" value={r} checked={o?.roles.includes(r)} />
              <label for={`role-${r}`}>{t(`role.${r}`)}</label>
            </div>
          ))}
        </fieldset>
        <div class="choice">
          <input type="checkbox" id="f-active" name="active" value="yes" checked={o ? o.active : true} />
          <label for="f-active">{t('admin.active')}</label>
        </div>
        <button type="submit">{t('action.save')}</button>
      </form>
      {saved && <p><a href={`/admin/officials/${saved.id}/sign-in`}>{t('admin_sign_in.link')}</a></p>}
    </Layout>
  );
}
