import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { passwordProblems } from '../../domain/passwordRules.js';
import { validationError } from '../../errors.js';

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
export async function changePassword(db: Kysely<DB>, props: ChangePasswordProps): Promise<void> {
  const official = await db.selectFrom('official').select(['password_hash', 'login', 'name_ko', 'name_en']).where('id', '=', props.officialId).executeTakeFirstOrThrow();
  if (!(await verify(official.password_hash, props.current).catch(() => false))) {
    throw validationError([{ field: 'current_password', key: 'error.password_current_wrong' }]);
  }
  const problems = await passwordProblems(props.next, { login: official.login, names: [official.name_ko, official.name_en] }, 'new_password');
  if (!problems.length && props.next === props.current) problems.push({ field: 'new_password', key: 'error.password_unchanged' });
  if (!problems.length && props.next !== props.confirm) problems.push({ field: 'confirm_password', key: 'error.password_mismatch' });
  if (problems.length) throw validationError(problems);
  const passwordHash = await hash(props.next);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('official').set({ password_hash: passwordHash, password_changed_at: new Date() }).where('id', '=', props.officialId).execute();
    await trx.deleteFrom('session').where('official_id', '=', props.officialId).where('id', '<>', props.sessionId).execute();
  });
}
