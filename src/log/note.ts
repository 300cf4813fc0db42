/**
 * C2SP signed-note with Ed25519 keys: key generation, the `vkey` and private-key strings, signing, and opening a
 * signed note against trusted verifier keys. Opening is strict: a malformed note, a bad signature by a trusted
 * key, or no trusted signature at all are each a distinct LogError.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { decodeBase64, encodeBase64, isCleanText } from './bytes.js';
import { LogError, malformed } from './errors.js';

/** Signature type byte for Ed25519 (signed-note "Signature types"). */
export const ED25519_TYPE = 0x01;
const PRIVATE_PREFIX = 'PRIVATE+KEY+';
const SIGNATURE_PREFIX = '\u2014 ';
// Go's note package stops at 100 signatures; the spec asks for at least 16.
const MAX_SIGNATURES = 100;
// PKCS#8 and SPKI DER headers for a raw 32-byte Ed25519 seed and public key (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** A key that can sign notes. */
export interface NoteSigner {
  name: string;
  keyId: number;
  /** Ed25519 signature over the message (64 bytes). */
  sign(message: Uint8Array): Uint8Array;
}

/** A trusted key that can check note signatures. */
export interface NoteVerifier {
  name: string;
  keyId: number;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** One signature line of a note. */
export interface NoteSignature {
  name: string;
  keyId: number;
  /** The base64 text after the name, as it appeared. */
  base64: string;
}

/** A note whose text is vouched for by at least one trusted key. */
export interface OpenedNote {
  /** The signed text, ending in a newline. */
  text: string;
  /** Signatures by trusted keys, all verified. */
  verified: NoteSignature[];
  /** Signatures by keys the verifier does not know (e.g. witnesses); not checked, not to be relied upon. */
  unverified: NoteSignature[];
}

/** True when `name` may be a key name: non-empty, no Unicode spaces, no `+`. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s\u0085+]/u.test(name) && isCleanText(name);
}

function checkKeyName(name: string): void {
  if (!isValidKeyName(name)) {
    throw malformed(`key name must be non-empty with no spaces or "+": ${JSON.stringify(name)}`);
  }
}

/** Key ID: the first 4 bytes, big-endian, of SHA-256(name || 0x0A || 0x01 || 32-byte public key). */
export function keyId(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_TYPE]))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

function hex8(id: number): string {
  return id.toString(16).padStart(8, '0');
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

function rawPublicKey(key: KeyObject): Uint8Array {
  // The SPKI encoding of an Ed25519 key is the fixed header followed by the 32 raw bytes.
  return new Uint8Array(key.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length));
}

/** Formats a verifier key: `<name>+<hex key ID>+<base64(0x01 || public key)>`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  checkKeyName(name);
  if (publicKey.length !== 32) throw malformed('an Ed25519 public key has 32 bytes');
  const material = encodeBase64(Buffer.concat([Buffer.from([ED25519_TYPE]), publicKey]));
  return `${name}+${hex8(keyId(name, publicKey))}+${material}`;
}

/** Parses the three `+`-separated parts shared by verifier and private keys, checking the key ID. */
function parseKeyParts(text: string, what: string): { name: string; id: number; material: Uint8Array } {
  // Names contain no '+', but base64 may: split at the first two only.
  const first = text.indexOf('+');
  const second = text.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw malformed(`${what} must be <name>+<key id>+<key>`);
  const [name, idHex, keyBase64] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  checkKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw malformed(`${what} key ID must be 8 lowercase hex digits`);
  const key = decodeBase64(keyBase64);
  if (!key || key.length !== 33 || key[0] !== ED25519_TYPE) throw malformed(`${what} must hold an Ed25519 key`);
  return { name, id: Number.parseInt(idHex, 16), material: key.subarray(1) };
}

