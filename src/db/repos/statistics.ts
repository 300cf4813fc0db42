import { localized } from './localized.js';
import type { OtherLanguages, DB } from '../schema.js';
import { sql, type Kysely } from 'kysely';
import { caseOutcome, OUTCOME_EVENT_TYPES, type CaseOutcome } from '../../domain/outcome.js';
import type { Locale, Localized } from '../../domain/types.js';
import { HOLIDAY_RULES_REVISION } from '../../domain/holidays.js';
import { calendarFor } from './calendars.js';
import { ratedCases, type RatedCase } from './ratings.js';

/**
 * Decided applications as statistics see them, grouped: `count` cases that share where they belong, how long they
 * took and whether they met their due date, and the month of their decision.
 */
export interface DecidedCases {
  jurisdiction: string;
  unit: string;
  procedure: string;
  /** Working days from receipt to decision, pauses left out. */
  workingDays: number;
  onTime: boolean;
  /** Month of the decision in the jurisdiction's time zone, `YYYY-MM`. */
  month: string;
  /** The official the cases were assigned to when decided, only where the jurisdiction publishes names. */
  official: { code: string; name: Localized } | null;
  count: number;
}

export interface StatisticsInput {
  jurisdictions: { code: string; name: Localized }[];
  units: { code: string; jurisdiction: string; name: Localized }[];
  procedures: { code: string; jurisdiction: string; name: Localized }[];
  decided: DecidedCases[];
  /** Cases open now, counted by group and by whether they are overdue. */
  open: { jurisdiction: string; unit: string; procedure: string; overdue: boolean; count: number }[];
  /** Delay reasons in the period, counted by category (null on events recorded before categories, counted as not stated). */
  delayReasons: { jurisdiction: string; unit: string; category: string | null; count: number }[];
  /** Applicants' satisfaction scores for applications closed in the period (decided or withdrawn); never their comments. */
  ratings: RatedCase[];
}

/** What a case's outcome depends on besides its events: the calendar's version and zone, and the holiday rules. */
export function calendarKey(j: { calendar_version: number; time_zone: string; country: string }): string {
  return `${j.calendar_version}/${j.time_zone}/${j.country}/${HOLIDAY_RULES_REVISION}`;
}

/** Cases replayed per chunk when their outcomes are computed. */
const OUTCOME_CHUNK = 2000;

type JurisdictionRow = { id: string; code: string; time_zone: string; country: string; calendar_version: number; show_official_names: boolean; name_ko: string; name_en: string; names: OtherLanguages; offered_locales: Locale[] };

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
 * decisions) and the cases open now, counted in the database by the groups the figures need. Reads public columns
 * only. Each decided case's clock is computed with its jurisdiction's calendar, so the on-time share follows the same
 * calculation the public page explains; that outcome is stored (`case_outcome`) when the case is decided, and a case
 * without one, or with one computed with an older calendar, is replayed here and stored.
 */
export async function statisticsInput(db: Kysely<DB>, since: Date | null): Promise<StatisticsInput> {
  const [jurisdictions, units, procedures] = await Promise.all([
    db.selectFrom('jurisdiction').select(['id', 'code', 'name_ko', 'name_en', 'names', 'offered_locales', 'time_zone', 'country', 'calendar_version', 'show_official_names']).orderBy('code').execute(),
    db.selectFrom('unit as u').innerJoin('jurisdiction as j', 'j.id', 'u.jurisdiction_id').select(['u.code', 'j.code as j', 'u.name_ko', 'u.name_en', 'u.names', 'j.offered_locales']).orderBy('u.code').execute(),
    db.selectFrom('procedure as p').innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id').select(['p.code', 'j.code as j', 'p.name_ko', 'p.name_en', 'p.texts', 'j.offered_locales']).where('p.is_current', '=', true).execute(),
  ]);
  const byId = new Map(jurisdictions.map((j) => [j.id, j]));
  const current = (g: { jurisdiction_id: string; calendar_key: string | null }) => g.calendar_key === calendarKey(byId.get(g.jurisdiction_id)!);
  let grouped = await counting(db, (trx) => decidedGroups(trx, since));
  if (!grouped.every(current)) {
    await replayStaleOutcomes(db, jurisdictions, since);
    grouped = await counting(db, (trx) => decidedGroups(trx, since));
  }
  const officialIds = [...new Set(grouped.flatMap((g) => (g.official_id === null ? [] : [g.official_id])))];
  const officialRows = officialIds.length
    ? await db.selectFrom('official').select(['id', 'name_ko', 'name_en', 'names']).where('id', 'in', officialIds).execute()
    : [];
  const officialNames = new Map(officialRows.map((o) => [o.id, o]));
  // Shared by the groups of one official (the key includes the jurisdiction, whose languages the name is given in).
  const officials = new Map<string, DecidedCases['official']>();
  const officialOf = (j: JurisdictionRow, id: number | null): DecidedCases['official'] => {
    const o = id === null ? undefined : officialNames.get(id);
    if (!o) return null;
    const key = `${j.id}/${id}`;
    let official = officials.get(key);
    if (!official) officials.set(key, (official = { code: `official-${id}`, name: localized(o.name_ko, o.name_en, o.names, j.offered_locales) }));
    return official;
  };
  // The input is kept with the figures for as long as they are served: each distinct code and month is held once.
  const intern = interner();
  const decided: DecidedCases[] = grouped.map((g) => {
    const j = byId.get(g.jurisdiction_id)!;
    return {
      jurisdiction: j.code,
      unit: intern(g.unit),
      procedure: intern(g.procedure_code),
      workingDays: g.working_minutes! / 480,
      onTime: g.on_time!,
      month: intern(g.month),
      official: officialOf(j, g.official_id),
      count: Number(g.n),
    };
  });
  const [openRows, reasonRows] = await counting(db, (trx) => Promise.all([openCounts(trx), delayReasonCounts(trx, since)]));
  const open = openRows.map((r) => ({ jurisdiction: r.jurisdiction, unit: r.unit, procedure: r.procedure, overdue: r.overdue, count: Number(r.n) }));
  const delayReasons = reasonRows.map((r) => ({ jurisdiction: r.jurisdiction, unit: r.unit, category: r.category, count: Number(r.n) }));
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

/**
 * Runs counting queries in one read-only transaction with enough memory to group in a hash table rather than sort
 * on disk: the groups of a city's decided cases take some tens of megabytes, once per period and refresh. Inside a
 * caller's transaction, reads in it as it is.
 */
async function counting<T>(db: Kysely<DB>, read: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return read(db);
  return db.transaction().execute(async (trx) => {
    await sql`SET TRANSACTION READ ONLY`.execute(trx);
    await sql`SET LOCAL work_mem = '64MB'`.execute(trx);
    return read(trx);
  });
}

/** Cases open now, counted by jurisdiction, unit, procedure and whether they are overdue. */
function openCounts(db: Kysely<DB>) {
  return db
    .selectFrom('application as a')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['j.code as jurisdiction', 'u.code as unit', 'a.procedure_code as procedure', sql<boolean>`(a.overdue_since IS NOT NULL)`.as('overdue'), sql<string>`count(*)`.as('n')])
    .where('a.closed_at', 'is', null)
    .groupBy(['j.code', 'u.code', 'a.procedure_code', sql`(a.overdue_since IS NOT NULL)`])
    .execute();
}

