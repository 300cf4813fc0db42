import type { OfficialActor } from '../../domain/actor.js';
import { hashSecret, newToken } from '../../domain/secrets.js';
import { validationError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { Db } from '../../db/types.js';
import { insertApiKey } from '../../db/repos/apiKeys.js';
import { findUnit } from '../../db/repos/units.js';

/** Issues an API key scoped to one unit. The key is returned once; only its hash is kept. */
export async function createApiKey(db: Db, actor: OfficialActor, unitId: number, label: string): Promise<string> {
  mayAdminister(actor);
  if (!label.trim() || label.length > 100) throw validationError([{ field: 'label', key: 'error.required' }]);
  if (!(await findUnit(db, unitId))) throw validationError([{ field: 'unit', key: 'error.unknown_unit' }]);
  const key = `dlk_${newToken(24)}`;
  await insertApiKey(db, { unitId, label: label.trim(), prefix: key.slice(0, 10), keyHash: hashSecret(key), createdBy: actor.id });
  return key;
}
