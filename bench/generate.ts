import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PGlite } from '@electric-sql/pglite';
import { activeUnits } from '../src/db/repos/cases.js';
import { approverName } from '../src/domain/acts.js';
import type { WorkingCalendar } from '../src/domain/calendar.js';
import { caseOutcome, OUTCOME_EVENT_TYPES } from '../src/domain/outcome.js';
import type { PublicActor } from '../src/domain/events.js';
import type { DecisionOutcome, EventType, ProcedureStage } from '../src/domain/types.js';
import { decide, evolve, initialState, isClosed, type Act, type CaseState } from '../src/domain/workflow.js';

/**
 * The benchmark's applications, their private rows and their events, made in this process and bulk-loaded with
 * `COPY` (streamed from STDIN into PostgreSQL, in bounded blobs into PGlite), with a progress bar on stderr.
 *
 * Every history is a legal path through the real workflow: the variants below are built from steps (assignment,
 * stages started and completed, site inspections, consultations asked and answered, supplements asked and sent,
 * delay reasons, deadline extensions, decisions, withdrawals), each checked with `decide` and folded with `evolve`
 * once per procedure, and the projection (`stages`, status, assignee, active units, closed time) is written from
 * that fold, so the public page, the register and `recordAct` (which replays the events) see consistent cases.
 * The full path is lengthened with repeated blocks of those steps until the mean number of events per application
 * is as close as it gets to the one asked for.
 */

export type Role = 'case' | 'consult' | 'applicant';

export interface Step {
  type: Exclude<EventType, 'received'>;
  stage?: 0 | 1 | 2 | 3;
  outcome?: DecisionOutcome;
  role: Role;
}

export interface Variant {
  steps: Step[];
  /** Share of applications, in percent. */
  weight: number;
}

/** What a procedure brings to its events and rows: ids, actors and public faces, words for titles. */
export interface GenProcedure {
  procedureId: number;
  code: string;
  version: number;
  name: { ko: string; en: string };
  unitId: number;
  unit: { code: string; name: { ko: string; en: string } };
  consultUnitId: number;
  consultUnit: { code: string; name: { ko: string; en: string } };
  stages: ProcedureStage[];
  days: number;
  caseOfficialId: number;
  consultOfficialId: number;
  clerkOfficialId: number;
  caseActor: PublicActor;
  consultActor: PublicActor;
  clerkActor: PublicActor;
  systemActor: PublicActor;
  objects: [string, string][];
  publicFields: Record<string, string>;
  weight: number;
}

export interface GenerateOptions {
  applications: number;
  eventsPerApplication: number;
  jurisdictionId: string;
  procedures: GenProcedure[];
  /** Every unit's id by code, for the active units of a case. */
  unitIds: ReadonlyMap<string, number>;
  /** The newest application is received a minute before this. */
  now: Date;
  /** Progress on stderr (a bar on a terminal, a line every tenth otherwise). */
  progress?: boolean;
  /**
   * The jurisdiction's calendar and its key (`calendarKey`): each decided case's outcome is stored with them in
   * `case_outcome`, as recording the decision does, so statistics find every outcome already computed.
   */
  outcomes?: { calendar: WorkingCalendar; calendarKey: string };
}

export interface GenerateResult {
  applications: number;
  events: number;
  /** The mean length of the histories chosen, before generation. */
  plannedEventsPerApplication: number;
  applicationsMs: number;
  privateMs: number;
  eventsMs: number;
  /** Decided cases whose outcome was stored, and the time it took. */
  outcomes: number;
  outcomesMs: number;
}

/** The path every complete case takes after `received`, before the repeated blocks are put in. */
const OPENING: Step[] = [
  { type: 'assigned', role: 'case' },
  { type: 'stage_started', stage: 0, role: 'case' },
  { type: 'stage_completed', stage: 0, role: 'case' },
  { type: 'stage_started', stage: 1, role: 'consult' },
  { type: 'stage_started', stage: 2, role: 'case' },
];
const CLOSING: Step[] = [
  { type: 'stage_completed', stage: 1, role: 'consult' },
  { type: 'stage_completed', stage: 2, role: 'case' },
  { type: 'stage_started', stage: 3, role: 'case' },
];

