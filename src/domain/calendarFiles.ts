import ICAL from 'ical.js';
import { calendarDateProblem } from './calendarSettings.js';
import { plusDays, type LocalDate } from './localDate.js';

/**
 * Reading the days of an uploaded calendar file: an iCalendar file (RFC 5545; all-day events, one day or several,
 * recurring or not) or the CSV the Korean public-data portal publishes for special days (한국천문연구원 특일 정보:
 * date, name, whether it is a holiday), or any CSV with such columns. Pure: bytes in, days or problems out; a file
 * with any problem yields no day at all, so an import is all or nothing.
 */

/** The largest file read, in bytes; a year's special days take a few kilobytes. */
export const MAX_CALENDAR_FILE_BYTES = 200_000;
/** The most days one file may bring (five years of every day would be a mistake long before this). */
export const MAX_CALENDAR_FILE_DAYS = 2_000;
/** The longest single event, in days: longer ones are almost certainly not a holiday. */
const MAX_EVENT_DAYS = 31;

export type CalendarFileFormat = 'ics' | 'csv';

/** One day a file names: where (an event's or a row's number), the date, its name and whether it closes offices. */
export interface FileDay {
  at: number;
  date: LocalDate;
  name: string;
  holiday: boolean;
}

/** A problem with a file as a message key; `at` is the event or row it concerns (absent for the whole file). */
export interface FileProblem {
  at?: number;
  key: string;
  values?: Record<string, string | number>;
}

export type ReadFile = { format: CalendarFileFormat; days: FileDay[]; problems: FileProblem[] };

