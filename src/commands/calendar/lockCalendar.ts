import { validationError } from '../../errors.js';
import type { Tx } from '../../db/types.js';
import { buildCalendar, calendarRow, listClosures, lockJurisdictionCalendar } from '../../db/repos/calendars.js';

/**
 * Locks a jurisdiction's row for a calendar change (changes to one calendar then happen one after another) and reads
 * its calendar as it stands: settings, recorded days and the calendar they make. Throws `validation` for an unknown
 * jurisdiction.
 */
export async function lockCalendar(trx: Tx, jurisdictionId: string) {
  if (!(await lockJurisdictionCalendar(trx, jurisdictionId))) throw validationError([{ field: 'jurisdiction_id', key: 'error.invalid_value' }]);
  const [row, days] = await Promise.all([calendarRow(trx, jurisdictionId), listClosures(trx, jurisdictionId)]);
  return { row, days, calendar: buildCalendar(row, days) };
}

/** A reason as typed: trimmed, required, at most 500 characters; throws a field error otherwise. */
export function requiredReason(text: string | undefined, field = 'reason'): string {
  const reason = (text ?? '').trim();
  if (!reason) throw validationError([{ field, key: 'error.calendar_reason_required' }]);
  if (reason.length > 500) throw validationError([{ field, key: 'error.too_long', values: { max: 500 } }]);
  return reason;
}
