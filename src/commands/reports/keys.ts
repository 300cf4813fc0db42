import { verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/types.js';
import { officialPasswordFacts } from '../../db/repos/officials.js';
import {
  createKeyring, forgetUnlocks, keyringGrant, keyringKey, membersAwaitingGrant, officialKey, saveKeyringGrant, saveOfficialKey, saveUnlock, unlockOf,
  type KeyringPurpose,
} from '../../db/repos/reports.js';
import type { OfficialActor } from '../../domain/actor.js';
import { decrypt, encrypt, newKeyPair, stretch, subkey, unwrapWith, wrapFor } from '../../domain/reportCrypto.js';
import { seal, unseal } from '../../domain/seal.js';
import { validationError } from '../../errors.js';

/**
 * Investigators' and custodians' keys (ADR 0014). Each member has an X25519 key pair whose private half is encrypted
 * under a key stretched from their password; each jurisdiction has two key rings (investigation, custody) whose private
 * keys are wrapped for each member. Unlocking (the password again, on the reporting channel's first page of a
 * session) opens the member's private key and keeps it for that session only, sealed with the session's token.
 */

const PRIVATE_CONTEXT = 'official private key';
const SESSION_PURPOSE = 'report private key';

/** The key rings a role opens. */
export function ringsOf(roles: readonly string[]): KeyringPurpose[] {
  return [
    ...(roles.includes('investigator') ? ['investigation' as const] : []),
    ...(roles.includes('custodian') ? ['custody' as const] : []),
    ...(roles.includes('head') ? ['head' as const] : []),
  ];
}

const ROLE_OF: Record<KeyringPurpose, string> = { investigation: 'investigator', custody: 'custodian', head: 'head' };

async function newOfficialKey(db: Db, officialId: number, password: string): Promise<Buffer> {
  const pair = newKeyPair();
  const salt = randomBytes(16);
  const key = subkey(await stretch(password, salt), 'official key');
  await saveOfficialKey(db, { officialId, publicKey: pair.publicKey, kdfSalt: salt, sealedPrivateKey: encrypt(key, pair.privateKey, PRIVATE_CONTEXT) });
  await forgetUnlocks(db, officialId);
  return pair.privateKey;
}

async function openOfficialKey(db: Db, officialId: number, password: string): Promise<{ privateKey: Buffer; publicKey: Buffer }> {
  const stored = await officialKey(db, officialId);
  if (stored) {
    const key = subkey(await stretch(password, stored.kdf_salt), 'official key');
    const privateKey = decrypt(key, stored.sealed_private_key, PRIVATE_CONTEXT);
    if (privateKey) return { privateKey, publicKey: stored.public_key };
  }
  // No key pair yet, or one sealed under a password an administrator has since reset: a new pair, granted again by a
  // colleague's next unlock (the old one is lost with the old password; ADR 0014).
  const privateKey = await newOfficialKey(db, officialId, password);
  return { privateKey, publicKey: (await officialKey(db, officialId))!.public_key };
}

/** What an unlock found: the rings the member holds, and those still waiting for a colleague to grant them. */
export interface UnlockResult {
  held: KeyringPurpose[];
  awaiting: KeyringPurpose[];
}

/** An official as the keys need them. */
type Member = Pick<OfficialActor, 'id' | 'jurisdictionId' | 'roles'>;

/**
 * Opens an official's keys with their password: checks it, opens (or makes) their key pair, makes a jurisdiction's
 * ring on its first member's unlock, and grants the rings they hold to colleagues who have none yet (at most 200 at a
 * time). Returns their private key and which rings they hold.
 */
export async function openReportKeys(db: Db, official: Member, password: string): Promise<UnlockResult & { privateKey: Buffer }> {
  const facts = await officialPasswordFacts(db, official.id);
  if (!(await verify(facts.password_hash, password).catch(() => false))) {
    throw validationError([{ field: 'password', key: 'report.error_password' }]);
  }
  const own = await openOfficialKey(db, official.id, password);
  const result: UnlockResult = { held: [], awaiting: [] };
  for (const purpose of ringsOf(official.roles)) {
    if (!(await keyringKey(db, official.jurisdictionId, purpose))) {
      const ring = newKeyPair();
      if (await createKeyring(db, official.jurisdictionId, purpose, ring.publicKey)) {
        await saveKeyringGrant(db, {
          jurisdictionId: official.jurisdictionId, purpose, officialId: official.id, memberPublicKey: own.publicKey,
          wrapped: wrapFor(own.publicKey, ring.privateKey, `keyring ${purpose}`), grantedBy: official.id,
        });
      }
    }
    const ringKey = await openRing(db, official, purpose, own.privateKey);
    if (!ringKey) {
      result.awaiting.push(purpose);
      continue;
    }
    result.held.push(purpose);
    for (const member of await membersAwaitingGrant(db, official.jurisdictionId, purpose, ROLE_OF[purpose])) {
      await saveKeyringGrant(db, {
        jurisdictionId: official.jurisdictionId, purpose, officialId: member.id, memberPublicKey: member.public_key,
        wrapped: wrapFor(member.public_key, ringKey, `keyring ${purpose}`), grantedBy: official.id,
      });
    }
  }
  return { ...result, privateKey: own.privateKey };
}

/**
 * Unlocks the reporting channel for an office session (`openReportKeys`), keeping the official's private key for the
 * session only, sealed with its token.
 */
export async function unlockReportKeys(
  db: Db,
  props: { official: OfficialActor; password: string; sessionId: string; sessionToken: string },
): Promise<UnlockResult> {
  const { privateKey, ...result } = await openReportKeys(db, props.official, props.password);
  await saveUnlock(db, props.sessionId, seal(privateKey.toString('base64'), props.sessionToken, SESSION_PURPOSE));
  return result;
}

async function openRing(db: Db, official: Member, purpose: KeyringPurpose, privateKey: Buffer): Promise<Buffer | null> {
  const grant = await keyringGrant(db, official.jurisdictionId, purpose, official.id);
  return grant ? unwrapWith(privateKey, grant.wrapped_private_key, `keyring ${purpose}`) : null;
}

/** A session's unlocked keys: the member's own private key and the rings it opens. */
export interface SessionKeys {
  own: Buffer;
  rings: Partial<Record<KeyringPurpose, Buffer>>;
}

/** The keys an unlocked session holds, or null when it was not unlocked (or its token does not open them). */
export async function sessionKeys(db: Db, official: Member, sessionId: string, sessionToken: string): Promise<SessionKeys | null> {
  const sealed = await unlockOf(db, sessionId);
  const opened = sealed ? unseal(sealed, sessionToken, SESSION_PURPOSE) : null;
  if (!opened) return null;
  const own = Buffer.from(opened, 'base64');
  const rings: SessionKeys['rings'] = {};
  for (const purpose of ringsOf(official.roles)) {
    const ring = await openRing(db, official, purpose, own);
    if (ring) rings[purpose] = ring;
  }
  return { own, rings };
}

/** Re-encrypts an official's private key under their new password (a password change), when they have one. */
export async function rewrapOfficialKey(db: Db, officialId: number, current: string, next: string): Promise<void> {
  const stored = await officialKey(db, officialId);
  if (!stored) return;
  const privateKey = decrypt(subkey(await stretch(current, stored.kdf_salt), 'official key'), stored.sealed_private_key, PRIVATE_CONTEXT);
  if (!privateKey) return;
  const salt = randomBytes(16);
  const key = subkey(await stretch(next, salt), 'official key');
  await saveOfficialKey(db, { officialId, publicKey: stored.public_key, kdfSalt: salt, sealedPrivateKey: encrypt(key, privateKey, PRIVATE_CONTEXT) });
}
