import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { OfficialActor } from '../../domain/actor.js';
import { localized, offeredStages } from './localized.js';

/**
 * The office queue: open applications assigned to the official, their unit's open work, or (for auditors) every
 * overdue case; overdue work first. "Overdue" is the scan's and the last write's view (`overdue_since`).
 */
export async function officeQueue(db: Kysely<DB>, actor: OfficialActor, scope: 'mine' | 'unit' | 'overdue', limit = 200) {
  let q = db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .leftJoin('official as o', 'o.id', 'a.assigned_official_id')
    .select([
      'a.id', 'a.number', 'a.title', 'a.status', 'a.received_at', 'a.stages', 'a.assigned_official_id',
      'p.name_ko as p_ko', 'p.name_en as p_en', 'p.texts as p_texts', 'p.stages as p_stages', 'p.statutory_days', 'j.time_zone',
      'j.main_locale', 'j.offered_locales',
      'a.jurisdiction_id', 'j.country', 'j.calendar_version',
      'o.name_ko as o_ko', 'o.name_en as o_en', 'a.next_due_at',
      sql<boolean>`(a.overdue_since IS NOT NULL)`.as('overdue'),
      // The responsible unit, and whether the viewer's unit is consulted on the case, to say why another unit's
      // case is in this queue (domain/involvement.ts).
      'u.code as unit_code', 'u.name_ko as unit_ko', 'u.name_en as unit_en',
      openConsultationOf(actor.unitId).as('consulted'),
    ])
    .where('a.closed_at', 'is', null);
  if (scope === 'mine') q = q.where('a.assigned_official_id', '=', actor.id);
  else if (scope === 'overdue') q = q.where('a.overdue_since', 'is not', null);
  else
    q = q.where((eb) => eb.or([eb('a.unit_id', '=', actor.unitId), sql<boolean>`a.active_unit_ids @> array[${actor.unitId}]::int[]`]));
  // Overdue work first, then the oldest: which cases the limit keeps; the page then orders them as asked.
  const rows = await q.orderBy(sql`a.overdue_since IS NOT NULL`, 'desc').orderBy('a.received_at', 'asc').limit(limit).execute();
  // Names in the languages the case's jurisdiction offers (ADR 0017).
  return rows.map((r) => ({ ...r, procedure_name: localized(r.p_ko, r.p_en, r.p_texts.name, r.offered_locales), p_stages: offeredStages(r.p_stages, r.offered_locales) }));
}

/** How many open cases a queue holds in all, so a page showing the first few hundred says so. */
export async function officeQueueCount(db: Kysely<DB>, actor: OfficialActor, scope: 'mine' | 'unit' | 'overdue'): Promise<number> {
  let q = db.selectFrom('application as a').select(sql<string>`count(*)`.as('n')).where('a.closed_at', 'is', null);
  if (scope === 'mine') q = q.where('a.assigned_official_id', '=', actor.id);
  else if (scope === 'overdue') q = q.where('a.overdue_since', 'is not', null);
  else q = q.where((eb) => eb.or([eb('a.unit_id', '=', actor.unitId), sql<boolean>`a.active_unit_ids @> array[${actor.unitId}]::int[]`]));
  return Number((await q.executeTakeFirstOrThrow()).n);
}
export type QueueRow = Awaited<ReturnType<typeof officeQueue>>[number];

/** True while a consultation asked of the unit on the case (`a`) is unanswered. */
export function openConsultationOf(unitId: number) {
  return sql<boolean>`EXISTS (
    SELECT 1 FROM event c WHERE c.application_id = a.id AND c.type = 'consultation_requested'
      AND (c.private_data->>'unit_id')::int = ${unitId}
      AND NOT EXISTS (SELECT 1 FROM event r WHERE r.application_id = a.id AND r.type = 'consultation_answered'
        AND (r.data->>'request_seq')::int = c.seq))`;
}

/** Everything the office sees of one case beyond the public record. */
export async function officeCase(db: Kysely<DB>, applicationId: number) {
  const [priv, notes, officials] = await Promise.all([
    db.selectFrom('application_private').selectAll().where('application_id', '=', applicationId).executeTakeFirstOrThrow(),
    db
      .selectFrom('event')
      .select(['seq', 'private_data'])
      .where('application_id', '=', applicationId)
      .orderBy('seq')
      .execute(),
    db
      .selectFrom('application as a')
      .innerJoin('official as o', (j) => j.on('o.active', '=', true))
      .select(['o.id', 'o.name_ko', 'o.name_en', 'o.title_ko', 'o.title_en', 'o.unit_id'])
      .where('a.id', '=', applicationId)
      .where(sql<boolean>`(o.unit_id = a.unit_id or o.unit_id = any(a.active_unit_ids))`)
      .where(sql<boolean>`o.roles && array['official', 'supervisor']::text[]`)
      .orderBy('o.name_en')
      .execute(),
  ]);
  return { applicant: priv, privateByEvent: new Map(notes.map((n) => [n.seq, n.private_data])), officials };
}
