import { sql, type Kysely } from 'kysely';
import type { EventType, ProcedureStage, StageState } from '../../domain/types.js';
import { evolve, initialState, isClosed, type CaseState, type EventFact } from '../../domain/workflow.js';
import type { DB } from '../schema.js';
import { activeUnits } from './cases.js';

/**
 * The `application` row as its events say it must be: the projection the commands store (`appendEvent`'s projection),
 * recomputed by folding the events through the same workflow (`evolve`), plus what was filed with the `received`
 * event. `npm run log:audit` compares it with the stored row, so a status or stage changed in the database
 * behind the application's back is found even though the event log itself is intact.
 *
 * Not compared: `next_due_at` and `overdue_since`, which also depend on the calendar and the time they were
 * computed (the overdue scan refreshes them), and `updated_at`.
 */
export interface ExpectedProjection {
  status: string;
  stages: StageState[];
  assigned_official_id: number | null;
  active_unit_ids: number[];
  /** When the act that closed the case happened, or null while it is open (RFC 3339). */
  closed_at: string | null;
  last_seq: number;
  unit_id: number;
  transfer_count: number;
  escalated_at: string | null;
  procedure_code: string;
  title: string;
  address: string;
  parcel_id: string | null;
  lat: number | null;
  lng: number | null;
  channel: string;
  received_at: string;
}

/** One event as the audit reads it: public and private data kept apart, as stored. */
export interface StoredEvent {
  seq: number;
  type: EventType;
  occurredAt: string;
  officialId: number | null;
  data: Record<string, unknown>;
  privateData: Record<string, unknown>;
}

/** What the replay needs besides the events: the procedure version's stages and unit, and the jurisdiction's units. */
export interface ProjectionContext {
  stages: readonly ProcedureStage[];
  procedureUnitId: number;
  unitIdByCode: ReadonlyMap<string, number>;
}

/**
 * Replays a case's events into the projection the commands would have stored. Throws when the history cannot be
 * replayed at all (no events, or not starting with `received`). Pure: the caller reads the rows.
 */
export function expectedProjection(events: readonly StoredEvent[], context: ProjectionContext): ExpectedProjection {
  const first = events[0];
  if (!first || first.type !== 'received') throw new Error('the history does not start with a received event');
  if (events.some((e, i) => e.seq !== i + 1)) throw new Error('the events are not numbered 1, 2, 3, … without gaps');
  let state: CaseState = initialState(context.stages, first.occurredAt);
  let closedAt: string | null = null;
  let unitId = context.procedureUnitId;
  let transferCount = 0;
  let escalatedAt: string | null = null;
  const consulted = new Map<number, number>();
  for (const e of events.slice(1)) {
    // As loadCase: the workflow reads public and private data merged (the assignee's id is private).
    const fact: EventFact = { seq: e.seq, type: e.type, occurredAt: e.occurredAt, officialId: e.officialId, data: { ...e.privateData, ...e.data } };
    const next = evolve(state, fact);
    if (next.status !== state.status && isClosed(next.status)) closedAt = e.occurredAt;
    if (e.type === 'consultation_requested' && typeof e.privateData.unit_id === 'number') consulted.set(e.seq, e.privateData.unit_id);
    if (e.type === 'transferred') {
      transferCount++;
      if (typeof e.privateData.unit_id === 'number') unitId = e.privateData.unit_id;
      if (e.data.escalated === true && escalatedAt === null) escalatedAt = e.occurredAt;
    }
    state = next;
  }
  const filed = first.data as { procedure?: { code?: string }; title?: string; location?: { address?: string; parcel_id?: string; lat?: number; lng?: number }; channel?: string };
  return {
    status: state.status,
    stages: state.stages,
    assigned_official_id: state.assigneeId,
    active_unit_ids: activeUnits(state, context.stages, unitId, context.unitIdByCode, consulted),
    closed_at: isClosed(state.status) ? closedAt : null,
    last_seq: state.lastSeq,
    unit_id: unitId,
    transfer_count: transferCount,
    escalated_at: escalatedAt,
    procedure_code: filed.procedure?.code ?? '',
    title: filed.title ?? '',
    address: filed.location?.address ?? '',
    parcel_id: filed.location?.parcel_id ?? null,
    lat: filed.location?.lat ?? null,
    lng: filed.location?.lng ?? null,
    channel: filed.channel ?? '',
    received_at: first.occurredAt,
  };
}

