import type { OfficialActor } from '../../domain/actor.js';
import { AppError } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import type { Db } from '../../db/types.js';
import { markApiKeyRevoked } from '../../db/repos/apiKeys.js';

/** Revokes an API key at once. */
export async function revokeApiKey(db: Db, actor: OfficialActor, id: number): Promise<void> {
  mayAdminister(actor);
  if (!(await markApiKeyRevoked(db, id, new Date()))) throw new AppError('not_found', 'error.not_found');
}
