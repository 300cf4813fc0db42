import type { Kysely, Transaction } from 'kysely';
import type { OfficialActor } from '../../domain/actor.js';
import type { Role } from '../../domain/types.js';
import type { DB, PublicActor } from '../schema.js';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * The public face of an official at this moment: name (unless the jurisdiction shows roles only), title and
 * unit. Frozen into each event so a later rename never changes a published, hashed record.
 */
export async function officialPublicActor(q: Q, officialId: number): Promise<PublicActor> {
  const row = await q
    .selectFrom('official as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'o.jurisdiction_id')
    .select(['o.name_ko', 'o.name_en', 'o.title_ko', 'o.title_en', 'u.code', 'u.name_ko as unit_ko', 'u.name_en as unit_en', 'j.show_official_names'])
    .where('o.id', '=', officialId)
    .executeTakeFirstOrThrow();
  const actor: PublicActor = {
    kind: 'official',
    title: { ko: row.title_ko, en: row.title_en },
    unit: { code: row.code, name: { ko: row.unit_ko, en: row.unit_en } },
  };
  if (row.show_official_names) actor.name = { ko: row.name_ko, en: row.name_en };
  return actor;
}

/** The public face of a department system acting without a named official. */
export async function unitPublicActor(q: Q, unitId: number): Promise<PublicActor> {
  const u = await q.selectFrom('unit').select(['code', 'name_ko', 'name_en']).where('id', '=', unitId).executeTakeFirstOrThrow();
  return { kind: 'system', unit: { code: u.code, name: { ko: u.name_ko, en: u.name_en } } };
}

/** An active official as the policies see them, or undefined when unknown or inactive. */
export async function officialActor(q: Q, officialId: number): Promise<OfficialActor | undefined> {
  const row = await q
    .selectFrom('official as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .select(['o.id', 'o.login', 'o.jurisdiction_id', 'o.unit_id', 'o.roles', 'o.active', 'u.code'])
    .where('o.id', '=', officialId)
    .executeTakeFirst();
  if (!row || !row.active) return undefined;
  return { kind: 'official', id: row.id, login: row.login, jurisdictionId: row.jurisdiction_id, unitId: row.unit_id, unitCode: row.code, roles: row.roles as Role[] };
}
