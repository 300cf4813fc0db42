import { sql } from 'kysely';
import { PROCUREMENT_CATEGORY, PROCUREMENT_FIELDS, PROCUREMENT_STAGES, PROCUREMENT_STATUTORY_DAYS } from '../../domain/contracts.js';
import type { Db, Tx } from '../types.js';
import { findPublicCase, PUBLIC_EVENT_COLUMNS, publicCaseRow, publicCases, type PublicCaseRow, type PublicEventRow } from './publicRead.js';

/**
 * Reads and writes of public procurement (ADR 0022). A contracting process is an application of a procurement
 * procedure, so its record is read with the public case queries; only the debarment list is a table of its own.
 */

export interface DebarmentRow {
  id: number;
  jurisdiction_id: string;
  supplier_name: string;
  reason: string;
  decision: string;
  starts_on: string;
  ends_on: string;
  lifted_on: string | null;
}

const DEBARMENT_COLUMNS = ['id', 'jurisdiction_id', 'supplier_name', 'reason', 'decision', 'starts_on', 'ends_on', 'lifted_on'] as const;

/** The debarment of a supplier (by its name's normal form) in force on a local date, if any. */
export async function debarmentInForce(q: Db | Tx, jurisdictionId: string, supplierKey: string, onDate: string): Promise<DebarmentRow | undefined> {
  return q
    .selectFrom('debarment')
    .select(DEBARMENT_COLUMNS)
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('supplier_key', '=', supplierKey)
    .where('starts_on', '<=', onDate)
    .where('ends_on', '>=', onDate)
    .where((eb) => eb.or([eb('lifted_on', 'is', null), eb('lifted_on', '>', onDate)]))
    .orderBy('ends_on', 'desc')
    .executeTakeFirst();
}

export interface NewDebarment {
  jurisdictionId: string;
  supplierName: string;
  supplierKey: string;
  reason: string;
  decision: string;
  startsOn: string;
  endsOn: string;
  createdBy: number | null;
}

