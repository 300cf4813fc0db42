import { sql, type Kysely, type Transaction } from 'kysely';
import type { CalendarChangeKind, DB, PublicActor } from '../schema.js';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * The public history of a jurisdiction's calendar. `recordCalendarChange` is the one way a command changes a
 * calendar's version: it bumps `jurisdiction.calendar_version` (so cached calendars, stored case outcomes and running
 * due dates are recomputed), appends the change with that version, and lets the overdue scan look at every open case
 * again. Call it inside the transaction that changes the days or settings, after locking the jurisdiction row.
 */
export async function recordCalendarChange(
  trx: Transaction<DB>,
  c: { jurisdictionId: string; kind: CalendarChangeKind; data: Record<string, unknown>; reason: string; actor: PublicActor | null },
): Promise<number> {
  const { calendar_version: version } = await trx
    .updateTable('jurisdiction')
    .set({ calendar_version: sql`calendar_version + 1` })
    .where('id', '=', c.jurisdictionId)
    .returning('calendar_version')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('calendar_change')
    .values({ jurisdiction_id: c.jurisdictionId, version, kind: c.kind, data: JSON.stringify(c.data), reason: c.reason, actor: c.actor ? JSON.stringify(c.actor) : null })
    .execute();
  // Running deadlines may have moved: the overdue scan looks at every open case of the jurisdiction again.
  await trx.updateTable('application').set({ next_due_at: null }).where('jurisdiction_id', '=', c.jurisdictionId).where('closed_at', 'is', null).execute();
  return version;
}

/** The newest `limit` changes of a jurisdiction's calendar, newest first. */
export async function listCalendarChanges(db: Q, jurisdictionId: string, limit = 200) {
  return db
    .selectFrom('calendar_change')
    .select(['version', 'kind', 'data', 'reason', 'actor', 'recorded_at'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
export type CalendarChangeRow = Awaited<ReturnType<typeof listCalendarChanges>>[number];
