import type { PublicEventData } from '../domain/events.js';
import type { ApplicationClock } from '../domain/clock.js';
import { stagePlan, type StagePlan } from '../domain/stagePlan.js';
import { toRfc3339 } from '../domain/time.js';
import type { CatalogueRow, PublicCaseRow, PublicEventRow, RegisterRow } from '../db/repos/publicRead.js';
import type { PublicActor } from '../db/schema.js';

/**
 * The public presenter: the only way application data reaches a public page, the public API, an export or
 * the transparency log. It receives rows that carry no personal data and shapes them per the published API.
 */

export interface PublicEvent {
  application: string;
  seq: number;
  type: string;
  occurred_at: string;
  recorded_at: string;
  actor: PublicActor | null;
  data: PublicEventData;
  /** Position in the transparency log once sequenced; not part of the hashed entry. */
  log: { index: number } | null;
}

/**
 * One event's public form. Deterministic: it depends only on the stored event and the jurisdiction's time
 * zone, so the same event always serialises to the same JSON, which the transparency log hashes.
 */
export function presentEvent(number: string, e: PublicEventRow, timeZone: string): PublicEvent {
  return {
    application: number,
    seq: e.seq,
    type: e.type,
    occurred_at: toRfc3339(e.occurred_at, timeZone),
    recorded_at: toRfc3339(e.recorded_at, timeZone),
    actor: e.actor,
    data: e.data,
    log: e.log_index === null ? null : { index: e.log_index },
  };
}

export interface PublicStage {
  key: string;
  name: { ko: string; en: string };
  unit: string | null;
  expected_days: number;
  /** What `expected_days` counts; working days when absent. */
  period_unit?: import('../domain/types.js').PeriodUnitName;
  parallel: boolean;
  status: string;
  started_at: string | null;
  completed_at: string | null;
  /** Who last acted on the stage, as published in its events. */
  actor: PublicActor | null;
}

export interface PublicApplication {
  number: string;
  jurisdiction: { id: string; code: string; name: { ko: string; en: string } };
  procedure: { code: string; version: number; name: { ko: string; en: string }; category: string; statutory_days: number };
  unit: { code: string; name: { ko: string; en: string } };
  title: string;
  location: { address: string; parcel_id: string | null; lat: number | null; lng: number | null };
  channel: string;
  status: string;
  received_at: string;
  closed_at: string | null;
  /** The project's public details as filed, with the procedure's labels. */
  details: { key: string; label: { ko: string; en: string }; value: string }[];
  stages: PublicStage[];
  /**
   * The deadlines, computed on read from the events and the jurisdiction's calendar: per stage and overall, the due
   * date, state and each date's calculation. Not part of any event, so not hashed into the log. Null when the
   * caller did not compute it.
   */
  clock: ApplicationClock | null;
  /**
   * How the stages stand against their plan (`domain/stagePlan`): pending stages whose expected start has passed (late
   * to start, or waiting for a late earlier stage) and open stages planned to end after the application's due date.
   * Null without a clock.
   */
  plan: {
    starts: { stage: string; kind: 'expected' | 'late' | 'waiting'; at: string; waiting_for: string[] }[];
    beyond_due: { stage: string; due_at: string }[];
  } | null;
  events: PublicEvent[];
}

/** Events about a stage that do not make their actor the one handling it. */
const NOT_HANDLING = new Set(['deadline_extended', 'deadline_passed', 'inquiry_opened', 'inquiry_answered', 'inquiry_redacted', 'transferred']);