/** Work done while the consultation and the review run side by side, repeated to lengthen a history. */
const BLOCKS: Step[][] = [
  [{ type: 'site_inspection', stage: 2, role: 'case' }],
  [{ type: 'consultation_requested', stage: 2, role: 'case' }, { type: 'consultation_answered', stage: 2, role: 'consult' }],
  [{ type: 'supplement_requested', stage: 2, role: 'case' }, { type: 'supplement_received', stage: 2, role: 'applicant' }],
  [{ type: 'site_inspection', stage: 1, role: 'consult' }],
  [{ type: 'delay_reason_given', stage: 2, role: 'case' }],
  [{ type: 'deadline_extended', stage: 2, role: 'case' }],
];

function middle(blocks: number): Step[] {
  const out: Step[] = [];
  for (let i = 0; i < blocks; i++) out.push(...BLOCKS[i % BLOCKS.length]!);
  return out;
}

/** The act a step stands for, as the commands would receive it (the consultation answered is the latest asked). */
function actOfStep(step: Step, stages: readonly ProcedureStage[], caseOfficialId: number, state: CaseState): Act {
  const key = step.stage === undefined ? '' : stages[step.stage]!.key;
  switch (step.type) {
    case 'assigned':
      return { type: 'assigned', officialId: caseOfficialId };
    case 'stage_started':
    case 'stage_completed':
    case 'site_inspection':
      return { type: step.type, stage: key };
    case 'supplement_requested':
      return { type: 'supplement_requested', stage: key, message: SUPPLEMENT_MESSAGE };
    case 'supplement_received':
      return { type: 'supplement_received', documentCount: 1 };
    case 'consultation_requested':
      return { type: 'consultation_requested', stage: key, unitCode: 'X' };
    case 'consultation_answered':
      return { type: 'consultation_answered', stage: key, requestSeq: state.openConsultations[state.openConsultations.length - 1]?.seq ?? -1 };
    case 'delay_reason_given':
      return { type: 'delay_reason_given', stage: key, reason: DELAY_REASON };
    case 'deadline_extended':
      return { type: 'deadline_extended', stage: key, newDue: '2030-01-01', reason: EXTENSION_REASON };
    case 'decision':
      return step.outcome === 'rejected'
        ? { type: 'decision', outcome: 'rejected', reasons: REJECTION.reasons, redress: REJECTION.redress }
        : step.outcome === 'approved_with_conditions'
          ? { type: 'decision', outcome: 'approved_with_conditions', conditions: CONDITIONS }
          : { type: 'decision', outcome: 'approved' };
    case 'withdrawn':
      return { type: 'withdrawn' };
    default:
      throw new Error(`no act for ${step.type}`);
  }
}

const SUPPLEMENT_MESSAGE = 'Please send the revised drawings.';
const DELAY_REASON = 'Waiting for the structural engineer’s opinion.';
const EXTENSION_REASON = 'The consultation needs a site meeting.';
const CONDITIONS = 'Works only on weekdays 08:00-18:00.';
const REJECTION = { reasons: 'The site plan breaches the height limit.', redress: 'Administrative appeal within 90 days.' };

/** One step of a folded history: its event type, stage key, who acted, and the consultation it answers. */
interface FoldedStep {
  seq: number;
  step: Step;
  type: EventType;
  stageKey: string | null;
  officialId: number | null;
  requestSeq?: number;
}

export interface FoldedVariant {
  status: CaseState['status'];
  lastSeq: number;
  assignee: number | null;
  closed: boolean;
  state: CaseState;
  /** Per stage: key, status, the seq of its start and completion, its official. */
  stages: { key: string; status: string; s: number | null; c: number | null; official_id: number | null }[];
  steps: FoldedStep[];
  /** Consultation request seq → consulted unit, for the active units. */
  consulted: Map<number, number>;
}

const BASE = Date.UTC(2000, 0, 1);
const at = (seq: number) => new Date(BASE + seq * 1000).toISOString();
const seqOf = (iso: string | null) => (iso === null ? null : (Date.parse(iso) - BASE) / 1000);

