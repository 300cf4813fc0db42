import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { FollowKind, Frequency } from '../../domain/alerts.js';
import type { Localized } from '../../domain/types.js';
import type { DB, FollowTable } from '../schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export type FollowRow = Selectable<FollowTable>;

/** What a follow is about, in public words, for pages and e-mails (never any personal data but the follower's own). */
export interface FollowTarget {
  kind: FollowKind;
  application?: { number: string; title: string };
  unit?: { code: string; name: Localized };
  /** The procedure followed, or the one an area is narrowed to. */
  procedure?: { code: string; jurisdictionCode: string | null; name: Localized };
  area?: { lat: number; lng: number; radiusM: number; place: string | null };
}

/** A follow with its target described, as the follower sees it. */
export interface DescribedFollow {
  id: number;
  email: string;
  locale: string;
  frequency: Frequency;
  createdAt: Date;
  confirmedAt: Date | null;
  stoppedAt: Date | null;
  target: FollowTarget;
}

/** Follows by id with their targets described; unknown ids are left out. */
export async function describeFollows(db: Db, ids: readonly number[]): Promise<DescribedFollow[]> {
  if (!ids.length) return [];
  const rows = await sql<
    FollowRow & { number: string | null; title: string | null; u_code: string | null; u_ko: string | null; u_en: string | null; j_code: string | null; p_ko: string | null; p_en: string | null }
  >`
    SELECT f.*, a.number, a.title, u.code AS u_code, u.name_ko AS u_ko, u.name_en AS u_en, j.code AS j_code, p.name_ko AS p_ko, p.name_en AS p_en
    FROM follow f
    LEFT JOIN application a ON a.id = f.application_id
    LEFT JOIN unit u ON u.id = f.unit_id
    LEFT JOIN jurisdiction j ON j.id = f.jurisdiction_id
    LEFT JOIN LATERAL (
      SELECT name_ko, name_en FROM procedure
      WHERE f.procedure_code IS NOT NULL AND code = f.procedure_code AND is_current
        AND (f.jurisdiction_id IS NULL OR jurisdiction_id = f.jurisdiction_id)
      ORDER BY jurisdiction_id LIMIT 1
    ) p ON true
    WHERE f.id = ANY(${sql.val([...ids])}::bigint[])
    ORDER BY f.created_at DESC, f.id DESC`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.id),
    email: r.email,
    locale: r.locale,
    frequency: r.frequency,
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    stoppedAt: r.stopped_at,
    target: {
      kind: r.kind,
      ...(r.number && r.title ? { application: { number: r.number, title: r.title } } : {}),
      ...(r.u_code ? { unit: { code: r.u_code, name: { ko: r.u_ko!, en: r.u_en! } } } : {}),
      ...(r.procedure_code ? { procedure: { code: r.procedure_code, jurisdictionCode: r.j_code, name: { ko: r.p_ko ?? r.procedure_code, en: r.p_en ?? r.procedure_code } } } : {}),
      ...(r.kind === 'area' && r.lat !== null && r.lng !== null && r.radius_m !== null ? { area: { lat: r.lat, lng: r.lng, radiusM: r.radius_m, place: r.place } } : {}),
    },
  }));
}

/** One follow's row, or undefined. */
export async function findFollow(db: Db, id: number): Promise<FollowRow | undefined> {
  return db.selectFrom('follow').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ids of the follows sent to an address (compared case-insensitively), newest first; stopped ones only when asked. */
export async function followIdsForEmail(db: Db, email: string, options: { includeStopped?: boolean; limit?: number } = {}): Promise<number[]> {
  let query = db
    .selectFrom('follow')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 200);
  if (!options.includeStopped) query = query.where('stopped_at', 'is', null);
  return (await query.execute()).map((r) => Number(r.id));
}

/** Alerts a follow has produced, by how they went out: instantly, in a digest, or still waiting for one. */
export async function alertCounts(db: Db, followIds: readonly number[]): Promise<Map<number, { total: number; waiting: number }>> {
  const counts = new Map<number, { total: number; waiting: number }>();
  if (!followIds.length) return counts;
  const rows = await db
    .selectFrom('alert')
    .select(['follow_id', (eb) => eb.fn.countAll<string>().as('total'), sql<string>`count(*) FILTER (WHERE outbox_key IS NULL)`.as('waiting')])
    .where('follow_id', 'in', [...followIds])
    .groupBy('follow_id')
    .execute();
  for (const r of rows) counts.set(Number(r.follow_id), { total: Number(r.total), waiting: Number(r.waiting) });
  return counts;
}


/** The columns that say what a follow is about: its kind, the thing followed, and an area's centre, radius, box and name. */
export type FollowTargetColumns = Pick<
  FollowTable,
  'kind' | 'application_id' | 'unit_id' | 'jurisdiction_id' | 'procedure_code' | 'lat' | 'lng' | 'radius_m' | 'min_lat' | 'max_lat' | 'min_lng' | 'max_lng' | 'place'
>;

/** The id and status of the application with a public number, to follow it; undefined for an unknown number. */
export async function applicationToFollow(db: Db, number: string): Promise<{ id: number; status: string } | undefined> {
  const row = await db.selectFrom('application').select(['id', 'status']).where('number', '=', number).executeTakeFirst();
  return row && { id: Number(row.id), status: row.status };
}

