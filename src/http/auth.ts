import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, OfficialActor } from '../domain/actor.js';
import { hashSecret, newToken } from '../domain/secrets.js';
import type { Role } from '../domain/types.js';
import type { Db } from '../db/types.js';
import { liveApiKeyByHash } from '../db/repos/apiKeys.js';
import { findOfficeSession, noteSessionSeen } from '../db/repos/officeAuth.js';
import { applicationOfSession, citizenOfSession, deleteSession, insertVisitorSession } from '../db/repos/sessions.js';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The stored id of the signed-in official's session. */
    officeSessionId?: string;
    /** A sign-in waiting for its second factor; set only when `official` is not. */
    pendingSignIn?: PendingSignIn;
  }
}

export const OFFICE_COOKIE = 'dl_office';
export const APPLICANT_COOKIE = 'dl_applicant';
export const CITIZEN_COOKIE = 'dl_citizen';

/** A citizen signed in by e-mail link. */
export interface CitizenSession {
  id: number;
  email: string;
}

/** The signed-in official as pages show them. */
export interface OfficialSession extends OfficialActor {
  nameKo: string;
  nameEn: string;
  unitNameKo: string;
  unitNameEn: string;
}

/** A sign-in whose password was right but whose second factor (or enrolment in one) is still to come. */
export interface PendingSignIn {
  sessionId: string;
  officialId: number;
  login: string;
  step: 'second_factor' | 'enrolment';
}

/** What the office cookie stands for: a signed-in official, a pending sign-in, or nothing. */
export interface OfficeSession {
  official?: OfficialSession;
  /** The stored id (SHA-256 of the token) of the official's session, to list and end sessions. */
  sessionId?: string;
  pending?: PendingSignIn;
}

/** How long office sessions last, and the clock they are measured with. */
export interface SessionTimeouts {
  idleMinutes: number;
  now?: Date;
}

/** Last activity is written at most this often per session, not on every request. */
const SEEN_EVERY_MS = 60_000;

/**
 * Resolves the office cookie. A full session yields the official, only while within its absolute end
 * (`expires_at`) and `idleMinutes` of its last request, and refreshes its last activity at most once a minute; a
 * pending one (second factor still due) yields only `pending`, which no office page accepts.
 */
export async function officeSession(db: Db, token: string | undefined, timeouts: SessionTimeouts): Promise<OfficeSession> {
  if (!token) return {};
  const now = timeouts.now ?? new Date();
  const row = await findOfficeSession(db, hashSecret(token), now);
  if (!row || !row.active) return {};
  if (row.pending) return { pending: { sessionId: row.session_id, officialId: row.id, login: row.login, step: row.pending } };
  const idleFor = now.getTime() - row.last_seen_at.getTime();
  if (idleFor > timeouts.idleMinutes * 60_000) return {};
  if (idleFor > SEEN_EVERY_MS) await noteSessionSeen(db, row.session_id, now);
  return {
    sessionId: row.session_id,
    official: {
      kind: 'official',
      id: row.id,
      login: row.login,
      jurisdictionId: row.jurisdiction_id,
      unitId: row.unit_id,
      unitCode: row.code,
      roles: row.roles as Role[],
      nameKo: row.name_ko,
      nameEn: row.name_en,
      unitNameKo: row.unit_ko,
      unitNameEn: row.unit_en,
    },
  };
}

/** The application an applicant's cookie grants access to, if any. */
export async function applicantFromSession(db: Db, token: string | undefined): Promise<number | undefined> {
  if (!token) return undefined;
  return applicationOfSession(db, hashSecret(token), new Date());
}

/** Resolves the citizen behind the citizen cookie; undefined when absent or expired. */
export async function citizenFromSession(db: Db, token: string | undefined): Promise<CitizenSession | undefined> {
  if (!token) return undefined;
  return citizenOfSession(db, hashSecret(token), new Date());
}

/**
 * Creates an applicant's or a citizen's server-side session and sets its cookie (HttpOnly, SameSite=Lax, Secure
 * behind https); returns its token. Officials' sessions go through `commands/officeAuth/sessions.openOfficeSession`
 * and `setSessionCookie`.
 */
export async function startSession(
  db: Db,
  reply: FastifyReply,
  config: Config,
  who: { applicationId: number } | { citizenId: number },
): Promise<string> {
  const token = newToken();
  const hours = 'citizenId' in who ? 24 : 2;
  await insertVisitorSession(db, {
    id: hashSecret(token),
    applicationId: 'applicationId' in who ? who.applicationId : null,
    citizenId: 'citizenId' in who ? who.citizenId : null,
    expiresAt: new Date(Date.now() + hours * 3_600_000),
  });
  setSessionCookie(reply, config, 'citizenId' in who ? CITIZEN_COOKIE : APPLICANT_COOKIE, token, hours * 3600);
  return token;
}

/** Sets a session cookie: HttpOnly, SameSite=Lax, Secure behind https. */
export function setSessionCookie(reply: FastifyReply, config: Config, cookie: string, token: string, maxAgeS: number): void {
  reply.setCookie(cookie, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: maxAgeS });
}

/** Ends the session behind a cookie and clears it. */
export async function endSession(db: Db, request: FastifyRequest, reply: FastifyReply, cookie: string): Promise<void> {
  const token = request.cookies[cookie];
  if (token) await deleteSession(db, hashSecret(token));
  reply.clearCookie(cookie, { path: '/' });
}

/** Resolves an API key (`Authorization: Bearer dlk_...`) to the unit-scoped system actor. */
export async function systemFromApiKey(db: Db, header: string | undefined): Promise<Actor | undefined> {
  const match = header?.match(/^Bearer\s+(dlk_[A-Za-z0-9_-]+)$/);
  if (!match) return undefined;
  const row = await liveApiKeyByHash(db, hashSecret(match[1]!));
  if (!row) return undefined;
  return { kind: 'system', keyId: row.id, jurisdictionId: row.jurisdiction_id, unitId: row.unit_id, unitCode: row.code, onBehalfOf: null };
}