/** Folds steps through the real workflow; throws if one is illegal. */
export function foldSteps(steps: readonly Step[], p: Pick<GenProcedure, 'stages' | 'caseOfficialId' | 'consultOfficialId' | 'consultUnitId'>): FoldedVariant {
  let state: CaseState = initialState(p.stages, at(1));
  const folded: FoldedStep[] = [];
  const consulted = new Map<number, number>();
  steps.forEach((step, i) => {
    const seq = i + 2;
    const officialId = step.role === 'case' ? p.caseOfficialId : step.role === 'consult' ? p.consultOfficialId : null;
    const act = actOfStep(step, p.stages, p.caseOfficialId, state);
    const decided = decide(state, act, at(seq), p.stages);
    const data: Record<string, unknown> = {};
    if (decided.stage) data.stage = decided.stage;
    if (act.type === 'assigned') data.assignee_id = act.officialId;
    if (act.type === 'decision') data.outcome = act.outcome;
    let requestSeq: number | undefined;
    if (act.type === 'consultation_answered') data.request_seq = requestSeq = act.requestSeq;
    if (act.type === 'consultation_requested') consulted.set(seq, p.consultUnitId);
    state = evolve(state, { seq, type: decided.type, occurredAt: at(seq), officialId, data });
    folded.push({ seq, step, type: decided.type, stageKey: decided.stage, officialId, ...(requestSeq === undefined ? {} : { requestSeq }) });
  });
  return {
    status: state.status,
    lastSeq: state.lastSeq,
    assignee: state.assigneeId,
    closed: isClosed(state.status),
    state,
    stages: state.stages.map((s) => ({ key: s.key, status: s.status, s: seqOf(s.started_at), c: seqOf(s.completed_at), official_id: s.official_id })),
    steps: folded,
    consulted,
  };
}

/** A procedure of the benchmark's shape (intake; a consultation and a review side by side; decision), for `cut`. */
const REFERENCE = {
  stages: [
    { key: 'a', name: { ko: 'a', en: 'a' }, unit_code: null, days: 1, parallel: false },
    { key: 'b', name: { ko: 'b', en: 'b' }, unit_code: 'X', days: 1, parallel: true },
    { key: 'c', name: { ko: 'c', en: 'c' }, unit_code: null, days: 1, parallel: true },
    { key: 'd', name: { ko: 'd', en: 'd' }, unit_code: null, days: 1, parallel: false },
  ] as ProcedureStage[],
  caseOfficialId: 1,
  consultOfficialId: 2,
  consultUnitId: 2,
};

/**
 * The prefix of `path` nearest `length` steps (shorter first) after which `next` may happen and no supplement is
 * left open.
 */
function cut(path: readonly Step[], length: number, next?: Step): Step[] {
  const target = Math.min(length, path.length);
  const lengths = [...Array.from({ length: target - 1 }, (_, i) => target - i), ...Array.from({ length: path.length - target }, (_, i) => target + 1 + i)];
  for (const n of lengths) {
    const prefix = path.slice(0, n);
    try {
      const f = foldSteps(next ? [...prefix, next] : prefix, REFERENCE);
      if (!next && f.state.openSupplement) continue;
      if (next?.type !== 'supplement_requested' && f.state.openSupplement) continue;
      return next ? [...prefix, next] : prefix;
    } catch {
      // not legal here: try a shorter prefix
    }
  }
  throw new Error('no legal prefix');
}

/** The histories for a full path lengthened by `blocks` repeated blocks; weights as a register's mix of statuses. */
export function variantsFor(blocks: number): Variant[] {
  const beforeDecision = [...OPENING, ...middle(blocks), ...CLOSING];
  const len = beforeDecision.length;
  const decision = (outcome: DecisionOutcome): Step => ({ type: 'decision', outcome, role: 'case' });
  const open = [0.15, 0.3, 0.45, 0.6, 0.75, 0.9, 1].map((f): Variant => ({ steps: cut(beforeDecision, Math.max(2, Math.round(f * len))), weight: 4 }));
  return [
    { steps: [], weight: 12 },
    ...open,
    { steps: cut(beforeDecision, Math.round(0.55 * len), { type: 'supplement_requested', stage: 2, role: 'case' }), weight: 8 },
    { steps: [...beforeDecision, decision('approved')], weight: 28 },
    { steps: [...beforeDecision, decision('approved_with_conditions')], weight: 8 },
    { steps: cut(beforeDecision, Math.round(0.5 * len), decision('rejected')), weight: 8 },
    { steps: cut(beforeDecision, Math.max(2, Math.round(0.2 * len)), { type: 'withdrawn', role: 'case' }), weight: 8 },
  ];
}