/** A follow's frequency; throws for an unknown follow. */
export async function followFrequency(db: Db, id: number): Promise<Frequency> {
  return (await db.selectFrom('follow').select('frequency').where('id', '=', id).executeTakeFirstOrThrow()).frequency;
}

/** Stops a follow. */
export async function stopFollow(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('follow').set({ stopped_at: at }).where('id', '=', id).execute();
}

/** Whether another live follow from the same address (compared case-insensitively) is about exactly what this one is about. */
export async function hasLiveTwin(db: Db, followId: number): Promise<boolean> {
  const twin = await db
    .selectFrom('follow as f')
    .innerJoin('follow as me', (join) =>
      join
        .on('me.id', '=', followId)
        .on(sql<boolean>`lower(f.email) = lower(me.email)`)
        .onRef('f.kind', '=', 'me.kind')
        .on(sql<boolean>`f.application_id IS NOT DISTINCT FROM me.application_id AND f.unit_id IS NOT DISTINCT FROM me.unit_id
          AND f.jurisdiction_id IS NOT DISTINCT FROM me.jurisdiction_id AND f.procedure_code IS NOT DISTINCT FROM me.procedure_code
          AND f.lat IS NOT DISTINCT FROM me.lat AND f.lng IS NOT DISTINCT FROM me.lng AND f.radius_m IS NOT DISTINCT FROM me.radius_m`),
    )
    .select('f.id')
    .where('f.id', '<>', followId)
    .where('f.stopped_at', 'is', null)
    .executeTakeFirst();
  return Boolean(twin);
}

/** Restarts a stopped follow; a confirmed one also gets a new confirmation time and next digest (`confirmed`). */
export async function restartFollow(db: Db, id: number, confirmed: { confirmedAt: Date; nextDigestAt: Date | null } | null): Promise<void> {
  await db
    .updateTable('follow')
    .set({ stopped_at: null, ...(confirmed ? { confirmed_at: confirmed.confirmedAt, next_digest_at: confirmed.nextDigestAt } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Sets a follow's frequency and when its next digest is due. */
export async function setFollowFrequency(db: Db, id: number, frequency: Frequency, nextDigestAt: Date | null): Promise<void> {
  await db.updateTable('follow').set({ frequency, next_digest_at: nextDigestAt }).where('id', '=', id).execute();
}

/** Confirms a follow unless it is confirmed already, with when its first digest is due. */
export async function markFollowConfirmed(db: Db, id: number, at: Date, nextDigestAt: Date | null): Promise<void> {
  await db.updateTable('follow').set({ confirmed_at: at, next_digest_at: nextDigestAt }).where('id', '=', id).where('confirmed_at', 'is', null).execute();
}

/** Waits for the transaction-scoped lock on one address's follows, so its requests pass the limits one at a time. */
export async function lockFollowerAddress(trx: Transaction<DB>, email: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${'follow:' + email.toLowerCase()}))`.execute(trx);
}

/** The address's (compared case-insensitively) newest live follow of exactly this target, or undefined. */
export async function sameLiveFollow(trx: Transaction<DB>, email: string, t: FollowTargetColumns): Promise<{ id: number; confirmed_at: Date | null } | undefined> {
  let query = trx
    .selectFrom('follow')
    .select(['id', 'confirmed_at'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('kind', '=', t.kind)
    .where('stopped_at', 'is', null);
  const eq = <K extends keyof FollowTargetColumns>(column: K) => (t[column] === null ? sql<boolean>`${sql.ref(column)} IS NULL` : sql<boolean>`${sql.ref(column)} = ${t[column]}`);
  for (const column of ['application_id', 'unit_id', 'jurisdiction_id', 'procedure_code', 'lat', 'lng', 'radius_m'] as const) query = query.where(eq(column));
  const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row && { id: Number(row.id), confirmed_at: row.confirmed_at };
}

/** How many live follows an address (compared case-insensitively) has. */
export async function countLiveFollows(trx: Transaction<DB>, email: string): Promise<number> {
  const { count } = await trx
    .selectFrom('follow')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('stopped_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Asks again for an unconfirmed follow: its frequency and language, and for a signed-in citizen (`citizen`), its confirmation. */
export async function renewFollow(
  trx: Transaction<DB>,
  id: number,
  f: { frequency: Frequency; locale: string; citizen?: { id: number; confirmedAt: Date; nextDigestAt: Date | null } },
): Promise<void> {
  await trx
    .updateTable('follow')
    .set({ frequency: f.frequency, locale: f.locale, ...(f.citizen ? { citizen_id: f.citizen.id, confirmed_at: f.citizen.confirmedAt, next_digest_at: f.citizen.nextDigestAt } : {}) })
    .where('id', '=', id)
    .execute();
}

/** A new follow: what it is about, who follows and how often; confirmed at once only for a signed-in citizen. */
export type NewFollow = FollowTargetColumns & {
  email: string;
  citizen_id: number | null;
  locale: string;
  frequency: Frequency;
  created_at: Date;
  confirmed_at: Date | null;
  next_digest_at: Date | null;
};

/** Inserts a follow; returns its id. */
export async function insertFollow(trx: Transaction<DB>, f: NewFollow): Promise<number> {
  const row = await trx.insertInto('follow').values(f).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}
