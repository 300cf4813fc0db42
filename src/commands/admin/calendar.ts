import { isCalendarDate } from '../../domain/localDate.js';
import { sql, type Kysely } from 'kysely';
import type { OfficialActor } from '../../domain/actor.js';
import { validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { DB } from '../../db/schema.js';

export interface ClosureDraft {
  jurisdictionId: string;
  /** Local date `YYYY-MM-DD`. */
  date: string;
  kind: 'holiday' | 'closure';
  reasonKo: string;
  reasonEn: string;
}

/**
 * Adds a holiday or closure to a jurisdiction's calendar and bumps its calendar version in the same transaction, so
 * every due date is recomputed with it on its next read. Deadlines already running move later, never earlier.
 */
export async function addClosure(db: Kysely<DB>, actor: OfficialActor, d: ClosureDraft): Promise<void> {
  mayAdminister(actor);
  const issues = [];
  // A real calendar day (not 2026-13-01), within a span any calendar can sensibly hold.
  const year = Number(d.date.slice(0, 4));
  if (!isCalendarDate(d.date) || year < 1900 || year > 2200) issues.push({ field: 'date', key: 'error.invalid_date' });
  if (!['holiday', 'closure'].includes(d.kind)) issues.push({ field: 'kind', key: 'error.invalid_value' });
  if (!d.reasonKo.trim() && !d.reasonEn.trim()) issues.push({ field: 'reason', key: 'error.required' });
  if (issues.length) throw validationError(issues);
  await db.transaction().execute(async (trx) => {
    const j = await trx.selectFrom('jurisdiction').select('id').where('id', '=', d.jurisdictionId).forUpdate().executeTakeFirst();
    if (!j) throw validationError([{ field: 'jurisdiction_id', key: 'error.invalid_value' }]);
    const taken = await trx
      .selectFrom('calendar_closure')
      .select('id')
      .where('jurisdiction_id', '=', d.jurisdictionId)
      .where('date', '=', d.date)
      .executeTakeFirst();
    if (taken) throw validationError([{ field: 'date', key: 'error.closure_exists' }]);
    const ko = d.reasonKo.trim() || d.reasonEn.trim();
    const en = d.reasonEn.trim() || d.reasonKo.trim();
    await trx
      .insertInto('calendar_closure')
      .values({ jurisdiction_id: d.jurisdictionId, date: d.date, kind: d.kind, reason_ko: ko, reason_en: en, created_by: actor.id })
      .execute();
    await trx
      .updateTable('jurisdiction')
      .set({ calendar_version: sql`calendar_version + 1` })
      .where('id', '=', d.jurisdictionId)
      .execute();
    // Running deadlines may have moved: let the overdue scan look at every open case again.
    await trx.updateTable('application').set({ next_due_at: null }).where('jurisdiction_id', '=', d.jurisdictionId).where('closed_at', 'is', null).execute();
  });
}
