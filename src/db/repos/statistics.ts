import { localized } from './localized.js';
import type { OtherLanguages, DB } from '../schema.js';
import { sql, type Kysely } from 'kysely';
import { caseOutcome, OUTCOME_EVENT_TYPES, type CaseOutcome } from '../../domain/outcome.js';
import type { Localized } from '../../domain/types.js';
import { toRfc3339 } from '../../domain/time.js';
import { HOLIDAY_RULES_REVISION } from '../../domain/holidays.js';
import { calendarFor } from './calendars.js';
import { ratedCases, type RatedCase } from './ratings.js';

/** One decided application as statistics see it: where it belongs, how long it took and whether it met its due date. */
export interface DecidedCase {
  jurisdiction: string;
  unit: string;
  procedure: string;
  /** Working days from receipt to decision, pauses left out. */
  workingDays: number;
  onTime: boolean;
  /** Month of the decision in the jurisdiction's time zone, `YYYY-MM`. */
  month: string;
  /** The official the case was assigned to when decided, only where the jurisdiction publishes names. */
  official: { code: string; name: Localized } | null;
}

export interface StatisticsInput {
  jurisdictions: { code: string; name: Localized }[];
  units: { code: string; jurisdiction: string; name: Localized }[];
  procedures: { code: string; jurisdiction: string; name: Localized }[];
  decided: DecidedCase[];
  open: { jurisdiction: string; unit: string; procedure: string; overdue: boolean }[];
  /** Delay reasons in the period, by category (null on events recorded before categories, counted as not stated). */
  delayReasons: { jurisdiction: string; unit: string; category: string | null }[];
  /** Applicants' satisfaction scores for applications closed in the period (decided or withdrawn); never their comments. */
  ratings: RatedCase[];
}

/** What a case's outcome depends on besides its events: the calendar's version and zone, and the holiday rules. */
export function calendarKey(j: { calendar_version: number; time_zone: string; country: string }): string {
  return `${j.calendar_version}/${j.time_zone}/${j.country}/${HOLIDAY_RULES_REVISION}`;
}

/** Cases replayed per chunk when their outcomes are computed. */
const OUTCOME_CHUNK = 2000;

type JurisdictionRow = { id: string; code: string; time_zone: string; country: string; calendar_version: number; show_official_names: boolean; name_ko: string; name_en: string; names: OtherLanguages };

/**
 * Replays decided cases' clocks from their events with their jurisdiction's calendar and stores each outcome
 * (`case_outcome`) with the calendar's version; returns them by application id.
 */
async function computeOutcomes(
  db: Kysely<DB>,
  cases: readonly { id: number; jurisdiction_id: string; statutory_days: number }[],
  jurisdictions: Map<string, JurisdictionRow>,
): Promise<Map<number, { calendar_key: string; working_minutes: number; on_time: boolean }>> {
  const events = await db
    .selectFrom('event')
    .select(['application_id', 'seq', 'type', 'occurred_at', 'data'])
    .where('application_id', 'in', cases.map((c) => c.id))
    .where('type', 'in', [...OUTCOME_EVENT_TYPES])
    .orderBy('application_id')
    .orderBy('seq')
    .execute();
  const byCase = new Map<number, typeof events>();
  for (const e of events) {
    let list = byCase.get(e.application_id);
    if (!list) byCase.set(e.application_id, (list = []));
    list.push(e);
  }
  const outcomes = new Map<number, { calendar_key: string; working_minutes: number; on_time: boolean }>();
  for (const c of cases) {
    const j = jurisdictions.get(c.jurisdiction_id)!;
    const history = (byCase.get(c.id) ?? []).map((e) => ({ seq: e.seq, type: e.type, occurredAt: e.occurred_at.toISOString(), data: e.data }));
    outcomes.set(c.id, { calendar_key: calendarKey(j), ...caseOutcome(history, c.statutory_days, await calendarFor(db, j)) });
  }
  await upsertOutcomes(db, [...outcomes].map(([id, o]) => ({ application_id: id, ...o })));
  return outcomes;
}