/** The text of a file: UTF-8 (with or without a byte-order mark), or EUC-KR as Korean spreadsheets save it. */
export function decodeCalendarFile(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('euc-kr', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
}

/** Reads a file's days. The format is taken from the content (`BEGIN:VCALENDAR`), else from the file name. */
export function readCalendarFile(text: string, filename = ''): ReadFile {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  const format: CalendarFileFormat = /^BEGIN:VCALENDAR/i.test(trimmed) || /\.ics$/i.test(filename) ? 'ics' : 'csv';
  if (!trimmed) return { format, days: [], problems: [{ key: 'error.calendar_file_empty' }] };
  const read = format === 'ics' ? readIcs(trimmed) : readCsv(trimmed);
  if (!read.problems.length && read.days.length > MAX_CALENDAR_FILE_DAYS) read.problems.push({ key: 'error.calendar_file_too_many', values: { max: MAX_CALENDAR_FILE_DAYS } });
  if (!read.problems.length && !read.days.length) read.problems.push({ key: 'error.calendar_file_no_days' });
  return { format, ...read, days: read.problems.length ? [] : read.days };
}

function readIcs(text: string): { days: FileDay[]; problems: FileProblem[] } {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch {
    return { days: [], problems: [{ key: 'error.calendar_file_unreadable' }] };
  }
  if (root.name !== 'vcalendar') return { days: [], problems: [{ key: 'error.calendar_file_unreadable' }] };
  const days: FileDay[] = [];
  const problems: FileProblem[] = [];
  root.getAllSubcomponents('vevent').forEach((component, i) => {
    const at = i + 1;
    const problem = (key: string, values?: Record<string, string | number>) => problems.push({ at, key, values });
    if (String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') return;
    let event: ICAL.Event;
    try {
      event = new ICAL.Event(component);
    } catch {
      return problem('error.calendar_event_unreadable');
    }
    const name = (event.summary ?? '').trim();
    const start = event.startDate;
    if (!start) return problem('error.calendar_event_no_date');
    if (!start.isDate) return problem('error.calendar_event_timed');
    const first = start.toString();
    const startProblem = calendarDateProblem(first);
    if (startProblem) return problem(startProblem, { date: first });
    if (!name) return problem('error.calendar_event_no_name', { date: first });
    const end = event.endDate && event.endDate.isDate ? event.endDate.toString() : plusDays(first, 1);
    const length = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000);
    if (!(length >= 1 && length <= MAX_EVENT_DAYS)) return problem('error.calendar_event_too_long', { date: first, max: MAX_EVENT_DAYS });
    const starts: LocalDate[] = [];
    if (event.isRecurring()) {
      // ical.js throws on rules it cannot expand (the same occurrence twice); the count bounds the rest.
      try {
        const iterator = event.iterator();
        for (let next = iterator.next(); next; next = iterator.next()) {
          const date = next.toString().slice(0, 10);
          if (calendarDateProblem(date)) break;
          starts.push(date);
          if (starts.length > MAX_CALENDAR_FILE_DAYS) return problem('error.calendar_file_too_many', { max: MAX_CALENDAR_FILE_DAYS });
        }
      } catch {
        return problem('error.calendar_event_unreadable');
      }
    } else {
      starts.push(first);
    }
    for (const s of starts) {
      for (let d = 0; d < length; d++) {
        const date = plusDays(s, d);
        const bad = calendarDateProblem(date);
        if (bad) return problem(bad, { date });
        days.push({ at, date, name: name.slice(0, 200), holiday: true });
      }
    }
  });
  return { days, problems };
}

/** Header names (lower case, spaces removed) of the columns a CSV may have. */
const DATE_COLUMNS = ['locdate', 'date', 'startdate', '날짜', '일자', '연월일', '양력일자'];
const NAME_COLUMNS = ['datename', 'name', 'subject', '명칭', '이름', '휴일명', '공휴일명', '특일명', '날짜명'];
const HOLIDAY_COLUMNS = ['isholiday', 'holiday', '공휴일여부', '휴일여부', '공휴일'];

function readCsv(text: string): { days: FileDay[]; problems: FileProblem[] } {
  const rows = parseCsv(text);
  if (!rows) return { days: [], problems: [{ key: 'error.calendar_file_unreadable' }] };
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase().replace(/[\s_]/g, ''));
  const column = (names: string[]) => header.findIndex((h) => names.includes(h));
  const dateAt = column(DATE_COLUMNS);
  const nameAt = column(NAME_COLUMNS);
  const holidayAt = column(HOLIDAY_COLUMNS);
  if (dateAt < 0 || nameAt < 0) return { days: [], problems: [{ key: 'error.calendar_csv_columns' }] };
  const days: FileDay[] = [];
  const problems: FileProblem[] = [];
  rows.slice(1).forEach((row, i) => {
    const at = i + 2;
    if (row.every((cell) => !cell.trim())) return;
    const date = csvDate(row[dateAt] ?? '');
    const name = (row[nameAt] ?? '').trim();
    const flag = holidayAt < 0 ? 'y' : (row[holidayAt] ?? '').trim().toLowerCase();
    const holiday = ['y', 'yes', 'true', '1', '예', 'o', '공휴일'].includes(flag);
    const notHoliday = ['n', 'no', 'false', '0', '아니오', 'x', ''].includes(flag);
    const bad = date ? calendarDateProblem(date) : 'error.invalid_date';
    if (bad) return problems.push({ at, key: bad, values: { date: (row[dateAt] ?? '').trim().slice(0, 20) } });
    if (!name) return problems.push({ at, key: 'error.calendar_event_no_name', values: { date: date! } });
    if (!holiday && !notHoliday) return problems.push({ at, key: 'error.calendar_csv_holiday_flag', values: { value: flag.slice(0, 20) } });
    days.push({ at, date: date!, name: name.slice(0, 200), holiday });
  });
  return { days, problems };
}

/** `20250127`, `2025-01-27`, `2025.01.27` or `2025/1/27` as a local date; null otherwise. */
function csvDate(text: string): LocalDate | null {
  const t = text.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  const separated = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?$/.exec(t);
  const m = compact ?? separated;
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : null;
}

/** RFC 4180 CSV (commas, quoted fields with doubled quotes, CRLF or LF); null when a quote is never closed. */
export function parseCsv(text: string): string[][] | null {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) return null;
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
