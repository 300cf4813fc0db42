import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import { decide, isClosed, replay, type CaseState, type EventFact } from '../../domain/workflow.js';
import type { EventType, ProcedureStage } from '../../domain/types.js';
import { notFound } from '../../errors.js';
import type { CaseScope } from '../../policies/index.js';
import { PREPARED } from '../pool.js';
import type { ApplicationRow, DB, Jurisdiction, ProcedureRow, PublicActor } from '../schema.js';
import { officialFaceQuery, publicActorOf, type OfficialFaceRow } from './actors.js';
import { applicantMailInsert, type ApplicantMail } from './outbox.js';
import type { PublicEventRow } from './publicRead.js';

/** Everything a command needs about one application, loaded under a row lock. */
export interface LockedCase {
  app: ApplicationRow;
  procedure: ProcedureRow;
  jurisdiction: Jurisdiction;
  state: CaseState;
  /** The history as the clock reads it (public and private data merged; the clock reads stage, dates and reasons). */
  events: EventFact[];
  /** The public face of the official the command said was acting, read with the lock; absent when none was named. */
  actingOfficial?: { id: number; face: PublicActor };
}

/**
 * Runs `work` in a transaction: the caller's when `db` already is one (so a command can share the transaction of a
 * caller that writes alongside it, such as an idempotent API answer), otherwise a new one.
 */
export function inTransaction<T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<DB>) : db.transaction().execute(work);
}

/**
 * Locks the application row (serialising writers of the same case) and replays its events; with `actingOfficialId`,
 * also reads that official's public face in the same statement.
 */
export function loadCaseForUpdate(trx: Transaction<DB>, number: string, actingOfficialId?: number): Promise<LockedCase> {
  return loadCase(trx, number, true, actingOfficialId);
}

/**
 * Replays a case's events; `lock` takes the application row's lock, which only writers need. The application, its
 * procedure version, its jurisdiction and its events come in one statement (and, for a writer, the jurisdiction's unit
 * ids, which `caseUnitIds` then answers without asking again). A writer that waited for the lock gets the row as the
 * other writer left it but the events as they stood when its statement began; the events then end before the row's
 * `last_seq`, and are read again, now that the lock is held.
 */
export async function loadCase(trx: Kysely<DB> | Transaction<DB>, number: string, lock = false, actingOfficialId?: number): Promise<LockedCase> {
  const found = await caseRows(trx, number, lock, actingOfficialId);
  if (!found) throw notFound('error.application_not_found');
  const { app, procedure, jurisdiction, unitIds, actingOfficial, history } = found;
  const facts = (history.at(-1)?.seq ?? 0) === app.last_seq ? history : await caseHistory(trx, app.id);
  const locked: LockedCase = { app, procedure, jurisdiction, state: replay(procedure.stages, facts), events: facts, ...(actingOfficial ? { actingOfficial } : {}) };
  if (unitIds) unitIdsOfCase.set(locked, Promise.resolve(unitIds));
  return locked;
}

/** A case's events in order, as the clock reads them (public and private data merged). */
export async function caseHistory(q: Kysely<DB> | Transaction<DB>, applicationId: number): Promise<EventFact[]> {
  const events = await q
    .selectFrom('event')
    .select(['seq', 'type', 'occurred_at', 'actor_official_id', 'data', 'private_data'])
    .where('application_id', '=', applicationId)
    .orderBy('seq')
    .execute();
  return events.map((e) => ({
    seq: e.seq,
    type: e.type as EventType,
    occurredAt: e.occurred_at.toISOString(),
    officialId: e.actor_official_id,
    data: { ...e.private_data, ...e.data },
  }));
}

/** One event as `caseRows` reads it: seq, type, occurred_at (JSON's ISO 8601), actor_official_id, data, private_data. */
type HistoryTuple = [number, string, string, number | null, Record<string, unknown>, Record<string, unknown>];

/**
 * The application's row with its procedure version's and jurisdiction's rows and its events, locking only the
 * application's (`FOR UPDATE OF a`: writers of different cases never wait on a shared procedure or jurisdiction). The
 * joined rows come as JSON in their columns' order; their one column JSON does not carry as `pg` would type it,
 * `created_at`, is read beside them. The events come as one JSON array of tuples, in order. The acting official's
 * public face, when asked for, comes as a subquery of the same statement. Kept prepared: it takes one of four shapes.
 */
