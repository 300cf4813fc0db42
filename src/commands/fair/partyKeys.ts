/**
 * The keys of fair handling, derived (HKDF-SHA256, one key per purpose) from the server secret that already keys
 * sign-in (SIGN_IN_SECRET or DATA_DIR/sign-in.secret; ADR 0008), so an operator keeps one secret, never in the
 * database. A party's identifiers are stored only as HMAC-SHA256 of their normal form (`domain/conflicts`), which
 * matching needs and a database dump cannot read back; the clear text is sealed (AES-256-GCM) for the declaring
 * official and auditors. ADR 0015.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { normaliseParty, type PartyField, type PartyHashes } from '../../domain/conflicts.js';

export interface PartyKeys {
  /** The keyed hash of one identifier in its normal form, or null when nothing identifying is left of it. */
  hash(field: PartyField, value: string | null | undefined): string | null;
  /** Keyed hashes of every identifier of a party. */
  hashes(party: { name?: string | null; registration?: string | null; address?: string | null; parcel?: string | null }): PartyHashes;
  /** Seals a declaration's clear text for one owner (e.g. `conflict:official:7`). */
  seal(owner: string, plaintext: string): string;
  /** Opens what `seal` made for the same owner; throws when altered or made for another. */
  open(owner: string, sealed: string): string;
}

const derive = (secret: string, purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'daylight fair handling', purpose, 32));

/** Derives the fair-handling keys from the server secret. */
export function partyKeys(secret: string): PartyKeys {
  const hashing = derive(secret, 'party hash v1');
  const sealing = derive(secret, 'party sealing v1');
  const hash = (field: PartyField, value: string | null | undefined) => {
    const normal = normaliseParty(field, value);
    return normal === null ? null : createHmac('sha256', hashing).update(`${field}\u0000${normal}`).digest('base64url');
  };
  return {
    hash,
    hashes: (p) => ({ name: hash('name', p.name), registration: hash('registration', p.registration), address: hash('address', p.address), parcel: hash('parcel', p.parcel) }),
    seal(owner, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', sealing, iv);
      cipher.setAAD(Buffer.from(owner));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(owner, sealed) {
      const [version, iv, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !body) throw new Error('unknown sealed format');
      const bytes = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', sealing, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(owner));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
    },
  };
}
