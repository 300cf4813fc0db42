/**
 * The keys of fair handling, derived (HKDF-SHA256, one key per purpose) from the server secret that already keys
 * sign-in (SIGN_IN_SECRET or DATA_DIR/sign-in.secret; ADR 0008), so an operator keeps one secret, never in the
 * database. A party's identifiers are stored only as HMAC-SHA256 of their normal form (`domain/conflicts`), which
 * matching needs and a database dump cannot read back; the clear text is sealed (AES-256-GCM) for the declaring
 * official and auditors. ADR 0015.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { normaliseParty, type PartyField, type PartyHashes } from '../../domain/conflicts.js';
import { ownerSealer } from '../../domain/seal.js';

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
    ...ownerSealer(sealing),
  };
}
