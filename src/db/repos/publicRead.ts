import { localized, offeredStages } from './localized.js';
import { PROCUREMENT_CATEGORY } from '../../domain/contracts.js';
import type { PublicEventData } from '../../domain/events.js';
import { sql, type Kysely } from 'kysely';
import { executePrepared, PREPARED } from '../pool.js';
import type { DB, PublicActor } from '../schema.js';
import type { Locale, Localized, ProcedureStage, StageState, Status } from '../../domain/types.js';

/**
 * Queries behind the public portal and API. They select public columns only: the applicant's personal data
 * lives in `application_private` and in events' `private_data`, which nothing here reads.
 */

/** The columns of an event a public reader gets (`PublicEventRow`); `private_data` is never among them. */
export const PUBLIC_EVENT_COLUMNS = ['seq', 'type', 'occurred_at', 'recorded_at', 'actor', 'data', 'log_index'] as const;

export interface PublicEventRow {
  seq: number;
  type: string;
  occurred_at: Date;
  recorded_at: Date;
  actor: PublicActor | null;
  /** The public part only: the type has no room for a personal member (`domain/events`). */
  data: PublicEventData;
  log_index: number | null;
}

export interface PublicCaseRow {
  id: number;
  number: string;
  jurisdiction: { id: string; code: string; name: Localized; main_locale: Locale; time_zone: string; country: string; calendar_version: number };
  procedure: { code: string; version: number; name: Localized; category: string; statutory_days: number; stages: ProcedureStage[]; fields: import('../../domain/types.js').ProcedureField[] };
  unit: { code: string; name: Localized };
  title: string;
  address: string;
  parcel_id: string | null;
  lat: number | null;
  lng: number | null;
  channel: string;
  status: Status;
  received_at: Date;
  closed_at: Date | null;
  stages: StageState[];
  transfer_count: number;
  escalated_at: Date | null;
  events: PublicEventRow[];
}

/** The columns of an application's public record, joined to its procedure, unit and jurisdiction. */
export const PUBLIC_CASE_COLUMNS = [
  'a.id', 'a.number', 'a.title', 'a.address', 'a.parcel_id', 'a.lat', 'a.lng', 'a.channel', 'a.status',
  'a.received_at', 'a.closed_at', 'a.stages',
  'p.code as p_code', 'p.version as p_version', 'p.name_ko as p_ko', 'p.name_en as p_en', 'p.texts as p_texts', 'p.category', 'p.statutory_days', 'p.stages as p_stages', 'p.fields as p_fields',
  'u.code as u_code', 'u.name_ko as u_ko', 'u.name_en as u_en', 'u.names as u_names',
  'j.id as j_id', 'j.code as j_code', 'j.name_ko as j_ko', 'j.name_en as j_en', 'j.names as j_names', 'j.main_locale', 'j.offered_locales', 'j.time_zone', 'j.country', 'j.calendar_version',
  'a.transfer_count', 'a.escalated_at',
] as const;

/** Applications joined as `PUBLIC_CASE_COLUMNS` expects, for a query to filter and select. */
export function publicCases(db: Kysely<DB>) {
  return db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select(PUBLIC_CASE_COLUMNS);
}

type PublicCaseColumns = Awaited<ReturnType<ReturnType<typeof publicCases>['executeTakeFirstOrThrow']>>;

/** A public record from its `PUBLIC_CASE_COLUMNS` row and its events in order. */
export function publicCaseRow(row: PublicCaseColumns, events: PublicEventRow[]): PublicCaseRow {
  return {
    id: row.id,
    number: row.number,
    jurisdiction: { id: row.j_id, code: row.j_code, name: localized(row.j_ko, row.j_en, row.j_names, row.offered_locales), main_locale: row.main_locale, time_zone: row.time_zone, country: row.country, calendar_version: row.calendar_version },
    procedure: {
      code: row.p_code, version: row.p_version, name: localized(row.p_ko, row.p_en, row.p_texts.name, row.offered_locales), category: row.category,
      statutory_days: row.statutory_days, stages: offeredStages(row.p_stages, row.offered_locales), fields: row.p_fields,
    },
    unit: { code: row.u_code, name: localized(row.u_ko, row.u_en, row.u_names, row.offered_locales) },
    title: row.title,
    address: row.address,
    parcel_id: row.parcel_id,
    lat: row.lat,
    lng: row.lng,
    channel: row.channel,
    status: row.status as Status,
    received_at: row.received_at,
    closed_at: row.closed_at,
    stages: row.stages,
    transfer_count: row.transfer_count,
    escalated_at: row.escalated_at,
    events,
  };
}

