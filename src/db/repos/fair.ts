import { sql } from 'kysely';
import type { PartyHashes } from '../../domain/conflicts.js';
import type { Db, Tx } from '../types.js';

type Q = Db | Tx;

/** A declared conflict as stored: hashes for matching, the sealed clear text for its official and auditors. */
export interface ConflictRow {
  id: number;
  official_id: number;
  kind: string;
  application_id: number | null;
  application_number: string | null;
  name_hash: string | null;
  registration_hash: string | null;
  address_hash: string | null;
  parcel_hash: string | null;
  sealed: string;
  declared_at: Date;
  withdrawn_at: Date | null;
  /** Set when the party comes from a yearly declaration of assets and interests. */
  declaration_id: string | null;
}

/** Stores a declaration and returns its id. */
export async function insertConflict(
  trx: Tx,
  row: { jurisdictionId: string; officialId: number; kind: string; applicationId: number | null; hashes: PartyHashes; sealed: string; at: Date; declarationId?: string },
): Promise<number> {
  const inserted = await trx
    .insertInto('conflict_declaration')
    .values({
      jurisdiction_id: row.jurisdictionId, official_id: row.officialId, kind: row.kind, application_id: row.applicationId,
      name_hash: row.hashes.name, registration_hash: row.hashes.registration, address_hash: row.hashes.address, parcel_hash: row.hashes.parcel,
      sealed: row.sealed, declared_at: row.at, declaration_id: row.declarationId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

const conflictColumns = [
  'c.id', 'c.declaration_id', 'c.official_id', 'c.kind', 'c.application_id', 'a.number as application_number', 'c.name_hash', 'c.registration_hash',
  'c.address_hash', 'c.parcel_hash', 'c.sealed', 'c.declared_at', 'c.withdrawn_at',
] as const;

/** An official's own declarations, newest first (at most `limit`). */
export function conflictsOfOfficial(q: Q, officialId: number, limit = 500): Promise<ConflictRow[]> {
  return q
    .selectFrom('conflict_declaration as c')
    .leftJoin('application as a', 'a.id', 'c.application_id')
    .select(conflictColumns)
    .where('c.official_id', '=', officialId)
    .orderBy('c.declared_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

/** Withdraws one of the official's own general declarations; false when there was none to withdraw. */
export async function withdrawConflict(trx: Tx, officialId: number, id: number, at: Date): Promise<boolean> {
  const result = await trx
    .updateTable('conflict_declaration')
    .set({ withdrawn_at: at })
    .where('id', '=', id)
    .where('official_id', '=', officialId)
    .where('application_id', 'is', null)
    .where('declaration_id', 'is', null)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The officials a unit's cases may go to by rotation: active, with the `official` role, with their open workload:
 * the open cases they hold, and the running stages of other units' cases they handle in their own unit.
 */
export async function rotationCandidates(trx: Tx, unitId: number): Promise<{ id: number; openCases: number; lastAssignedAt: string | null }[]> {
  const rows = await trx
    .selectFrom('official as o')
    .leftJoin('assignment_rotation as r', 'r.official_id', 'o.id')
    .select((eb) => [
      'o.id',
      'r.last_assigned_at',
      eb
        .selectFrom('application as a')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('a.assigned_official_id', '=', 'o.id')
        .where('a.closed_at', 'is', null)
        .as('open_cases'),
      eb
        .selectFrom('application as a')
        .select(eb.fn.countAll<number>().as('n'))
        .where('a.closed_at', 'is', null)
        .where(sql<boolean>`a.active_unit_ids @> ARRAY[${unitId}]::integer[]`)
        .where('a.unit_id', '<>', unitId)
        .where(sql<boolean>`a.stages @> jsonb_build_array(jsonb_build_object('status', 'active', 'official_id', o.id))`)
        .as('open_stages'),
    ])
    .where('o.unit_id', '=', unitId)
    .where('o.active', '=', true)
    .where(sql<boolean>`'official' = ANY(o.roles)`)
    .orderBy('o.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({ id: r.id, openCases: Number(r.open_cases ?? 0) + Number(r.open_stages ?? 0), lastAssignedAt: r.last_assigned_at ? r.last_assigned_at.toISOString() : null }));
}

/** The live declarations of the given officials that could bar them from a case: general ones and this case's recusals. */
export function conflictsBearingOn(trx: Tx, officialIds: number[], applicationId: number): Promise<ConflictRow[]> {
  if (!officialIds.length) return Promise.resolve([]);
  return trx
    .selectFrom('conflict_declaration as c')
    .leftJoin('application as a', 'a.id', 'c.application_id')
    .select(conflictColumns)
    .where('c.official_id', 'in', officialIds)
    .where('c.withdrawn_at', 'is', null)
    .where((eb) => eb.or([eb('c.application_id', 'is', null), eb('c.application_id', '=', applicationId)]))
    .limit(10_000)
    .execute();
}

/**
 * The general declarations (not a recusal from one case) of the given officials with a name or registration to
 * match, withdrawn or not, with when they were in force; at most 10,000.
 */
export function matchableConflicts(q: Q, officialIds: readonly number[]) {
  if (!officialIds.length) return Promise.resolve([]);
  return q
    .selectFrom('conflict_declaration')
    .select(['official_id', 'name_hash', 'registration_hash', 'declared_at', 'withdrawn_at'])
    .where('official_id', 'in', officialIds)
    .where('application_id', 'is', null)
    .where((eb) => eb.or([eb('name_hash', 'is not', null), eb('registration_hash', 'is not', null)]))
    .orderBy('id')
    .limit(10_000)
    .execute();
}

/** Notes that an official received a case by rotation (the rotation's tie-breaker). */
export async function noteRotation(trx: Tx, officialId: number, at: Date): Promise<void> {
  await trx
    .insertInto('assignment_rotation')
    .values({ official_id: officialId, last_assigned_at: at, assignments: 1 })
    .onConflict((oc) => oc.column('official_id').doUpdateSet({ last_assigned_at: at, assignments: sql`assignment_rotation.assignments + 1` }))
    .execute();
}

/** Stores the keyed hashes of an application's applicant. */
export async function saveApplicationParty(trx: Tx, row: { applicationId: number; jurisdictionId: string; applicantHash: string; registrationHash: string | null }): Promise<void> {
  await trx
    .insertInto('application_party')
    .values({ application_id: row.applicationId, jurisdiction_id: row.jurisdictionId, applicant_hash: row.applicantHash, registration_hash: row.registrationHash })
    .onConflict((oc) => oc.column('application_id').doNothing())
    .execute();
}

/** The keyed hashes of an application's applicant, if stored. */
export function applicationParty(q: Q, applicationId: number) {
  return q.selectFrom('application_party').select(['applicant_hash', 'registration_hash']).where('application_id', '=', applicationId).executeTakeFirst();
}

/** The applicant's name and private fields, which only hashing reads here. */
export function applicantIdentity(q: Q, applicationId: number) {
  return q.selectFrom('application_private').select(['applicant_name', 'fields']).where('application_id', '=', applicationId).executeTakeFirst();
}

/**
 * Who was assigned the same applicant's most recent earlier case in this unit (matched on the keyed hash), if
 * anyone: the rotation passes them over when the unit has another eligible official.
 */
export async function previousOfficialForApplicant(trx: Tx, jurisdictionId: string, applicantHash: string, unitId: number, applicationId: number): Promise<number | null> {
  const row = await trx
    .selectFrom('application_party as p')
    .innerJoin('application as a', 'a.id', 'p.application_id')
    .select('a.assigned_official_id')
    .where('p.jurisdiction_id', '=', jurisdictionId)
    .where('p.applicant_hash', '=', applicantHash)
    .where('a.unit_id', '=', unitId)
    .where('a.id', '<>', applicationId)
    .where('a.assigned_official_id', 'is not', null)
    .orderBy('a.received_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.assigned_official_id ?? null;
}

/** Writes the demo's applicant hashes and gifts in bulk (the demo generator bypasses the commands). */
export async function writeFairDemo(
  trx: Tx,
  parties: { applicationId: number; jurisdictionId: string; applicantHash: string; registrationHash: string | null }[],
  gifts: { jurisdictionId: string; officialId: number; unitId: number; offeredOn: string; kind: string; valueKrw: number; outcome: string; giverHash: string | null; sealed: string }[],
): Promise<void> {
  for (let i = 0; i < parties.length; i += 2000) {
    const chunk = parties.slice(i, i + 2000);
    if (chunk.length) {
      await trx
        .insertInto('application_party')
        .values(chunk.map((p) => ({ application_id: p.applicationId, jurisdiction_id: p.jurisdictionId, applicant_hash: p.applicantHash, registration_hash: p.registrationHash })))
        .execute();
    }
  }
  if (gifts.length) {
    await trx
      .insertInto('gift')
      .values(gifts.map((g) => ({
        jurisdiction_id: g.jurisdictionId, official_id: g.officialId, unit_id: g.unitId, offered_on: g.offeredOn, kind: g.kind, value_krw: g.valueKrw,
        outcome: g.outcome, giver_hash: g.giverHash, sealed: g.sealed,
      })))
      .execute();
  }
}

/** Records a gift offered to an official. */
export async function insertGift(
  trx: Tx,
  g: { jurisdictionId: string; officialId: number; unitId: number; offeredOn: string; kind: string; valueKrw: number; outcome: string; giverHash: string | null; sealed: string },
): Promise<number> {
  const row = await trx
    .insertInto('gift')
    .values({
      jurisdiction_id: g.jurisdictionId, official_id: g.officialId, unit_id: g.unitId, offered_on: g.offeredOn, kind: g.kind, value_krw: g.valueKrw,
      outcome: g.outcome, giver_hash: g.giverHash, sealed: g.sealed,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An official's own gifts, newest first. */
export function giftsOfOfficial(q: Q, officialId: number, limit = 500) {
  return q
    .selectFrom('gift')
    .select(['id', sql<string>`to_char(offered_on, 'YYYY-MM-DD')`.as('offered_on'), 'kind', 'value_krw', 'outcome', 'sealed', 'recorded_at'])
    .where('official_id', '=', officialId)
    .orderBy('offered_on', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The public part of the gift register for a year: month, department, the official's public face (name only where
 * the jurisdiction publishes names), kind, value and outcome; never the giver or the description.
 */
export function publicGifts(q: Q, year: number, limit: number) {
  return q
    .selectFrom('gift as g')
    .innerJoin('official as o', 'o.id', 'g.official_id')
    .innerJoin('unit as u', 'u.id', 'g.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'g.jurisdiction_id')
    .select([
      'g.id', sql<string>`to_char(g.offered_on, 'YYYY-MM')`.as('month'), 'g.kind', 'g.value_krw', 'g.outcome', 'u.code as unit_code', 'u.name_ko as unit_ko',
      'u.name_en as unit_en', 'o.title_ko', 'o.title_en', 'j.code as jurisdiction',
      sql<string | null>`case when j.show_official_names then o.name_ko end`.as('name_ko'),
      sql<string | null>`case when j.show_official_names then o.name_en end`.as('name_en'),
    ])
    .where(sql<boolean>`extract(year from g.offered_on) = ${year}`)
    .orderBy('g.offered_on', 'desc')
    .orderBy('g.id', 'desc')
    .limit(limit)
    .execute();
}
