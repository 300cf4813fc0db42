import type { ComponentChildren } from 'preact';
import { pick, intlTag } from '../i18n/index.js';
import type { PublicCalendar, PublicCalendarChange, PublicCalendarDay } from '../presenters/calendar.js';
import type { ViewContext } from './context.js';
import { Layout } from './Layout.js';
import { localDay } from './deadline.js';

/** A weekday's name in the page's language (1 Monday … 7 Sunday). */
export function weekdayName(ctx: ViewContext, weekday: number): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(intlTag(ctx.locale), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, weekday)));
}

/** The weekend in words ("Saturday, Sunday"). */
export const weekendText = (ctx: ViewContext, weekend: readonly number[]) => weekend.map((d) => weekdayName(ctx, d)).join(', ');

/** Office hours in words ("09:00–18:00, break 12:00–13:00"). */
export function hoursText(ctx: ViewContext, hours: PublicCalendar['office_hours']): string {
  const breaks = hours.breaks.map((b) => `${b.start}–${b.end}`).join(', ');
  return breaks ? ctx.t('calendar.hours_with_break', { start: hours.start, end: hours.end, breaks }) : `${hours.start}–${hours.end}`;
}

/** Links to the years before and after, within the years a calendar holds. */
export function YearNav(props: { ctx: ViewContext; year: number; href: (year: number) => string }) {
  const { ctx, year } = props;
  return (
    <nav aria-label={ctx.t('calendar.years')}>
      <ul class="inline-list">
        <li><a href={props.href(year - 1)} rel="prev">{ctx.t('calendar.year_before', { year: year - 1 })}</a></li>
        <li><span aria-current="page">{year}</span></li>
        <li><a href={props.href(year + 1)} rel="next">{ctx.t('calendar.year_after', { year: year + 1 })}</a></li>
      </ul>
    </nav>
  );
}