/** An event as `findPublicCase` reads it: its `PUBLIC_EVENT_COLUMNS` as JSON, the times in ISO 8601. */
type PublicEventJson = Omit<PublicEventRow, 'occurred_at' | 'recorded_at'> & { occurred_at: string; recorded_at: string };

/**
 * One application's public record with its events in order, or undefined. One statement, kept prepared: every
 * uncached public record asks it, and planning the join cost more than running it. The events come as one JSON array
 * of objects of their `PUBLIC_EVENT_COLUMNS`, in order, rather than as a second statement's rows: a round trip fewer.
 */
export async function findPublicCase(db: Kysely<DB>, number: string): Promise<PublicCaseRow | undefined> {
  const columns = sql.join(PUBLIC_EVENT_COLUMNS.map((c) => sql`${sql.lit(c)}, ${sql.ref(`e.${c}`)}`));
  const events = sql<PublicEventJson[]>`(SELECT coalesce(json_agg(json_build_object(${columns}) ORDER BY e.seq), '[]')
    FROM event e WHERE e.application_id = a.id)`;
  const [row] = await executePrepared(db, publicCases(db).select(events.as('events')).where('a.number', '=', number));
  if (!row) return undefined;
  return publicCaseRow(row, row.events.map((e) => ({ ...e, occurred_at: new Date(e.occurred_at), recorded_at: new Date(e.recorded_at) })));
}

export interface RegisterFilters {
  q?: string;
  jurisdiction?: string;
  procedure?: string;
  unit?: string;
  status?: Status;
  from?: Date;
  to?: Date;
  /** Keyset cursor: the last row's received_at and id; the page lists the rows after it in reading order. */
  after?: { receivedAt: Date; id: number };
  /** Keyset cursor going back: the first row's received_at and id; the page lists the rows just before it. */
  before?: { receivedAt: Date; id: number };
  /** Reading order by receipt: newest first (the default) or oldest first. */
  sort?: 'newest' | 'oldest';
  limit: number;
}

export interface RegisterRow {
  id: number;
  number: string;
  title: string;
  address: string;
  status: Status;
  received_at: Date;
  closed_at: Date | null;
  procedure_code: string;
  procedure_name: Localized;
  unit_code: string;
  unit_name: Localized;
  time_zone: string;
  /** The jurisdiction's main language, which a name missing in the reader's language is shown in. */
  main_locale: Locale;
}

