import { otherLanguages } from './localized.js';
import type { Localized, ProcedureDocument, ProcedureField, ProcedureStage } from '../../domain/types.js';
import type { Db, Tx } from '../types.js';

/**
 * Locks every version of a procedure (so versions are saved one after another) and returns the newest one's id and
 * version, or undefined for a procedure not saved before.
 */
export async function lockProcedureVersions(trx: Tx, jurisdictionId: string, code: string): Promise<{ id: number; version: number } | undefined> {
  return trx
    .selectFrom('procedure')
    .select(['id', 'version'])
    .where('jurisdiction_id', '=', jurisdictionId)
    .where('code', '=', code)
    .orderBy('version', 'desc')
    .forUpdate()
    .executeTakeFirst();
}

/** Marks every version of a procedure as no longer current; they stay for the applications filed under them. */
export async function retireProcedureVersions(trx: Tx, jurisdictionId: string, code: string): Promise<void> {
  await trx.updateTable('procedure').set({ is_current: false }).where('jurisdiction_id', '=', jurisdictionId).where('code', '=', code).execute();
}

/** A procedure version as an administrator saved it. */
export interface NewProcedureVersion {
  jurisdictionId: string;
  code: string;
  version: number;
  category: string;
  unitId: number;
  name: Localized;
  purpose: Localized;
  legalBasis: Localized;
  feeKrw: number;
  statutoryDays: number;
  documents: ProcedureDocument[];
  fields: ProcedureField[];
  stages: ProcedureStage[];
  createdBy: number;
}

/** Inserts a procedure version as the current one; returns its id. */
export async function insertProcedureVersion(trx: Tx, p: NewProcedureVersion): Promise<number> {
  const row = await trx
    .insertInto('procedure')
    .values({
      jurisdiction_id: p.jurisdictionId,
      code: p.code,
      version: p.version,
      is_current: true,
      category: p.category,
      unit_id: p.unitId,
      name_ko: p.name.ko,
      name_en: p.name.en,
      purpose_ko: p.purpose.ko,
      purpose_en: p.purpose.en,
      legal_basis_ko: p.legalBasis.ko,
      legal_basis_en: p.legalBasis.en,
      fee_krw: p.feeKrw,
      statutory_days: p.statutoryDays,
      documents: JSON.stringify(p.documents),
      fields: JSON.stringify(p.fields),
      stages: JSON.stringify(p.stages),
      texts: JSON.stringify({ name: otherLanguages(p.name), purpose: otherLanguages(p.purpose), legal_basis: otherLanguages(p.legalBasis) }),
      created_by: p.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The current version of a procedure of a jurisdiction (by their public codes), or undefined. */
export async function currentProcedureByCodes(db: Db, jurisdictionCode: string, procedureCode: string): Promise<{ jurisdiction_id: string; code: string } | undefined> {
  return db
    .selectFrom('procedure as p')
    .innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
    .select(['p.jurisdiction_id', 'p.code'])
    .where('j.code', '=', jurisdictionCode)
    .where('p.code', '=', procedureCode)
    .where('p.is_current', '=', true)
    .executeTakeFirst();
}

/** Whether some jurisdiction has a current procedure with this code. */
export async function isCurrentProcedureCode(db: Db, code: string): Promise<boolean> {
  return Boolean(await db.selectFrom('procedure').select('code').where('code', '=', code).where('is_current', '=', true).limit(1).executeTakeFirst());
}
