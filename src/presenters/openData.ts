import { bldsDate, bldsStatus } from '../domain/blds.js';
import type { EventType, Status } from '../domain/types.js';
import { CLOSED_STATUSES } from '../domain/types.js';
import { evolve, initialState, type CaseState } from '../domain/workflow.js';
import type { ExportEvent, ProcedureFacts } from '../db/repos/openData.js';
import { presentEvent, type PublicEvent } from './public.js';

/**
 * The open-data presenter: the rows of every bulk file (the register's applications and events) and of BLDS's
 * three files (core permits, status changes, inspections), folded from an application's public events one at a
 * time. It never receives anything but public events and catalogue facts, so no personal field can reach a file.
 * Every row is derived from the events alone, so anyone can recompute the applications from the events file, and
 * the events file from the transparency log.
 */

/** The files a build writes, per kind: which columns, and whether BLDS names them. */
export const FILE_KINDS = ['applications', 'events', 'blds-permits', 'blds-status-changes', 'blds-inspections'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** Each kind's columns, in order; the data dictionary describes every one (`opendata.column.<name>`). */
export const COLUMNS: Record<FileKind, readonly string[]> = {
  applications: [
    'number', 'jurisdiction_id', 'jurisdiction_code', 'procedure_code', 'procedure_version', 'procedure_name_ko', 'procedure_name_en', 'category',
    'unit_code', 'title', 'address', 'parcel_id', 'lat', 'lng', 'channel', 'status', 'received_at', 'closed_at', 'active_stages', 'fields',
    'event_count', 'first_log_index', 'last_log_index',
  ],
  events: ['application', 'seq', 'type', 'occurred_at', 'recorded_at', 'actor', 'data', 'log_index'],
  'blds-permits': [
    'PermitNum', 'Description', 'AppliedDate', 'IssuedDate', 'CompletedDate', 'StatusCurrent', 'StatusCurrentMapped', 'StatusDate',
    'OriginalAddress1', 'OriginalAddress2', 'OriginalCity', 'OriginalState', 'OriginalZip', 'Jurisdiction', 'PermitClass', 'PermitClassMapped',
    'PermitType', 'PermitTypeMapped', 'PermitTypeDesc', 'WorkClass', 'WorkClassMapped', 'ProjectName', 'Link', 'Latitude', 'Longitude', 'PIN', 'Fee',
    'Stage', 'StageStatus', 'ExtraFields',
  ],
  'blds-status-changes': [
    'PermitNum', 'StatusPrevious', 'StatusPreviousDate', 'StatusPreviousMapped', 'StatusCurrent', 'StatusCurrentMapped', 'StatusDate', 'Comments',
    'Stage', 'StageStatus', 'LogIndex',
  ],
  'blds-inspections': ['PermitNum', 'InspType', 'InspTypeMapped', 'Result', 'ResultMapped', 'ScheduledDate', 'InspectedDate', 'InspectionNotes', 'LogIndex'],
};

/** A cell of an open-data row: JSON keeps its type, CSV writes it as text. */
export type Cell = string | number | boolean | null | Record<string, unknown>;
export type Row = Record<string, Cell>;

/** What an application's rows need besides its events: its number, jurisdiction and procedure version. */
export interface ApplicationFacts extends ProcedureFacts {
  number: string;
  /** The procedure's BLDS class and type (the administrator's mapping, or its category's). */
  permitKind: { permitClass: string; permitType: string };
  /** Where the public page of an application is: `${publicUrl}/applications/`. */
  linkBase: string;
}

/** The rows one event adds, per kind. */
export interface EventRows {
  event: PublicEvent;
  statusChange?: Row;
  inspection?: Row;
}

/**
 * Folds one application's events, in order, into its rows: `add` gives each event's rows at once (so nothing but the
 * current state is held), `finish` the application's and its permit's rows.
 */
export class ApplicationFold {
  private state: CaseState | null = null;
  private received: PublicEvent | null = null;
  private statusSince = '';
  private closedAt: string | null = null;
  private unitCode: string | null = null;
  private count = 0;
  private firstIndex: number | null = null;
  private lastIndex: number | null = null;
  private lastType = '';

  constructor(private readonly facts: ApplicationFacts) {}

  add(e: ExportEvent): EventRows {
    const tz = this.facts.jurisdiction.time_zone;
    const event = presentEvent(this.facts.number, e, tz);
    this.count++;
    this.firstIndex ??= e.log_index;
    this.lastIndex = e.log_index;
    const before = this.state;
    const fact = { seq: e.seq, type: e.type as EventType, occurredAt: event.occurred_at, officialId: null, data: e.data as Record<string, unknown> };
    if (!this.state) {
      this.state = initialState(this.facts.procedure.stages, event.occurred_at);
      this.received = event;
      this.statusSince = event.occurred_at;
      const unit = (e.data as { unit?: { code?: string } }).unit;
      this.unitCode = unit?.code ?? null;
    } else {
      this.state = evolve(this.state, fact);
    }
    if (e.type === 'transferred' && typeof e.data.to_unit === 'string') this.unitCode = e.data.to_unit;
    this.lastType = e.type;
    const rows: EventRows = { event };
    const stageKey = typeof e.data.stage === 'string' ? e.data.stage : null;
    const stageAfter = stageKey ? this.state.stages.find((s) => s.key === stageKey) : undefined;
    const stageBefore = stageKey && before ? before.stages.find((s) => s.key === stageKey) : undefined;
    const statusChanged = before !== null && before.status !== this.state.status;
    const stageChanged = stageAfter !== undefined && stageBefore !== undefined && stageAfter.status !== stageBefore.status;
    if (before === null || statusChanged || stageChanged) {
      const previous = before?.status ?? null;
      rows.statusChange = {
        PermitNum: this.facts.number,
        StatusPrevious: previous ?? '',
        StatusPreviousDate: previous ? bldsDate(this.statusSince) : '',
        StatusPreviousMapped: previous ? bldsStatus(previous) : '',
        StatusCurrent: this.state.status,
        StatusCurrentMapped: bldsStatus(this.state.status, e.type === 'site_inspection'),
        StatusDate: bldsDate(event.occurred_at),
        Comments: e.type,
        Stage: stageAfter ? this.stageName(stageAfter.key) : '',
        StageStatus: stageAfter?.status ?? '',
        LogIndex: e.log_index,
      };
      if (statusChanged) this.statusSince = event.occurred_at;
    }
    if (statusChanged && CLOSED_STATUSES.includes(this.state.status)) this.closedAt = event.occurred_at;
    if (e.type === 'site_inspection') {
      rows.inspection = {
        PermitNum: this.facts.number,
        InspType: stageKey ? this.stageName(stageKey) : '',
        InspTypeMapped: 'Site Inspection',
        Result: '',
        ResultMapped: '',
        ScheduledDate: '',
        InspectedDate: bldsDate(event.occurred_at),
        InspectionNotes: typeof e.data.note === 'string' ? e.data.note : '',
        LogIndex: e.log_index,
      };
    }
    return rows;
  }

  private stageName(key: string): string {
    return this.facts.procedure.stages.find((s) => s.key === key)?.name.en ?? key;
  }

  /** The application's row and its BLDS permit row, or null when no event was added. */
  finish(): { application: Row; permit: Row } | null {
    const state = this.state;
    const received = this.received;
    if (!state || !received) return null;
    const data = received.data as { title?: string; location?: { address?: string; parcel_id?: string; lat?: number; lng?: number }; channel?: string; fields?: Record<string, string> };
    const f = this.facts;
    const active = state.stages.filter((s) => s.status === 'active');
    const status: Status = state.status;
    const title = data.title ?? '';
    const address = data.location?.address ?? '';
    const parcelId = data.location?.parcel_id ?? null;
    const lat = data.location?.lat ?? null;
    const lng = data.location?.lng ?? null;
    const application: Row = {
      number: f.number,
      jurisdiction_id: f.jurisdiction.id,
      jurisdiction_code: f.jurisdiction.code,
      procedure_code: f.procedure.code,
      procedure_version: f.procedure.version,
      procedure_name_ko: f.procedure.name.ko,
      procedure_name_en: f.procedure.name.en,
      category: f.procedure.category,
      unit_code: this.unitCode,
      title,
      address,
      parcel_id: parcelId,
      lat,
      lng,
      channel: data.channel ?? '',
      status,
      received_at: received.occurred_at,
      closed_at: this.closedAt,
      active_stages: active.map((s) => s.key).join(' '),
      fields: data.fields ?? {},
      event_count: this.count,
      first_log_index: this.firstIndex,
      last_log_index: this.lastIndex,
    };
    const kind = f.permitKind;
    const issued = status === 'approved' || status === 'approved_with_conditions';
    const current = active[0] ?? [...state.stages].reverse().find((s) => s.status === 'done');
    const permit: Row = {
      PermitNum: f.number,
      Description: title,
      AppliedDate: bldsDate(received.occurred_at),
      IssuedDate: issued ? bldsDate(this.closedAt) : '',
      CompletedDate: bldsDate(this.closedAt),
      StatusCurrent: status,
      StatusCurrentMapped: bldsStatus(status, this.lastType === 'site_inspection'),
      StatusDate: bldsDate(this.statusSince),
      OriginalAddress1: address,
      OriginalAddress2: '',
      OriginalCity: f.jurisdiction.name.en,
      OriginalState: '',
      OriginalZip: '',
      Jurisdiction: f.jurisdiction.name.en,
      PermitClass: f.procedure.category,
      PermitClassMapped: kind.permitClass,
      PermitType: f.procedure.code,
      PermitTypeMapped: kind.permitType,
      PermitTypeDesc: f.procedure.name.en,
      WorkClass: '',
      WorkClassMapped: '',
      ProjectName: title,
      Link: `${f.linkBase}${f.number}`,
      Latitude: lat,
      Longitude: lng,
      PIN: parcelId,
      Fee: f.procedure.fee_krw,
      Stage: current ? this.stageName(current.key) : '',
      StageStatus: CLOSED_STATUSES.includes(status) ? 'closed' : (current?.status ?? 'pending'),
      ExtraFields: data.fields ?? {},
    };
    return { application, permit };
  }
}

/** An event's row in the bulk events file: the public event exactly as the API serves it. */
export function eventRow(e: PublicEvent): Row {
  return {
    application: e.application,
    seq: e.seq,
    type: e.type,
    occurred_at: e.occurred_at,
    recorded_at: e.recorded_at,
    actor: e.actor as Record<string, unknown> | null,
    data: e.data as Record<string, unknown>,
    log_index: e.log?.index ?? null,
  };
}
