import type { Transaction } from 'kysely';
import { createCalendar, type WorkingCalendar } from '../domain/calendar.js';
import type { Localized } from '../domain/types.js';
import type { DB } from '../db/schema.js';
import { JURISDICTIONS } from './catalogue.js';
import type { DemoOrganisation } from './model.js';

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

/**
 * Records the designated days on every demo jurisdiction's calendar as the administrator's commands would: the day,
 * one change per day in the calendar's history, and the calendar version they make. Days decided after `now` are left
 * for the future.
 */
export async function writeDesignatedDays(trx: Transaction<DB>, org: DemoOrganisation, now: number): Promise<void> {
  const admin = org.officials.find((o) => o.login === 'admin');
  const days = DEMO_DESIGNATED_DAYS.filter((d) => Date.parse(d.decided) <= now);
  if (!admin || !days.length) return;
  for (const j of JURISDICTIONS) {
    await trx
      .insertInto('calendar_closure')
      .values(days.map((d) => ({ jurisdiction_id: j.id, date: d.date, kind: 'designated' as const, reason_ko: d.name.ko, reason_en: d.name.en, created_by: admin.id, created_at: new Date(d.decided) })))
      .execute();
    await trx
      .insertInto('calendar_change')
      .values(days.map((d, i) => ({
        jurisdiction_id: j.id, version: i + 1, kind: 'day_added' as const, data: JSON.stringify({ date: d.date, kind: 'designated', name: d.name }),
        reason: d.reason, actor: JSON.stringify(admin.actor), recorded_at: new Date(d.decided),
      })))
      .execute();
    await trx.updateTable('jurisdiction').set({ calendar_version: days.length }).where('id', '=', j.id).execute();
  }
}
