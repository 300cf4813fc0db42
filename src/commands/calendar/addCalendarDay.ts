import type { OfficialActor } from '../../domain/actor.js';
import { calendarDateProblem } from '../../domain/calendarSettings.js';
import { validationError, type FieldIssue } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { officialPublicActor } from '../../db/repos/actors.js';
import { insertCalendarDays } from '../../db/repos/calendars.js';
import { recordCalendarChange } from '../../db/repos/calendarChanges.js';
import { lockCalendar, requiredReason } from './lockCalendar.js';

export interface CalendarDayDraft {
  jurisdictionId: string;
  /** Local date `YYYY-MM-DD`. */
  date: string;
  /** `designated`: a holiday the government designated (a temporary holiday, a by-election day); `closure`: the office's own. */
  kind: 'designated' | 'closure';
  /** The day's name in Korean and English (one may be empty: the other stands in). */
  nameKo: string;
  nameEn: string;
  /** Why it is added (the decision it follows), shown in the calendar's public history. */
  reason: string;
}

/**
 * Adds a designated holiday or an office closure to a jurisdiction's calendar, with a change in its public history
 * and a new calendar version, in one transaction: every due date crossing the day moves later on its next read, and
 * stored results computed with the old calendar are recomputed. Refuses a date already recorded, with nothing written.
 */
export async function addCalendarDay(db: Db, actor: OfficialActor, d: CalendarDayDraft): Promise<number> {
  mayAdminister(actor);
  const issues: FieldIssue[] = [];
  const dateProblem = calendarDateProblem(d.date.trim());
  if (dateProblem) issues.push({ field: 'date', key: dateProblem });
  if (!['designated', 'closure'].includes(d.kind)) issues.push({ field: 'kind', key: 'error.invalid_value' });
  const ko = d.nameKo.trim().slice(0, 200) || d.nameEn.trim().slice(0, 200);
  const en = d.nameEn.trim().slice(0, 200) || ko;
  if (!ko) issues.push({ field: 'name_ko', key: 'error.required' });
  if (issues.length) throw validationError(issues);
  const reason = requiredReason(d.reason);
  const date = d.date.trim();
  return inTransaction(db, async (trx) => {
    const { days } = await lockCalendar(trx, d.jurisdictionId);
    if (days.some((x) => x.date === date)) throw validationError([{ field: 'date', key: 'error.closure_exists' }]);
    await insertCalendarDays(trx, [{ jurisdictionId: d.jurisdictionId, date, kind: d.kind, reasonKo: ko, reasonEn: en, createdBy: actor.id }]);
    return recordCalendarChange(trx, {
      jurisdictionId: d.jurisdictionId,
      kind: 'day_added',
      data: { date, kind: d.kind, name: { ko, en } },
      reason,
      actor: await officialPublicActor(trx, actor.id),
    });
  });
}