async function caseRows(q: Kysely<DB> | Transaction<DB>, number: string, lock: boolean, actingOfficialId: number | undefined) {
  const result = await sql<ApplicationRow & {
    procedure_row: Omit<ProcedureRow, 'created_at'>;
    procedure_created_at: Date;
    jurisdiction_row: Omit<Jurisdiction, 'created_at'>;
    jurisdiction_created_at: Date;
    unit_ids: Record<string, number> | null;
    official_face: OfficialFaceRow | null;
    history: HistoryTuple[];
  }>`${PREPARED}
    SELECT a.*, row_to_json(p) AS procedure_row, p.created_at AS procedure_created_at,
           row_to_json(j) AS jurisdiction_row, j.created_at AS jurisdiction_created_at,
           ${lock ? sql`(SELECT coalesce(json_object_agg(u.code, u.id), '{}') FROM unit u WHERE u.jurisdiction_id = a.jurisdiction_id)` : sql`NULL`} AS unit_ids,
           ${actingOfficialId !== undefined ? sql`(SELECT row_to_json(f) FROM (${officialFaceQuery(q, actingOfficialId)}) f)` : sql`NULL`} AS official_face,
           (SELECT coalesce(json_agg(json_build_array(e.seq, e.type, e.occurred_at, e.actor_official_id, e.data, e.private_data) ORDER BY e.seq), '[]')
              FROM event e WHERE e.application_id = a.id) AS history
    FROM application a
    JOIN procedure p ON p.id = a.procedure_id
    JOIN jurisdiction j ON j.id = a.jurisdiction_id
    WHERE a.number = ${number}
    ${lock ? sql`FOR UPDATE OF a` : sql``}`.execute(q);
  const row = result.rows[0];
  if (!row) return undefined;
  const { procedure_row, procedure_created_at, jurisdiction_row, jurisdiction_created_at, unit_ids, official_face, history, ...app } = row;
  return {
    app: app as ApplicationRow,
    procedure: { ...procedure_row, created_at: procedure_created_at } as ProcedureRow,
    jurisdiction: { ...jurisdiction_row, created_at: jurisdiction_created_at } as Jurisdiction,
    unitIds: unit_ids ? new Map(Object.entries(unit_ids)) : undefined,
    actingOfficial: official_face && actingOfficialId !== undefined ? { id: actingOfficialId, face: publicActorOf(official_face) } : undefined,
    history: history.map(([seq, type, occurredAt, officialId, data, privateData]): EventFact => ({
      seq,
      type: type as EventType,
      occurredAt: new Date(occurredAt).toISOString(),
      officialId,
      data: { ...privateData, ...data },
    })),
  };
}

export interface AppendEvent {
  jurisdictionId: string;
  applicationId: number;
  seq: number;
  type: EventType;
  occurredAt: Date;
  recordedAt: Date;
  actorOfficialId: number | null;
  actor: PublicActor | null;
  data: Record<string, unknown>;
  privateData?: Record<string, unknown>;
}

/** The application's read model after an event, as a command stores it with the event (`appendEvent`). */
export interface CaseProjection {
  state: CaseState;
  activeUnitIds: number[];
  closedAt: Date | null;
  extra?: ProjectionExtra;
}

/** Columns of the projection an event may move beyond what its state gives. */
export interface ProjectionExtra {
  unitId?: number;
  transferCount?: number;
  escalatedAt?: Date;
  nextDueAt?: Date | null;
  overdueSince?: Date | null;
}

/**
 * Appends one event. It has no log index yet: the log integrator gives committed events their indexes in batches,
 * in one short transaction of its own (`log/store.sequencePending`), so writers of different cases never wait for
 * each other's commits on a shared counter. The unique (application, seq) key turns a lost race into an error,
 * never a fork. With `projection` and `mail`, the application's read model and the applicant's e-mail about the
 * event are written by the same statement (as data-modifying `WITH` clauses), one round trip for all three; the
 * statement is kept prepared (its shapes are the few combinations of the projection's optional columns). Returns the
 * public columns as stored, for an answer built before commit.
 */
