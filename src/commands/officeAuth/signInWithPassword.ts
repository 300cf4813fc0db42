import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/types.js';
import { officialForSignIn } from '../../db/repos/officials.js';
import type { ThrottleRules } from '../../domain/signInThrottle.js';
import { AppError } from '../../errors.js';
import { secondFactorRequired } from '../../policies/secondFactor.js';
import type { SignInKeys } from './keys.js';
import { recordSignInFailure, refuseIfThrottled, type SignInSource } from './throttle.js';

export interface PasswordSignInProps {
  source: SignInSource;
  password: string;
  keys: SignInKeys;
  rules: ThrottleRules;
  /** The deployment's SECOND_FACTOR. */
  mode: 'required' | 'optional';
  now?: Date;
}

/** What follows a right password: the second factor, enrolment in one, or nothing (a full session at once). */
export interface PasswordAccepted {
  officialId: number;
  pending: 'second_factor' | 'enrolment' | null;
}

// A hash made with the same parameters as real ones, verified when the login is unknown or inactive, so the
// answer takes as long either way.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hash(randomBytes(24).toString('base64url')));

/**
 * The first step of an official's sign-in: the password (argon2id). Throttled per (login, address) and per login
 * before anything is verified; a wrong password and an unknown or inactive login get the same error, after the
 * same work, and count the same failures. Never locks an account.
 */
export async function signInWithPassword(db: Db, props: PasswordSignInProps): Promise<PasswordAccepted> {
  const now = props.now ?? new Date();
  await refuseIfThrottled(db, props.keys, props.source, now);
  const official = await officialForSignIn(db, props.source.login);
  const ok = official?.active
    ? await verify(official.password_hash, props.password).catch(() => false)
    : await verify(await dummyHash(), props.password).catch(() => false) && false;
  if (!ok || !official) {
    await recordSignInFailure(db, props.keys, props.rules, props.source, now);
    throw new AppError('unauthenticated', 'error.login_failed');
  }
  const pending = official.totp_secret
    ? 'second_factor'
    : secondFactorRequired(official.roles, { mode: props.mode, others: official.second_factor_others })
      ? 'enrolment'
      : null;
  return { officialId: official.id, pending };
}
