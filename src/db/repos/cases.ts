import { sql, type Kysely, type Transaction } from 'kysely';
import { decide, replay, type CaseState, type EventFact } from '../../domain/workflow.js';
import type { EventType, ProcedureStage } from '../../domain/types.js';
import { notFound } from '../../errors.js';
import type { ApplicationRow, DB, Jurisdiction, ProcedureRow, PublicActor } from '../schema.js';

/** Everything a command needs about one application, loaded under a row lock. */
export interface LockedCase {
  app: ApplicationRow;
  procedure: ProcedureRow;
  jurisdiction: Jurisdiction;
  state: CaseState;
}

/** Locks the application row (serialising writers of the same case) and replays its events. */
export async function loadCaseForUpdate(trx: Transaction<DB>, number: string): Promise<LockedCase> {
  const app = await trx.selectFrom('application').selectAll().where('number', '=', number).forUpdate().executeTakeFirst();
  if (!app) throw notFound('error.application_not_found');
  const [procedure, jurisdiction, events] = await Promise.all([
    trx.selectFrom('procedure').selectAll().where('id', '=', app.procedure_id).executeTakeFirstOrThrow(),
    trx.selectFrom('jurisdiction').selectAll().where('id', '=', app.jurisdiction_id).executeTakeFirstOrThrow(),
    trx
      .selectFrom('event')
      .select(['seq', 'type', 'occurred_at', 'actor_official_id', 'data', 'private_data'])
      .where('application_id', '=', app.id)
      .orderBy('seq')
      .execute(),
  ]);
  const facts: EventFact[] = events.map((e) => ({
    seq: e.seq,
    type: e.type as EventType,
    occurredAt: e.occurred_at.toISOString(),
    officialId: e.actor_official_id,
    data: { ...e.private_data, ...e.data },
  }));
  return { app, procedure, jurisdiction, state: replay(procedure.stages, facts) };
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

/**
 * Appends one event with its transparency-log index. Call it as the command's last write: the log counter's row
 * lock is held until commit, and every appender in the database waits for it. The unique (application, seq) key
 * turns a lost race into an error, never a fork.
 */
export async function appendEvent(trx: Transaction<DB>, e: AppendEvent): Promise<{ logIndex: number }> {
  const { next_index: next } = await trx
    .updateTable('log_sequence')
    .set({ next_index: sql`next_index + 1` })
    .returning('next_index')
    .executeTakeFirstOrThrow();
  const logIndex = next - 1;
  await trx
    .insertInto('event')
    .values({
      jurisdiction_id: e.jurisdictionId,
      application_id: e.applicationId,
      seq: e.seq,
      type: e.type,
      occurred_at: e.occurredAt,
      recorded_at: e.recordedAt,
      actor_official_id: e.actorOfficialId,
      actor: JSON.stringify(e.actor),
      data: JSON.stringify(e.data),
      private_data: JSON.stringify(e.privateData ?? {}),
      log_index: logIndex,
    })
    .execute();
  return { logIndex };
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
  const open = !['approved', 'approved_with_conditions', 'rejected', 'withdrawn'].includes(state.status);
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

function mayStart(state: CaseState, key: string, stages: readonly ProcedureStage[]): boolean {
  try {
    decide({ ...state, lastOccurredAt: null }, { type: 'stage_started', stage: key }, new Date(0).toISOString(), stages);
    return true;
  } catch {
    return false;
  }
}

/** Writes the read model row from a replayed state. */
export async function saveCaseProjection(
  trx: Transaction<DB>,
  applicationId: number,
  state: CaseState,
  activeUnitIds: number[],
  closedAt: Date | null,
): Promise<void> {
  await trx
    .updateTable('application')
    .set({
      status: state.status,
      stages: JSON.stringify(state.stages),
      assigned_official_id: state.assigneeId,
      active_unit_ids: activeUnitIds,
      last_seq: state.lastSeq,
      closed_at: closedAt,
      updated_at: new Date(),
    })
    .where('id', '=', applicationId)
    .execute();
}

/** Map of unit code to id within a jurisdiction. */
export async function unitIdsByCode(db: Kysely<DB> | Transaction<DB>, jurisdictionId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('unit').select(['id', 'code']).where('jurisdiction_id', '=', jurisdictionId).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Seq → consulted unit id for a case's consultation requests (kept in the events' private data). */
export async function consultedUnits(trx: Transaction<DB>, applicationId: number): Promise<Map<number, number>> {
  const rows = await trx
    .selectFrom('event')
    .select(['seq', sql<number>`(private_data->>'unit_id')::int`.as('unit_id')])
    .where('application_id', '=', applicationId)
    .where('type', '=', 'consultation_requested')
    .execute();
  return new Map(rows.map((r) => [r.seq, r.unit_id]));
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