/** A stored application row with the fields the projection covers. */
export interface StoredProjection {
  id: number;
  number: string;
  jurisdiction_id: string;
  procedure_id: number;
  status: string;
  stages: StageState[];
  assigned_official_id: number | null;
  active_unit_ids: number[];
  closed_at: Date | null;
  last_seq: number;
  unit_id: number;
  transfer_count: number;
  escalated_at: Date | null;
  procedure_code: string;
  title: string;
  address: string;
  parcel_id: string | null;
  lat: number | null;
  lng: number | null;
  channel: string;
  received_at: Date;
}

/**
 * Reads applications after id `afterId` in id order, at most `limit`, each with its events: one page of a keyset
 * walk over every application, so an audit of millions of cases holds one page in memory.
 */
export async function readProjectionPage(
  db: Kysely<DB>,
  afterId: number,
  limit: number,
): Promise<{ app: StoredProjection; events: StoredEvent[] }[]> {
  const apps = await db
    .selectFrom('application')
    .select([
      'id', 'number', 'jurisdiction_id', 'procedure_id', 'status', 'stages', 'assigned_official_id', 'active_unit_ids', 'closed_at', 'last_seq',
      'unit_id', 'transfer_count', 'escalated_at', 'procedure_code', 'title', 'address', 'parcel_id', 'lat', 'lng', 'channel', 'received_at',
    ])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  if (apps.length === 0) return [];
  const ids = apps.map((a) => Number(a.id));
  const rows = await sql<{ application_id: number; seq: number; type: EventType; occurred_at: Date; actor_official_id: number | null; data: Record<string, unknown>; private_data: Record<string, unknown> }>`
    SELECT application_id, seq, type, occurred_at, actor_official_id, data, private_data
    FROM event WHERE application_id = ANY(${ids}::bigint[])
    ORDER BY application_id, seq`.execute(db);
  const byApp = new Map<number, StoredEvent[]>(ids.map((id) => [id, []]));
  for (const r of rows.rows) {
    byApp.get(Number(r.application_id))!.push({
      seq: r.seq,
      type: r.type,
      occurredAt: r.occurred_at.toISOString(),
      officialId: r.actor_official_id,
      data: r.data,
      privateData: r.private_data ?? {},
    });
  }
  return apps.map((a) => ({ app: { ...a, id: Number(a.id), stages: a.stages as StageState[] }, events: byApp.get(Number(a.id))! }));
}

/** The context of a case's replay, read once per procedure version and jurisdiction and kept for the walk. */
export function projectionContexts(db: Kysely<DB>) {
  const procedures = new Map<number, Promise<{ stages: ProcedureStage[]; unit_id: number }>>();
  const units = new Map<string, Promise<Map<string, number>>>();
  return async (app: { procedure_id: number; jurisdiction_id: string }): Promise<ProjectionContext> => {
    let procedure = procedures.get(app.procedure_id);
    if (!procedure) {
      procedure = db.selectFrom('procedure').select(['stages', 'unit_id']).where('id', '=', app.procedure_id).executeTakeFirstOrThrow();
      procedures.set(app.procedure_id, procedure);
    }
    let codes = units.get(app.jurisdiction_id);
    if (!codes) {
      codes = db
        .selectFrom('unit')
        .select(['id', 'code'])
        .where('jurisdiction_id', '=', app.jurisdiction_id)
        .execute()
        .then((rows) => new Map(rows.map((r) => [r.code, r.id])));
      units.set(app.jurisdiction_id, codes);
    }
    const [p, c] = await Promise.all([procedure, codes]);
    return { stages: p.stages, procedureUnitId: p.unit_id, unitIdByCode: c };
  };
}
