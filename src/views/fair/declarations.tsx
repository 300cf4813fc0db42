import type { DeclarationCategoryRule } from '../../domain/declarationRules.js';
import { ASSET_CATEGORIES, HOLDERS, type DeclarationContent, type FilingStatus } from '../../domain/declarations.js';
import { pick } from '../../i18n/index.js';
import type { PublicDeclaration } from '../../presenters/declarations.js';
import { TableScroll, Time } from '../components.js';
import type { ViewContext } from '../context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from '../Layout.js';

/** One stored version, opened for its official or an auditor. */
export interface OpenedVersion {
  version: number;
  filedAt: Date;
  onTime: boolean;
  content: DeclarationContent;
}

/** Where an official stands for a year, for the reminder and the page's heading. */
export interface FilingState {
  year: number;
  due: Date;
  required: boolean;
  status: FilingStatus;
  daysLeft: number;
}

const krw = (n: number) => `₩ ${n.toLocaleString('en-US')}`;

/** The reminder an official who must file sees until they do: due soon, or overdue. */
export function DeclarationReminder(props: { ctx: ViewContext; state: FilingState; zone: string }) {
  const { ctx, state } = props;
  if (!state.required || state.status === 'on_time' || state.status === 'late') return null;
  const due = ctx.fmt.date(state.due, props.zone);
  return (
    <p class={state.status === 'overdue' ? 'notice warning' : 'notice'} role="status" data-testid="declaration-reminder">
      {state.status === 'overdue' ? ctx.t('declaration.reminder_overdue', { year: state.year, due }) : ctx.t('declaration.reminder_due', { year: state.year, due, days: state.daysLeft })}{' '}
      <a href={`/office/declaration?year=${state.year}`}>{ctx.t('declaration.file_now')}</a>
    </p>
  );
}