/** The public record of one application, as `GET /api/v1/applications/{number}` serves it. */
export function presentApplication(c: PublicCaseRow, clock: ApplicationClock | null = null): PublicApplication {
  const tz = c.jurisdiction.time_zone;
  const events = c.events.map((e) => presentEvent(c.number, e, tz));
  const lastActor = new Map<string, PublicActor | null>();
  for (const e of c.events) {
    const stage = e.data.stage;
    // The stage's official is whoever worked it; a supervisor extending its deadline or the clock marking it late
    // is not handling it.
    if (typeof stage === 'string' && e.actor?.kind !== 'applicant' && !NOT_HANDLING.has(e.type)) lastActor.set(stage, e.actor);
  }
  return {
    number: c.number,
    jurisdiction: { id: c.jurisdiction.id, code: c.jurisdiction.code, name: c.jurisdiction.name },
    procedure: {
      code: c.procedure.code,
      version: c.procedure.version,
      name: c.procedure.name,
      category: c.procedure.category,
      statutory_days: c.procedure.statutory_days,
    },
    unit: c.unit,
    title: c.title,
    location: { address: c.address, parcel_id: c.parcel_id, lat: c.lat, lng: c.lng },
    channel: c.channel,
    status: c.status,
    received_at: toRfc3339(c.received_at, tz),
    closed_at: c.closed_at ? toRfc3339(c.closed_at, tz) : null,
    details: publicDetails(c),
    stages: c.procedure.stages.map((def, i) => {
      const s = c.stages[i];
      return {
        key: def.key,
        name: def.name,
        unit: def.unit_code,
        expected_days: def.days,
        ...(def.period_unit ? { period_unit: def.period_unit } : {}),
        parallel: def.parallel,
        status: s?.status ?? 'pending',
        started_at: s?.started_at ? toRfc3339(s.started_at, tz) : null,
        completed_at: s?.completed_at ? toRfc3339(s.completed_at, tz) : null,
        // A stage not started has nobody handling it yet, whoever has written about it.
        actor: (s?.status ?? 'pending') === 'pending' ? null : lastActor.get(def.key) ?? null,
      };
    }),
    clock,
    plan: clock ? presentPlan(stagePlan(clock, c.procedure.stages)) : null,
    events,
  };
}

function presentPlan(plan: StagePlan): NonNullable<PublicApplication['plan']> {
  return {
    starts: [...plan.starts].map(([stage, s]) => ({ stage, kind: s.kind, at: s.at, waiting_for: s.kind === 'waiting' ? s.waitingFor : [] })),
    beyond_due: plan.beyondDue,
  };
}

/** Public fields from the received event, labelled; fields the procedure marks private never get here. */
function publicDetails(c: PublicCaseRow): PublicApplication['details'] {
  const received = c.events.find((e) => e.type === 'received');
  const fields = (received?.data.fields ?? {}) as Record<string, unknown>;
  return c.procedure.fields
    .filter((f) => f.public && typeof fields[f.key] === 'string')
    .map((f) => ({ key: f.key, label: f.label, value: String(fields[f.key]) }));
}

export interface PublicRegisterEntry {
  number: string;
  title: string;
  address: string;
  status: string;
  received_at: string;
  closed_at: string | null;
  procedure: { code: string; name: { ko: string; en: string } };
  unit: { code: string; name: { ko: string; en: string } };
}

/** One row of the public register. */
export function presentRegisterRow(r: RegisterRow): PublicRegisterEntry {
  return {
    number: r.number,
    title: r.title,
    address: r.address,
    status: r.status,
    received_at: toRfc3339(r.received_at, r.time_zone),
    closed_at: r.closed_at ? toRfc3339(r.closed_at, r.time_zone) : null,
    procedure: { code: r.procedure_code, name: r.procedure_name },
    unit: { code: r.unit_code, name: r.unit_name },
  };
}

/** A procedure as the public catalogue and `GET /api/v1/procedures` describe it. */
export function presentProcedure(p: CatalogueRow) {
  return {
    code: p.code,
    version: p.version,
    jurisdiction: { code: p.jurisdiction.code, name: p.jurisdiction.name },
    name: p.name,
    category: p.category,
    purpose: p.purpose,
    legal_basis: p.legal_basis,
    fee_krw: p.fee_krw,
    statutory_days: p.statutory_days,
    unit: p.unit,
    documents: p.documents,
    fields: p.fields.map((f) => ({ key: f.key, label: f.label, type: f.type, required: f.required, public: f.public })),
    stages: p.stages.map((s) => ({ key: s.key, name: s.name, unit: s.unit_code, expected_days: s.days, ...(s.period_unit ? { period_unit: s.period_unit } : {}), parallel: s.parallel })),
  };
}

/** Encodes a keyset cursor from a register row. */
export function encodeCursor(r: { received_at: Date; id: number }): string {
  return Buffer.from(`${r.received_at.toISOString()}|${r.id}`).toString('base64url');
}

/** Decodes a keyset cursor; null when malformed. */
export function decodeCursor(cursor: string): { receivedAt: Date; id: number } | null {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const receivedAt = new Date(at ?? '');
  const n = Number(id);
  if (Number.isNaN(receivedAt.getTime()) || !Number.isSafeInteger(n)) return null;
  return { receivedAt, id: n };
}
