import { sql } from 'kysely';
import { rulesOf, type DeclarationRules } from '../../domain/declarationRules.js';
import type { DeclarationBandsColumn } from '../schema.js';
import type { Db, Tx } from '../types.js';

type Q = Db | Tx;

/**
 * Yearly declarations of assets and interests: a jurisdiction's settings, an official's versions, the auditors'
 * roster of who filed, and the public register's rows (bands only; the sealed items never leave this table's
 * `sealed` column except to the command that opens them for the official or an auditor).
 */

const SETTINGS = [
  'id', 'code', 'name_ko', 'name_en', 'time_zone', 'show_official_names', 'declaration_required', 'declaration_filing_grade', 'declaration_public_grade', 'declaration_due_month',
  'declaration_due_day', 'declaration_categories', 'declaration_bands',
] as const;

/** Who must file, whose register is public, when it is due, what is declared, and the jurisdiction's time zone (`domain/declarationRules.rulesOf`). */
export function declarationSettings(q: Q, jurisdictionId: string) {
  return q.selectFrom('jurisdiction').select(SETTINGS).where('id', '=', jurisdictionId).executeTakeFirstOrThrow();
}

/** The same settings found by the jurisdiction's code, for the administrators' page; undefined when there is none. */
export function declarationSettingsByCode(q: Q, code: string) {
  return q.selectFrom('jurisdiction').select(SETTINGS).where('code', '=', code).executeTakeFirst();
}

/**
 * Saves a jurisdiction's rules as its current settings and as the next version of their history, with the rules they
 * replace and who saved them; the jurisdiction's row is locked so two administrators' saves get consecutive versions. Returns the version.
 */
export async function saveDeclarationRules(trx: Tx, jurisdictionId: string, rules: DeclarationRules, officialId: number, at: Date): Promise<number> {
  const previous = rulesOf(await trx.selectFrom('jurisdiction').select(SETTINGS).where('id', '=', jurisdictionId).forUpdate().executeTakeFirstOrThrow());
  const last = await trx.selectFrom('declaration_rules_change').select((e) => e.fn.max('version').as('version')).where('jurisdiction_id', '=', jurisdictionId).executeTakeFirst();
  const version = (last?.version ?? 0) + 1;
  await trx
    .updateTable('jurisdiction')
    .set({
      declaration_required: rules.required, declaration_filing_grade: rules.filingGrade, declaration_public_grade: rules.publicGrade, declaration_due_month: rules.dueMonth,
      declaration_due_day: rules.dueDay, declaration_categories: JSON.stringify(rules.categories), declaration_bands: JSON.stringify(rules.bands),
    })
    .where('id', '=', jurisdictionId)
    .execute();
  await trx
    .insertInto('declaration_rules_change')
    .values({ jurisdiction_id: jurisdictionId, version, rules: JSON.stringify(rules), previous: JSON.stringify(previous), changed_by: officialId, changed_at: at })
    .execute();
  return version;
}

/** The history of a jurisdiction's rules, newest first, with who saved each version (bounded). */
export function declarationRulesHistory(q: Q, jurisdictionId: string, limit = 100) {
  return q
    .selectFrom('declaration_rules_change as c')
    .innerJoin('official as o', 'o.id', 'c.changed_by')
    .select(['c.version', 'c.rules', 'c.previous', 'c.changed_at', 'o.name_ko', 'o.name_en'])
    .where('c.jurisdiction_id', '=', jurisdictionId)
    .orderBy('c.version', 'desc')
    .limit(limit)
    .execute();
}

/** An official's grade and jurisdiction, locking the official's row so two filings of one official are serialised. */
export function lockDeclarant(trx: Tx, officialId: number) {
  return trx.selectFrom('official').select(['id', 'grade', 'jurisdiction_id']).where('id', '=', officialId).forUpdate().executeTakeFirstOrThrow();
}

/** An official's grade (null outside the grades). */
export async function officialGrade(q: Q, officialId: number): Promise<number | null> {
  const row = await q.selectFrom('official').select('grade').where('id', '=', officialId).executeTakeFirst();
  return row?.grade ?? null;
}

export interface DeclarationRow {
  id: string;
  official_id: number;
  year: number;
  version: number;
  filed_at: Date;
  on_time: boolean;
  sealed: string;
  bands: DeclarationBandsColumn;
}

/** Every version of an official's declaration for a year, newest first. */
export function declarationVersions(q: Q, officialId: number, year: number): Promise<DeclarationRow[]> {
  return q
    .selectFrom('asset_declaration')
    .select(['id', 'official_id', 'year', 'version', 'filed_at', 'on_time', 'sealed', 'bands'])
    .where('official_id', '=', officialId)
    .where('year', '=', year)
    .orderBy('version', 'desc')
    .limit(200)
    .execute();
}

