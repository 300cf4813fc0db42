import { sql } from 'kysely';
import type { FailureCounter } from '../../domain/signInThrottle.js';
import type { Db, Tx } from '../types.js';

/*
 * Officials' sign-in: office sessions, the second factor and its enrolment, recovery codes, and the counters that
 * throttle failed attempts. The commands in `commands/officeAuth/` decide; these functions only read and write.
 */

/** An unexpired office session with its official and their unit, as the office cookie resolves it. */
export interface OfficeSessionRecord {
  session_id: string;
  pending: 'second_factor' | 'enrolment' | null;
  last_seen_at: Date;
  id: number;
  login: string;
  jurisdiction_id: string;
  unit_id: number;
  roles: string[];
  name_ko: string;
  name_en: string;
  active: boolean;
  code: string;
  unit_ko: string;
  unit_en: string;
}

/** The office session with this id that has not reached its absolute end by `now`, or undefined. */
export async function findOfficeSession(db: Db, sessionId: string, now: Date): Promise<OfficeSessionRecord | undefined> {
  return db
    .selectFrom('session as s')
    .innerJoin('official as o', 'o.id', 's.official_id')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .select(['s.id as session_id', 's.pending', 's.last_seen_at', 'o.id', 'o.login', 'o.jurisdiction_id', 'o.unit_id', 'o.roles', 'o.name_ko', 'o.name_en', 'o.active', 'u.code', 'u.name_ko as unit_ko', 'u.name_en as unit_en'])
    .where('s.id', '=', sessionId)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

/** Notes a session's latest request. */
export async function noteSessionSeen(db: Db, sessionId: string, at: Date): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: at }).where('id', '=', sessionId).execute();
}

/** A new office session, stored by the hash of its token. */
export interface NewOfficeSession {
  id: string;
  officialId: number;
  createdAt: Date;
  expiresAt: Date;
  device: string | null;
  pending: 'second_factor' | 'enrolment' | null;
}

/** Stores a new office session. */
export async function insertOfficeSession(db: Db, s: NewOfficeSession): Promise<void> {
  await db
    .insertInto('session')
    .values({
      id: s.id,
      official_id: s.officialId,
      application_id: null,
      citizen_id: null,
      created_at: s.createdAt,
      last_seen_at: s.createdAt,
      expires_at: s.expiresAt,
      device: s.device,
      pending: s.pending,
    })
    .execute();
}