export function meanEvents(variants: readonly Variant[]): number {
  const total = variants.reduce((a, v) => a + v.weight, 0);
  return variants.reduce((a, v) => a + v.weight * (v.steps.length + 1), 0) / total;
}

/** The variants whose mean number of events per application is nearest `target`. */
export function variantsNear(target: number): Variant[] {
  let best = variantsFor(0);
  for (let blocks = 1; blocks <= 400; blocks++) {
    const v = variantsFor(blocks);
    if (Math.abs(meanEvents(v) - target) < Math.abs(meanEvents(best) - target)) best = v;
    if (meanEvents(v) > target) break;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Rows

/** Place names (Korean and English in step), adjectives, districts and streets for titles and addresses. */
const PLACES_KO = ['강남', '마포', '서초', '용산', '잠실', '한남', '반포', '성수', '망원', '연남', '합정', '이태원', '청담', '도곡', '대치', '문정', '상암', '여의도', '목동', '홍제'];
const PLACES_EN = ['Gangnam', 'Mapo', 'Seocho', 'Yongsan', 'Jamsil', 'Hannam', 'Banpo', 'Seongsu', 'Mangwon', 'Yeonnam', 'Hapjeong', 'Itaewon', 'Cheongdam', 'Dogok', 'Daechi', 'Munjeong', 'Sangam', 'Yeouido', 'Mokdong', 'Hongje'];
const ADJECTIVES = ['riverside', 'hillside', 'corner', 'garden', 'central', 'northern', 'southern', 'old town', 'lakeside', 'station', 'market', 'harbour', 'parkview', 'sunrise'];
const DISTRICTS = ['강남구', '마포구', '서초구', '용산구', '송파구', '종로구', '중구', '성동구', '영등포구', '양천구', '서대문구'];
const STREETS = ['테헤란로', '강남대로', '도산대로', '양화로', '세종대로', '올림픽로', '한강대로', '월드컵로', '성수이로', '동호로', '왕십리로', '국회대로', '목동로', '통일로'];
const CHANNELS = ['online', 'counter', 'post', 'api'] as const;
const CHANNEL_AT = [0.6, 0.85, 0.95, 1];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bucket(thresholds: readonly number[], r: number): number {
  for (let i = 0; i < thresholds.length; i++) if (r < thresholds[i]!) return i;
  return thresholds.length - 1;
}

function cumulative(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => (acc += w) / total);
}

/** COPY's text format: backslash, tab, newline and carriage return escaped; `\N` is NULL. */
const esc = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
const nul = (v: string | number | null | undefined) => (v === null || v === undefined ? '\\N' : typeof v === 'number' ? String(v) : esc(v));
const json = (v: unknown) => esc(JSON.stringify(v));

const DAY = 86_400_000;
const SEOUL = 9 * 3_600_000;

/** One application's facts, drawn in the same order on every pass so that the three tables agree. */
interface AppFacts {
  i: number;
  id: number;
  number: string;
  proc: number;
  variant: number;
  receivedMs: number;
  gapMs: number;
  title: string;
  address: string;
  parcel: string | null;
  lat: number | null;
  lng: number | null;
  channel: (typeof CHANNELS)[number];
}

function* applicationFacts(o: GenerateOptions, variants: readonly FoldedVariant[][], weights: readonly number[], firstId: number): Generator<AppFacts> {
  const rand = prng(424242);
  const procAt = cumulative(o.procedures.map((p) => p.weight));
  const varAt = cumulative(weights);
  const span = 548 * DAY;
  const start = Math.floor(o.now.getTime() / 1000) * 1000 - 60_000 - span;
  const perYear = new Map<number, number>();
  for (let i = 1; i <= o.applications; i++) {
    const receivedMs = Math.floor((start + (i - rand()) * (span / o.applications)) / 1000) * 1000;
    const proc = bucket(procAt, rand());
    const variant = bucket(varAt, rand());
    const p = o.procedures[proc]!;
    const v = variants[proc]![variant]!;
    const [rObj, rAdj, rDist, rStreet, rNo, rParcel, rGeo, rChan] = [rand(), rand(), rand(), rand(), rand(), rand(), rand(), rand()];
    const place = Math.floor(rand() * PLACES_KO.length);
    const year = new Date(receivedMs + SEOUL).getUTCFullYear();
    const serial = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, serial);
    const object = p.objects[Math.floor(rObj * p.objects.length)]!;
    const gapMs = Math.floor(Math.min(2 * DAY, (o.now.getTime() - 60_000 - receivedMs) / (v.lastSeq + 2)) / 1000) * 1000;
    yield {
      i,
      id: firstId + i - 1,
      number: `${year}-TS-${String(serial).padStart(7, '0')}`,
      proc,
      variant,
      receivedMs,
      gapMs,
      title: `${PLACES_KO[place]} ${object[0]} · ${PLACES_EN[place]} ${ADJECTIVES[Math.floor(rAdj * ADJECTIVES.length)]} ${object[1]}`,
      address: `서울특별시 ${DISTRICTS[Math.floor(rDist * DISTRICTS.length)]} ${STREETS[Math.floor(rStreet * STREETS.length)]} ${1 + Math.floor(rNo * 400)}`,
      parcel: rParcel < 0.7 ? `11${String(Math.floor(rParcel * 1e7)).padStart(8, '0')}-${100 + Math.floor(rNo * 899)}-0000` : null,
      lat: rGeo < 0.8 ? Math.round((37.45 + rGeo * 0.25) * 1e6) / 1e6 : null,
      lng: rGeo < 0.8 ? Math.round((126.85 + rNo * 0.3) * 1e6) / 1e6 : null,
      channel: CHANNELS[bucket(CHANNEL_AT, rChan)]!,
    };
  }
}

