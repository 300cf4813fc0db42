import ICAL from 'ical.js';
import type { Locale } from '../domain/types.js';
import { pick } from '../i18n/index.js';
import type { PublicCalendarDay } from '../presenters/calendar.js';

/**
 * A jurisdiction's closed days as an iCalendar feed (RFC 5545) to subscribe to: one all-day event per day, its
 * source as a category. Deterministic for the same days and `stamp` (the calendar's last change), so a client that
 * polls sees nothing new until the calendar changes. ical.js escapes text and folds long lines.
 */
export function calendarFeed(f: {
  code: string;
  name: string;
  host: string;
  stamp: Date;
  locale: Locale;
  days: readonly PublicCalendarDay[];
  sourceName: (source: string) => string;
  /** How the reader's language marks a substitute holiday, after its name. */
  substituteMark: string;
  description: string;
}): string {
  const root = new ICAL.Component(['vcalendar', [], []]);
  root.updatePropertyWithValue('version', '2.0');
  root.updatePropertyWithValue('prodid', '-//Daylight//Working calendar//EN');
  root.updatePropertyWithValue('calscale', 'GREGORIAN');
  root.updatePropertyWithValue('x-wr-calname', f.name);
  root.updatePropertyWithValue('x-wr-caldesc', f.description);
  const stamp = ICAL.Time.fromJSDate(f.stamp, true);
  for (const day of f.days) {
    const event = new ICAL.Component('vevent');
    event.updatePropertyWithValue('uid', `${f.code}-${day.date}@${f.host}`);
    event.updatePropertyWithValue('dtstamp', stamp);
    event.updatePropertyWithValue('dtstart', ICAL.Time.fromDateString(day.date));
    const name = pick(day.name, f.locale);
    event.updatePropertyWithValue('summary', day.substitute ? `${name} ${f.substituteMark}` : name);
    event.updatePropertyWithValue('categories', f.sourceName(day.source));
    event.updatePropertyWithValue('transp', 'TRANSPARENT');
    root.addSubcomponent(event);
  }
  return `${root.toString()}\r\n`;
}
