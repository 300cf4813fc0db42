import type { ImportPreview } from '../commands/calendar/importCalendarDays.js';
import { WEEKENDS, weekendKey } from '../domain/calendarSettings.js';
import { pick } from '../i18n/index.js';
import type { PublicCalendar } from '../presenters/calendar.js';
import type { ViewContext } from './context.js';
import { Csrf, ErrorSummary, Field, Layout, aria, fieldId } from './Layout.js';
import { CalendarFacts, CalendarHistory, ClosedDaysTable, YearNav, weekdayName } from './calendar.js';
import { localDay } from './deadline.js';

export interface CalendarAdminData {
  cal: PublicCalendar;
  countryName: string;
  regionName: string | null;
  countries: { code: string; name: string }[];
  regions: { code: string; name: string }[];
}

/** A text input wired to its label, hint and error through `fieldId`, so the error summary links to it. */
function Input(props: { name: string; label: string; errors: Record<string, string>; value?: string; type?: string; hint?: string; required?: boolean; list?: string }) {
  const id = fieldId(props.name);
  return (
    <Field id={id} label={props.label} error={props.errors[props.name]} hint={props.hint} required={props.required}>
      <input {...aria(id, props.errors[props.name], Boolean(props.hint))} name={props.name} type={props.type ?? 'text'} value={props.value ?? ''} list={props.list} />
    </Field>
  );
}

/**
 * A jurisdiction's working calendar for its administrators: the year's closed days with their source, and the forms
 * that keep it true (add a day, remove or open one, weekend and holiday rules and office hours, import a file).
 * Every change asks for a reason, which the public history shows.
 */
