import { describe, expect, it } from 'vitest';
import { createCalendar, type Closure, type DaySource, type LocalDate } from './calendar.js';

/**
 * The days Korean government offices were or will be closed besides Saturdays and Sundays, as the government
 * published them for each year (the Korea Astronomy and Space Science Institute's 월력요항, "국경일과 관공서의
 * 공휴일", plus the temporary holidays the cabinet designated), with the source Daylight gives each day. Days on a
 * weekend are listed too: a holiday on a Sunday is still a holiday, and its substitute follows from it.
 *
 * How sure these are: 2024–2026 follow the published lists, with 17 July 2026 (Constitution Day, a public holiday
 * again from 2026) and the designated days added; 2027 follows the 2027 list as published in 2026 (Labour Day and its
 * substitute on 3 May, Constitution Day's substitute on 19 July). Not settled by the lists at hand: whether offices
 * closed on 1 May 2026 (Labour Day's first year as a public holiday was being decided when the 2026 list came out),
 * so it is not here; and any day the cabinet designates after these lists.
 */
const KOREA: Record<number, [LocalDate, DaySource][]> = {
  2024: [
    ['2024-01-01', 'library'], ['2024-02-09', 'library'], ['2024-02-10', 'library'], ['2024-02-11', 'library'],
    ['2024-02-12', 'library'], ['2024-03-01', 'library'], ['2024-04-10', 'statute'], ['2024-05-05', 'library'],
    ['2024-05-06', 'library'], ['2024-05-15', 'library'], ['2024-06-06', 'library'], ['2024-08-15', 'library'],
    ['2024-09-16', 'library'], ['2024-09-17', 'library'], ['2024-09-18', 'library'], ['2024-10-01', 'designated'],
    ['2024-10-03', 'library'], ['2024-10-09', 'library'], ['2024-12-25', 'library'],
  ],
  2025: [
    ['2025-01-01', 'library'], ['2025-01-27', 'designated'], ['2025-01-28', 'library'], ['2025-01-29', 'library'],
    ['2025-01-30', 'library'], ['2025-03-01', 'library'], ['2025-03-03', 'library'], ['2025-05-05', 'library'],
    ['2025-05-06', 'library'], ['2025-06-03', 'designated'], ['2025-06-06', 'library'], ['2025-08-15', 'library'],
    ['2025-10-03', 'library'], ['2025-10-05', 'library'], ['2025-10-06', 'library'], ['2025-10-07', 'library'],
    ['2025-10-08', 'library'], ['2025-10-09', 'library'], ['2025-12-25', 'library'],
  ],
  2026: [
    ['2026-01-01', 'library'], ['2026-02-16', 'library'], ['2026-02-17', 'library'], ['2026-02-18', 'library'],
    ['2026-03-01', 'library'], ['2026-03-02', 'library'], ['2026-05-05', 'library'], ['2026-05-24', 'library'],
    ['2026-05-25', 'library'], ['2026-06-03', 'statute'], ['2026-06-06', 'library'], ['2026-07-17', 'library'],
    ['2026-08-15', 'library'], ['2026-08-17', 'library'], ['2026-09-24', 'library'], ['2026-09-25', 'library'],
    ['2026-09-26', 'library'], ['2026-10-03', 'library'], ['2026-10-05', 'library'], ['2026-10-09', 'library'],
    ['2026-12-25', 'library'],
  ],
  2027: [
    ['2027-01-01', 'library'], ['2027-02-06', 'library'], ['2027-02-07', 'library'], ['2027-02-08', 'library'],
    ['2027-02-09', 'library'], ['2027-03-01', 'library'], ['2027-05-01', 'statute'], ['2027-05-03', 'statute'],
    ['2027-05-05', 'library'], ['2027-05-13', 'library'], ['2027-06-06', 'library'], ['2027-07-17', 'library'],
    ['2027-07-19', 'library'], ['2027-08-15', 'library'], ['2027-08-16', 'library'], ['2027-09-14', 'library'],
    ['2027-09-15', 'library'], ['2027-09-16', 'library'], ['2027-10-03', 'library'], ['2027-10-04', 'library'],
    ['2027-10-09', 'library'], ['2027-10-11', 'library'], ['2027-12-25', 'library'], ['2027-12-27', 'library'],
  ],
};

/** The temporary holidays the cabinet designated, as an administrator records them (they follow from no rule). */
const DESIGNATED: Closure[] = [
  { date: '2024-10-01', kind: 'designated', reason: { ko: '임시공휴일(국군의 날)', en: 'Temporary holiday (Armed Forces Day)' } },
  { date: '2025-01-27', kind: 'designated', reason: { ko: '임시공휴일', en: 'Temporary holiday' } },
  { date: '2025-06-03', kind: 'designated', reason: { ko: '제21대 대통령선거', en: '21st presidential election' } },
];

const korea = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR', extraClosures: DESIGNATED });
const holidaysOf = (year: number) =>
  korea.closedDaysBetween(`${year}-01-01`, `${year}-12-31`).filter((d) => d.kind !== 'weekend').map((d) => [d.date, d.source]);