/** A year's closed days, each with its source; `action` adds a last column (the administrator's remove link). */
export function ClosedDaysTable(props: { ctx: ViewContext; days: readonly PublicCalendarDay[]; caption: string; action?: (day: PublicCalendarDay) => ComponentChildren }) {
  const { ctx, days } = props;
  const t = ctx.t;
  if (!days.length) return <p>{t('calendar.no_days')}</p>;
  return (
    <div class="table-wrap">
      <table class="calendar-days">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('calendar.date')}</th>
            <th scope="col">{t('calendar.weekday')}</th>
            <th scope="col">{t('calendar.name')}</th>
            <th scope="col">{t('calendar.source')}</th>
            {props.action && <th scope="col">{t('calendar.action')}</th>}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr data-date={d.date} data-source={d.source}>
              <td><time dateTime={d.date}>{localDay(ctx, d.date)}</time></td>
              <td>{weekdayName(ctx, d.weekday)}</td>
              <td>{pick(d.name, ctx.locale)}{d.substitute ? ` ${t('calendar.substitute')}` : ''}</td>
              <td><span class={`badge source-${d.source}`}>{t(`calendar.source.${d.source}`)}</span></td>
              {props.action && <td>{props.action(d)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One change of the history in words. */
export function describeChange(ctx: ViewContext, c: PublicCalendarChange): string {
  const t = ctx.t;
  const d = c.data as Record<string, unknown>;
  const date = typeof d.date === 'string' ? localDay(ctx, d.date) : '';
  const name = d.name && typeof d.name === 'object' ? pick(d.name as never, ctx.locale) : '';
  switch (c.kind) {
    case 'day_added':
      return t('calendar.change.day_added', { date, name, kind: String(d.kind) });
    case 'day_removed':
      return t('calendar.change.day_removed', { date, name, kind: String(d.kind) });
    case 'day_opened':
      return t('calendar.change.day_opened', { date });
    case 'imported':
      return t('calendar.change.imported', { count: Array.isArray(d.days) ? d.days.length : 0, file: String(d.file ?? ''), kind: String(d.kind) });
    case 'settings_changed':
      return t('calendar.change.settings_changed');
    case 'time_zone_changed':
      return t('calendar.change.time_zone_changed', { from: String(d.from), to: String(d.to) });
    default:
      return c.kind;
  }
}

/** The calendar's public history, newest first. */
export function CalendarHistory(props: { ctx: ViewContext; history: readonly PublicCalendarChange[]; zone: string }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.history.length) return <p>{t('calendar.no_history')}</p>;
  return (
    <ol class="calendar-history" reversed>
      {props.history.map((c) => {
        const days = Array.isArray((c.data as { days?: unknown }).days) ? ((c.data as { days: { date: string; name: string }[] }).days) : [];
        return (
          <li data-version={c.version}>
            <p>
              <strong>{t('calendar.version', { version: c.version })}</strong> · <time dateTime={c.recorded_at}>{ctx.fmt.dateTime(c.recorded_at, props.zone)}</time>
              {' · '}{c.actor ? [pick(c.actor.name, ctx.locale), pick(c.actor.title, ctx.locale), c.actor.unit ? pick(c.actor.unit.name, ctx.locale) : ''].filter(Boolean).join(', ') : t('calendar.actor_settings')}
            </p>
            <p>{describeChange(ctx, c)}</p>
            {days.length > 0 && (
              <ul class="inline-list">{days.map((x) => <li><time dateTime={x.date}>{localDay(ctx, x.date)}</time> {x.name}</li>)}</ul>
            )}
            {c.reason && <p class="muted">{t('calendar.reason', { reason: c.reason })}</p>}
          </li>
        );
      })}
    </ol>
  );
}

/** A country's name in the page's language, from its ISO 3166 code; the holiday library's (English) name otherwise. */
export function countryInLanguage(ctx: ViewContext, code: string, fallback: string): string {
  try {
    return new Intl.DisplayNames([intlTag(ctx.locale)], { type: 'region', fallback: 'none' }).of(code) ?? fallback;
  } catch {
    return fallback;
  }
}

/** What the calendar's settings are, in a definition list. */
export function CalendarFacts(props: { ctx: ViewContext; cal: PublicCalendar; countryName: string; regionName: string | null }) {
  const { ctx, cal } = props;
  const t = ctx.t;
  return (
    <dl class="facts">
      <dt>{t('calendar.version_label')}</dt>
      <dd>{t('calendar.version_rules', { version: cal.version, rules: cal.holiday_rules })}</dd>
      <dt>{t('calendar.weekend')}</dt>
      <dd>{weekendText(ctx, cal.weekend)}</dd>
      <dt>{t('calendar.rules')}</dt>
      <dd>{props.regionName ? `${countryInLanguage(ctx, cal.country, props.countryName)} (${props.regionName})` : countryInLanguage(ctx, cal.country, props.countryName)}</dd>
      <dt>{t('calendar.hours')}</dt>
      <dd>{hoursText(ctx, cal.office_hours)} ({cal.time_zone})</dd>
    </dl>
  );
}

/** Every jurisdiction's calendar, to choose from. */
export function CalendarIndexPage(props: { ctx: ViewContext; jurisdictions: { code: string; name_ko: string; name_en: string }[] }) {
  const { ctx } = props;
  const t = ctx.t;
  return (
    <Layout ctx={ctx} title={t('calendar.index_title')}>
      <h1>{t('calendar.index_title')}</h1>
      <p>{t('calendar.index_lead')}</p>
      <ul>
        {props.jurisdictions.map((j) => (
          <li><a href={`/calendars/${j.code}`}>{ctx.locale === 'ko' ? j.name_ko : j.name_en}</a></li>
        ))}
      </ul>
    </Layout>
  );
}

/** One jurisdiction's calendar for a year, with its sources explained, its feeds and its history. */
export function CalendarPage(props: { ctx: ViewContext; cal: PublicCalendar; countryName: string; regionName: string | null }) {
  const { ctx, cal } = props;
  const t = ctx.t;
  const name = pick(cal.jurisdiction.name, ctx.locale);
  const base = `/calendars/${cal.jurisdiction.code}`;
  return (
    <Layout ctx={ctx} title={t('calendar.title', { name, year: cal.year })}>
      <h1>{t('calendar.title', { name, year: cal.year })}</h1>
      <p>{t('calendar.lead')}</p>
      <YearNav ctx={ctx} year={cal.year} href={(y) => `${base}?year=${y}`} />
      <CalendarFacts ctx={ctx} cal={cal} countryName={props.countryName} regionName={props.regionName} />
      <p>
        <a href={`${base}/feed.ics`}>{t('calendar.subscribe')}</a> · <a href={`/api/v1/calendars/${cal.jurisdiction.code}?year=${cal.year}`}>{t('calendar.json')}</a>
      </p>
      <section aria-labelledby="closed-days">
        <h2 id="closed-days">{t('calendar.closed_days', { year: cal.year })}</h2>
        <ClosedDaysTable ctx={ctx} days={cal.days} caption={t('calendar.closed_days_caption', { name, year: cal.year })} />
        {cal.open_days.length > 0 && (
          <>
            <h3>{t('calendar.open_days')}</h3>
            <ul>{cal.open_days.map((o) => <li><time dateTime={o.date}>{localDay(ctx, o.date)}</time>: {o.reason}</li>)}</ul>
          </>
        )}
      </section>
      <section aria-labelledby="sources">
        <h2 id="sources">{t('calendar.sources')}</h2>
        <dl class="facts">
          {(['library', 'statute', 'designated', 'closure'] as const).map((s) => (
            <>
              <dt>{t(`calendar.source.${s}`)}</dt>
              <dd>{t(`calendar.source_explained.${s}`)}</dd>
            </>
          ))}
        </dl>
      </section>
      <section aria-labelledby="history">
        <h2 id="history">{t('calendar.history')}</h2>
        <CalendarHistory ctx={ctx} history={cal.history} zone={cal.time_zone} />
      </section>
    </Layout>
  );
}
