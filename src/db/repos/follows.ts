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