/** A version's items as a table, for the official's own history and an auditor's reading. */
function VersionItems(props: { ctx: ViewContext; version: OpenedVersion; zone: string }) {
  const { ctx, version } = props;
  const t = ctx.t;
  const c = version.content;
  return (
    <section class="panel" data-testid={`declaration-version-${version.version}`}>
      <h3>{t('declaration.version', { version: version.version })} · <Time ctx={ctx} at={version.filedAt} zone={props.zone} /> · {t(version.onTime ? 'declaration.status.on_time' : 'declaration.status.late')}</h3>
      {c.note && <p>{c.note}</p>}
      <TableScroll label={t('declaration.assets')}>
        <table>
          <caption>{t('declaration.assets')}</caption>
          <thead><tr><th scope="col">{t('declaration.category')}</th><th scope="col">{t('declaration.holder')}</th><th scope="col">{t('declaration.description')}</th><th scope="col">{t('declaration.value')}</th></tr></thead>
          <tbody>
            {c.assets.map((a) => (
              <tr><td>{t(`declaration.category.${a.category}`)}</td><td>{t(`declaration.holder.${a.holder}`)}{a.holderName ? ` (${a.holderName})` : ''}</td><td>{a.description}</td><td>{krw(a.valueKrw)}</td></tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {c.positions.length > 0 && (
        <ul aria-label={t('declaration.positions')}>{c.positions.map((p) => <li>{p.organisation} — {p.role}{p.paid ? ` (${t('declaration.paid')})` : ''}</li>)}</ul>
      )}
      {c.interests.length > 0 && (
        <ul aria-label={t('declaration.interests')}>{c.interests.map((b) => <li>{[b.company, b.registration, t(`declaration.holder.${b.holder}`), b.stake].filter(Boolean).join(' · ')}</li>)}</ul>
      )}
    </section>
  );
}

/** The official's yearly declaration: where they stand, the form (filled from the last version for an amendment), their versions. */
export function OfficeDeclarationPage(props: {
  ctx: ViewContext; state: FilingState; zone: string; years: number[]; versions: OpenedVersion[]; values: Record<string, string>; errors: Record<string, string>;
  /** The categories the jurisdiction offers, in order, with the value from which each must be declared. */
  categories: DeclarationCategoryRule[];
  rows: { assets: number; positions: number; interests: number }; notice?: string;
}) {
  const { ctx, values, errors, state } = props;
  const t = ctx.t;
  const input = (name: string, label: string, extra: Record<string, unknown> = {}) => (
    <Field id={fieldId(name)} label={label} error={errors[name]}>
      <input {...aria(fieldId(name), errors[name])} name={name} value={values[name] ?? ''} maxLength={300} {...extra} />
    </Field>
  );
  const retired = (value: string | undefined) => !!value && (ASSET_CATEGORIES as readonly string[]).includes(value) && !props.categories.some((c) => c.category === value);
  const holderSelect = (name: string) => (
    <Field id={fieldId(name)} label={t('declaration.holder')} error={errors[name]}>
      <select {...aria(fieldId(name), errors[name])} name={name}>
        {HOLDERS.map((h) => <option value={h} selected={(values[name] || 'self') === h}>{t(`declaration.holder.${h}`)}</option>)}
      </select>
    </Field>
  );
  return (
    <Layout ctx={ctx} title={t('declaration.title')} office>
      <h1>{t('declaration.title')}</h1>
      <p class="lead">{t('declaration.lead')}</p>
      <p><a href="/office/conflicts">{t('fair.conflicts.title')}</a> · <a href="/office/gifts">{t('fair.gifts.title')}</a> · <a href="/integrity/declarations">{t('declaration.public_title')}</a></p>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <p data-testid="declaration-state">
        {t('declaration.due', { year: state.year, due: ctx.fmt.date(state.due, props.zone) })} {t(state.required ? 'declaration.required' : 'declaration.not_required')}{' '}
        <strong>{t(`declaration.status.${state.status}`)}</strong>
      </p>
      <DeclarationReminder ctx={ctx} state={state} zone={props.zone} />
      <ErrorSummary ctx={ctx} errors={errors} />
      <form method="post" action="/office/declaration" class="stack panel" novalidate>
        <Csrf ctx={ctx} />
        <h2>{t(props.versions.length ? 'declaration.amend' : 'declaration.file')}</h2>
        <Field id={fieldId('year')} label={t('declaration.year')} error={errors.year}>
          <select {...aria(fieldId('year'), errors.year)} name="year">{props.years.map((y) => <option value={String(y)} selected={y === state.year}>{y}</option>)}</select>
        </Field>
        <h3>{t('declaration.assets')}</h3>
        <p class="hint">{t('declaration.thresholds_hint')}</p>
        <ul class="hint" data-testid="declaration-thresholds">
          {props.categories.map((c) => (
            <li>{c.thresholdKrw > 0
              ? t('declaration.threshold_from', { category: t(`declaration.category.${c.category}`), amount: krw(c.thresholdKrw) })
              : t('declaration.threshold_always', { category: t(`declaration.category.${c.category}`) })}</li>
          ))}
        </ul>
        {Array.from({ length: props.rows.assets }, (_, i) => (
          <fieldset class="row-group">
            <legend>{t('declaration.item', { n: i + 1 })}</legend>
            <Field id={fieldId(`asset_${i}_category`)} label={t('declaration.category')} error={errors[`asset_${i}_category`]}>
              <select {...aria(fieldId(`asset_${i}_category`), errors[`asset_${i}_category`])} name={`asset_${i}_category`}>
                <option value="">{t('fair.choose')}</option>
                {props.categories.map(({ category: c }) => <option value={c} selected={values[`asset_${i}_category`] === c}>{t(`declaration.category.${c}`)}</option>)}
                {/* An amendment of a version with a category no longer offered shows it, so the error can name it. */}
                {retired(values[`asset_${i}_category`]) && <option value={values[`asset_${i}_category`]} selected>{t(`declaration.category.${values[`asset_${i}_category`]!}`)}</option>}
              </select>
            </Field>
            {holderSelect(`asset_${i}_holder`)}
            {input(`asset_${i}_holder_name`, t('declaration.holder_name'), { maxLength: 100 })}
            {input(`asset_${i}_description`, t('declaration.description'))}
            {input(`asset_${i}_value`, t('declaration.value'), { inputmode: 'numeric', maxLength: 20 })}
          </fieldset>
        ))}
        <h3>{t('declaration.positions')}</h3>
        {Array.from({ length: props.rows.positions }, (_, i) => (
          <fieldset class="row-group">
            <legend>{t('declaration.item', { n: i + 1 })}</legend>
            {input(`position_${i}_organisation`, t('declaration.organisation'))}
            {input(`position_${i}_role`, t('declaration.role'))}
            <label><input type="checkbox" name={`position_${i}_paid`} value="yes" checked={values[`position_${i}_paid`] === 'yes'} /> {t('declaration.paid')}</label>
          </fieldset>
        ))}
        <h3>{t('declaration.interests')}</h3>
        <p class="hint">{t('declaration.interests_hint')}</p>
        {Array.from({ length: props.rows.interests }, (_, i) => (
          <fieldset class="row-group">
            <legend>{t('declaration.item', { n: i + 1 })}</legend>
            {input(`interest_${i}_company`, t('declaration.company'))}
            {input(`interest_${i}_registration`, t('declaration.registration'), { maxLength: 40 })}
            {holderSelect(`interest_${i}_holder`)}
            {input(`interest_${i}_stake`, t('declaration.stake'))}
          </fieldset>
        ))}
        <Field id={fieldId('note')} label={t('declaration.note')} error={errors.note}>
          <textarea {...aria(fieldId('note'), errors.note)} name="note" rows={2} maxLength={1000}>{values.note ?? ''}</textarea>
        </Field>
        <p class="actions">
          <button type="submit">{t('declaration.submit')}</button>{' '}
          <button type="submit" name="more" value="1" class="secondary">{t('declaration.more_rows')}</button>
        </p>
      </form>
      <h2>{t('declaration.history')}</h2>
      {props.versions.length === 0 ? <p>{t('declaration.none')}</p> : props.versions.map((v) => <VersionItems ctx={ctx} version={v} zone={props.zone} />)}
    </Layout>
  );
}

/** One official on the auditors' roster for a year. */
export interface RosterLine {
  id: number;
  name: string;
  unit: string;
  grade: number;
  status: FilingStatus;
  versions: number;
  lastFiledAt: Date | null;
}

/** The auditors' list: who must file, who filed on time, late, or not yet (overdue first). */
export function DeclarationRosterPage(props: { ctx: ViewContext; year: number; years: number[]; due: Date; zone: string; lines: RosterLine[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const order: FilingStatus[] = ['overdue', 'due', 'late', 'on_time'];
  const lines = [...props.lines].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  return (
    <Layout ctx={ctx} title={t('declaration.roster_title')} office>
      <h1>{t('declaration.roster_title')}</h1>
      <form method="get" action="/office/declarations" class="inline">
        <label for="roster-year">{t('declaration.year')}</label>{' '}
        <select id="roster-year" name="year">{props.years.map((y) => <option value={String(y)} selected={y === props.year}>{y}</option>)}</select>{' '}
        <button type="submit">{t('fair.signals.show')}</button>
      </form>
      <p>{t('declaration.due', { year: props.year, due: ctx.fmt.date(props.due, props.zone) })} {t('declaration.roster_counts', { overdue: lines.filter((l) => l.status === 'overdue').length, total: lines.length })}</p>
      <TableScroll label={t('declaration.roster_title')}>
        <table data-testid="declaration-roster">
          <caption class="visually-hidden">{t('declaration.roster_title')}</caption>
          <thead><tr><th scope="col">{t('fair.public.unit')}</th><th scope="col">{t('fair.gifts.official')}</th><th scope="col">{t('declaration.grade')}</th><th scope="col">{t('declaration.status')}</th><th scope="col">{t('declaration.versions')}</th></tr></thead>
          <tbody>
            {lines.map((l) => (
              <tr data-status={l.status}>
                <td>{l.unit}</td>
                <td>{l.versions ? <a href={`/office/declarations/${l.id}?year=${props.year}`}>{l.name}</a> : l.name}</td>
                <td>{l.grade}</td>
                <td>{t(`declaration.status.${l.status}`)}</td>
                <td>{l.versions}{l.lastFiledAt && <> · <Time ctx={ctx} at={l.lastFiledAt} zone={props.zone} /></>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  );
}

/** An auditor reads one official's declaration for a year, every version. */
export function AuditDeclarationPage(props: { ctx: ViewContext; name: string; year: number; zone: string; versions: OpenedVersion[] }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('declaration.of', { name: props.name, year: props.year })} office>
      <h1>{ctx.t('declaration.of', { name: props.name, year: props.year })}</h1>
      <p><a href={`/office/declarations?year=${props.year}`}>{ctx.t('declaration.roster_title')}</a></p>
      {props.versions.length === 0 ? <p>{ctx.t('declaration.none')}</p> : props.versions.map((v) => <VersionItems ctx={ctx} version={v} zone={props.zone} />)}
    </Layout>
  );
}

/** The public register: per official of the published grades, bands and whether it was filed on time. */
export function PublicDeclarationsPage(props: { ctx: ViewContext; year: number; years: number[]; rows: PublicDeclaration[] }) {
  const { ctx } = props;
  const t = ctx.t;
  const change = (r: PublicDeclaration) => {
    if (!r.change) return '—';
    if (r.change.direction === 'none') return t('declaration.change.none');
    return t(`declaration.change.${r.change.direction}`, { band: `₩ ${r.change.band!.label}` });
  };
  return (
    <Layout ctx={ctx} title={t('declaration.public_title')}>
      <h1>{t('declaration.public_title')}</h1>
      <p class="lead">{t('declaration.public_lead')}</p>
      <form method="get" action="/integrity/declarations" class="inline">
        <label for="declarations-year">{t('declaration.year')}</label>{' '}
        <select id="declarations-year" name="year">{props.years.map((y) => <option value={String(y)} selected={y === props.year}>{y}</option>)}</select>{' '}
        <button type="submit">{t('fair.signals.show')}</button>
      </form>
      <p><a href={`/integrity/declarations.csv?year=${props.year}`}>CSV</a> · <a href={`/integrity/declarations.json?year=${props.year}`}>JSON</a> · <a href="/integrity/gifts">{t('fair.gifts.public_title')}</a></p>
      {props.rows.length === 0 ? <p>{t('declaration.none_public')}</p> : (
        <TableScroll label={t('declaration.public_title')}>
          <table data-testid="declaration-register">
            <caption class="visually-hidden">{t('declaration.public_title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fair.public.unit')}</th><th scope="col">{t('fair.gifts.official')}</th><th scope="col">{t('declaration.status')}</th>
                <th scope="col">{t('declaration.total_assets')}</th><th scope="col">{t('declaration.total_debts')}</th><th scope="col">{t('declaration.net')}</th>
                <th scope="col">{t('declaration.change')}</th><th scope="col">{t('declaration.positions_interests')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>{pick(r.unit.name, ctx.locale)}</td>
                  <td>{[r.official.name ? pick(r.official.name, ctx.locale) : null, pick(r.official.title, ctx.locale)].filter(Boolean).join(', ')}</td>
                  <td>{t(`declaration.status.${r.filing}`)}{r.amended ? ` · ${t('declaration.amended')}` : ''}</td>
                  <td>{r.assets ? `₩ ${r.assets.label}` : '—'}</td>
                  <td>{r.debts ? `₩ ${r.debts.label}` : '—'}</td>
                  <td>{r.net ? `${r.net.negative ? '−' : ''}₩ ${r.net.label}` : '—'}</td>
                  <td>{change(r)}</td>
                  <td>{r.positions === null ? '—' : `${r.positions} / ${r.interests}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  );
}