describe('Korean government offices’ closed days', () => {
  it.each([2024, 2025, 2026, 2027])('%i: exactly the published list, each day from its source', (year) => {
    expect(holidaysOf(year)).toEqual(KOREA[year]);
  });

  it('needs the designated days: without them 27 January and 3 June 2025 are working days', () => {
    const rulesOnly = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });
    expect(rulesOnly.isWorkingDay('2025-01-27')).toBe(true);
    expect(rulesOnly.isWorkingDay('2025-06-03')).toBe(true);
    expect(rulesOnly.whyClosed('2026-06-03')).toMatchObject({ source: 'statute', name: { ko: '제9회 전국동시지방선거' } });
  });

  it('moves a five-working-day deadline across 27 January 2025 and the Seollal days after it', () => {
    const rulesOnly = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });
    const filed = new Date('2025-01-20T10:00:00+09:00');
    expect(korea.addWorkingDays(filed, 5).toISOString()).toBe(new Date('2025-01-31T10:00:00+09:00').toISOString());
    expect(rulesOnly.addWorkingDays(filed, 5).toISOString()).toBe(new Date('2025-01-27T10:00:00+09:00').toISOString());
  });
});

describe('other countries’ working weeks', () => {
  it('Saudi Arabia: a Friday–Saturday weekend, Sunday a working day', () => {
    const riyadh = createCalendar({ timeZone: 'Asia/Riyadh', country: 'SA', weekend: [5, 6] });
    expect(riyadh.whyClosed('2025-09-19')).toMatchObject({ kind: 'weekend', name: { en: 'Friday' } });
    expect(riyadh.whyClosed('2025-09-20')).toMatchObject({ kind: 'weekend', name: { en: 'Saturday' } });
    expect(riyadh.isWorkingDay('2025-09-21')).toBe(true);
    expect(riyadh.whyClosed('2025-09-23')).toMatchObject({ kind: 'holiday', source: 'library', name: { en: 'National Day' } });
    // Thursday, then Sunday: the weekend is skipped, Monday is the second day and the National Day is not counted.
    expect(riyadh.addWorkingDays(new Date('2025-09-18T10:00:00+03:00'), 1).toISOString()).toBe('2025-09-21T07:00:00.000Z');
    expect(riyadh.addWorkingDays(new Date('2025-09-18T10:00:00+03:00'), 3).toISOString()).toBe('2025-09-24T07:00:00.000Z');
  });

  it('Mexico with a six-day week: only Sunday is a weekend day', () => {
    const mexico = createCalendar({ timeZone: 'America/Mexico_City', country: 'MX', weekend: [7] });
    expect(mexico.isWorkingDay('2025-03-15')).toBe(true); // a Saturday
    expect(mexico.whyClosed('2025-03-16')).toMatchObject({ kind: 'weekend', name: { en: 'Sunday' } });
    expect(mexico.whyClosed('2025-03-17')).toMatchObject({ kind: 'holiday', name: { en: "Benito Juárez's birthday" } });
    expect(mexico.closedDaysBetween('2025-03-10', '2025-03-23').map((d) => d.date)).toEqual(['2025-03-16', '2025-03-17', '2025-03-23']);
    // Friday + 1 is Saturday; Saturday + 1 skips Sunday and the holiday.
    expect(mexico.localDate(mexico.addWorkingDays(new Date('2025-03-14T10:00:00-06:00'), 1))).toBe('2025-03-15');
    expect(mexico.localDate(mexico.addWorkingDays(new Date('2025-03-15T10:00:00-06:00'), 1))).toBe('2025-03-18');
  });

  it('Germany: a region’s own holidays apply only there', () => {
    const bavaria = createCalendar({ timeZone: 'Europe/Berlin', country: 'DE', state: 'BY' });
    const berlin = createCalendar({ timeZone: 'Europe/Berlin', country: 'DE', state: 'BE' });
    expect(bavaria.whyClosed('2025-01-06')).toMatchObject({ kind: 'holiday', name: { en: 'Epiphany' } });
    expect(berlin.isWorkingDay('2025-01-06')).toBe(true);
    expect(bavaria.whyClosed('2025-06-19')).toMatchObject({ kind: 'holiday', name: { en: 'Corpus Christi' } });
    expect(berlin.isWorkingDay('2025-06-19')).toBe(true);
    expect(berlin.whyClosed('2024-03-08')).toMatchObject({ kind: 'holiday', name: { en: "International Women's Day" } });
    expect(bavaria.isWorkingDay('2024-03-08')).toBe(true);
    // Both keep the national holidays.
    expect(bavaria.whyClosed('2025-10-03')?.kind).toBe('holiday');
    expect(berlin.whyClosed('2025-10-03')?.kind).toBe('holiday');
  });

  it('refuses a week without working days and weekdays that do not exist', () => {
    expect(() => createCalendar({ timeZone: 'Asia/Seoul', country: null, weekend: [1, 2, 3, 4, 5, 6, 7] as never })).toThrow(/weekend/);
    expect(() => createCalendar({ timeZone: 'Asia/Seoul', country: null, weekend: [8] as never })).toThrow(/weekend/);
  });
});
