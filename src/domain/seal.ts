import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Sealing a short secret (an access code, an API answer) with a key derived from a credential only its holder has: a
 * session token or an API key, of which the database keeps a hash alone. So a stored sealed value reads as noise to
 * anyone with the database but without the credential. AES-256-GCM, key from HKDF-SHA-256 with a purpose label.
 */

const VERSION = 'v1';

function keyFor(credential: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(credential, 'utf8'), Buffer.alloc(0), Buffer.from(`daylight ${purpose}`, 'utf8'), 32));
}

/** Seals `plaintext` for whoever holds `credential`, for one `purpose` (a label: the same credential seals apart per purpose). */
export function seal(plaintext: string, credential: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(credential, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

/** Opens a sealed value; null when the credential or purpose is wrong, or the value was altered. */
export function unseal(sealed: string, credential: string, purpose: string): string | null {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(credential, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** Seals short texts under a server-held key, each bound to its owner (e.g. `official:42`) as associated data. */
export interface OwnerSealer {
  seal(owner: string, plaintext: string): string;
  /** Opens what `seal` made for the same owner; throws when it was altered or made for another. */
  open(owner: string, sealed: string): string;
}

/** AES-256-GCM under `key` (32 bytes), as `v1.<iv>.<ciphertext+tag>` in base64url. */
export function ownerSealer(key: Buffer): OwnerSealer {
  return {
    seal(owner, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(owner));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(owner, sealed) {
      const [version, iv, body] = sealed.split('.');
      if (version !== VERSION || !iv || !body) throw new Error('unknown sealed format');
      const bytes = Buffer.from(body, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(owner));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
    },
  };
}