export async function appendEvent(
  trx: Transaction<DB>,
  e: AppendEvent,
  along: { projection?: CaseProjection; mail?: ApplicantMail | null } = {},
): Promise<{ row: PublicEventRow }> {
  const alongside = [
    ...(along.projection ? [sql`projection AS (${caseProjectionUpdate(trx, e.applicationId, along.projection)})`] : []),
    ...(along.mail ? [sql`mail AS (${applicantMailInsert(trx, e.applicationId, along.mail)})`] : []),
  ];
  const result = await sql<PublicEventRow>`${PREPARED}
    ${alongside.length ? sql`WITH ${sql.join(alongside)}` : sql``}
    INSERT INTO event (jurisdiction_id, application_id, seq, type, occurred_at, recorded_at, actor_official_id, actor, data, private_data)
    VALUES (${e.jurisdictionId}, ${e.applicationId}, ${e.seq}, ${e.type}, ${e.occurredAt}, ${e.recordedAt}, ${e.actorOfficialId},
           ${JSON.stringify(e.actor)}::jsonb, ${JSON.stringify(e.data)}::jsonb, ${JSON.stringify(e.privateData ?? {})}::jsonb)
    RETURNING seq, type, occurred_at, recorded_at, actor, data, log_index`.execute(trx);
  const row = result.rows[0]!;
  return { row: { ...row, log_index: null } };
}

/**
 * Units with work on the case now: each active stage's unit, each unit owning a stage that may start now, and
 * each unit with an open consultation. These units see the case in their queue and may act on it.
 */
export function activeUnits(
  state: CaseState,
  stages: readonly ProcedureStage[],
  ownUnitId: number,
  unitIdByCode: ReadonlyMap<string, number>,
  consultedUnitBySeq: ReadonlyMap<number, number>,
): number[] {
  const ids = new Set<number>();
  const open = !isClosed(state.status);
  state.stages.forEach((s, i) => {
    const startable = open && s.status === 'pending' && mayStart(state, s.key, stages);
    if (s.status !== 'active' && !startable) return;
    const code = stages[i]?.unit_code;
    ids.add(code ? (unitIdByCode.get(code) ?? ownUnitId) : ownUnitId);
  });
  for (const c of state.openConsultations) {
    const unit = consultedUnitBySeq.get(c.seq);
    if (unit !== undefined) ids.add(unit);
  }
  return [...ids].sort((a, b) => a - b);
}

/**
 * Whether the workflow would let a stage start now. A refusal is the expected answer here, not a failure, so no stack
 * trace is captured for it: building the refused `AppError`'s trace was most of this function's cost (a fifth of
 * planning the demo city, where every act asks it for every stage).
 */
function mayStart(state: CaseState, key: string, stages: readonly ProcedureStage[]): boolean {
  const traceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    decide({ ...state, lastOccurredAt: null }, { type: 'stage_started', stage: key }, new Date(0).toISOString(), stages);
    return true;
  } catch {
    return false;
  } finally {
    Error.stackTraceLimit = traceLimit;
  }
}

/** The statement that writes the read model row from a replayed state (`appendEvent` sends it with the event). */
function caseProjectionUpdate(trx: Transaction<DB>, applicationId: number, { state, activeUnitIds, closedAt, extra = {} }: CaseProjection) {
  return trx
    .updateTable('application')
    .set({
      ...(extra.unitId !== undefined ? { unit_id: extra.unitId } : {}),
      ...(extra.transferCount !== undefined ? { transfer_count: extra.transferCount } : {}),
      ...(extra.escalatedAt !== undefined ? { escalated_at: extra.escalatedAt } : {}),
      ...(extra.nextDueAt !== undefined ? { next_due_at: extra.nextDueAt } : {}),
      ...(extra.overdueSince !== undefined ? { overdue_since: extra.overdueSince } : {}),
      status: state.status,
      stages: JSON.stringify(state.stages),
      assigned_official_id: state.assigneeId,
      active_unit_ids: activeUnitIds,
      last_seq: state.lastSeq,
      closed_at: closedAt,
      updated_at: new Date(),
    })
    .where('id', '=', applicationId);
}

