import { inTransaction } from '../../db/repos/cases.js';
import { mappableProcedures, replaceOpenDataSettings } from '../../db/repos/openDataSettings.js';
import { exportJurisdictions } from '../../db/repos/openData.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { readOpenDataForm } from '../../domain/openData.js';
import { validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';

/**
 * Saves the open-data settings from the administrator's form: the licence, each jurisdiction's own BLDS formats and
 * each current procedure's BLDS class and type. The next build uses them; a refused form changes nothing.
 */
export async function saveOpenDataSettings(db: Db, actor: OfficialActor, fields: Record<string, string>): Promise<void> {
  mayAdminister(actor);
  const [jurisdictions, procedures] = await Promise.all([exportJurisdictions(db), mappableProcedures(db)]);
  const { settings, issues } = readOpenDataForm(fields, jurisdictions, procedures);
  if (issues.length) throw validationError(issues);
  await inTransaction(db, (trx) => replaceOpenDataSettings(trx, settings, actor.id));
}
