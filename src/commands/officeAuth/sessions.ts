import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import {
  clearSecondFactor, deleteEndedOfficeSessions, deleteOfficialSessions, deleteOtherSessions, deleteOwnSession, deleteRecoveryCodes, insertOfficeSession,
  liveOfficeSessions,
} from '../../db/repos/officeAuth.js';
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
  db: Db,
  props: { officialId: number; pending: 'second_factor' | 'enrolment' | null; device: string; hours: number; now?: Date },
): Promise<{ token: string; maxAgeS: number }> {
  const now = props.now ?? new Date();
  const token = newToken();
  const maxAgeS = props.pending ? PENDING_MINUTES * 60 : Math.round(props.hours * 3600);
  await insertOfficeSession(db, {
    id: hashSecret(token),
    officialId: props.officialId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + maxAgeS * 1000),
    device: props.device.slice(0, 80) || null,
    pending: props.pending,
  });
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
export async function listOfficeSessions(db: Db, officialId: number, idleMinutes: number, now = new Date()): Promise<OfficeSessionRow[]> {
  return liveOfficeSessions(db, officialId, new Date(now.getTime() - idleMinutes * 60_000), now);
}

/** Ends one of the official's own sessions; another official's session id is not found. */
export async function endOwnSession(db: Db, officialId: number, sessionId: string): Promise<void> {
  if (!(await deleteOwnSession(db, officialId, sessionId))) throw notFound();
}

/** Ends every session of the official but `keepId` (the one asking); returns how many ended. */
export async function endOtherSessions(db: Db, officialId: number, keepId: string): Promise<number> {
  return deleteOtherSessions(db, officialId, keepId);
}

/** An administrator ends every session of an official (a lost laptop, a reset, a departure); returns how many ended. */
export async function endAllSessionsOf(db: Db, actor: OfficialActor, officialId: number): Promise<number> {
  mayAdminister(actor);
  return deleteOfficialSessions(db, officialId);
}

/**
 * An administrator resets an official's second factor (a lost or replaced phone): the secret and recovery codes
 * are removed and every session ends, so the official enrols again at their next sign-in.
 */
export async function resetSecondFactor(db: Db, actor: OfficialActor, officialId: number): Promise<void> {
  mayAdminister(actor);
  await inTransaction(db, async (trx) => {
    if (!(await clearSecondFactor(trx, officialId))) throw notFound();
    await deleteRecoveryCodes(trx, officialId);
    await deleteOfficialSessions(trx, officialId);
  });
}

/** Forgets office sessions that ended (expired, or pending for too long); cheap, run now and then. */
export async function forgetEndedSessions(db: Db, now = new Date()): Promise<void> {
  await deleteEndedOfficeSessions(db, now);
}
