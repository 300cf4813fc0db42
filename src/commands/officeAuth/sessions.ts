import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { OfficialActor } from '../../domain/actor.js';
import { hashSecret, newToken } from '../../domain/secrets.js';
import { notFound } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';

/** Minutes a sign-in may wait for its second factor or enrolment before starting over. */
export const PENDING_MINUTES = 10;

/**
 * Opens an office session and returns its token (only its SHA-256 is stored): a full one lasting `hours`, or a
 * pending one (second factor or enrolment still to come) lasting PENDING_MINUTES that opens no office page.
 */
export async function openOfficeSession(
  db: Kysely<DB>,
  props: { officialId: number; pending: 'second_factor' | 'enrolment' | null; device: string; hours: number; now?: Date },
): Promise<{ token: string; maxAgeS: number }> {
  const now = props.now ?? new Date();
  const token = newToken();
  const maxAgeS = props.pending ? PENDING_MINUTES * 60 : Math.round(props.hours * 3600);
  await db
    .insertInto('session')
    .values({
      id: hashSecret(token),
      official_id: props.officialId,
      application_id: null,
      citizen_id: null,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + maxAgeS * 1000),
      device: props.device.slice(0, 80) || null,
      pending: props.pending,
    })
    .execute();
  return { token, maxAgeS };
}

/** One of an official's sessions as their sessions page lists it. */
export interface OfficeSessionRow {
  id: string;
  created_at: Date;
  last_seen_at: Date;
  device: string | null;
}

/** An official's live sessions (not pending, not idle past `idleMinutes`, not expired), the most recently used first. */
export async function listOfficeSessions(db: Kysely<DB>, officialId: number, idleMinutes: number, now = new Date()): Promise<OfficeSessionRow[]> {
  return db
    .selectFrom('session')
    .select(['id', 'created_at', 'last_seen_at', 'device'])
    .where('official_id', '=', officialId)
    .where('pending', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', new Date(now.getTime() - idleMinutes * 60_000))
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Ends one of the official's own sessions; another official's session id is not found. */
export async function endOwnSession(db: Kysely<DB>, officialId: number, sessionId: string): Promise<void> {
  const result = await db.deleteFrom('session').where('official_id', '=', officialId).where('id', '=', sessionId).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notFound();
}

/** Ends every session of the official but `keepId` (the one asking); returns how many ended. */
export async function endOtherSessions(db: Kysely<DB>, officialId: number, keepId: string): Promise<number> {
  const result = await db.deleteFrom('session').where('official_id', '=', officialId).where('id', '<>', keepId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** An administrator ends every session of an official (a lost laptop, a reset, a departure); returns how many ended. */
export async function endAllSessionsOf(db: Kysely<DB>, actor: OfficialActor, officialId: number): Promise<number> {
  mayAdminister(actor);
  const result = await db.deleteFrom('session').where('official_id', '=', officialId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * An administrator resets an official's second factor (a lost or replaced phone): the secret and recovery codes
 * are removed and every session ends, so the official enrols again at their next sign-in.
 */
export async function resetSecondFactor(db: Kysely<DB>, actor: OfficialActor, officialId: number): Promise<void> {
  mayAdminister(actor);
  await db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('official')
      .set({ totp_secret: null, totp_enrolled_at: null, totp_last_step: null })
      .where('id', '=', officialId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw notFound();
    await trx.deleteFrom('official_recovery_code').where('official_id', '=', officialId).execute();
    await trx.deleteFrom('session').where('official_id', '=', officialId).execute();
  });
}

/** Forgets office sessions that ended (expired, or pending for too long); cheap, run now and then. */
export async function forgetEndedSessions(db: Kysely<DB>, now = new Date()): Promise<void> {
  await db.deleteFrom('session').where('official_id', 'is not', null).where('expires_at', '<', sql<Date>`${now}::timestamptz`).execute();
}
