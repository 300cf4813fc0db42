import { hashRaw, type Algorithm } from '@node-rs/argon2';
import {
  createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, randomInt,
} from 'node:crypto';

/**
 * The reporting channel's encryption, from node:crypto's reviewed primitives and argon2id (@node-rs/argon2); no scheme
 * of our own beyond composing them the standard way (ADR 0014):
 *
 * - content: AES-256-GCM under a random 32-byte key per report (`ReportKey`), the report's id as associated data;
 * - wrapping a key for a public key: ephemeral X25519, HKDF-SHA-256 over the shared secret (salted with both public
 *   keys), AES-256-GCM (ECIES, the shape of libsodium's sealed box);
 * - keys from secrets people hold (a receipt, a password): argon2id (19 MiB, 2 passes), then HKDF per purpose.
 */

const NONCE = 12;
const TAG = 16;
const RAW_PUBLIC = 32;
// The DER prefix of an X25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

/** An X25519 key pair: the raw 32-byte public key and the private key as PKCS#8 DER. */
export interface KeyPair {
  publicKey: Buffer;
  privateKey: Buffer;
}

/** A new X25519 key pair. */
export function newKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKey: Buffer.from(spki.subarray(spki.length - RAW_PUBLIC)), privateKey: Buffer.from(privateKey.export({ format: 'der', type: 'pkcs8' })) };
}

/** The raw public key of a PKCS#8 private key. */
export function publicKeyOf(privateKey: Buffer): Buffer {
  const spki = createPublicKey(createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
  return Buffer.from(spki.subarray(spki.length - RAW_PUBLIC));
}

/** A random 32-byte symmetric key. */
export const newSecretKey = (): Buffer => randomBytes(32);

/** AES-256-GCM: nonce ‖ tag ‖ ciphertext, bound to `context` (associated data). */
export function encrypt(key: Buffer, plaintext: Buffer, context: string): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

/** Opens `encrypt`'s output; null when the key or context is wrong or the bytes were altered. Never throws. */
export function decrypt(key: Buffer, sealed: Buffer, context: string): Buffer | null {
  if (sealed.length < NONCE + TAG) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.subarray(NONCE, NONCE + TAG));
    return Buffer.concat([decipher.update(sealed.subarray(NONCE + TAG)), decipher.final()]);
  } catch {
    return null;
  }
}

const wrapKey = (shared: Buffer, ephemeral: Buffer, recipient: Buffer, context: string): Buffer =>
  Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, recipient]), Buffer.from(`daylight report wrap ${context}`, 'utf8'), 32));

const rawToPublic = (raw: Buffer) => createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });

/** Encrypts `secret` for the holder of `recipient`'s private key: ephemeral public key ‖ `encrypt` output. */
export function wrapFor(recipient: Buffer, secret: Buffer, context: string): Buffer {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const ephemeral = Buffer.from(publicKey.export({ format: 'der', type: 'spki' }).subarray(-RAW_PUBLIC));
  const shared = diffieHellman({ privateKey, publicKey: rawToPublic(recipient) });
  return Buffer.concat([ephemeral, encrypt(wrapKey(shared, ephemeral, recipient, context), secret, context)]);
}

/** Opens `wrapFor`'s output with the recipient's PKCS#8 private key; null when it was not wrapped for it. Never throws. */
export function unwrapWith(privateKey: Buffer, wrapped: Buffer, context: string): Buffer | null {
  if (wrapped.length < RAW_PUBLIC + NONCE + TAG) return null;
  try {
    const key = createPrivateKey({ key: privateKey, format: 'der', type: 'pkcs8' });
    const ephemeral = wrapped.subarray(0, RAW_PUBLIC);
    const shared = diffieHellman({ privateKey: key, publicKey: rawToPublic(ephemeral) });
    return decrypt(wrapKey(shared, ephemeral, publicKeyOf(privateKey), context), wrapped.subarray(RAW_PUBLIC), context);
  } catch {
    return null;
  }
}

/** argon2id parameters for secrets people hold (OWASP's minimum: 19 MiB, 2 passes, 1 lane). */
// `Algorithm.Argon2id` is 2 (a const enum, which this build's isolated modules cannot read).
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

/** 32 bytes from argon2id over `secret` with `salt`. */
export async function stretch(secret: string, salt: Buffer): Promise<Buffer> {
  return Buffer.from(await hashRaw(secret, { ...ARGON2, salt }));
}

/** A purpose's 32-byte key from stretched material (HKDF-SHA-256). */
export function subkey(material: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), Buffer.from(`daylight ${purpose}`, 'utf8'), 32));
}

/** Digits in a receipt. */
export const RECEIPT_DIGITS = 16;

/** A new receipt: 16 random decimal digits, uniformly drawn (about 53 bits). */
export function newReceipt(): string {
  let out = '';
  for (let i = 0; i < RECEIPT_DIGITS; i++) out += String(randomInt(10));
  return out;
}

/** A typed receipt with spaces and dashes removed, or null when it is not 16 digits. */
export function normalizeReceipt(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return /^\d{16}$/.test(digits) ? digits : null;
}

/** A receipt grouped by four for reading aloud and copying: `1234 5678 9012 3456`. */
export const formatReceipt = (receipt: string): string => receipt.replace(/(\d{4})(?=\d)/g, '$1 ');
