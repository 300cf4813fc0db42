import type { Db } from '../../db/types.js';
import { applicationAccessByNumber, linkCitizenApplication } from '../../db/repos/citizens.js';
import { matchesSecretHash, normalizeAccessCode } from '../../domain/secrets.js';
import { NUMBER_PATTERN } from '../../domain/time.js';
import { validationError } from '../../errors.js';

/**
 * Adds an application filed at a counter to a citizen's page, proven by its number and access code. A wrong pair
 * is a `validation` error that does not say which half was wrong, and writes nothing.
 */
export async function linkApplication(db: Db, props: { citizenId: number; number: string; code: string }): Promise<string> {
  const number = props.number.trim().toUpperCase();
  const code = normalizeAccessCode(props.code);
  if (!NUMBER_PATTERN.test(number)) throw validationError([{ field: 'number', key: 'error.number_format' }]);
  if (!code) throw validationError([{ field: 'code', key: 'error.required' }]);
  const row = await applicationAccessByNumber(db, number);
  if (!row || !matchesSecretHash(row.access_code_hash, code)) throw validationError([{ field: 'code', key: 'error.access_denied' }]);
  await linkCitizenApplication(db, props.citizenId, row.id);
  return number;
}