/** Stores a version and returns its id. */
export async function insertDeclaration(
  trx: Tx,
  row: { jurisdictionId: string; officialId: number; year: number; version: number; filedAt: Date; onTime: boolean; sealed: string; bands: DeclarationBandsColumn },
): Promise<string> {
  const inserted = await trx
    .insertInto('asset_declaration')
    .values({
      jurisdiction_id: row.jurisdictionId, official_id: row.officialId, year: row.year, version: row.version, filed_at: row.filedAt, on_time: row.onTime,
      sealed: row.sealed, bands: JSON.stringify(row.bands),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Stores the demo's first versions in one statement (the seed's; a filing goes through `insertDeclaration`). */
export async function insertDemoDeclarations(
  trx: Tx, rows: { jurisdictionId: string; officialId: number; year: number; filedAt: Date; onTime: boolean; sealed: string; bands: DeclarationBandsColumn }[],
): Promise<void> {
  if (!rows.length) return;
  await trx
    .insertInto('asset_declaration')
    .values(rows.map((r) => ({
      jurisdiction_id: r.jurisdictionId, official_id: r.officialId, year: r.year, version: 1, filed_at: r.filedAt, on_time: r.onTime, sealed: r.sealed, bands: JSON.stringify(r.bands),
    })))
    .execute();
}

/** Withdraws the conflict parties an official's earlier declaration versions gave the rotation. */
export async function withdrawDeclaredParties(trx: Tx, officialId: number, at: Date): Promise<void> {
  await trx
    .updateTable('conflict_declaration')
    .set({ withdrawn_at: at })
    .where('official_id', '=', officialId)
    .where('declaration_id', 'is not', null)
    .where('withdrawn_at', 'is', null)
    .execute();
}

/**
 * The officials of a jurisdiction who must file (grade at or above `filingGrade`), active, with their first and
 * latest versions for the year, for the auditors' list of who filed on time, late or not yet.
 */
export function filingRoster(q: Q, jurisdictionId: string, year: number, filingGrade: number, limit = 5000) {
  return q
    .selectFrom('official as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('asset_declaration')
          .select((e) => ['official_id', e.fn.count<string>('id').as('versions'), e.fn.min('filed_at').as('first_filed_at'), e.fn.max('filed_at').as('last_filed_at'), sql<boolean>`bool_or(on_time)`.as('on_time')])
          .where('year', '=', year)
          .groupBy('official_id')
          .as('d'),
      (join) => join.onRef('d.official_id', '=', 'o.id'),
    )
    .select([
      'o.id', 'o.name_ko', 'o.name_en', 'o.title_ko', 'o.title_en', 'o.grade', 'u.code as unit_code', 'u.name_ko as unit_ko', 'u.name_en as unit_en',
      'd.versions', 'd.first_filed_at', 'd.last_filed_at', 'd.on_time',
    ])
    .where('o.jurisdiction_id', '=', jurisdictionId)
    .where('o.active', '=', true)
    .where('o.grade', 'is not', null)
    .where('o.grade', '<=', filingGrade)
    .orderBy('u.code')
    .orderBy('o.grade')
    .orderBy('o.id')
    .limit(limit)
    .execute();
}

/**
 * The public register for a year: every active official of a grade the jurisdiction publishes (where it requires
 * declarations; elsewhere only those who filed), with their latest
 * version's bands (none when not filed), whether the first version was on time and how many versions there are.
 * Names only where the jurisdiction publishes officials' names. Never the sealed items.
 */
export function publicDeclarations(q: Q, year: number, limit: number) {
  return q
    .selectFrom('official as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'o.jurisdiction_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('asset_declaration as a')
          .select(['a.official_id', 'a.bands', sql<string>`count(*) over (partition by a.official_id)`.as('versions'), sql<boolean>`bool_or(a.on_time) over (partition by a.official_id)`.as('on_time'),
            sql<number>`row_number() over (partition by a.official_id order by a.version desc)`.as('latest')])
          .where('a.year', '=', year)
          .as('d'),
      (join) => join.onRef('d.official_id', '=', 'o.id').on('d.latest', '=', 1),
    )
    .select([
      'o.id', 'j.code as jurisdiction', 'j.time_zone', 'j.declaration_due_month', 'j.declaration_due_day', 'u.code as unit_code', 'u.name_ko as unit_ko', 'u.name_en as unit_en', 'o.title_ko', 'o.title_en',
      sql<string | null>`case when j.show_official_names then o.name_ko end`.as('name_ko'),
      sql<string | null>`case when j.show_official_names then o.name_en end`.as('name_en'),
      'd.bands', 'd.versions', 'd.on_time',
    ])
    .where('o.active', '=', true)
    .where('o.grade', 'is not', null)
    // Where declarations are no longer required, the register keeps those who filed and lists nobody as overdue.
    .where((eb) => eb.or([eb('j.declaration_required', '=', true), eb('d.bands', 'is not', null)]))
    .where(sql<boolean>`o.grade <= j.declaration_public_grade`)
    .orderBy('j.code')
    .orderBy('u.code')
    .orderBy('o.grade')
    .orderBy('o.id')
    .limit(limit)
    .execute();
}

/** An official's names and jurisdiction, for an auditor's page about them; undefined when there is none. */
export function declarant(q: Q, officialId: number) {
  return q.selectFrom('official').select(['id', 'jurisdiction_id', 'name_ko', 'name_en', 'title_ko', 'title_en']).where('id', '=', officialId).executeTakeFirst();
}
