import { hash, verify } from '@node-rs/argon2';
import type { Db } from '../../db/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import { deleteOtherSessions } from '../../db/repos/officeAuth.js';
import { officialPasswordFacts, setOfficialPassword } from '../../db/repos/officials.js';
import { passwordProblems } from '../../domain/passwordRules.js';
import { validationError } from '../../errors.js';
import { rewrapOfficialKey } from '../reports/keys.js';

export interface ChangePasswordProps {
  officialId: number;
  /** The session asking, which stays open; every other session of the official ends. */
  sessionId: string;
  current: string;
  next: string;
  confirm: string;
}

/**
 * An official changes their own password: the current one first, then the rules (length, not common, not their
 * login or name), then the confirmation. Every other session of theirs ends; this one stays.
 */
export async function changePassword(db: Db, props: ChangePasswordProps): Promise<void> {
  const official = await officialPasswordFacts(db, props.officialId);
  if (!(await verify(official.password_hash, props.current).catch(() => false))) {
    throw validationError([{ field: 'current_password', key: 'error.password_current_wrong' }]);
  }
  const problems = await passwordProblems(props.next, { login: official.login, names: [official.name_ko, official.name_en] }, 'new_password');
  if (!problems.length && props.next === props.current) problems.push({ field: 'new_password', key: 'error.password_unchanged' });
  if (!problems.length && props.next !== props.confirm) problems.push({ field: 'confirm_password', key: 'error.password_mismatch' });
  if (problems.length) throw validationError(problems);
  const passwordHash = await hash(props.next);
  await inTransaction(db, async (trx) => {
    await setOfficialPassword(trx, props.officialId, passwordHash, new Date());
    await deleteOtherSessions(trx, props.officialId, props.sessionId);
    // The reporting channel's private key follows the password (ADR 0014).
    await rewrapOfficialKey(trx, props.officialId, props.current, props.next);
  });
}