export function CalendarAdminPage(props: { ctx: ViewContext; data: CalendarAdminData; errors: Record<string, string>; values?: Record<string, string>; notice?: string }) {
  const { ctx, data, errors } = props;
  const { cal } = data;
  const t = ctx.t;
  const v = props.values ?? {};
  const name = pick(cal.jurisdiction.name, ctx.locale);
  const base = `/admin/calendars/${cal.jurisdiction.code}`;
  const hours = cal.office_hours;
  const currentWeekend = weekendKey(cal.weekend);
  return (
    <Layout ctx={ctx} title={t('calendar.admin_title', { name })} office>
      <h1>{t('calendar.admin_title', { name })}</h1>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <ErrorSummary ctx={ctx} errors={errors} />
      <p><a href={`/calendars/${cal.jurisdiction.code}?year=${cal.year}`}>{t('calendar.public_page')}</a> · <a href="/admin#calendar">{t('admin.title')}</a></p>
      <YearNav ctx={ctx} year={cal.year} href={(y) => `${base}?year=${y}`} />
      <CalendarFacts ctx={ctx} cal={cal} countryName={data.countryName} regionName={data.regionName} />

      <section aria-labelledby="closed-days">
        <h2 id="closed-days">{t('calendar.closed_days', { year: cal.year })}</h2>
        <ClosedDaysTable
          ctx={ctx}
          days={cal.days}
          caption={t('calendar.closed_days_caption', { name, year: cal.year })}
          action={(d) => <a href={`${base}?year=${cal.year}&remove=${d.date}#remove`}>{t('calendar.remove_link', { date: localDay(ctx, d.date) })}</a>}
        />
        {cal.open_days.length > 0 && (
          <>
            <h3>{t('calendar.open_days')}</h3>
            <ul>
              {cal.open_days.map((o) => (
                <li><time dateTime={o.date}>{localDay(ctx, o.date)}</time>: {o.reason} (<a href={`${base}?year=${cal.year}&remove=${o.date}#remove`}>{t('calendar.remove_link', { date: localDay(ctx, o.date) })}</a>)</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section id="add" aria-labelledby="add-title">
        <h2 id="add-title">{t('calendar.add_title')}</h2>
        <form method="post" action={`${base}/days`} class="panel stack" novalidate>
          <Csrf ctx={ctx} />
          <Input name="date" type="date" label={t('calendar.date')} errors={errors} value={v.date} hint={t('calendar.date_hint')} required />
          <Field id={fieldId('kind')} label={t('calendar.kind')} error={errors.kind}>
            <select {...aria(fieldId('kind'), errors.kind)} name="kind">
              <option value="designated" selected={v.kind !== 'closure'}>{t('calendar.source.designated')}</option>
              <option value="closure" selected={v.kind === 'closure'}>{t('calendar.source.closure')}</option>
            </select>
          </Field>
          <Input name="name_ko" label={t('calendar.name_ko')} errors={errors} value={v.name_ko} required />
          <Input name="name_en" label={t('calendar.name_en')} errors={errors} value={v.name_en} />
          <Input name="reason" label={t('calendar.reason_label')} errors={errors} value={v.form === 'add' ? v.reason : ''} hint={t('calendar.reason_hint')} required />
          <input type="hidden" name="year" value={String(cal.year)} />
          <button type="submit">{t('calendar.add')}</button>
        </form>
      </section>

      <section id="remove" aria-labelledby="remove-title">
        <h2 id="remove-title">{t('calendar.remove_title')}</h2>
        <p class="muted">{t('calendar.remove_lead')}</p>
        <form method="post" action={`${base}/days/remove`} class="panel stack" novalidate>
          <Csrf ctx={ctx} />
          <Input name="remove_date" type="date" label={t('calendar.date')} errors={errors} value={v.remove_date} required />
          <Input name="remove_reason" label={t('calendar.reason_label')} errors={errors} value={v.remove_reason} hint={t('calendar.reason_hint')} required />
          <input type="hidden" name="year" value={String(cal.year)} />
          <button type="submit">{t('calendar.remove')}</button>
        </form>
      </section>

      <section id="settings" aria-labelledby="settings-title">
        <h2 id="settings-title">{t('calendar.settings_title')}</h2>
        <form method="post" action={`${base}/settings`} class="panel stack" novalidate>
          <Csrf ctx={ctx} />
          <Field id={fieldId('weekend')} label={t('calendar.weekend')} error={errors.weekend}>
            <select {...aria(fieldId('weekend'), errors.weekend)} name="weekend">
              {(Object.keys(WEEKENDS) as (keyof typeof WEEKENDS)[]).map((k) => (
                <option value={k} selected={(v.weekend ?? currentWeekend) === k}>{WEEKENDS[k].map((d) => weekdayName(ctx, d)).join('–')}</option>
              ))}
            </select>
          </Field>
          <Input name="country" label={t('calendar.country')} errors={errors} value={v.country ?? cal.country} hint={t('calendar.country_hint')} list="countries" required />
          <datalist id="countries">{data.countries.map((c) => <option value={c.code}>{c.name}</option>)}</datalist>
          <Input name="region" label={t('calendar.region')} errors={errors} value={v.region ?? cal.region ?? ''} hint={t('calendar.region_hint', { regions: data.regions.map((r) => r.code).join(', ') || '—' })} />
          <Input name="hours_start" type="time" label={t('calendar.hours_start')} errors={errors} value={v.hours_start ?? hours.start} required />
          <Input name="hours_end" type="time" label={t('calendar.hours_end')} errors={errors} value={v.hours_end ?? hours.end} required />
          <Input name="break_start" type="time" label={t('calendar.break_start')} errors={errors} value={v.break_start ?? hours.breaks[0]?.start ?? ''} hint={t('calendar.break_hint')} />
          <Input name="break_end" type="time" label={t('calendar.break_end')} errors={errors} value={v.break_end ?? hours.breaks[0]?.end ?? ''} />
          <Input name="settings_reason" label={t('calendar.reason_label')} errors={errors} value={v.settings_reason} hint={t('calendar.reason_hint')} required />
          <input type="hidden" name="year" value={String(cal.year)} />
          <button type="submit">{t('action.save')}</button>
        </form>
      </section>

      <section id="import" aria-labelledby="import-title">
        <h2 id="import-title">{t('calendar.import_title')}</h2>
        <p class="muted">{t('calendar.import_lead')}</p>
        <form method="post" action={`${base}/import`} enctype="multipart/form-data" class="panel stack" novalidate>
          <Csrf ctx={ctx} />
          <Field id={fieldId('file')} label={t('calendar.file')} error={errors.file} hint={t('calendar.file_hint')}>
            <input {...aria(fieldId('file'), errors.file, true)} type="file" name="file" accept=".ics,.csv,text/calendar,text/csv" />
          </Field>
          <input type="hidden" name="year" value={String(cal.year)} />
          <button type="submit">{t('calendar.preview')}</button>
        </form>
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{t('calendar.history')}</h2>
        <CalendarHistory ctx={ctx} history={cal.history} zone={cal.time_zone} />
      </section>
    </Layout>
  );
}

/** What an uploaded file would do, day by day, and the form that imports it (or why it cannot be imported). */
export function ImportPreviewPage(props: { ctx: ViewContext; code: string; name: string; preview: ImportPreview; errors: Record<string, string>; values?: Record<string, string> }) {
  const { ctx, preview, errors } = props;
  const t = ctx.t;
  const v = props.values ?? {};
  const base = `/admin/calendars/${props.code}`;
  const refused = preview.problems.length > 0;
  return (
    <Layout ctx={ctx} title={t('calendar.preview_title', { file: preview.filename })} office>
      <h1>{t('calendar.preview_title', { file: preview.filename })}</h1>
      <ErrorSummary ctx={ctx} errors={errors} />
      {refused ? (
        <div class="error-summary" role="alert" id="import-problems">
          <h2>{t('calendar.import_refused')}</h2>
          <ul>
            {preview.problems.map((p) => (
              <li>{p.at ? `${t('calendar.at', { at: p.at })}: ` : ''}{t(p.key, p.values)}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p role="status">{t('calendar.preview_summary', { add: preview.plan.additions.length, total: preview.plan.days.length })}</p>
      )}
      {preview.plan.days.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>{t('calendar.preview_caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('calendar.at_header')}</th>
                <th scope="col">{t('calendar.date')}</th>
                <th scope="col">{t('calendar.name')}</th>
                <th scope="col">{t('calendar.effect')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.plan.days.map((d) => (
                <tr data-date={d.date} data-action={d.action}>
                  <td>{d.at}</td>
                  <td><time dateTime={d.date}>{localDay(ctx, d.date)}</time></td>
                  <td>{d.name}</td>
                  <td>{t(`calendar.effect.${d.action}`, { existing: d.existing ? (d.existing.source === 'working' ? t('calendar.open_day') : t(`calendar.source.${d.existing.source}`)) : '' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!refused && (
        <form method="post" action={`${base}/import/confirm`} class="panel stack" novalidate>
          <Csrf ctx={ctx} />
          <input type="hidden" name="filename" value={preview.filename} />
          <input type="hidden" name="content" value={preview.text} />
          <input type="hidden" name="version" value={String(preview.version)} />
          <Field id={fieldId('kind')} label={t('calendar.import_as')} error={errors.kind}>
            <select {...aria(fieldId('kind'), errors.kind)} name="kind">
              <option value="designated" selected={v.kind !== 'closure'}>{t('calendar.source.designated')}</option>
              <option value="closure" selected={v.kind === 'closure'}>{t('calendar.source.closure')}</option>
            </select>
          </Field>
          <Input name="reason" label={t('calendar.reason_label')} errors={errors} value={v.reason} hint={t('calendar.reason_hint')} required />
          <button type="submit">{t('calendar.import', { count: preview.plan.additions.length })}</button>
        </form>
      )}
      <p><a href={base}>{t('calendar.back_to_calendar')}</a></p>
    </Layout>
  );
}
