import { createCalendar, type WorkingCalendar } from '../domain/calendar.js';
import type { Localized } from '../domain/types.js';

/**
 * The holidays the Korean government designated during the demo city's history, as its administrator recorded them
 * on each jurisdiction's calendar (a designated day follows from no rule, so the holiday library and the election
 * rules cannot know it). Each is recorded on the day the cabinet decided it.
 */
export const DEMO_DESIGNATED_DAYS: readonly { date: string; name: Localized; decided: string; reason: string }[] = [
  { date: '2024-10-01', name: { ko: '임시공휴일(국군의 날)', en: 'Temporary holiday (Armed Forces Day)' }, decided: '2024-09-10T10:00:00+09:00', reason: '국무회의 의결(임시공휴일 지정)' },
  { date: '2025-01-27', name: { ko: '임시공휴일', en: 'Temporary holiday' }, decided: '2025-01-08T10:00:00+09:00', reason: '국무회의 의결(임시공휴일 지정)' },
  { date: '2025-06-03', name: { ko: '제21대 대통령선거', en: '21st presidential election' }, decided: '2025-04-08T10:00:00+09:00', reason: '국무회의 의결(대통령 궐위에 따른 선거일 임시공휴일 지정)' },
];

/** The demo's working calendar, the product's own (holiday rules, election days) with the designated days. */
let calendar: WorkingCalendar | undefined;
export function demoCalendar(): WorkingCalendar {
  calendar ??= createCalendar({
    timeZone: 'Asia/Seoul',
    country: 'KR',
    extraClosures: DEMO_DESIGNATED_DAYS.map((d) => ({ date: d.date, kind: 'designated' as const, reason: d.name })),
  });
  return calendar;
}
