import type { OfficialActor } from '../../domain/actor.js';
import { parseCalendarSettings, sameSettings, type CalendarSettings, type CalendarSettingsDraft } from '../../domain/calendarSettings.js';
import { validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { officialPublicActor } from '../../db/repos/actors.js';
import { updateCalendarSettings } from '../../db/repos/calendars.js';
import { recordCalendarChange } from '../../db/repos/calendarChanges.js';
import { lockCalendar, requiredReason } from './lockCalendar.js';

/**
 * Sets a jurisdiction's weekend, the country and region whose public holidays apply, and its office hours, with the
 * settings before and after and a reason in the calendar's public history and a new calendar version. Refuses an
 * unknown country or region, malformed hours, and a form that changes nothing, with nothing written.
 */
export async function saveCalendarSettings(
  db: Db,
  actor: OfficialActor,
  d: CalendarSettingsDraft & { jurisdictionId: string; reason: string },
): Promise<number> {
  mayAdminister(actor);
  const parsed = parseCalendarSettings(d);
  if ('issues' in parsed) throw validationError(parsed.issues);
  const reason = requiredReason(d.reason);
  const next = parsed.settings;
  return inTransaction(db, async (trx) => {
    const { row } = await lockCalendar(trx, d.jurisdictionId);
    const before: CalendarSettings = { weekend: row.weekend as CalendarSettings['weekend'], country: row.country, region: row.holiday_region, hours: row.office_hours };
    if (sameSettings(before, next)) throw validationError([{ field: 'form', key: 'error.calendar_unchanged' }]);
    await updateCalendarSettings(trx, d.jurisdictionId, next);
    return recordCalendarChange(trx, {
      jurisdictionId: d.jurisdictionId,
      kind: 'settings_changed',
      data: { before, after: next },
      reason,
      actor: await officialPublicActor(trx, actor.id),
    });
  });
}
