/**
 * The second half of `npm run log:audit`: every application's stored row against its events. The log audit proves
 * the events are the ones the log committed to; this proves the row the public register, the queues and the
 * statistics read is what those events say, so a status changed by hand in the database is named, not served.
 */
import type { Db } from '../db/types.js';
import { expectedProjection, projectionContexts, readProjectionPage, type ExpectedProjection, type StoredProjection } from '../db/repos/projections.js';

/** One field of one application whose stored value differs from what its events say. */
export interface ProjectionFinding {
  application: string;
  /** The column, or `events` when the history cannot be replayed at all. */
  field: keyof ExpectedProjection | 'events';
  stored: string;
  replayed: string;
}

export interface ProjectionAudit {
  /** Applications checked. */
  applications: number;
  /** Every mismatch found (also those beyond `findings`). */
  mismatches: number;
  /** The first mismatches found, at most `maxFindings`. */
  findings: ProjectionFinding[];
}

/** Applications read per page. */
export const PROJECTION_PAGE = 500;

/**
 * Replays every application's events and compares the result with its stored row, a page of applications at a
 * time (keyset by id), so memory stays flat however many there are. Never throws for what it finds.
 */
export async function auditProjections(
  db: Db,
  options: { pageSize?: number; maxFindings?: number; progress?: (line: string) => void } = {},
): Promise<ProjectionAudit> {
  const pageSize = options.pageSize ?? PROJECTION_PAGE;
  const maxFindings = options.maxFindings ?? 10_000;
  const contextOf = projectionContexts(db);
  const audit: ProjectionAudit = { applications: 0, mismatches: 0, findings: [] };
  let afterId = 0;
  for (let page = 1; ; page++) {
    const cases = await readProjectionPage(db, afterId, pageSize);
    if (cases.length === 0) break;
    for (const { app, events } of cases) {
      for (const finding of compareCase(app, events, await contextOf(app))) {
        audit.mismatches++;
        if (audit.findings.length < maxFindings) audit.findings.push(finding);
      }
    }
    audit.applications += cases.length;
    afterId = cases[cases.length - 1]!.app.id;
    if (page % 100 === 0) options.progress?.(`audit: ${audit.applications} applications replayed`);
  }
  options.progress?.(`audit: ${audit.applications} applications replayed`);
  return audit;
}

function compareCase(app: StoredProjection, events: Parameters<typeof expectedProjection>[0], context: Parameters<typeof expectedProjection>[1]): ProjectionFinding[] {
  let expected: ExpectedProjection;
  try {
    expected = expectedProjection(events, context);
  } catch (error) {
    return [{ application: app.number, field: 'events', stored: `${events.length} events`, replayed: (error as Error).message }];
  }
  const stored: ExpectedProjection = {
    status: app.status,
    stages: app.stages,
    assigned_official_id: app.assigned_official_id,
    active_unit_ids: app.active_unit_ids,
    closed_at: app.closed_at?.toISOString() ?? null,
    last_seq: app.last_seq,
    unit_id: app.unit_id,
    transfer_count: app.transfer_count,
    escalated_at: app.escalated_at?.toISOString() ?? null,
    procedure_code: app.procedure_code,
    title: app.title,
    address: app.address,
    parcel_id: app.parcel_id,
    lat: app.lat,
    lng: app.lng,
    channel: app.channel,
    received_at: app.received_at.toISOString(),
  };
  const findings: ProjectionFinding[] = [];
  for (const field of Object.keys(expected) as (keyof ExpectedProjection)[]) {
    const [a, b] = [comparable(field, stored[field]), comparable(field, expected[field])];
    if (a !== b) findings.push({ application: app.number, field, stored: a, replayed: b });
  }
  return findings;
}

/** A field's value as text that is equal exactly when the values mean the same. */
function comparable(field: keyof ExpectedProjection, value: unknown): string {
  if (field === 'active_unit_ids') return JSON.stringify([...(value as number[])].sort((x, y) => x - y));
  if (field === 'stages') {
    // The same instants however they were written; keys in one order.
    const at = (v: string | null) => (v === null ? null : new Date(v).toISOString());
    return JSON.stringify(
      (value as { key: string; status: string; started_at: string | null; completed_at: string | null; official_id: number | null }[]).map((s) => ({
        key: s.key,
        status: s.status,
        started_at: at(s.started_at ?? null),
        completed_at: at(s.completed_at ?? null),
        official_id: s.official_id ?? null,
      })),
    );
  }
  return value === null || value === undefined ? 'null' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** A finding as a line for people. */
export function formatProjectionFinding(f: ProjectionFinding): string {
  if (f.field === 'events') return `PROJECTION: ${f.application}: its events cannot be replayed (${f.replayed}; ${f.stored})`;
  return `PROJECTION: ${f.application} ${f.field}: stored ${f.stored}, its events say ${f.replayed}`;
}