/** Delay reasons given since `since` (all when null), counted by jurisdiction, current unit and category. */
function delayReasonCounts(db: Kysely<DB>, since: Date | null) {
  let query = db
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .select(['j.code as jurisdiction', 'u.code as unit', sql<string | null>`e.data->>'category'`.as('category'), sql<string>`count(*)`.as('n')])
    .where('e.type', '=', 'delay_reason_given')
    .groupBy(['j.code', 'u.code', sql`e.data->>'category'`]);
  if (since) query = query.where('e.occurred_at', '>=', since);
  return query.execute();
}

/** The calendar key each jurisdiction's outcomes must have been computed with, as an SQL expression of `a.jurisdiction_id`. */
function currentKeyOf(jurisdictions: readonly JurisdictionRow[]) {
  if (jurisdictions.length === 0) return sql<string | null>`NULL`;
  return sql<string | null>`CASE a.jurisdiction_id ${sql.join(jurisdictions.map((j) => sql`WHEN ${j.id} THEN ${calendarKey(j)}`), sql` `)} END`;
}

/**
 * Decided cases since `since` counted by jurisdiction, unit, procedure, official (where names are published), month
 * of decision in the jurisdiction's zone and stored outcome with the calendar it was computed with (null when none
 * is stored), in the order of each group's first case.
 */
async function decidedGroups(db: Kysely<DB>, since: Date | null) {
  const official = sql<number | null>`CASE WHEN j.show_official_names THEN a.assigned_official_id END`;
  const month = sql<string>`to_char(a.closed_at AT TIME ZONE j.time_zone, 'YYYY-MM')`;
  let query = db
    .selectFrom('application as a')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .leftJoin('case_outcome as co', 'co.application_id', 'a.id')
    .select([
      'a.jurisdiction_id', 'u.code as unit', 'a.procedure_code', official.as('official_id'), month.as('month'), 'co.working_minutes', 'co.on_time',
      'co.calendar_key', sql<string>`count(*)`.as('n'),
    ])
    .where('a.closed_at', 'is not', null)
    .where('a.status', '<>', 'withdrawn')
    .groupBy(['a.jurisdiction_id', 'u.code', 'a.procedure_code', official, month, 'co.working_minutes', 'co.on_time', 'co.calendar_key'])
    // In the order of each group's first case, so officials are listed in the order they first decided (stable ties).
    .orderBy(sql`min(a.id)`);
  if (since) query = query.where('a.closed_at', '>=', since);
  return query.execute();
}

/**
 * Replays the decided cases since `since` whose outcome is missing or was computed with an older calendar, in chunks
 * (bounded memory, bounded statement size), and stores each outcome for next time.
 */
async function replayStaleOutcomes(db: Kysely<DB>, jurisdictions: readonly JurisdictionRow[], since: Date | null): Promise<void> {
  let query = db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .leftJoin('case_outcome as co', 'co.application_id', 'a.id')
    .select(['a.id', 'a.jurisdiction_id', 'p.statutory_days'])
    .where('a.closed_at', 'is not', null)
    .where('a.status', '<>', 'withdrawn')
    .where(sql<boolean>`co.calendar_key IS DISTINCT FROM ${currentKeyOf(jurisdictions)}`)
    .orderBy('a.id');
  if (since) query = query.where('a.closed_at', '>=', since);
  const stale = await query.execute();
  const byId = new Map(jurisdictions.map((j) => [j.id, j]));
  for (let i = 0; i < stale.length; i += OUTCOME_CHUNK) await computeOutcomes(db, stale.slice(i, i + OUTCOME_CHUNK), byId);
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