/** Map of unit code to id within a jurisdiction. */
export async function unitIdsByCode(db: Kysely<DB> | Transaction<DB>, jurisdictionId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('unit').select(['id', 'code']).where('jurisdiction_id', '=', jurisdictionId).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * Seq → consulted unit id for a case's consultation requests, read from its replayed events (each request keeps the
 * unit's id in its private data, which `loadCase` merges into the facts), so a command asks the database nothing more.
 */
export function consultedUnits(events: readonly EventFact[]): Map<number, number> {
  const units = new Map<number, number>();
  for (const e of events) if (e.type === 'consultation_requested') units.set(e.seq, Number(e.data.unit_id));
  return units;
}

const unitIdsOfCase = new WeakMap<LockedCase, Promise<Map<string, number>>>();

/**
 * `unitIdsByCode` for a locked case's jurisdiction, read once per locked case: a command and `applyCaseEvent` both
 * need it inside the same transaction.
 */
export function caseUnitIds(trx: Transaction<DB>, locked: LockedCase): Promise<Map<string, number>> {
  let ids = unitIdsOfCase.get(locked);
  if (!ids) {
    ids = unitIdsByCode(trx, locked.app.jurisdiction_id);
    unitIdsOfCase.set(locked, ids);
  }
  return ids;
}

/** Next serial for a jurisdiction and year, allocated inside the caller's transaction (no gaps on rollback). */
export async function nextSerial(trx: Transaction<DB>, jurisdictionId: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('number_counter')
    .values({ jurisdiction_id: jurisdictionId, year, last: 1 })
    .onConflict((oc) => oc.columns(['jurisdiction_id', 'year']).doUpdateSet({ last: sql`number_counter.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

/**
 * Which units may read a case in the office, by number: its own unit, the units working it now, every unit that owns
 * one of its procedure's stages and every unit consulted on it, even once their part is done. The one rule for the
 * case page, its documents and anything else that shows the case's private side; undefined for an unknown number.
 */
export async function caseReadScope(q: Kysely<DB> | Transaction<DB>, number: string): Promise<(CaseScope & { applicationId: number }) | undefined> {
  const app = await q
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .select(['a.id', 'a.unit_id', 'a.active_unit_ids', 'a.assigned_official_id', 'a.jurisdiction_id', 'p.stages'])
    .where('a.number', '=', number)
    .executeTakeFirst();
  if (!app) return undefined;
  const stageCodes = [...new Set(app.stages.map((s) => s.unit_code).filter((c): c is string => Boolean(c)))];
  const [owners, consulted] = await Promise.all([
    stageCodes.length
      ? q.selectFrom('unit').select('id').where('jurisdiction_id', '=', app.jurisdiction_id).where('code', 'in', stageCodes).execute()
      : Promise.resolve([]),
    q
      .selectFrom('event')
      .select(sql<number>`(private_data->>'unit_id')::int`.as('unit_id'))
      .where('application_id', '=', app.id)
      .where('type', '=', 'consultation_requested')
      .execute(),
  ]);
  const involved = new Set([...app.active_unit_ids, ...owners.map((u) => u.id), ...consulted.map((c) => c.unit_id)]);
  return { applicationId: app.id, unitId: app.unit_id, activeUnitIds: [...involved], assigneeId: app.assigned_official_id };
}

/** The id of the application with a public number, or undefined. */
export async function applicationIdByNumber(q: Kysely<DB> | Transaction<DB>, number: string): Promise<number | undefined> {
  return (await q.selectFrom('application').select('id').where('number', '=', number).executeTakeFirst())?.id;
}

/** The current version of a procedure with its jurisdiction, by the jurisdiction's code and the procedure's. */
export async function currentProcedure(q: Kysely<DB> | Transaction<DB>, jurisdictionCode: string, procedureCode: string) {
  const procedure = await q
    .selectFrom('procedure as p')
    .innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
    .selectAll('p')
    .where('j.code', '=', jurisdictionCode)
    .where('p.code', '=', procedureCode)
    .where('p.is_current', '=', true)
    .executeTakeFirst();
  if (!procedure) return undefined;
  const jurisdiction = await q.selectFrom('jurisdiction').selectAll().where('id', '=', procedure.jurisdiction_id).executeTakeFirstOrThrow();
  return { procedure, jurisdiction };
}

/** Inserts a new application and its private part (the applicant's data), returning the application's row. */
export async function insertApplication(
  trx: Transaction<DB>,
  application: Insertable<DB['application']>,
  applicant: Omit<Insertable<DB['application_private']>, 'application_id'>,
): Promise<ApplicationRow> {
  const row = await trx.insertInto('application').values(application).returningAll().executeTakeFirstOrThrow();
  await trx.insertInto('application_private').values({ ...applicant, application_id: row.id }).execute();
  return row;
}