/** Stores decided cases' outcomes with the calendar they were computed with, replacing older ones. */
async function upsertOutcomes(db: Kysely<DB>, rows: readonly ({ application_id: number; calendar_key: string } & CaseOutcome)[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('case_outcome')
    .values([...rows])
    .onConflict((oc) =>
      oc.column('application_id').doUpdateSet((eb) => ({
        calendar_key: eb.ref('excluded.calendar_key'),
        working_minutes: eb.ref('excluded.working_minutes'),
        on_time: eb.ref('excluded.on_time'),
        computed_at: sql`now()`,
      })),
    )
    .execute();
}

/** Stores a case's outcome in the transaction that records its decision, so statistics never replay it. */
export async function storeCaseOutcome(trx: Kysely<DB>, applicationId: number, calendar: string, outcome: CaseOutcome): Promise<void> {
  await upsertOutcomes(trx, [{ application_id: applicationId, calendar_key: calendar, ...outcome }]);
}

/**
 * Everything public statistics are computed from, for applications decided since `since` (withdrawals are not
 * decisions) and the cases open now. Reads public columns only. Each decided case's clock is recomputed with its
 * jurisdiction's calendar, so the on-time share follows the same calculation the public page explains; that
 * outcome is stored (`case_outcome`) and replayed again only when the jurisdiction's calendar changes.
 */
export async function statisticsInput(db: Kysely<DB>, since: Date | null): Promise<StatisticsInput> {
  const [jurisdictions, units, procedures] = await Promise.all([
    db.selectFrom('jurisdiction').select(['id', 'code', 'name_ko', 'name_en', 'names', 'offered_locales', 'time_zone', 'country', 'calendar_version', 'show_official_names']).orderBy('code').execute(),
    db.selectFrom('unit as u').innerJoin('jurisdiction as j', 'j.id', 'u.jurisdiction_id').select(['u.code', 'j.code as j', 'u.name_ko', 'u.name_en', 'u.names', 'j.offered_locales']).orderBy('u.code').execute(),
    db.selectFrom('procedure as p').innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id').select(['p.code', 'j.code as j', 'p.name_ko', 'p.name_en', 'p.texts', 'j.offered_locales']).where('p.is_current', '=', true).execute(),
  ]);
  let decidedQuery = db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .leftJoin('official as o', 'o.id', 'a.assigned_official_id')
    .leftJoin('case_outcome as co', 'co.application_id', 'a.id')
    .select([
      'a.id',
      'a.jurisdiction_id',
      'u.code as unit',
      'a.procedure_code',
      'p.statutory_days',
      'a.closed_at',
      'o.id as official_id',
      'o.name_ko as official_ko',
      'o.name_en as official_en',
      'o.names as official_names',
      'co.calendar_key as outcome_key',
      'co.working_minutes',
      'co.on_time',
    ])
    .where('a.closed_at', 'is not', null)
    .where('a.status', '<>', 'withdrawn');
  if (since) decidedQuery = decidedQuery.where('a.closed_at', '>=', since);
  const decidedRows = await decidedQuery.execute();
  const byId = new Map(jurisdictions.map((j) => [j.id, j]));
  // Cases without a stored outcome, or computed with an older calendar, are replayed now, in chunks (bounded memory,
  // bounded statement size) and stored for next time.
  const stale = decidedRows.filter((r) => r.outcome_key !== calendarKey(byId.get(r.jurisdiction_id)!));
  for (let i = 0; i < stale.length; i += OUTCOME_CHUNK) {
    const computed = await computeOutcomes(db, stale.slice(i, i + OUTCOME_CHUNK), byId);
    for (const r of stale.slice(i, i + OUTCOME_CHUNK)) {
      const outcome = computed.get(r.id)!;
      r.outcome_key = outcome.calendar_key;
      r.working_minutes = outcome.working_minutes;
      r.on_time = outcome.on_time;
    }
  }
  // The input is kept with the figures for as long as they are served, one row per case: each distinct code, month
  // and official is held once rather than once per case.
  const intern = interner();
  const officials = new Map<number, DecidedCase['official']>();
  const decided: DecidedCase[] = decidedRows.map((r) => {
    const j = byId.get(r.jurisdiction_id)!;
    let official: DecidedCase['official'] = null;
    if (j.show_official_names && r.official_id !== null) {
      official = officials.get(r.official_id) ?? { code: `official-${r.official_id}`, name: localized(r.official_ko!, r.official_en!, r.official_names, j.offered_locales) };
      officials.set(r.official_id, official);
    }
    return {
      jurisdiction: j.code,
      unit: intern(r.unit),
      procedure: intern(r.procedure_code),
      workingDays: r.working_minutes! / 480,
      onTime: r.on_time!,
      month: intern(toRfc3339(r.closed_at!, j.time_zone).slice(0, 7)),
      official,
    };
  });
  const open = (
    await db
      .selectFrom('application as a')
      .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
      .innerJoin('unit as u', 'u.id', 'a.unit_id')
      .select(['j.code as jurisdiction', 'u.code as unit', 'a.procedure_code as procedure', sql<boolean>`(a.overdue_since IS NOT NULL)`.as('overdue')])
      .where('a.closed_at', 'is', null)
      .execute()
  ).map((r) => ({ jurisdiction: intern(r.jurisdiction), unit: intern(r.unit), procedure: intern(r.procedure), overdue: r.overdue }));
  let reasonQuery = db
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['j.code as jurisdiction', 'u.code as unit', sql<string | null>`e.data->>'category'`.as('category')])
    .where('e.type', '=', 'delay_reason_given');
  if (since) reasonQuery = reasonQuery.where('e.occurred_at', '>=', since);
  const delayReasons = await reasonQuery.execute();
  const ratings = await ratedCases(db, since);
  return {
    jurisdictions: jurisdictions.map((j) => ({ code: j.code, name: localized(j.name_ko, j.name_en, j.names, j.offered_locales) })),
    units: units.map((u) => ({ code: u.code, jurisdiction: u.j, name: localized(u.name_ko, u.name_en, u.names, u.offered_locales) })),
    procedures: procedures.map((p) => ({ code: p.code, jurisdiction: p.j, name: localized(p.name_ko, p.name_en, p.texts.name, p.offered_locales) })),
    decided,
    open,
    delayReasons,
    ratings,
  };
}

/** Returns one shared copy of each distinct string it is given. */
function interner(): (text: string) => string {
  const kept = new Map<string, string>();
  return (text) => {
    const found = kept.get(text);
    if (found !== undefined) return found;
    kept.set(text, text);
    return text;
  };
}