/** Progress on stderr: a bar redrawn on a terminal, a line per tenth otherwise. */
function progressBar(label: string, total: number, enabled: boolean) {
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  let lastTenth = -1;
  const draw = (done: number, final = false) => {
    if (!enabled) return;
    const now = performance.now();
    const fraction = total ? Math.min(1, done / total) : 1;
    const seconds = (now - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const text = `${label} ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${(fraction * 100).toFixed(0).padStart(3)}%  ${Math.round(rate).toLocaleString('en-US')}/s  ${final ? `${seconds.toFixed(1)} s` : `ETA ${eta.toFixed(0)} s`}`;
    if (tty) {
      if (!final && now - lastDraw < 200) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K${final ? '\n' : ''}`);
    } else {
      const tenth = Math.floor(fraction * 10);
      if (final ? lastTenth === 10 : tenth === lastTenth) return;
      lastTenth = tenth;
      process.stderr.write(`  ${text}\n`);
    }
  };
  return { update: (done: number) => draw(done), finish: (done: number) => draw(done, true) };
}

/**
 * What the generator needs of a database: a parameterised query, and a bulk load of text-format COPY rows
 * (tab-separated, newline-terminated) given as an iterable of chunks. PostgreSQL and PGlite each have one below.
 */
export interface BulkTarget {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  copy(table: string, columns: string[], chunks: Iterable<string>): Promise<void>;
}

/** A connected `pg.Client`: COPY … FROM STDIN, streamed chunk by chunk. */
export function postgresTarget(client: pg.Client): BulkTarget {
  return {
    query: async <R>(text: string, params?: unknown[]) => ({ rows: (await client.query(text, params)).rows as R[] }),
    copy: async (table, columns, chunks) => {
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(chunks, { objectMode: false }), stream);
    },
  };
}

/** PGlite's COPY reads one in-memory file per statement, so the rows are sent in blobs of at most this many bytes. */
const PGLITE_BLOB_BYTES = 16 * 2 ** 20;

/**
 * A PGlite instance: `COPY … FROM '/dev/blob'` once per blob of about 16 MB, so memory stays bounded however many
 * rows there are. Each blob is its own statement, as a COPY from STDIN would be one; the world is built before
 * anyone reads it, so a failure half-way leaves a folder that is thrown away anyway.
 */
export function pgliteTarget(pglite: PGlite): BulkTarget {
  return {
    query: async <R>(text: string, params?: unknown[]) => ({ rows: (await pglite.query<R>(text, params)).rows }),
    copy: async (table, columns, chunks) => {
      const statement = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`;
      let parts: string[] = [];
      let bytes = 0;
      const flush = async () => {
        if (!parts.length) return;
        await pglite.query(statement, [], { blob: new Blob(parts) });
        parts = [];
        bytes = 0;
      };
      for (const chunk of chunks) {
        parts.push(chunk);
        bytes += Buffer.byteLength(chunk);
        if (bytes >= PGLITE_BLOB_BYTES) await flush();
      }
      await flush();
    },
  };
}

function* batched(lines: Iterable<string>, size = 2000): Generator<string> {
  let buffer: string[] = [];
  for (const line of lines) {
    buffer.push(line);
    if (buffer.length >= size) {
      yield buffer.join('');
      buffer = [];
    }
  }
  if (buffer.length) yield buffer.join('');
}

/** Generates the applications, their private rows and their events into the connected client's schema. */
export async function generate(client: BulkTarget, o: GenerateOptions): Promise<GenerateResult> {
  const chosen = variantsNear(o.eventsPerApplication);
  const weights = chosen.map((v) => v.weight);
  const variants = o.procedures.map((p) => chosen.map((v) => foldSteps(v.steps, p)));
  const showProgress = o.progress ?? true;

  const ids = (await client.query<{ app: string; event: string; log: string }>(
    `SELECT (SELECT coalesce(max(id), 0) + 1 FROM application)::text AS app, (SELECT coalesce(max(id), 0) + 1 FROM event)::text AS event,
       (SELECT coalesce(max(log_index) + 1, 0) FROM event)::text AS log`,
  )).rows[0]!;
  const firstApp = Number(ids.app);
  const firstEvent = Number(ids.event);
  const firstLog = Number(ids.log ?? 0);

  // The rows are consistent by construction: foreign keys are not checked row by row (20 M lookups queued to the end
  // of the COPY would take longer than the COPY itself). Needs a superuser; without one they are checked.
  const unchecked = await client.query(`SET session_replication_role = replica`).then(() => true, () => false);

  // Per (procedure, variant): the projection's constant parts, serialised once.
  const projections = o.procedures.map((p, pi) =>
    variants[pi]!.map((v) => ({
      activeUnits: `{${activeUnits(v.state, p.stages, p.unitId, o.unitIds, v.consulted).join(',')}}`,
      assignee: nul(v.assignee),
    })),
  );
  const iso = (ms: number) => new Date(ms).toISOString();
  const atSeq = (f: AppFacts, seq: number) => f.receivedMs + (seq - 1) * f.gapMs;

  // Applications
  let t = performance.now();
  const appBar = progressBar('applications', o.applications, showProgress);
  const appLines = function* () {
    for (const f of applicationFacts(o, variants, weights, firstApp)) {
      const p = o.procedures[f.proc]!;
      const v = variants[f.proc]![f.variant]!;
      const pr = projections[f.proc]![f.variant]!;
      const stages = JSON.stringify(v.stages.map((s) => ({
        key: s.key, status: s.status,
        started_at: s.s === null ? null : iso(atSeq(f, s.s)),
        completed_at: s.c === null ? null : iso(atSeq(f, s.c)),
        official_id: s.official_id,
      })));
      const last = iso(atSeq(f, v.lastSeq));
      yield [
        f.id, o.jurisdictionId, f.number, p.procedureId, p.code, p.unitId, esc(f.title), esc(f.address), nul(f.parcel), nul(f.lat), nul(f.lng),
        f.channel, v.status, iso(f.receivedMs), v.closed ? last : '\\N', pr.assignee, pr.activeUnits, esc(stages), v.lastSeq,
        createHash('md5').update(`access${f.i}`).digest('hex'), last,
      ].join('\t') + '\n';
      if (f.i % 1000 === 0) appBar.update(f.i);
    }
  };
  await client.copy('application', ['id', 'jurisdiction_id', 'number', 'procedure_id', 'procedure_code', 'unit_id', 'title', 'address', 'parcel_id',
    'lat', 'lng', 'channel', 'status', 'received_at', 'closed_at', 'assigned_official_id', 'active_unit_ids', 'stages', 'last_seq', 'access_code_hash',
    'updated_at'], batched(appLines()));
  appBar.finish(o.applications);
  await client.query(`SELECT setval(pg_get_serial_sequence('application', 'id'), $1)`, [firstApp + o.applications - 1]);
  const applicationsMs = performance.now() - t;

  // Private rows (the applicant's name and contact, never public)
  t = performance.now();
  const privateLines = function* () {
    for (let i = 0; i < o.applications; i++) {
      const id = firstApp + i;
      yield `${id}\t신청인 ${id}\tapplicant${id}@example.org\t010-${String(id % 10000).padStart(4, '0')}-${String(id % 9973).padStart(4, '0')}\t{"business_no": "BRN-${String(id).padStart(9, '0')}"}\n`;
    }
  };
  await client.copy('application_private', ['application_id', 'applicant_name', 'applicant_email', 'applicant_phone', 'fields'], batched(privateLines()));
  const privateMs = performance.now() - t;

  // Events: each step's constant JSON serialised once per (procedure, variant, step).
  t = performance.now();
  const applicantActor = json({ kind: 'applicant' });
  const shaped = o.procedures.map((p) => {
    const actorJson = { case: json(p.caseActor), consult: json(p.consultActor) };
    const stageKey = (s: FoldedStep) => (s.stageKey ? { stage: s.stageKey } : {});
    return variants[o.procedures.indexOf(p)]!.map((v) =>
      v.steps.map((s) => {
        let data: Record<string, unknown>;
        let priv: Record<string, unknown> = {};
        switch (s.type) {
          case 'assigned':
            data = { assignee: p.caseActor };
            priv = { assignee_id: p.caseOfficialId };
            break;
          case 'supplement_requested':
            data = stageKey(s);
            priv = { message: SUPPLEMENT_MESSAGE };
            break;
          case 'supplement_received':
            data = { stage: s.stageKey, document_count: 1 };
            break;
          case 'consultation_requested':
            data = { ...stageKey(s), unit: p.consultUnit };
            priv = { unit_id: p.consultUnitId };
            break;
          case 'consultation_answered':
            data = { ...stageKey(s), request_seq: s.requestSeq };
            break;
          case 'delay_reason_given':
            data = { ...stageKey(s), reason: DELAY_REASON };
            break;
          case 'deadline_extended':
            data = { ...stageKey(s), new_due: '', reason: EXTENSION_REASON, approved_by: approverName(p.caseActor) };
            break;
          case 'decision':
            data = { ...stageKey(s), outcome: s.step.outcome, ...(s.step.outcome === 'rejected' ? REJECTION : s.step.outcome === 'approved_with_conditions' ? { conditions: CONDITIONS } : {}) };
            break;
          case 'withdrawn':
            data = {};
            break;
          default:
            data = stageKey(s);
        }
        const actor = s.step.role === 'applicant' ? applicantActor : actorJson[s.step.role];
        return { seq: s.seq, type: s.type, official: nul(s.officialId), actor, data, dataJson: json(data), privJson: json(priv), extension: s.type === 'deadline_extended' };
      }),
    );
  });
  let eventId = firstEvent;
  let logIndex = firstLog;
  let events = 0;
  // Count first, for the progress bar's total.
  let plannedEvents = 0;
  for (const f of applicationFacts(o, variants, weights, firstApp)) plannedEvents += variants[f.proc]![f.variant]!.lastSeq;
  const eventBar = progressBar('events', plannedEvents, showProgress);
  const eventLines = function* () {
    for (const f of applicationFacts(o, variants, weights, firstApp)) {
      const p = o.procedures[f.proc]!;
      const steps = shaped[f.proc]![f.variant]!;
      const received = iso(f.receivedMs);
      const lateOf = (seq: number) => ((f.id * 7 + seq) % 20 === 0 ? Math.floor(f.gapMs / 2) : 0);
      const receiverActor = f.channel === 'online' ? applicantActor : f.channel === 'api' ? json(p.systemActor) : json(p.clerkActor);
      const receiver = f.channel === 'counter' || f.channel === 'post' ? String(p.clerkOfficialId) : '\\N';
      const location: Record<string, unknown> = { address: f.address };
      if (f.parcel !== null) location.parcel_id = f.parcel;
      if (f.lat !== null) Object.assign(location, { lat: f.lat, lng: f.lng });
      const receivedData = json({
        procedure: { code: p.code, version: p.version, name: p.name }, unit: p.unit, title: f.title, location, channel: f.channel,
        fields: p.publicFields, document_count: f.channel === 'online' ? 2 : 0,
      });
      yield `${eventId++}\t${o.jurisdictionId}\t${f.id}\t1\treceived\t${received}\t${iso(f.receivedMs + lateOf(1))}\t${receiver}\t${receiverActor}\t${receivedData}\t{}\t${logIndex++}\n`;
      events++;
      for (const s of steps) {
        const occurred = atSeq(f, s.seq);
        const dataJson = s.extension
          ? json({ ...s.data, new_due: new Date(f.receivedMs + SEOUL + (p.days * 2 + 10) * DAY).toISOString().slice(0, 10) })
          : s.dataJson;
        yield `${eventId++}\t${o.jurisdictionId}\t${f.id}\t${s.seq}\t${s.type}\t${iso(occurred)}\t${iso(occurred + lateOf(s.seq))}\t${s.official}\t${s.actor}\t${dataJson}\t${s.privJson}\t${logIndex++}\n`;
        events++;
      }
      if (f.i % 500 === 0) eventBar.update(events);
    }
  };
  await client.copy('event', ['id', 'jurisdiction_id', 'application_id', 'seq', 'type', 'occurred_at', 'recorded_at', 'actor_official_id', 'actor', 'data',
    'private_data', 'log_index'], batched(eventLines(), 5000));
  eventBar.finish(events);
  await client.query(`SELECT setval(pg_get_serial_sequence('event', 'id'), $1)`, [eventId - 1]);
  await client.query('UPDATE log_sequence SET next_index = $1', [logIndex]);
  const eventsMs = performance.now() - t;

  // Outcomes of decided cases, computed from the same events with the same function the decision's command uses.
  t = performance.now();
  let outcomes = 0;
  if (o.outcomes) {
    const { calendar, calendarKey } = o.outcomes;
    const counted = new Set<string>(OUTCOME_EVENT_TYPES);
    const decidedStatus = (v: FoldedVariant) => v.closed && v.status !== 'withdrawn';
    const outcomeBar = progressBar('outcomes', o.applications, showProgress);
    const outcomeLines = function* () {
      for (const f of applicationFacts(o, variants, weights, firstApp)) {
        const v = variants[f.proc]![f.variant]!;
        if (f.i % 5000 === 0) outcomeBar.update(f.i);
        if (!decidedStatus(v)) continue;
        const p = o.procedures[f.proc]!;
        const history: { seq: number; type: string; occurredAt: string; data: Record<string, unknown> }[] = [
          { seq: 1, type: 'received', occurredAt: iso(f.receivedMs), data: {} },
        ];
        for (const s of shaped[f.proc]![f.variant]!) {
          if (!counted.has(s.type)) continue;
          const data = s.extension ? { ...s.data, new_due: new Date(f.receivedMs + SEOUL + (p.days * 2 + 10) * DAY).toISOString().slice(0, 10) } : s.data;
          history.push({ seq: s.seq, type: s.type, occurredAt: iso(atSeq(f, s.seq)), data });
        }
        const outcome = caseOutcome(history, p.days, calendar);
        outcomes++;
        yield `${f.id}\t${esc(calendarKey)}\t${outcome.working_minutes}\t${outcome.on_time ? 't' : 'f'}\n`;
      }
    };
    await client.copy('case_outcome', ['application_id', 'calendar_key', 'working_minutes', 'on_time'], batched(outcomeLines()));
    outcomeBar.finish(o.applications);
  }
  const outcomesMs = performance.now() - t;
  if (unchecked) await client.query(`SET session_replication_role = origin`);

  return { applications: o.applications, events, plannedEventsPerApplication: meanEvents(chosen), applicationsMs, privateMs, eventsMs, outcomes, outcomesMs };
}
