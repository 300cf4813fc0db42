import { verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { AppError } from '../errors.js';
import type { DB } from '../db/schema.js';

export interface LoginProps {
  login: string;
  password: string;
  maxFailures: number;
  lockoutMinutes: number;
  now?: Date;
}

// A real hash to verify against when the login is unknown, so timing does not reveal which logins exist.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$UNSieAUQIv4aFLVq0UvofA$PJZ1K+NZs5Om814HrG2KLm5ntX6WmTg3juJSjzVR8fA';

/**
 * Checks an official's password (argon2id). After `maxFailures` failures in a row the account locks for
 * `lockoutMinutes`; the refusal never says whether the login or the password was wrong.
 */
export async function login(db: Kysely<DB>, props: LoginProps): Promise<{ officialId: number }> {
  const now = props.now ?? new Date();
  const official = await db
    .selectFrom('official')
    .select(['id', 'password_hash', 'active', 'failed_logins', 'locked_until'])
    .where('login', '=', props.login.trim().toLowerCase())
    .executeTakeFirst();
  if (!official || !official.active) {
    await verify(DUMMY_HASH, props.password).catch(() => false);
    throw new AppError('unauthenticated', 'error.login_failed');
  }
  if (official.locked_until && official.locked_until > now) {
    throw new AppError('locked', 'error.account_locked', { minutes: Math.ceil((official.locked_until.getTime() - now.getTime()) / 60_000) });
  }
  const ok = await verify(official.password_hash, props.password).catch(() => false);
  if (!ok) {
    const failures = official.failed_logins + 1;
    const lock = failures >= props.maxFailures;
    await db
      .updateTable('official')
      .set({ failed_logins: lock ? 0 : failures, locked_until: lock ? new Date(now.getTime() + props.lockoutMinutes * 60_000) : null })
      .where('id', '=', official.id)
      .execute();
    if (lock) throw new AppError('locked', 'error.account_locked', { minutes: props.lockoutMinutes });
    throw new AppError('unauthenticated', 'error.login_failed');
  }
  if (official.failed_logins > 0 || official.locked_until) {
    await db.updateTable('official').set({ failed_logins: 0, locked_until: null }).where('id', '=', official.id).execute();
  }
  return { officialId: official.id };
}