/** Parses a `vkey` string into a verifier; throws if malformed or if its key ID does not match its key. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const { name, id, material } = parseKeyParts(vkey, 'verifier key');
  const publicKey = Uint8Array.from(material);
  if (keyId(name, publicKey) !== id) throw malformed(`verifier key ID ${hex8(id)} does not match its key`);
  const key = publicKeyObject(publicKey);
  return {
    name,
    keyId: id,
    publicKey,
    verify(message, signature) {
      if (signature.length !== 64) return false;
      try {
        return verify(null, message, key, signature);
      } catch {
        return false;
      }
    },
  };
}

/** Parses a `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>` string into a signer. */
export function parseSignerKey(skey: string): NoteSigner & { verifierKey: string } {
  if (!skey.startsWith(PRIVATE_PREFIX)) throw malformed('a private key starts with PRIVATE+KEY+');
  const { name, id, material } = parseKeyParts(skey.slice(PRIVATE_PREFIX.length), 'private key');
  const privateKey = privateKeyObject(material);
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  if (keyId(name, publicKey) !== id) throw malformed(`private key ID ${hex8(id)} does not match its key`);
  return {
    name,
    keyId: id,
    verifierKey: formatVerifierKey(name, publicKey),
    sign: (message) => new Uint8Array(sign(null, message, privateKey)),
  };
}

/** Generates a new Ed25519 key named `name`, returned as the private-key string and the matching `vkey`. */
export function generateKey(name: string): { privateKey: string; verifierKey: string } {
  checkKeyName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519.length);
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  const material = encodeBase64(Buffer.concat([Buffer.from([ED25519_TYPE]), seed]));
  return {
    privateKey: `${PRIVATE_PREFIX}${name}+${hex8(keyId(name, publicKey))}+${material}`,
    verifierKey: formatVerifierKey(name, publicKey),
  };
}

function checkNoteText(text: string): void {
  if (!text.endsWith('\n')) throw malformed('note text must end with a newline');
  if (!isCleanText(text)) throw malformed('note text must be UTF-8 without control characters other than newline');
}

/** Signs `text` (which must end in a newline) with each signer and returns the signed note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  checkNoteText(text);
  if (signers.length === 0) throw malformed('a signed note needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    checkKeyName(signer.name);
    const signature = Buffer.alloc(4 + 64);
    signature.writeUInt32BE(signer.keyId, 0);
    signature.set(signer.sign(message), 4);
    return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(signature)}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

function noteString(note: string | Uint8Array): string {
  if (typeof note === 'string') return note;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(note);
  } catch {
    throw malformed('signed note is not valid UTF-8');
  }
}

/**
 * Opens a signed note: checks its form, verifies every signature by a trusted key (any failure rejects the whole
 * note), ignores signatures by unknown keys, and requires at least one trusted signature.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const message = noteString(note);
  if (!isCleanText(message)) throw malformed('signed note must be UTF-8 without control characters other than newline');
  // The text ends at the last blank line; everything after it is signature lines.
  const split = message.lastIndexOf('\n\n');
  if (split < 0) throw malformed('signed note has no blank line before its signatures');
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw malformed('signed note must end with signature lines');
  const textBytes = Buffer.from(text, 'utf8');

  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`signed note has more than ${MAX_SIGNATURES} signatures`);
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('signature line must start with an em dash and a space');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? '' : rest.slice(0, space);
    const base64 = space < 0 ? '' : rest.slice(space + 1);
    const bytes = decodeBase64(base64);
    if (!isValidKeyName(name) || !bytes || bytes.length < 5) throw malformed(`malformed signature line: ${line}`);
    const id = Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32BE(0);
    const signature = { name, keyId: id, base64 };
    // Both name and ID must match: a key sharing only one of them is someone else's.
    const verifier = verifiers.find((v) => v.name === name && v.keyId === id);
    if (!verifier) {
      if (!seen.has(line)) unverified.push(signature);
      seen.add(line);
      continue;
    }
    const key = `${name}+${hex8(id)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!verifier.verify(textBytes, bytes.subarray(4))) {
      throw new LogError('invalid_signature', `signature by ${name} (${hex8(id)}) does not verify`);
    }
    verified.push(signature);
  }
  if (verified.length === 0) {
    const names = verifiers.map((v) => `${v.name}+${hex8(v.keyId)}`).join(', ') || 'none';
    throw new LogError('unknown_key', `signed note carries no signature by a trusted key (trusted: ${names})`);
  }
  return { text, verified, unverified };
}