/** An official's full sessions that have not expired by `now` and were used after `seenSince`, the most recently used first. */
export async function liveOfficeSessions(
  db: Db,
  officialId: number,
  seenSince: Date,
  now: Date,
): Promise<{ id: string; created_at: Date; last_seen_at: Date; device: string | null }[]> {
  return db
    .selectFrom('session')
    .select(['id', 'created_at', 'last_seen_at', 'device'])
    .where('official_id', '=', officialId)
    .where('pending', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', seenSince)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

/** Deletes one session of an official; false when the official has no session with this id. */
export async function deleteOwnSession(db: Db, officialId: number, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom('session').where('official_id', '=', officialId).where('id', '=', sessionId).executeTakeFirst();
  return result.numDeletedRows !== 0n;
}

/** Deletes every session of an official but `keepId`; returns how many were deleted. */
export async function deleteOtherSessions(db: Db, officialId: number, keepId: string): Promise<number> {
  const result = await db.deleteFrom('session').where('official_id', '=', officialId).where('id', '<>', keepId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes every session of an official; returns how many were deleted. */
export async function deleteOfficialSessions(db: Db, officialId: number): Promise<number> {
  const result = await db.deleteFrom('session').where('official_id', '=', officialId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes office sessions whose absolute end is before `now`. */
export async function deleteEndedOfficeSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('session').where('official_id', 'is not', null).where('expires_at', '<', sql<Date>`${now}::timestamptz`).execute();
}

/** The sealed candidate TOTP secret kept on a session during enrolment (null before the first view); throws for an unknown session. */
export async function enrolmentSecretOf(db: Db, sessionId: string): Promise<string | null> {
  const row = await db.selectFrom('session').select('enrolment_secret').where('id', '=', sessionId).executeTakeFirstOrThrow();
  return row.enrolment_secret;
}

/** Keeps a sealed candidate TOTP secret on a session until enrolment is confirmed. */
export async function saveEnrolmentSecret(db: Db, sessionId: string, sealed: string): Promise<void> {
  await db.updateTable('session').set({ enrolment_secret: sealed }).where('id', '=', sessionId).execute();
}

/** Locks a session for confirming enrolment and returns its candidate secret and official, or undefined. */
export async function lockEnrolment(trx: Tx, sessionId: string): Promise<{ enrolment_secret: string | null; official_id: number | null } | undefined> {
  return trx.selectFrom('session').select(['enrolment_secret', 'official_id']).where('id', '=', sessionId).forUpdate().executeTakeFirst();
}

/** Forgets a session's candidate TOTP secret. */
export async function clearEnrolmentSecret(trx: Tx, sessionId: string): Promise<void> {
  await trx.updateTable('session').set({ enrolment_secret: null }).where('id', '=', sessionId).execute();
}

/** Stores an official's sealed TOTP secret, when they enrolled, and the step of the code that confirmed it. */
export async function storeSecondFactor(trx: Tx, officialId: number, s: { sealedSecret: string; enrolledAt: Date; lastStep: number }): Promise<void> {
  await trx
    .updateTable('official')
    .set({ totp_secret: s.sealedSecret, totp_enrolled_at: s.enrolledAt, totp_last_step: s.lastStep })
    .where('id', '=', officialId)
    .execute();
}

/** Locks an official's row and returns their sealed TOTP secret and last accepted step, or undefined for an unknown official. */
export async function lockSecondFactor(trx: Tx, officialId: number): Promise<{ totpSecret: string | null; lastStep: number | null } | undefined> {
  const row = await trx.selectFrom('official').select(['totp_secret', 'totp_last_step']).where('id', '=', officialId).forUpdate().executeTakeFirst();
  return row && { totpSecret: row.totp_secret, lastStep: row.totp_last_step === null ? null : Number(row.totp_last_step) };
}

/** Stores the step of the authenticator code just accepted, so it cannot be used again. */
export async function storeTotpStep(trx: Tx, officialId: number, step: number): Promise<void> {
  await trx.updateTable('official').set({ totp_last_step: step }).where('id', '=', officialId).execute();
}

/** Removes an official's TOTP secret; false for an unknown official. */
export async function clearSecondFactor(trx: Tx, officialId: number): Promise<boolean> {
  const result = await trx
    .updateTable('official')
    .set({ totp_secret: null, totp_enrolled_at: null, totp_last_step: null })
    .where('id', '=', officialId)
    .executeTakeFirst();
  return result.numUpdatedRows !== 0n;
}

/** Replaces an official's recovery codes with the given keyed hashes. */
export async function replaceRecoveryCodeHashes(db: Db, officialId: number, codeHashes: readonly string[]): Promise<void> {
  await deleteRecoveryCodes(db, officialId);
  await db
    .insertInto('official_recovery_code')
    .values(codeHashes.map((codeHash) => ({ official_id: officialId, code_hash: codeHash })))
    .execute();
}

/** Deletes every recovery code of an official. */
export async function deleteRecoveryCodes(db: Db, officialId: number): Promise<void> {
  await db.deleteFrom('official_recovery_code').where('official_id', '=', officialId).execute();
}

/** How many of an official's recovery codes are unused. */
export async function countUnusedRecoveryCodes(db: Db, officialId: number): Promise<number> {
  const row = await db
    .selectFrom('official_recovery_code')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('official_id', '=', officialId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks an unused recovery code (by its keyed hash) used, in one statement; false when there was none such. */
export async function spendRecoveryCode(db: Db, officialId: number, codeHash: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('official_recovery_code')
    .set({ used_at: at })
    .where('official_id', '=', officialId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** The failure counters stored under these throttling keys. */
export async function throttleCounters(db: Db, keys: string[]): Promise<Map<string, FailureCounter>> {
  const rows = await db.selectFrom('sign_in_throttle').selectAll().where('key', 'in', keys).execute();
  return new Map(rows.map((r) => [r.key, { failures: r.failures, firstFailureAt: r.first_failure_at, lastFailureAt: r.last_failure_at, waitUntil: r.wait_until }]));
}

/** Creates an empty counter (no failures yet) under each key that has none. */
export async function seedThrottleCounters(trx: Tx, keys: string[], now: Date): Promise<void> {
  const seed = { failures: 0, first_failure_at: now, last_failure_at: now, wait_until: null };
  await trx.insertInto('sign_in_throttle').values(keys.map((key) => ({ key, ...seed }))).onConflict((oc) => oc.column('key').doNothing()).execute();
}

/** Locks the counters under these keys, in key order (so two callers never deadlock), and returns them. */
export async function lockThrottleCounters(trx: Tx, keys: string[]): Promise<{ key: string; counter: FailureCounter }[]> {
  const rows = await trx.selectFrom('sign_in_throttle').selectAll().where('key', 'in', keys).orderBy('key').forUpdate().execute();
  return rows.map((r) => ({ key: r.key, counter: { failures: r.failures, firstFailureAt: r.first_failure_at, lastFailureAt: r.last_failure_at, waitUntil: r.wait_until } }));
}

/** Stores a counter under its key. */
export async function saveThrottleCounter(trx: Tx, key: string, c: FailureCounter): Promise<void> {
  await trx
    .updateTable('sign_in_throttle')
    .set({ failures: c.failures, first_failure_at: c.firstFailureAt, last_failure_at: c.lastFailureAt, wait_until: c.waitUntil })
    .where('key', '=', key)
    .execute();
}

/** Deletes the counters with no failure in the day before `now` (the index on last_failure_at keeps this cheap). */
export async function forgetIdleThrottleCounters(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('last_failure_at', '<', sql<Date>`${now}::timestamptz - interval '1 day'`).execute();
}

/** Deletes the counter under one key. */
export async function forgetThrottleCounter(db: Db, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('key', '=', key).execute();
}
