import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { calendarFor } from '../../db/repos/calendars.js';
import { jurisdictionCalendarKeys, signalGifts } from '../../db/repos/signals.js';
import type { Db } from '../../db/types.js';
import { planDemo, seedDemo } from '../../demo/seed.js';
import type { Planted } from '../../demo/planted.js';
import type { Span } from '../../domain/calendar.js';
import { detectSignals, SIGNAL_KINDS, type SignalInput } from '../../domain/signals.js';
import type { StageState } from '../../domain/types.js';
import type { ReviewedSignal } from './signals.js';
import { readSignalInput, yearSignals } from './signals.js';

const NOW = new Date('2026-11-24T03:00:00Z');
const APPROVED = new Set(['approved', 'approved_with_conditions']);

/**
 * The naive reading of a year's facts, kept as the reference the chunked one must equal: every case in one query,
 * every event the signals read as its own row in another, folded in JavaScript.
 */
async function referenceSignalInput(db: Db, year: number, lateEntryMinutes: number): Promise<SignalInput> {
  const inYear = sql<boolean>`extract(year from a.received_at at time zone j.time_zone) = ${year}`;
  const cases = await db
    .selectFrom('application as a')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .leftJoin('application_party as p', 'p.application_id', 'a.id')
    .select(['a.id', 'a.number', 'a.jurisdiction_id', 'a.unit_id', 'a.procedure_code', 'a.status', 'a.received_at', 'a.closed_at', 'a.assigned_official_id', 'a.transfer_count', 'a.stages', 'p.applicant_hash'])
    .where(inYear)
    .orderBy('a.id')
    .execute();
  const events = await db
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select(['e.application_id', 'e.type', 'e.occurred_at', 'e.recorded_at', 'e.actor_official_id', sql<string | null>`e.data->>'stage'`.as('stage'), sql<boolean | null>`(e.private_data->>'over_conflict')::boolean`.as('over_conflict')])
    .where(inYear)
    .where('e.type', 'in', ['assigned', 'reassigned', 'assigned_by_rotation', 'assignment_overridden', 'supplement_requested', 'supplement_received', 'delay_reason_given', 'deadline_extended', 'stage_completed', 'decision', 'site_inspection', 'stage_started'])
    .orderBy('e.application_id')
    .orderBy('e.seq')
    .execute();
  const calendars = new Map(await Promise.all((await jurisdictionCalendarKeys(db)).map(async (k) => [k.id, await calendarFor(db, k)] as const)));
  const input: SignalInput = { year, cases: [], stages: [], handled: [], assignments: [], gifts: [] };
  for (const c of cases) {
    const calendar = calendars.get(c.jurisdiction_id)!;
    const own = events.filter((e) => e.application_id === c.id);
    const stops: Span[] = [];
    let open: number | null = null;
    for (const e of own) {
      if (e.type === 'supplement_requested') open = e.occurred_at.getTime();
      if (e.type === 'supplement_received' && open !== null) {
        stops.push({ from: open, to: e.occurred_at.getTime() });
        open = null;
      }
    }
    if (open !== null) stops.push({ from: open, to: Date.now() });
    const procedure = `${c.jurisdiction_id}/${c.procedure_code}`;
    if (c.closed_at && (APPROVED.has(c.status) || c.status === 'rejected')) {
      const [from, to] = [c.received_at.getTime(), c.closed_at.getTime()];
      input.cases.push({ number: c.number, year, unitId: c.unit_id, procedure, officialId: c.assigned_official_id, workingMinutes: calendar.workingMinutesBetweenMs(from, to, stops.filter((p) => p.to > from && p.from < to)), applicant: c.applicant_hash });
    }
    const explained = new Set(own.filter((e) => e.type === 'delay_reason_given' || e.type === 'deadline_extended').map((e) => e.stage ?? ''));
    for (const s of c.stages as StageState[]) {
      if (!s.started_at || !s.completed_at || s.status !== 'done') continue;
      const [from, to] = [Date.parse(s.started_at), Date.parse(s.completed_at)];
      input.stages.push({ number: c.number, year, unitId: c.unit_id, procedure, stage: s.key, officialId: s.official_id, workingMinutes: calendar.workingMinutesBetweenMs(from, to, stops.filter((p) => p.to > from && p.from < to)), explained: explained.has(s.key) || explained.has(''), applicant: c.applicant_hash });
    }
    const holder = c.assigned_official_id;
    if (holder !== null) {
      input.handled.push({
        number: c.number, year, unitId: c.unit_id, officialId: holder, applicant: c.applicant_hash,
        at: c.closed_at?.getTime() ?? own.at(-1)?.occurred_at.getTime() ?? c.received_at.getTime(),
        outcome: APPROVED.has(c.status) ? 'approved' : c.status === 'rejected' ? 'rejected' : null,
        supplementRequested: own.some((e) => e.type === 'supplement_requested'),
        lateEntry: own.some((e) => e.actor_official_id === holder && e.recorded_at.getTime() - e.occurred_at.getTime() > lateEntryMinutes * 60_000),
        transferred: c.transfer_count > 0,
      });
    }
    const assignments = own.filter((e) => ['assigned', 'reassigned', 'assigned_by_rotation', 'assignment_overridden'].includes(e.type));
    if (assignments.length) input.assignments.push({ number: c.number, year, unitId: c.unit_id, chosenBy: null, overConflict: false });
    for (const e of assignments.filter((a) => a.type === 'reassigned' || a.type === 'assignment_overridden')) {
      input.assignments.push({ number: c.number, year, unitId: c.unit_id, chosenBy: e.actor_official_id, overConflict: e.over_conflict === true });
    }
  }
  for (const g of await signalGifts(db, year, 100_000)) {
    input.gifts.push({ id: g.id, officialId: g.official_id, unitId: g.unit_id, at: Date.parse(`${g.offered_on}T00:00:00Z`), year, giver: g.giver_hash, outcome: g.outcome });
  }
  return input;
}

