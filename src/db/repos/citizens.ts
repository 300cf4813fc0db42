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
