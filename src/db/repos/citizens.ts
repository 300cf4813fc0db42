import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';

/** One application on a citizen's page, and how it came to be theirs. */
export interface CitizenApplicationRow {
  number: string;
  title: string;
  status: string;
  received_at: Date;
  channel: string;
  /** `filed` when matched by the applicant's e-mail, `linked` when added with number and access code. */
  how: 'filed' | 'linked';
  /** The application's jurisdiction's time zone, which its times are shown in. */
  time_zone: string;
}

/** A message the outbox holds for a citizen's address. */
export interface CitizenMailRow {
  kind: string;
  number: string | null;
  created_at: Date;
  sent_at: Date | null;
  failed_at: Date | null;
  /** The time zone of the application's jurisdiction; null for mail about no application (a sign-in link). */
  time_zone: string | null;
}

/**
 * Applications a citizen filed (the applicant e-mail in `application_private` equals theirs, case-insensitively)
 * or linked, newest first.
 */
export async function citizenApplications(db: Kysely<DB>, citizenId: number, email: string): Promise<CitizenApplicationRow[]> {
  const rows = await db
    .selectFrom('application as a')
    .leftJoin('application_private as p', 'p.application_id', 'a.id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .leftJoin('citizen_application as l', (j) => j.onRef('l.application_id', '=', 'a.id').on('l.citizen_id', '=', citizenId))
    .select(['a.number', 'a.title', 'a.status', 'a.received_at', 'a.channel', 'l.citizen_id as linked', 'j.time_zone'])
    .where((eb) => eb.or([eb(sql<string>`lower(p.applicant_email)`, '=', email.toLowerCase()), eb('l.citizen_id', 'is not', null)]))
    .orderBy('a.received_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ number: r.number, title: r.title, status: r.status, received_at: r.received_at, channel: r.channel, how: r.linked === null ? 'filed' : 'linked', time_zone: r.time_zone }));
}

/** Links an application to a citizen; true when it was not linked yet. */
export async function linkCitizenApplication(db: Kysely<DB>, citizenId: number, applicationId: number): Promise<boolean> {
  const result = await db
    .insertInto('citizen_application')
    .values({ citizen_id: citizenId, application_id: applicationId })
    .onConflict((oc) => oc.columns(['citizen_id', 'application_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The newest messages addressed to an e-mail address (compared case-insensitively), without their contents. */
export async function citizenMail(db: Kysely<DB>, email: string): Promise<CitizenMailRow[]> {
  return db
    .selectFrom('outbox as o')
    .leftJoin('application as a', 'a.id', 'o.application_id')
    .leftJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select(['o.kind', 'a.number', 'o.created_at', 'o.sent_at', 'o.failed_at', 'j.time_zone'])
    .where(sql<string>`lower(o.recipient)`, '=', email.toLowerCase())
    .orderBy('o.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(100)
    .execute();
}

/**
 * The time zone for times that belong to no application (a sign-in link's mail): the one most jurisdictions use,
 * UTC when there is none.
 */
export async function homeTimeZone(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom('jurisdiction')
    .select('time_zone')
    .groupBy('time_zone')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('time_zone')
    .executeTakeFirst();
  return row?.time_zone ?? 'UTC';
}

/** A sign-in link's state by the hash of its token, or undefined for an unknown token. */
export async function findSignInLink(db: Kysely<DB>, tokenHash: string): Promise<{ expires_at: Date; used_at: Date | null } | undefined> {
  return db.selectFrom('citizen_login').select(['expires_at', 'used_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a sign-in link used if it is unused and unexpired at `now`, in one statement; returns its address, or undefined. */
export async function spendSignInLink(db: Kysely<DB>, tokenHash: string, now: Date): Promise<string | undefined> {
  const used = await db
    .updateTable('citizen_login')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('email')
    .executeTakeFirst();
  return used?.email;
}

/** The citizen with an address (compared case-insensitively), or undefined. */
export async function citizenByEmail(db: Kysely<DB>, email: string): Promise<{ id: number; email: string } | undefined> {
  const row = await db.selectFrom('citizen').select(['id', 'email']).where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
  return row && { id: Number(row.id), email: row.email };
}

/** Adds a citizen with an address; returns them. */
export async function insertCitizen(db: Kysely<DB>, email: string): Promise<{ id: number; email: string }> {
  const row = await db.insertInto('citizen').values({ email }).returning(['id', 'email']).executeTakeFirstOrThrow();
  return { id: Number(row.id), email: row.email };
}

/** Waits for the transaction-scoped lock on one address's sign-in links, so requests for it are counted one at a time. */
export async function lockSignInAddress(db: Kysely<DB>, email: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${'signin:' + email.toLowerCase()}))`.execute(db);
}

/** How many sign-in links were made for an address (compared case-insensitively) after `since`. */
export async function countSignInLinksSince(db: Kysely<DB>, email: string, since: Date): Promise<number> {
  const { count } = await db
    .selectFrom('citizen_login')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Stores a sign-in link by the hash of its token. */
export async function insertSignInLink(db: Kysely<DB>, link: { tokenHash: string; email: string; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db
    .insertInto('citizen_login')
    .values({ token_hash: link.tokenHash, email: link.email, created_at: link.createdAt, expires_at: link.expiresAt })
    .execute();
}

/** The id and access code hash of the application with a public number, or undefined. */
export async function applicationAccessByNumber(db: Kysely<DB>, number: string): Promise<{ id: number; access_code_hash: string } | undefined> {
  return db.selectFrom('application').select(['id', 'access_code_hash']).where('number', '=', number).executeTakeFirst();
}

/**
 * Whether a signed-in citizen may open an application's private page without its access code: they linked it with
 * the code once, or it was filed with their e-mail address (compared case-insensitively), which they proved they
 * hold by signing in through a link sent to it.
 */
export async function citizenOwnsApplication(db: Kysely<DB>, citizenId: number, email: string, applicationId: number): Promise<boolean> {
  const row = await db
    .selectFrom('application as a')
    .leftJoin('application_private as p', 'p.application_id', 'a.id')
    .leftJoin('citizen_application as l', (j) => j.onRef('l.application_id', '=', 'a.id').on('l.citizen_id', '=', citizenId))
    .select('a.id')
    .where('a.id', '=', applicationId)
    .where((eb) => eb.or([eb(sql<string>`lower(p.applicant_email)`, '=', email.toLowerCase()), eb('l.citizen_id', 'is not', null)]))
    .executeTakeFirst();
  return row !== undefined;
}