/** The register's filtered applications as a query (no order, no cursor), or null when a code names nothing. */
async function registerQuery(db: Kysely<DB>, f: RegisterFilters) {
  let query = db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    // Contracting processes are listed in the contracts register, not among applications.
    .where('p.category', '<>', PROCUREMENT_CATEGORY);
  if (f.q?.trim()) {
    const needle = `%${registerNeedle(f.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where('a.search_text', 'like', needle);
  }
  // Codes are resolved to ids first, so the planner can walk the (unit_id, received_at) index in order.
  if (f.jurisdiction) {
    const j = await db.selectFrom('jurisdiction').select('id').where('code', '=', f.jurisdiction).executeTakeFirst();
    if (!j) return null;
    query = query.where('a.jurisdiction_id', '=', j.id);
  }
  if (f.procedure) query = query.where('a.procedure_code', '=', f.procedure);
  if (f.unit) {
    const u = await db.selectFrom('unit').select('id').where('code', '=', f.unit).executeTakeFirst();
    if (!u) return null;
    query = query.where('a.unit_id', '=', u.id);
  }
  if (f.status) query = query.where('a.status', '=', f.status);
  if (f.from) query = query.where('a.received_at', '>=', f.from);
  if (f.to) query = query.where('a.received_at', '<', f.to);
  return query;
}

type RegisterQuery = NonNullable<Awaited<ReturnType<typeof registerQuery>>>;

/**
 * How many applications the register counts exactly; past it the register says "more than" this. Counting every
 * match costs a scan of all of them (1.8 s for the whole register at 1,000,000 applications), where counting up to
 * the cap stops as soon as the cap is passed.
 */
export const REGISTER_COUNT_CAP = 1_000;

/**
 * How many applications the register's filters match in all (cursors and limit aside), counted up to `atMost + 1`:
 * a result above `atMost` means "more than `atMost`", and stands for any larger number.
 */
export async function countRegister(db: Kysely<DB>, f: RegisterFilters, atMost = REGISTER_COUNT_CAP): Promise<number> {
  const query = await registerQuery(db, f);
  if (!query) return 0;
  const matches = query.select(sql<number>`1`.as('one')).limit(atMost + 1).as('m');
  return Number((await db.selectFrom(matches).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);
}

/** The register's text as searched: trimmed and lower-cased, as the stored search text is. */
const registerNeedle = (q: string) => q.trim().toLowerCase();

/** How many leading characters of the search text `application_number_start` holds (migration 0040). */
const NUMBER_START_LENGTH = 24;

/**
 * Whether a needle (trimmed, lower-cased) reads like the start of an application number: four digits, a hyphen, a
 * letter, then letters, digits and hyphens, no longer than the number-start index holds (`2025-ts`, `2026-ts-004`).
 */
export function isNumberStart(needle: string): boolean {
  return needle.length <= NUMBER_START_LENGTH && /^[0-9]{4}-[a-z][a-z0-9-]*$/.test(needle);
}

/** Far points in time that every receipt lies on one side of: rows nearest the first are the newest. */
const FAR_FUTURE = new Date('3000-01-01T00:00:00Z');
const FAR_PAST = new Date('1000-01-01T00:00:00Z');

/**
 * The ids among which a number-start search's page lies, found through the indexes of migration 0040 rather than
 * through all the needle's matches (ADR 0028). A row holds the needle either at the start of its search text or
 * after it; as the needle starts with a year, a hyphen and a letter, a row holding it after the start holds that
 * shape after the start, which is what `application_number_inside` indexes. The rows holding it at the start come
 * from `application_number_start` nearest the reading order's end first, so the page's first `limit` of them are
 * read and no more; those tied on receipt time with the last one read are added, as the index leaves ties in no
 * order. The caller applies the filters, cursor, order and limit again to these ids.
 */
async function numberStartCandidates(db: Kysely<DB>, filtered: RegisterQuery, f: RegisterFilters, needle: string, descending: boolean): Promise<number[]> {
  // The last character raised by one: the first text in byte order past every text starting with the needle.
  const past = needle.slice(0, -1) + String.fromCharCode(needle.charCodeAt(needle.length - 1) + 1);
  let starting = filtered
    .where(sql<boolean>`left(a.search_text, ${sql.lit(NUMBER_START_LENGTH)}) COLLATE "C" >= ${needle}`)
    .where(sql<boolean>`left(a.search_text, ${sql.lit(NUMBER_START_LENGTH)}) COLLATE "C" < ${past}`);
  const cursor = f.after ?? f.before;
  if (cursor) {
    const { receivedAt, id } = cursor;
    starting = descending
      ? starting.where('a.received_at', '<=', receivedAt).where(sql<boolean>`(a.received_at, a.id) < (${receivedAt}, ${id})`)
      : starting.where('a.received_at', '>=', receivedAt).where(sql<boolean>`(a.received_at, a.id) > (${receivedAt}, ${id})`);
  }
  const nearest = await starting
    .select(['a.id', 'a.received_at'])
    .orderBy(sql`a.received_at <-> ${descending ? FAR_FUTURE : FAR_PAST}::timestamptz`)
    .limit(f.limit)
    .execute();
  const ids = new Set(nearest.map((r) => r.id));
  const last = nearest[f.limit - 1];
  if (last) {
    const tied = await starting.select('a.id').where('a.received_at', '=', last.received_at).execute();
    for (const r of tied) ids.add(r.id);
  }
  const inside = await db
    .selectFrom('application')
    .select('id')
    .where(sql<boolean>`substr(search_text, 2) ~ '[0-9]{4}-[a-z]'`)
    .where(sql<boolean>`substr(search_text, 2) LIKE ${`%${needle}%`}`)
    .execute();
  for (const r of inside) ids.add(r.id);
  return [...ids];
}

/** How many matches `fewTextMatches` reads at most: fewer means it has them all (tests lower it to take both paths). */
const TEXT_PROBE_LIMIT = 500;

/**
 * Every match of a text search with other filters, when there are at most `TEXT_PROBE_LIMIT`; null when there are
 * more. The planner reads such a search in the register's order and stops at the page's end, expecting a match
 * every hundred rows or so. A word is often common in one department and absent from another, and then that walk
 * reads the whole department (284 ms at 1,000,000 applications for a word in 24,000 applications and none of the
 * department's). Asked for its matches in no order, from the indexes' bitmaps only (the department and the text
 * intersect inside `application_search_unit`), the same search answers in a few milliseconds. When it finds more
 * than the limit, the matches are dense enough for the ordered walk, which the caller then takes.
 */
async function fewTextMatches(db: Kysely<DB>, filtered: RegisterQuery, f: RegisterFilters, descending: boolean, limit: number): Promise<number[] | null> {
  return db.transaction().execute(async (trx) => {
    // Local to this transaction: its one query may not walk an index in order.
    await sql`SET LOCAL enable_indexscan = off`.execute(trx);
    await sql`SET LOCAL enable_indexonlyscan = off`.execute(trx);
    // Nor loop over the procedures outside it: that materialises every match of the text before the first row, and a
    // common word has tens of thousands. Joined by hash, the scan stops at the limit's row.
    await sql`SET LOCAL enable_nestloop = off`.execute(trx);
    // Those settings raise the plan's estimated cost past `jit_above_cost`: compiling it took 175 ms for a 12 ms probe.
    await sql`SET LOCAL jit = off`.execute(trx);
    let probe = filtered;
    const cursor = f.after ?? f.before;
    if (cursor) {
      const { receivedAt, id } = cursor;
      probe = probe.where(descending ? sql<boolean>`(a.received_at, a.id) < (${receivedAt}, ${id})` : sql<boolean>`(a.received_at, a.id) > (${receivedAt}, ${id})`);
    }
    const sent = probe.select('a.id').limit(limit + 1).compile();
    const rows = (await trx.executeQuery(sent)).rows as { id: number }[];
    return rows.length > limit ? null : rows.map((r) => r.id);
  });
}

/**
 * Register search, newest (or oldest) first, with keyset pagination both ways that stays fast however deep one pages:
 * `after` lists the rows following a cursor in reading order, `before` the rows just preceding it (read backwards,
 * then turned round).
 */
export async function searchRegister(db: Kysely<DB>, f: RegisterFilters, tuning: { textProbeLimit?: number } = {}): Promise<RegisterRow[]> {
  const newestFirst = (f.sort ?? 'newest') === 'newest';
  const backwards = !f.after && Boolean(f.before);
  // The direction the database reads in: the page's order, or its reverse when going back.
  const descending = newestFirst !== backwards;
  const needle = f.q ? registerNeedle(f.q) : '';
  let filtered = await registerQuery(db, isNumberStart(needle) ? { ...f, q: undefined } : f);
  if (!filtered) return [];
  if (isNumberStart(needle)) {
    const ids = await numberStartCandidates(db, filtered, f, needle, descending);
    if (!ids.length) return [];
    filtered = filtered.where('a.id', 'in', ids);
  } else if (needle.length >= 3 && (f.unit || f.procedure || f.status || f.jurisdiction || f.from || f.to)) {
    const ids = await fewTextMatches(db, filtered, f, descending, tuning.textProbeLimit ?? TEXT_PROBE_LIMIT);
    if (ids && !ids.length) return [];
    if (ids) filtered = filtered.where('a.id', 'in', ids);
  }
  let query = filtered.select([
    'a.id', 'a.number', 'a.title', 'a.address', 'a.status', 'a.received_at', 'a.closed_at', 'a.procedure_code',
    'p.name_ko as p_ko', 'p.name_en as p_en', 'p.texts as p_texts', 'u.code as unit_code', 'u.name_ko as u_ko', 'u.name_en as u_en', 'u.names as u_names', 'j.time_zone', 'j.main_locale', 'j.offered_locales',
  ]);
  const cursor = f.after ?? f.before;
  if (cursor) {
    const { receivedAt, id } = cursor;
    query = query.where(descending ? sql<boolean>`(a.received_at, a.id) < (${receivedAt}, ${id})` : sql<boolean>`(a.received_at, a.id) > (${receivedAt}, ${id})`);
  }
  const direction = descending ? 'desc' : 'asc';
  const read = await query.orderBy('a.received_at', direction).orderBy('a.id', direction).limit(f.limit).execute();
  const rows = backwards ? read.reverse() : read;
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    address: r.address,
    status: r.status as Status,
    received_at: r.received_at,
    closed_at: r.closed_at,
    procedure_code: r.procedure_code,
    procedure_name: localized(r.p_ko, r.p_en, r.p_texts.name, r.offered_locales),
    unit_code: r.unit_code,
    unit_name: localized(r.u_ko, r.u_en, r.u_names, r.offered_locales),
    time_zone: r.time_zone,
    main_locale: r.main_locale,
  }));
}

export interface CatalogueRow {
  id: number;
  code: string;
  version: number;
  category: string;
  jurisdiction: { code: string; name: Localized; main_locale: Locale; time_zone: string };
  unit: { code: string; name: Localized };
  name: Localized;
  purpose: Localized;
  legal_basis: Localized;
  fee_krw: number;
  statutory_days: number;
  documents: import('../../domain/types.js').ProcedureDocument[];
  fields: import('../../domain/types.js').ProcedureField[];
  stages: ProcedureStage[];
}

/** The current version of every procedure, or of one when `code` and `jurisdiction` are given. */
export async function listProcedures(db: Kysely<DB>, one?: { jurisdiction: string; code: string }): Promise<CatalogueRow[]> {
  let query = db
    .selectFrom('procedure as p')
    .innerJoin('unit as u', 'u.id', 'p.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
    .selectAll('p')
    .select(['u.code as u_code', 'u.name_ko as u_ko', 'u.name_en as u_en', 'u.names as u_names', 'j.code as j_code', 'j.name_ko as j_ko', 'j.name_en as j_en', 'j.names as j_names', 'j.main_locale', 'j.offered_locales', 'j.time_zone'])
    .where('p.is_current', '=', true)
    // Procurement procedures are a department's own (ADR 0022): no one applies for them, Open311 offers none.
    .where('p.category', '<>', PROCUREMENT_CATEGORY);
  if (one) query = query.where('j.code', '=', one.jurisdiction).where('p.code', '=', one.code);
  const rows = await query.orderBy('p.category').orderBy('p.name_en').execute();
  return rows.map((p) => ({
    id: p.id,
    code: p.code,
    version: p.version,
    category: p.category,
    jurisdiction: { code: p.j_code, name: localized(p.j_ko, p.j_en, p.j_names, p.offered_locales), main_locale: p.main_locale, time_zone: p.time_zone },
    unit: { code: p.u_code, name: localized(p.u_ko, p.u_en, p.u_names, p.offered_locales) },
    name: localized(p.name_ko, p.name_en, p.texts.name, p.offered_locales),
    purpose: localized(p.purpose_ko, p.purpose_en, p.texts.purpose, p.offered_locales),
    legal_basis: localized(p.legal_basis_ko, p.legal_basis_en, p.texts.legal_basis, p.offered_locales),
    fee_krw: p.fee_krw,
    statutory_days: p.statutory_days,
    documents: p.documents,
    fields: p.fields,
    stages: offeredStages(p.stages, p.offered_locales),
  }));
}

/** An application's id and its jurisdiction's time zone, by public number (to read times typed for it), or undefined. */
export async function applicationZone(db: Kysely<DB>, number: string): Promise<{ id: number; time_zone: string } | undefined> {
  return db
    .selectFrom('application as a')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select(['a.id', 'j.time_zone'])
    .where('a.number', '=', number)
    .executeTakeFirst();
}

/** An application's number and title by its number (what a follow form says it is about), or undefined. */
export async function applicationTitle(db: Kysely<DB>, number: string): Promise<{ number: string; title: string } | undefined> {
  return db.selectFrom('application').select(['number', 'title']).where('number', '=', number).executeTakeFirst();
}

/** An application's public number by its id (what a signed link in an e-mail names), or undefined. */
export async function applicationNumberById(db: Kysely<DB>, id: number): Promise<{ id: number; number: string } | undefined> {
  return db.selectFrom('application').select(['id', 'number']).where('id', '=', id).executeTakeFirst();
}

/**
 * What an application's public record depends on that can move, read with one indexed query: how many events it
 * has, how many of them still wait for a log index, and its calendar's version. The rendered-record cache keys on
 * this, so a copy is never served once any of them has moved.
 */
export interface PublicCaseVersion {
  events: number;
  unsequenced: number;
  calendarVersion: number;
}

/**
 * Asked on every anonymous visit, so it is kept prepared and reads as little as it can: the number of events is the
 * application's `last_seq` (a case's events are numbered from 1 without gaps, and the row's `last_seq` is written in
 * the transaction that appends each one, by the same statement for a command's event), and the unsequenced ones are
 * counted from the partial index on (application_id) where log_index is null, which holds only events between their
 * commit and the integrator's pass.
 */
export async function publicCaseVersion(db: Kysely<DB>, number: string): Promise<PublicCaseVersion | undefined> {
  const { rows } = await sql<{ calendar_version: number; events: number; unsequenced: string }>`${PREPARED}
    SELECT j.calendar_version, a.last_seq AS events,
      (SELECT count(*) FROM event e WHERE e.application_id = a.id AND e.log_index IS NULL) AS unsequenced
    FROM application a JOIN jurisdiction j ON j.id = a.jurisdiction_id
    WHERE a.number = ${number}`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  return { events: Number(row.events), unsequenced: Number(row.unsequenced), calendarVersion: row.calendar_version };
}
