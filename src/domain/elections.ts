import { isoWeekday, plusDays, type LocalDate } from './localDate.js';
import type { Localized } from './types.js';

/**
 * Korean election days that government offices close for: the election days of elections held because a term
 * expires (Regulation on Holidays of Government Offices, 관공서의 공휴일에 관한 규정, art. 2(10)), computed the way the
 * Public Official Election Act (공직선거법) art. 34 fixes them:
 *
 *  - (1) a presidential election on the first Wednesday on or after the 70th day before the president's term
 *    expires; a National Assembly election, the 50th day; nationwide local elections, the 30th day;
 *  - (2) when that Wednesday is a folk festival or public holiday, or the day before or after it is a public holiday,
 *    the Wednesday of the following week.
 *
 * "On or after" because Korean statutes count 이후 from the day itself (2008-04-09, a Wednesday, was the 50th day and
 * the election day). Checked against every election since the rule took its present form: 2006-05-31, 2007-12-19,
 * 2008-04-09, 2010-06-02, 2012-04-11, 2012-12-19, 2014-06-04, 2016-04-13, 2018-06-13 (moved: 6 June, the day after
 * the computed Wednesday, is Memorial Day), 2020-04-15, 2022-03-09 (moved: 1 March is the day before), 2022-06-01,
 * 2024-04-10 and 2026-06-03.
 *
 * Elections after a vacancy (the presidential elections of 2017-05-09 and 2025-06-03, by-elections) are not term-expiry
 * elections: the government designates their day a temporary holiday, and administrators record it as a designated
 * day. A president elected in such an election serves a full term from the day the result is declared (the Act,
 * art. 14(1)), so the next term-expiry election follows from the new term: the table below must gain that term,
 * which is why the 2027 election the 2022 term would have had (2027-03-03) is not a holiday. Terms after the last
 * one in the table are assumed to run their course.
 */

export type KoreanElection = 'presidential' | 'national_assembly' | 'local';

/** Days before the term expires on or after which the election is held (the Act, art. 34(1)). */
export const DAYS_BEFORE_EXPIRY: Record<KoreanElection, number> = { presidential: 70, national_assembly: 50, local: 30 };

/** The first year whose election days follow the present rule (the nationwide local elections of 2006). */
export const FIRST_ELECTION_YEAR = 2006;

/** A president's term: the president's ordinal (the 21st president), its first and last day, and a premature end. */
export interface PresidentialTerm {
  ordinal: number;
  starts: LocalDate;
  expires: LocalDate;
  /** The day the office fell vacant before the term expired (a removal from office): no term-expiry election follows. */
  endedEarly?: LocalDate;
}

/**
 * Presidential terms since 2003. A new entry is needed only after an early election; otherwise the next terms are
 * derived by adding five years.
 */
export const PRESIDENTIAL_TERMS: readonly PresidentialTerm[] = [
  { ordinal: 16, starts: '2003-02-25', expires: '2008-02-24' },
  { ordinal: 17, starts: '2008-02-25', expires: '2013-02-24' },
  { ordinal: 18, starts: '2013-02-25', expires: '2018-02-24', endedEarly: '2017-03-10' },
  { ordinal: 19, starts: '2017-05-10', expires: '2022-05-09' },
  { ordinal: 20, starts: '2022-05-10', expires: '2027-05-09', endedEarly: '2025-04-04' },
  { ordinal: 21, starts: '2025-06-04', expires: '2030-06-03' },
];

/** One computed election day. */
export interface ElectionDay {
  date: LocalDate;
  election: KoreanElection;
  /** The ordinal of the assembly, the presidency or the local elections chosen (22nd National Assembly). */
  ordinal: number;
  /** The Wednesday art. 34(1) gives, when art. 34(2) moved the election a week later. */
  movedFrom: LocalDate | null;
  name: Localized;
}

/**
 * The election day for a term expiring on `expires`: the first Wednesday on or after the `daysBefore`th day before
 * it, a week later when it or the day before or after is a public holiday (`isHoliday`, which should answer for the
 * public holidays other than election days).
 */
export function electionDay(expires: LocalDate, daysBefore: number, isHoliday: (date: LocalDate) => boolean): { date: LocalDate; movedFrom: LocalDate | null } {
  let date = plusDays(expires, -daysBefore);
  while (isoWeekday(date) !== 3) date = plusDays(date, 1);
  if (isHoliday(date) || isHoliday(plusDays(date, -1)) || isHoliday(plusDays(date, 1))) return { date: plusDays(date, 7), movedFrom: date };
  return { date, movedFrom: null };
}

/** The term-expiry election days held in `year` (none before `FIRST_ELECTION_YEAR`). */
export function koreanElectionDays(year: number, isHoliday: (date: LocalDate) => boolean): ElectionDay[] {
  if (!Number.isInteger(year) || year < FIRST_ELECTION_YEAR) return [];
  const out: ElectionDay[] = [];
  const push = (election: KoreanElection, ordinal: number, expires: LocalDate) => {
    const { date, movedFrom } = electionDay(expires, DAYS_BEFORE_EXPIRY[election], isHoliday);
    if (Number(date.slice(0, 4)) === year) out.push({ date, election, ordinal, movedFrom, name: electionName(election, ordinal) });
  };
  // National Assembly terms begin on 30 May every four years (the 17th in 2004).
  if ((year - 2004) % 4 === 0) push('national_assembly', 17 + (year - 2004) / 4, `${year}-05-29`);
  // Local councils' and heads' terms begin on 1 July every four years (those elected in the 4th elections, 2006).
  if ((year - 2006) % 4 === 0) push('local', 4 + (year - 2006) / 4, `${year}-06-30`);
  for (const term of presidentialTermsUntil(year + 1)) {
    if (!term.endedEarly && Number(term.expires.slice(0, 4)) >= year) push('presidential', term.ordinal + 1, term.expires);
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The known presidential terms, then five-year terms after the last one, until one expires after `year`. */
export function presidentialTermsUntil(year: number): PresidentialTerm[] {
  const terms = [...PRESIDENTIAL_TERMS];
  for (let last = terms[terms.length - 1]!; Number(last.expires.slice(0, 4)) <= year; last = terms[terms.length - 1]!) {
    const starts = plusDays(last.expires, 1);
    terms.push({ ordinal: last.ordinal + 1, starts, expires: plusDays(`${Number(starts.slice(0, 4)) + 5}${starts.slice(4)}`, -1) });
  }
  return terms;
}

function electionName(election: KoreanElection, n: number): Localized {
  const nth = englishOrdinal(n);
  switch (election) {
    case 'presidential':
      return { ko: `제${n}대 대통령선거`, en: `${nth} presidential election` };
    case 'national_assembly':
      return { ko: `제${n}대 국회의원선거`, en: `${nth} National Assembly election` };
    case 'local':
      return { ko: `제${n}회 전국동시지방선거`, en: `${nth} nationwide local elections` };
  }
}

function englishOrdinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}
