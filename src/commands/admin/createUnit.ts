import type { OfficialActor } from '../../domain/actor.js';
import { validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { Db } from '../../db/types.js';
import { jurisdictionExists } from '../../db/repos/jurisdictions.js';
import { findUnitIdByCode, insertUnit } from '../../db/repos/units.js';
import { otherLanguages } from '../../db/repos/localized.js';
import type { Localized } from '../../domain/types.js';

/** Creates a unit (department) in a jurisdiction. */
export async function createUnit(
  db: Db,
  actor: OfficialActor,
  d: { jurisdictionId: string; code: string; nameKo: string; nameEn: string; names?: Localized; phone?: string; email?: string },
): Promise<number> {
  mayAdminister(actor);
  const issues = [];
  if (!/^[A-Z0-9-]{2,40}$/.test(d.code)) issues.push({ field: 'code', key: 'error.unit_code_format' });
  if (!d.nameKo.trim() || !d.nameEn.trim()) issues.push({ field: 'name', key: 'error.required' });
  if (issues.length) throw validationError(issues);
  if (!(await jurisdictionExists(db, d.jurisdictionId))) throw validationError([{ field: 'jurisdiction', key: 'error.invalid_value' }]);
  if ((await findUnitIdByCode(db, d.code)) !== undefined) throw validationError([{ field: 'code', key: 'error.code_taken' }]);
  return insertUnit(db, { jurisdictionId: d.jurisdictionId, code: d.code, nameKo: d.nameKo.trim(), nameEn: d.nameEn.trim(), names: d.names ? otherLanguages(d.names) : {}, phone: d.phone || null, email: d.email || null });
}