/**
 * Whether a signal is about a planted pattern: one of its cases, or its official with the pattern's kind of signal.
 * The demo also has officials who habitually enter their acts late (`lateRate`): a late-entry signal about one is right.
 */
function about(signal: ReviewedSignal, planted: Planted[], habituallyLate: Set<number>): boolean {
  if (signal.measure === 'late_entry_rate' && habituallyLate.has(signal.officialId ?? 0)) return true;
  return planted.some(
    (p) =>
      signal.cases.some((n) => p.numbers.includes(n)) ||
      (signal.officialId === p.officialId &&
        ((p.pattern === 'supplement_sitter' && signal.measure === 'supplement_rate') ||
          (p.pattern === 'frequent_overrider' && signal.kind === 'override_rate') ||
          (p.pattern === 'gift_giver' && signal.kind === 'gift_near_case'))),
  );
}

/** Which signal finds each planted pattern. */
const FINDS: Record<Planted['pattern'], (s: ReviewedSignal, p: Planted) => boolean> = {
  fast_tracker: (s, p) => (s.kind === 'fast_case' || s.kind === 'same_applicant') && s.cases.some((n) => p.numbers.includes(n)),
  supplement_sitter: (s, p) => s.kind === 'official_rate' && s.measure === 'supplement_rate' && s.officialId === p.officialId,
  frequent_overrider: (s, p) => s.kind === 'override_rate' && s.officialId === p.officialId,
  gift_giver: (s, p) => s.kind === 'gift_near_case' && s.officialId === p.officialId,
};

/**
 * The two kinds the demo never raises, planted by hand: one case's stage that took a year, with no reason on the
 * record, and one assignment overridden over a declared conflict.
 */
async function plantSlowStageAndConflictOverride(db: Db, year: number): Promise<void> {
  const inYear = sql<boolean>`extract(year from a.received_at at time zone 'Asia/Seoul') = ${year}`;
  const slow = await db
    .selectFrom('application as a')
    .select(['a.id', 'a.stages'])
    .where(inYear)
    .where('a.closed_at', 'is not', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('event as e').select('e.id').whereRef('e.application_id', '=', 'a.id').where('e.type', 'in', ['delay_reason_given', 'deadline_extended']))))
    .orderBy('a.id')
    .executeTakeFirstOrThrow();
  const stages = (slow.stages as StageState[]).map((s, i) =>
    i === 0 && s.started_at ? { ...s, completed_at: new Date(Date.parse(s.started_at) + 365 * 86_400_000).toISOString() } : s,
  );
  await db.updateTable('application').set({ stages: JSON.stringify(stages) as never }).where('id', '=', slow.id).execute();
  const overridden = await db
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .select(['e.application_id', 'e.jurisdiction_id', 'e.actor_official_id', 'e.occurred_at', 'e.recorded_at', 'e.actor', sql<number>`(SELECT max(seq) FROM event WHERE application_id = e.application_id)`.as('last_seq')])
    .where(inYear)
    .where('e.type', 'in', ['reassigned', 'assignment_overridden'])
    .orderBy('e.id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('event')
    .values({
      jurisdiction_id: overridden.jurisdiction_id, application_id: overridden.application_id, seq: Number(overridden.last_seq) + 1, type: 'assignment_overridden',
      occurred_at: overridden.occurred_at, recorded_at: overridden.recorded_at, actor_official_id: overridden.actor_official_id, actor: overridden.actor as never,
      data: JSON.stringify({}) as never, private_data: JSON.stringify({ over_conflict: true }) as never,
    })
    .execute();
}

