import type { Db } from '../types.js';

/*
 * Sessions of applicants (one application, opened with its access code) and citizens (signed in by e-mail link), and
 * ending any session by its id. Office sessions are opened and read in `officeAuth.ts`.
 */

/** Stores an applicant's or a citizen's new session by the hash of its token. */
export async function insertVisitorSession(db: Db, s: { id: string; applicationId: number | null; citizenId: number | null; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('session')
    .values({ id: s.id, official_id: null, application_id: s.applicationId, citizen_id: s.citizenId, expires_at: s.expiresAt })
    .execute();
}

/** The application a session unexpired at `now` grants access to, or undefined. */
export async function applicationOfSession(db: Db, sessionId: string, now: Date): Promise<number | undefined> {
  const row = await db.selectFrom('session').select('application_id').where('id', '=', sessionId).where('expires_at', '>', now).executeTakeFirst();
  return row?.application_id ?? undefined;
}

/** The citizen of a session unexpired at `now`, or undefined. */
export async function citizenOfSession(db: Db, sessionId: string, now: Date): Promise<{ id: number; email: string } | undefined> {
  const row = await db
    .selectFrom('session as s')
    .innerJoin('citizen as c', 'c.id', 's.citizen_id')
    .select(['c.id', 'c.email'])
    .where('s.id', '=', sessionId)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  return row && { id: Number(row.id), email: row.email };
}

/** Deletes a session of any kind by its id. */
export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', sessionId).execute();
}
