import type { Kysely, Transaction } from 'kysely';
import type { OfficialActor } from '../../domain/actor.js';
import type { Role } from '../../domain/types.js';
import type { DB, PublicActor } from '../schema.js';
import { localized } from './localized.js';

type Q = Kysely<DB> | Transaction<DB>;

/**
 * The public face of an official at this moment: name (unless the jurisdiction shows roles only), title and
 * unit, in Korean, English and each other language the jurisdiction offers where one is written. Frozen into each
 * event so a later rename never changes a published, hashed record; an official named in Korean and English only
 * has exactly the snapshot they always had.
 */
export async function officialPublicActor(q: Q, officialId: number): Promise<PublicActor> {
  return publicActorOf(await officialFaceQuery(q, officialId).executeTakeFirstOrThrow());
}

/** The columns an official's public face is made of, as a query another statement can embed (`loadCase`). */
export function officialFaceQuery(q: Q, officialId: number) {
  return q
    .selectFrom('official as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'o.jurisdiction_id')
    .select([
      'o.name_ko', 'o.name_en', 'o.names', 'o.title_ko', 'o.title_en', 'o.titles', 'u.code', 'u.name_ko as unit_ko', 'u.name_en as unit_en', 'u.names as unit_names',
      'j.show_official_names', 'j.offered_locales',
    ])
    .where('o.id', '=', officialId);
}

/** The row `officialFaceQuery` reads. */
export type OfficialFaceRow = Awaited<ReturnType<ReturnType<typeof officialFaceQuery>['executeTakeFirstOrThrow']>>;

/** An official's public face from their row. */
export function publicActorOf(row: OfficialFaceRow): PublicActor {
  const actor: PublicActor = {
    kind: 'official',
    title: localized(row.title_ko, row.title_en, row.titles, row.offered_locales),
    unit: { code: row.code, name: localized(row.unit_ko, row.unit_en, row.unit_names, row.offered_locales) },
  };
  if (row.show_official_names) actor.name = localized(row.name_ko, row.name_en, row.names, row.offered_locales);
  return actor;
}

/** The public face of a department system acting without a named official. */
export async function unitPublicActor(q: Q, unitId: number): Promise<PublicActor> {
  const u = await q
    .selectFrom('unit as u')
    .innerJoin('jurisdiction as j', 'j.id', 'u.jurisdiction_id')
    .select(['u.code', 'u.name_ko', 'u.name_en', 'u.names', 'j.offered_locales'])
    .where('u.id', '=', unitId)
    .executeTakeFirstOrThrow();
  return { kind: 'system', unit: { code: u.code, name: localized(u.name_ko, u.name_en, u.names, u.offered_locales) } };
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
