import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar.js';
import { electionDay, koreanElectionDays, presidentialTermsUntil } from './elections.js';
import { publicHolidays } from './holidays.js';

/** Public holidays other than election days, as the Act's art. 34(2) looks at them. */
const library = publicHolidays('KR', undefined, 'Asia/Seoul');
const isHoliday = (date: string) => library(date).some((h) => !/선거/.test(h.name.ko));

describe('Korean term-expiry election days (Public Official Election Act, art. 34)', () => {
  // Every term-expiry election held under the present rule, with the day the National Election Commission held it.
  it.each([
    [2006, 'local', '2006-05-31', 4, null],
    [2007, 'presidential', '2007-12-19', 17, null],
    [2008, 'national_assembly', '2008-04-09', 18, null], // the 50th day before the term expired was itself a Wednesday
    [2010, 'local', '2010-06-02', 5, null],
    [2012, 'national_assembly', '2012-04-11', 19, null],
    [2012, 'presidential', '2012-12-19', 18, null],
    [2014, 'local', '2014-06-04', 6, null],
    [2016, 'national_assembly', '2016-04-13', 20, null],
    [2018, 'local', '2018-06-13', 7, '2018-06-06'], // the computed Wednesday was Memorial Day
    [2020, 'national_assembly', '2020-04-15', 21, null],
    [2022, 'presidential', '2022-03-09', 20, '2022-03-02'], // the day before the computed Wednesday was 3·1절
    [2022, 'local', '2022-06-01', 8, null],
    [2024, 'national_assembly', '2024-04-10', 22, null],
    [2026, 'local', '2026-06-03', 9, null],
  ] as const)('%i: the %s election on %s', (year, election, date, ordinal, movedFrom) => {
    expect(koreanElectionDays(year, isHoliday).filter((e) => e.election === election)).toEqual([
      expect.objectContaining({ date, ordinal, movedFrom }),
    ]);
  });

  it('names each election in Korean and English', () => {
    expect(koreanElectionDays(2024, isHoliday)[0]!.name).toEqual({ ko: '제22대 국회의원선거', en: '22nd National Assembly election' });
    expect(koreanElectionDays(2026, isHoliday)[0]!.name).toEqual({ ko: '제9회 전국동시지방선거', en: '9th nationwide local elections' });
    expect(koreanElectionDays(2022, isHoliday)[0]!.name).toEqual({ ko: '제20대 대통령선거', en: '20th presidential election' });
  });

  it('holds no presidential election in 2027: the term that would have expired then ended early in 2025', () => {
    // Had the 20th president's term run its course (to 2027-05-09), the election would have been on 2027-03-03.
    expect(electionDay('2027-05-09', 70, isHoliday)).toEqual({ date: '2027-03-03', movedFrom: null });
    expect(koreanElectionDays(2027, isHoliday)).toEqual([]);
    expect(createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' }).isWorkingDay('2027-03-03')).toBe(true);
  });

  it('counts the next presidential election from the term that began after the early election of 2025', () => {
    // The 21st president's term began on 2025-06-04, when the result was declared, and expires on 2030-06-03.
    expect(koreanElectionDays(2030, isHoliday).map((e) => [e.election, e.date, e.ordinal, e.movedFrom])).toEqual([
      ['presidential', '2030-03-27', 22, null],
      // 5 June 2030 is the day before Memorial Day (a Thursday), so the local elections move a week later.
      ['local', '2030-06-12', 10, '2030-06-05'],
    ]);
    expect(koreanElectionDays(2028, isHoliday).map((e) => e.date)).toEqual(['2028-04-12']);
    expect(presidentialTermsUntil(2036).at(-1)).toEqual({ ordinal: 23, starts: '2035-06-04', expires: '2040-06-03' });
  });

  it('computes nothing before the present rule, and nothing in years without a term expiring', () => {
    expect(koreanElectionDays(2004, isHoliday)).toEqual([]);
    expect(koreanElectionDays(2023, isHoliday)).toEqual([]);
    expect(koreanElectionDays(2025, isHoliday)).toEqual([]);
  });
});
