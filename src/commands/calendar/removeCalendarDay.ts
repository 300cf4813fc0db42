import type { OfficialActor } from '../../domain/actor.js';
import { calendarDateProblem } from '../../domain/calendarSettings.js';
import { validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { officialPublicActor } from '../../db/repos/actors.js';
import { deleteCalendarDay, insertCalendarDays } from '../../db/repos/calendars.js';
import { recordCalendarChange } from '../../db/repos/calendarChanges.js';
import { lockCalendar, requiredReason } from './lockCalendar.js';

/**
 * Removes a day from a jurisdiction's calendar, with a reason in its public history and a new calendar version:
 * a day an administrator recorded (a designated holiday, a closure, a day declared open) is taken off; a day the
 * weekend or the holiday rules close is declared a working day (the rules were wrong for it, or the office opens).
 * Refuses a day that is already a working day. Returns what it did.
 */
export async function removeCalendarDay(
  db: Db,
  actor: OfficialActor,
  d: { jurisdictionId: string; date: string; reason: string },
): Promise<'removed' | 'opened'> {
  mayAdminister(actor);
  const date = d.date.trim();
  const dateProblem = calendarDateProblem(date);
  if (dateProblem) throw validationError([{ field: 'date', key: dateProblem }]);
  const reason = requiredReason(d.reason);
  return inTransaction(db, async (trx) => {
    const { days, calendar } = await lockCalendar(trx, d.jurisdictionId);
    const publicActor = await officialPublicActor(trx, actor.id);
    const recorded = days.find((x) => x.date === date);
    if (recorded) {
      await deleteCalendarDay(trx, recorded.id);
      await recordCalendarChange(trx, {
        jurisdictionId: d.jurisdictionId,
        kind: 'day_removed',
        data: { date, kind: recorded.kind, name: { ko: recorded.reason_ko, en: recorded.reason_en } },
        reason,
        actor: publicActor,
      });
      return 'removed';
    }
    const why = calendar.whyClosed(date);
    if (!why) throw validationError([{ field: 'date', key: 'error.calendar_day_open' }]);
    await insertCalendarDays(trx, [{ jurisdictionId: d.jurisdictionId, date, kind: 'working', reasonKo: reason, reasonEn: reason, createdBy: actor.id }]);
    await recordCalendarChange(trx, {
      jurisdictionId: d.jurisdictionId,
      kind: 'day_opened',
      data: { date, was: { source: why.source, name: why.name } },
      reason,
      actor: publicActor,
    });
    return 'opened';
  });
}
