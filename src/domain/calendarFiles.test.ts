import { describe, expect, it } from 'vitest';
import { decodeCalendarFile, parseCsv, readCalendarFile } from './calendarFiles.js';

const vcal = (body: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\n${body}END:VCALENDAR\r\n`;
const days = (text: string, name = '') => readCalendarFile(text, name).days.map((d) => `${d.date} ${d.name} ${d.holiday ? 'Y' : 'N'}`);
const problems = (text: string, name = '') => readCalendarFile(text, name).problems.map((p) => `${p.at ?? '-'} ${p.key}`);

describe('reading iCalendar files', () => {
  it.each([
    ['one all-day event', 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250127\r\nSUMMARY:임시공휴일\r\nEND:VEVENT\r\n', ['2025-01-27 임시공휴일 Y']],
    ['a three-day event (DTEND is exclusive)', 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250128\r\nDTEND;VALUE=DATE:20250131\r\nSUMMARY:설날\r\nEND:VEVENT\r\n', ['2025-01-28 설날 Y', '2025-01-29 설날 Y', '2025-01-30 설날 Y']],
    ['a yearly closure, three times', 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250310\r\nRRULE:FREQ=YEARLY;COUNT=3\r\nSUMMARY:City foundation day\r\nEND:VEVENT\r\n', ['2025-03-10 City foundation day Y', '2026-03-10 City foundation day Y', '2027-03-10 City foundation day Y']],
    ['a cancelled event is left out', 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250310\r\nSTATUS:CANCELLED\r\nSUMMARY:No\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250311\r\nSUMMARY:Yes\r\nEND:VEVENT\r\n', ['2025-03-11 Yes Y']],
    ['escaped text', 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250312\r\nSUMMARY:Closed\\, moving\\; sorry\r\nEND:VEVENT\r\n', ['2025-03-12 Closed, moving; sorry Y']],
  ])('%s', (_, body, want) => {
    expect(days(vcal(body))).toEqual(want);
  });

  it.each([
    ['a timed event', 'BEGIN:VEVENT\r\nDTSTART:20250310T090000Z\r\nSUMMARY:Meeting\r\nEND:VEVENT\r\n', ['1 error.calendar_event_timed']],
    ['an event without a name', 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250310\r\nEND:VEVENT\r\n', ['1 error.calendar_event_no_name']],
    ['a day outside 2000–2099', 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:18990310\r\nSUMMARY:Old\r\nEND:VEVENT\r\n', ['1 error.calendar_date_out_of_range']],
    ['an event of two months', 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nDTEND;VALUE=DATE:20250301\r\nSUMMARY:Long\r\nEND:VEVENT\r\n', ['1 error.calendar_event_too_long']],
    ['no event at all', '', ['- error.calendar_file_no_days']],
    ['a recurrence that cannot be expanded', 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nRRULE:FREQ=HOURLY\r\nSUMMARY:x\r\nEND:VEVENT\r\n', ['1 error.calendar_event_unreadable']],
    ['a daily rule without end', 'BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nRRULE:FREQ=DAILY\r\nSUMMARY:x\r\nEND:VEVENT\r\n', ['1 error.calendar_file_too_many']],
  ])('refuses %s, naming the event', (_, body, want) => {
    expect(problems(vcal(body))).toEqual(want);
    expect(readCalendarFile(vcal(body)).days).toEqual([]);
  });

  it('refuses text that is not iCalendar', () => {
    expect(problems('BEGIN:VCALENDAR\nnot a line\nEND:VCALENDAR')).toEqual(['- error.calendar_file_unreadable']);
    expect(problems('')).toEqual(['- error.calendar_file_empty']);
  });
});

describe('reading CSV files', () => {
  it.each([
    ['the public-data portal’s special days', 'dateKind,dateName,isHoliday,locdate,seq\n01,1월1일,Y,20260101,1\n01,식목일,N,20260405,1\n', ['2026-01-01 1월1일 Y', '2026-04-05 식목일 N']],
    ['Korean headers and dotted dates', '날짜,명칭,공휴일여부\n2026.06.03,전국동시지방선거,Y\n', ['2026-06-03 전국동시지방선거 Y']],
    ['Google Calendar’s export, every row a holiday', 'Subject,Start date\n"Closed, moving",2026/3/9\n', ['2026-03-09 Closed, moving Y']],
    ['a byte-order mark, CRLF and quoted quotes', '\uFEFFdate,name,holiday\r\n2026-03-10,"The ""big"" move",yes\r\n', ['2026-03-10 The "big" move Y']],
  ])('%s', (_, text, want) => {
    expect(days(text, 'days.csv')).toEqual(want);
  });

  it.each([
    ['unknown columns', 'a,b\n1,2\n', ['- error.calendar_csv_columns']],
    ['an impossible date', 'date,name\n2026-02-30,X\n', ['2 error.invalid_date']],
    ['a holiday flag that says nothing', 'date,name,isHoliday\n2026-03-10,X,maybe\n', ['2 error.calendar_csv_holiday_flag']],
    ['a quote never closed', 'date,name\n2026-03-10,"X\n', ['- error.calendar_file_unreadable']],
  ])('refuses %s', (_, text, want) => {
    expect(problems(text, 'days.csv')).toEqual(want);
  });

  it('parses RFC 4180 fields', () => {
    expect(parseCsv('a,"b,c",""\r\n"d""e",f')).toEqual([['a', 'b,c', ''], ['d"e', 'f']]);
  });
});

describe('decoding uploads', () => {
  it('reads UTF-8 and falls back to EUC-KR', () => {
    expect(decodeCalendarFile(Buffer.from('설날'))).toBe('설날');
    expect(decodeCalendarFile(new Uint8Array([0xbc, 0xb3, 0xb3, 0xaf]))).toBe('설날');
  });
});
