import { sql, type Kysely } from 'kysely';
import type { Localized, ProcedureStage } from '../../domain/types.js';
import type { DB } from '../schema.js';
import type { PublicEventRow } from './publicRead.js';

/**
 * The reads behind the open-data files: public events in (application, seq) order up to a checkpoint's size, a
 * keyset page at a time, and the catalogue facts of a procedure version. Nothing here reads `private_data` or
 * `application_private`.
 */

/** One public event as the export reads it (the columns the public API serves), always inside the tree. */
export interface ExportEvent extends Omit<PublicEventRow, 'log_index'> {
  log_index: number;
}

export interface ExportEventRow extends ExportEvent {
  application_id: number;
  number: string;
  procedure_id: number;
}

/** A procedure version and its jurisdiction, as the rows of its applications name them. */
export interface ProcedureFacts {
  jurisdiction: { id: string; code: string; name: Localized; time_zone: string };
  procedure: { code: string; version: number; name: Localized; category: string; fee_krw: number; stages: ProcedureStage[] };
}

/**
 * One page of the events inside the tree of `size` entries, after `after` in (application, seq) order. The page walks
 * the `(application_id, seq)` unique index, so each page costs the same however deep the export is.
 */
export async function exportEventsPage(
  db: Kysely<DB>,
  size: number,
  after: { applicationId: number; seq: number } | null,
  limit: number,
): Promise<ExportEventRow[]> {
  let query = db
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .select(['e.application_id', 'a.number', 'a.procedure_id', 'e.seq', 'e.type', 'e.occurred_at', 'e.recorded_at', 'e.actor', 'e.data', 'e.log_index'])
    .where('e.log_index', '<', size);
  if (after) query = query.where(sql<boolean>`(e.application_id, e.seq) > (${after.applicationId}, ${after.seq})`);
  const rows = await query.orderBy('e.application_id').orderBy('e.seq').limit(limit).execute();
  return rows.map((r) => ({ ...r, application_id: Number(r.application_id), log_index: Number(r.log_index) }));
}

/** A procedure version's facts with its jurisdiction's, for the rows of its applications; undefined when unknown. */
export async function procedureFacts(db: Kysely<DB>, procedureId: number): Promise<ProcedureFacts | undefined> {
  const p = await db
    .selectFrom('procedure as p')
    .innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
    .select(['p.code', 'p.version', 'p.name_ko', 'p.name_en', 'p.category', 'p.fee_krw', 'p.stages', 'j.id as j_id', 'j.code as j_code', 'j.name_ko as j_ko', 'j.name_en as j_en', 'j.time_zone'])
    .where('p.id', '=', procedureId)
    .executeTakeFirst();
  if (!p) return undefined;
  return {
    jurisdiction: { id: p.j_id, code: p.j_code, name: { ko: p.j_ko, en: p.j_en }, time_zone: p.time_zone },
    procedure: { code: p.code, version: p.version, name: { ko: p.name_ko, en: p.name_en }, category: p.category, fee_krw: p.fee_krw, stages: p.stages as ProcedureStage[] },
  };
}

/** Every jurisdiction's code, for the per-jurisdiction files. */
export async function exportJurisdictions(db: Kysely<DB>): Promise<{ id: string; code: string }[]> {
  return db.selectFrom('jurisdiction').select(['id', 'code']).orderBy('code').execute();
}