describe.each(DIALECTS)('signals on the full demo, on %s', (dialect) => {
  let database: TestDatabase;
  const { planted, organisation } = planDemo({ size: 'full', now: NOW });
  const habituallyLate = new Set(organisation.officials.filter((o) => o.lateRate >= 0.2).map((o) => o.id));
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    await seedDemo(database.db, { size: 'full', now: NOW });
  }, 600_000);
  afterAll(async () => database?.close());

  it('finds every planted pattern and flags few of the honest majority', async () => {
    const year = planted[0]!.year;
    const { signals, cases, truncated } = await yearSignals(database.db, { year, lateEntryMinutes: 60 });
    expect(truncated).toBe(false);
    const found = planted.filter((p) => signals.some((s) => FINDS[p.pattern](s, p)));
    const truePositives = signals.filter((s) => about(s, planted, habituallyLate));
    const plantedCases = new Set(planted.filter((p) => p.pattern === 'fast_tracker').flatMap((p) => p.numbers));
    const flaggedFast = new Set(signals.filter((s) => s.kind === 'fast_case').flatMap((s) => s.cases).filter((n) => plantedCases.has(n)));
    const precision = truePositives.length / Math.max(1, signals.length);
    const recall = found.length / planted.length;
    const falsePositives = signals.filter((s) => !about(s, planted, habituallyLate));
    console.log(
      `signals on the full demo (${dialect}, ${year}, ${cases} applications): ${signals.length} signals, precision ${precision.toFixed(2)}, ` +
        `pattern recall ${found.length}/${planted.length} (${recall.toFixed(2)}), fast-tracked cases flagged ${flaggedFast.size}/${plantedCases.size}; ` +
        `false positives by kind: ${JSON.stringify(Object.fromEntries(['fast_case', 'slow_stage', 'official_rate', 'override_rate', 'same_applicant', 'gift_near_case', 'conflict_overridden'].map((k) => [k, falsePositives.filter((s) => s.kind === k).length])))}`,
    );
    expect(found.map((p) => p.pattern)).toEqual(planted.map((p) => p.pattern));
    // Measured on this seed: three of the six fast-tracked files stand out alone; the pattern (one applicant, one
    // official, fast again and again) is what finds them all.
    expect(flaggedFast.size).toBeGreaterThanOrEqual(plantedCases.size / 2);
    // Measured on this seed: see the printed line. The honest demo has genuinely brisk cases and chance outliers; a
    // brisk case alone is not raised (only an official's or applicant's repeated ones), and the officials' rates are
    // held to a false discovery rate, which took precision from 0.53 (9 of 17) to 1.00 (9 of 9) with recall 4/4.
    expect(precision).toBeGreaterThanOrEqual(0.9);
  }, 600_000);

  it('reads a year in pieces exactly as one naive reading does, whatever the size of the pieces', async () => {
    const year = planted[0]!.year;
    await plantSlowStageAndConflictOverride(database.db, year);
    const reference = await referenceSignalInput(database.db, year, 60);
    const signals = detectSignals(reference);
    // Every kind the detector knows is raised on this world, so a fact read wrongly would change some signal.
    expect(new Set(signals.map((s) => s.kind))).toEqual(new Set(SIGNAL_KINDS));
    expect(reference.handled.some((h) => h.lateEntry) && reference.stages.some((s) => s.explained)).toBe(true);
    for (const chunkIds of [undefined, 97]) {
      const read = await readSignalInput(database.db, { year, lateEntryMinutes: 60, chunkIds });
      expect(read.truncated).toBe(false);
      expect(read.cases).toBeGreaterThan(0);
      expect(read.input).toEqual(reference);
      expect(detectSignals(read.input)).toEqual(signals);
    }
  }, 600_000);
});

