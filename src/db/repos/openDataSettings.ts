import type { Kysely, Transaction } from 'kysely';
import type { BldsPermitClass, BldsPermitType } from '../../domain/blds.js';
import type { BldsFormat, LicenceId, OpenDataSettings } from '../../domain/openData.js';
import { mappingKey } from '../../domain/openData.js';
import type { DB } from '../schema.js';

/** The administrator's open-data settings; `licence` is `fallbackLicence` until one is saved. */
export async function openDataSettings(db: Kysely<DB>, fallbackLicence: LicenceId): Promise<OpenDataSettings & { saved: boolean }> {
  const [setting, jurisdictions, mappings] = await Promise.all([
    db.selectFrom('open_data_setting').select('licence').executeTakeFirst(),
    db.selectFrom('open_data_jurisdiction').select(['jurisdiction_id', 'blds_formats', 'open311']).execute(),
    db.selectFrom('blds_mapping').select(['jurisdiction_id', 'procedure_code', 'permit_class', 'permit_type']).execute(),
  ]);
  return {
    saved: setting !== undefined,
    licence: (setting?.licence as LicenceId | undefined) ?? fallbackLicence,
    bldsFormats: new Map(jurisdictions.map((j) => [j.jurisdiction_id, j.blds_formats as BldsFormat[]])),
    open311: new Map(jurisdictions.map((j) => [j.jurisdiction_id, j.open311])),
    mapping: new Map(mappings.map((m) => [mappingKey(m.jurisdiction_id, m.procedure_code), { permitClass: m.permit_class as BldsPermitClass, permitType: m.permit_type as BldsPermitType }])),
  };
}

/** The current procedures the mapping is set for, with their jurisdiction and category. */
export async function mappableProcedures(db: Kysely<DB>) {
  return db
    .selectFrom('procedure as p')
    .innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
    .select(['p.jurisdiction_id as jurisdictionId', 'j.code as jurisdictionCode', 'p.code', 'p.name_ko', 'p.name_en', 'p.category'])
    .where('p.is_current', '=', true)
    .orderBy('j.code')
    .orderBy('p.category')
    .orderBy('p.code')
    .execute();
}

/** Replaces the settings with `settings`, recording who saved them. */
export async function replaceOpenDataSettings(trx: Transaction<DB>, settings: OpenDataSettings, officialId: number): Promise<void> {
  await trx
    .insertInto('open_data_setting')
    .values({ id: true, licence: settings.licence, updated_by: officialId })
    .onConflict((oc) => oc.column('id').doUpdateSet({ licence: settings.licence, updated_by: officialId, updated_at: new Date() }))
    .execute();
  // The form names every jurisdiction in both maps; a jurisdiction's row holds both settings.
  for (const [jurisdictionId, formats] of settings.bldsFormats) {
    const open311 = settings.open311.get(jurisdictionId) ?? true;
    await trx
      .insertInto('open_data_jurisdiction')
      .values({ jurisdiction_id: jurisdictionId, blds_formats: formats, open311 })
      .onConflict((oc) => oc.column('jurisdiction_id').doUpdateSet({ blds_formats: formats, open311 }))
      .execute();
  }
  for (const [key, m] of settings.mapping) {
    const [jurisdictionId, procedureCode] = key.split(' ') as [string, string];
    await trx
      .insertInto('blds_mapping')
      .values({ jurisdiction_id: jurisdictionId, procedure_code: procedureCode, permit_class: m.permitClass, permit_type: m.permitType })
      .onConflict((oc) => oc.columns(['jurisdiction_id', 'procedure_code']).doUpdateSet({ permit_class: m.permitClass, permit_type: m.permitType }))
      .execute();
  }
}