export async function insertDebarment(q: Db | Tx, d: NewDebarment): Promise<number> {
  const row = await q
    .insertInto('debarment')
    .values({
      jurisdiction_id: d.jurisdictionId, supplier_name: d.supplierName, supplier_key: d.supplierKey, reason: d.reason, decision: d.decision,
      starts_on: d.startsOn, ends_on: d.endsOn, created_by: d.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The public debarment list, newest first, with the jurisdiction's name; at most `limit` rows. */
export async function listDebarments(db: Db, limit = 500) {
  return db
    .selectFrom('debarment as d')
    .innerJoin('jurisdiction as j', 'j.id', 'd.jurisdiction_id')
    .select(['d.id', 'd.supplier_name', 'd.reason', 'd.decision', 'd.starts_on', 'd.ends_on', 'd.lifted_on', 'j.code as jurisdiction_code', 'j.name_ko', 'j.name_en'])
    .orderBy('d.starts_on', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
}

export interface ContractFilters {
  unit?: string;
  category?: string;
  method?: string;
  status?: string;
  supplier?: string;
  /** The estimated value's range, in the process's own currency. */
  minValue?: number;
  maxValue?: number;
  /** Opened on or after `from`, before `to`. */
  from?: Date;
  to?: Date;
  /** Keyset cursors, as the application register's: rows after `after`, or just before `before`, in reading order. */
  after?: { receivedAt: Date; id: number };
  before?: { receivedAt: Date; id: number };
  sort?: 'newest' | 'oldest';
  limit: number;
}

const estimate = sql<string>`(r.data->'fields'->>'estimated_amount')::numeric`;

/** The register's filtered processes as a query, with the terms they were opened with and their awarded supplier. */
function contractQuery(db: Db, f: ContractFilters) {
  let q = db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('event as r', (join) => join.onRef('r.application_id', '=', 'a.id').on('r.seq', '=', 1))
    .leftJoin('event as w', (join) => join.onRef('w.application_id', '=', 'a.id').on('w.type', '=', 'awarded'))
    .where('p.category', '=', PROCUREMENT_CATEGORY);
  if (f.unit) q = q.where('u.code', '=', f.unit);
  if (f.category) q = q.where(sql`r.data->'fields'->>'category'`, '=', f.category);
  if (f.method) q = q.where(sql`r.data->'fields'->>'method'`, '=', f.method);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.supplier) q = q.where(sql`lower(w.data->'supplier'->>'name')`, 'like', `%${f.supplier.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.minValue !== undefined) q = q.where(estimate, '>=', String(f.minValue));
  if (f.maxValue !== undefined) q = q.where(estimate, '<=', String(f.maxValue));
  if (f.from) q = q.where('a.received_at', '>=', f.from);
  if (f.to) q = q.where('a.received_at', '<', f.to);
  return q;
}

/**
 * The contracts register: processes (applications of procurement procedures) with the terms they were opened with
 * and their awarded supplier, read from their public events. Newest (or oldest) first, at most `limit`, with keyset
 * paging both ways like the application register's.
 */
export async function searchContracts(db: Db, f: ContractFilters) {
  let q = contractQuery(db, f).select([
    'a.id', 'a.number', 'a.title', 'a.status', 'a.stages', 'a.received_at', 'u.code as unit_code', 'u.name_ko as unit_ko', 'u.name_en as unit_en',
    'j.code as jurisdiction_code', 'j.time_zone',
    sql<string>`r.data->'fields'->>'method'`.as('method'),
    sql<string>`r.data->'fields'->>'category'`.as('category'),
    sql<string>`r.data->'fields'->>'estimated_amount'`.as('estimated_amount'),
    sql<string>`r.data->'fields'->>'currency'`.as('currency'),
    sql<string | null>`w.data->'supplier'->>'name'`.as('supplier'),
  ]);
  const backwards = !f.after && Boolean(f.before);
  const descending = (f.sort ?? 'newest') === 'newest' ? !backwards : backwards;
  const cursor = f.after ?? f.before;
  if (cursor) {
    q = q.where(descending ? sql<boolean>`(a.received_at, a.id) < (${cursor.receivedAt}, ${cursor.id})` : sql<boolean>`(a.received_at, a.id) > (${cursor.receivedAt}, ${cursor.id})`);
  }
  const direction = descending ? 'desc' : 'asc';
  const rows = await q.orderBy('a.received_at', direction).orderBy('a.id', direction).limit(f.limit).execute();
  return backwards ? rows.reverse() : rows;
}

/** How many processes the register's filters match in all (cursors and limit aside). */
export async function countContracts(db: Db, f: ContractFilters): Promise<number> {
  const row = await contractQuery(db, f).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Every awarded supplier's name with its process, newest award first, at most `limit`: only the two columns a
 * supplier's page needs to find its processes by the name's normal form, which is computed in code.
 */
export async function awardedSuppliers(db: Db, limit: number): Promise<{ application_id: number; supplier: string }[]> {
  return db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('event as w', (join) => join.onRef('w.application_id', '=', 'a.id').on('w.type', '=', 'awarded'))
    .select(['a.id as application_id', sql<string>`w.data->'supplier'->>'name'`.as('supplier')])
    .where('p.category', '=', PROCUREMENT_CATEGORY)
    .orderBy('w.occurred_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The awards of the given processes (newest first) with what a supplier's page shows of them: the awarded value, the
 * contract's latest value and how many amendments it had.
 */
export async function awardsOfProcesses(db: Db, applicationIds: readonly number[]) {
  if (!applicationIds.length) return [];
  return db
    .selectFrom('application as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('event as w', (join) => join.onRef('w.application_id', '=', 'a.id').on('w.type', '=', 'awarded'))
    .select([
      'a.number', 'a.title', 'a.status', 'a.received_at', 'u.code as unit_code', 'u.name_ko as unit_ko', 'u.name_en as unit_en', 'j.time_zone', 'j.id as jurisdiction_id',
      'w.occurred_at as awarded_at',
      sql<string>`w.data->'supplier'->>'name'`.as('supplier'),
      sql<{ amount: number; currency: string }>`w.data->'value'`.as('award_value'),
      sql<{ amount: number; currency: string } | null>`(SELECT c.data->'value' FROM event c WHERE c.application_id = a.id AND c.type IN ('contract_signed', 'contract_amended') ORDER BY c.seq DESC LIMIT 1)`.as('contract_value'),
      sql<string>`(SELECT count(*) FROM event c WHERE c.application_id = a.id AND c.type = 'contract_amended')`.as('amendments'),
    ])
    .where('a.id', 'in', [...applicationIds])
    .orderBy('w.occurred_at', 'desc')
    .execute();
}

/** A supplier's debarments (by its name's normal form), newest first. */
export async function debarmentsOfSupplier(db: Db, key: string) {
  return db
    .selectFrom('debarment as d')
    .innerJoin('jurisdiction as j', 'j.id', 'd.jurisdiction_id')
    .select(['d.id', 'd.supplier_name', 'd.reason', 'd.decision', 'd.starts_on', 'd.ends_on', 'd.lifted_on', 'j.code as jurisdiction_code', 'j.name_ko', 'j.name_en'])
    .where('d.supplier_key', '=', key)
    .orderBy('d.starts_on', 'desc')
    .limit(100)
    .execute();
}

/** The departments that have a procurement procedure, for the register's filter and the officer's form. */
export async function procurementProcedures(db: Db) {
  return db
    .selectFrom('procedure as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
    .select(['p.code', 'p.unit_id', 'u.code as unit_code', 'u.name_ko as unit_ko', 'u.name_en as unit_en', 'j.code as jurisdiction_code'])
    .where('p.category', '=', PROCUREMENT_CATEGORY)
    .where('p.is_current', '=', true)
    .orderBy('u.code')
    .execute();
}

/** One contracting process's public record, or undefined when the number is not a process's. */
export async function findPublicProcess(db: Db, number: string): Promise<PublicCaseRow | undefined> {
  const found = await findPublicCase(db, number);
  return found?.procedure.category === PROCUREMENT_CATEGORY ? found : undefined;
}

/** The numbers of every process (newest first, at most `limit`), for the bulk release package. */
export async function processNumbers(db: Db, limit: number): Promise<string[]> {
  const rows = await publicCases(db).where('p.category', '=', PROCUREMENT_CATEGORY).orderBy('a.received_at', 'desc').limit(limit).execute();
  return rows.map((r) => r.number);
}

/** Creates a department's procurement procedure (the demo and tests; administrators use the procedure editor). */
export async function insertProcurementProcedure(q: Db | Tx, p: { jurisdictionId: string; unitId: number; code: string; unitName: { ko: string; en: string } }): Promise<void> {
  await q
    .insertInto('procedure')
    .values({
      jurisdiction_id: p.jurisdictionId, code: p.code, version: 1, is_current: true, category: PROCUREMENT_CATEGORY, unit_id: p.unitId,
      name_ko: `${p.unitName.ko} 계약`, name_en: `${p.unitName.en} contracts`,
      purpose_ko: '물품·공사·용역의 조달', purpose_en: 'Procurement of goods, works and services',
      legal_basis_ko: '지방자치단체를 당사자로 하는 계약에 관한 법률', legal_basis_en: 'Act on Contracts to Which a Local Government Is a Party',
      fee_krw: 0, statutory_days: PROCUREMENT_STATUTORY_DAYS, documents: JSON.stringify([]), fields: JSON.stringify(PROCUREMENT_FIELDS),
      stages: JSON.stringify(PROCUREMENT_STAGES), created_by: null,
    })
    .execute();
}

/**
 * Every contracting process's public record with its public events, for the red flags (newest first, at most
 * `limit`); `truncated` says whether more were left out.
 */
export async function processesWithEvents(db: Db, limit: number): Promise<{ processes: PublicCaseRow[]; truncated: boolean }> {
  const rows = await publicCases(db).where('p.category', '=', PROCUREMENT_CATEGORY).orderBy('a.received_at', 'desc').orderBy('a.id', 'desc').limit(limit + 1).execute();
  const kept = rows.slice(0, limit);
  const byCase = new Map<number, PublicEventRow[]>();
  for (let i = 0; i < kept.length; i += 500) {
    const events = await db
      .selectFrom('event')
      .select(['application_id', ...PUBLIC_EVENT_COLUMNS])
      .where('application_id', 'in', kept.slice(i, i + 500).map((r) => r.id))
      .orderBy('application_id')
      .orderBy('seq')
      .execute();
    for (const { application_id, ...e } of events) {
      const list = byCase.get(application_id);
      if (list) list.push(e);
      else byCase.set(application_id, [e]);
    }
  }
  return { processes: kept.map((r) => publicCaseRow(r, byCase.get(r.id) ?? [])), truncated: rows.length > limit };
}

/** Every debarment of every jurisdiction, as the red flags match them. */
export async function debarmentFacts(db: Db) {
  return db.selectFrom('debarment').select(['jurisdiction_id', 'supplier_key', 'supplier_name', 'reason', 'starts_on', 'ends_on', 'lifted_on']).orderBy('id').execute();
}

/** Every jurisdiction's code and name, for the `ocid` prefixes on the contracts data page. */
export async function ocdsJurisdictions(db: Db) {
  return db.selectFrom('jurisdiction').select(['code', 'name_ko', 'name_en']).orderBy('code').execute();
}

/** The event types a conflict of interest can bear on, or that say who was assigned when it did. */
const CONFLICT_EVENT_TYPES = [
  'bid_received', 'bids_evaluated', 'awarded', 'assigned', 'reassigned', 'assignment_overridden', 'assigned_by_rotation', 'recused', 'transferred',
] as const;

/**
 * The bids, evaluations, awards and assignments of the given processes, with their private part (a bid's
 * registration number, an assignee's id) and acting official, for the command that matches them against declared
 * conflicts of interest; in order of process and seq. Never for a public output.
 */
export async function conflictEvents(db: Db, applicationIds: readonly number[]) {
  const rows: { application_id: number; seq: number; type: string; occurred_at: Date; actor_official_id: number | null; data: unknown; private_data: unknown }[] = [];
  for (let i = 0; i < applicationIds.length; i += 500) {
    rows.push(...await db
      .selectFrom('event')
      .select(['application_id', 'seq', 'type', 'occurred_at', 'actor_official_id', 'data', 'private_data'])
      .where('application_id', 'in', applicationIds.slice(i, i + 500))
      .where('type', 'in', CONFLICT_EVENT_TYPES)
      .orderBy('application_id')
      .orderBy('seq')
      .execute());
  }
  return rows;
}
