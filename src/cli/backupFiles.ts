/**
 * A Daylight backup is a folder: the database (`database.pgdump`, pg_dump's custom format, or `pglite-data.tar.gz`,
 * PGlite's own dump of its data folder), `manifest.json` (what was copied: the log's size, root and verifier key,
 * the migrations, a fingerprint of the sign-in secret, the data file's SHA-256), and, only when BACKUP_PASSPHRASE is
 * set, `keys.sealed`: the log's signing key and the sign-in secret encrypted with that passphrase (scrypt and
 * AES-256-GCM). Without a passphrase a backup carries no key at all, so a copy of the backups alone can neither sign
 * a checkpoint in the log's name nor open a second-factor secret (ADR 0008); the keys are then kept apart, where
 * LOG_SIGNING_KEY and SIGN_IN_SECRET are kept. The manifest is written last: a folder without one is no backup.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { SECRET_FILE } from '../commands/officeAuth/keys.js';
import { KEY_FILE } from '../jobs/logSigner.js';

export const MANIFEST_FILE = 'manifest.json';
export const KEYS_FILE = 'keys.sealed';
export const POSTGRES_FILE = 'database.pgdump';
export const PGLITE_FILE = 'pglite-data.tar.gz';
export const BACKUP_FORMAT = 'daylight-backup/1';

/** What `manifest.json` says. */
export interface Manifest {
  format: typeof BACKUP_FORMAT;
  created_at: string;
  storage: 'postgres' | 'pglite';
  /** The data file's name in the folder and its SHA-256 (hex). */
  database: { file: string; sha256: string; bytes: number };
  migrations: string[];
  applications: number;
  log: {
    /** Log indexes handed out when the copy was taken. */
    sequenced: number;
    checkpoints: number;
    /** The latest signed checkpoint in the copy (null before the first). */
    size: number | null;
    root_hash: string | null;
    origin: string | null;
    verifier_key: string | null;
  };
  keys: {
    /** Whether keys.sealed is in the folder. */
    sealed: boolean;
    /** The verifier key of the signing key known when the copy was taken (null when none was). */
    log_verifier_key: string | null;
    /** A one-way fingerprint of the sign-in secret, to tell the right one at restore (null when none was known). */
    sign_in_fingerprint: string | null;
  };
}

/** The keys a deployment runs with, as far as they exist; reading them never generates one. */
export interface DeploymentKeys {
  /** The log's signed-note private key (`PRIVATE+KEY+…`). */
  logSigningKey?: string;
  signInSecret?: string;
}

/** The keys configured, or else found in DATA_DIR; unlike the server's loaders, never creates a file. */
export function existingKeys(config: Config): DeploymentKeys {
  const read = (file: string) => {
    const full = path.join(config.dataDir, file);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8').trim() : undefined;
  };
  return { logSigningKey: config.LOG_SIGNING_KEY ?? read(KEY_FILE), signInSecret: config.SIGN_IN_SECRET ?? read(SECRET_FILE) };
}

/** A fingerprint of the sign-in secret that reveals nothing of it (an HMAC keyed by the secret itself). */
export function signInFingerprint(secret: string): string {
  return createHmac('sha256', secret).update('daylight backup fingerprint v1').digest('base64url').slice(0, 22);
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** Encrypts the keys with a passphrase: scrypt derives the key, AES-256-GCM seals the JSON. */
export function sealKeys(keys: DeploymentKeys, passphrase: string): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scryptSync(passphrase, salt, 32, SCRYPT);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(BACKUP_FORMAT));
  const body = Buffer.concat([cipher.update(JSON.stringify(keys), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${JSON.stringify({ kdf: 'scrypt', N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, salt: salt.toString('base64'), iv: iv.toString('base64'), sealed: body.toString('base64') }, null, 2)}\n`;
}

/** Decrypts `sealKeys`'s output; throws 'wrong passphrase' when the passphrase (or the file) is not the one used. */
export function openKeys(text: string, passphrase: string): DeploymentKeys {
  const parsed = JSON.parse(text) as { kdf: string; N: number; r: number; p: number; salt: string; iv: string; sealed: string };
  if (parsed.kdf !== 'scrypt') throw new Error(`${KEYS_FILE}: unknown key derivation ${parsed.kdf}`);
  const key = scryptSync(passphrase, Buffer.from(parsed.salt, 'base64'), 32, { N: parsed.N, r: parsed.r, p: parsed.p, maxmem: SCRYPT.maxmem * 2 });
  const bytes = Buffer.from(parsed.sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parsed.iv, 'base64'));
  decipher.setAAD(Buffer.from(BACKUP_FORMAT));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  try {
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8')) as DeploymentKeys;
  } catch {
    throw new Error(`${KEYS_FILE} does not open with BACKUP_PASSPHRASE: wrong passphrase, or the file was altered`);
  }
}

/** SHA-256 of a file, hex, read in chunks (database dumps can be gigabytes). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Writes a file with owner-only permissions and flushes it to disk before returning. */
export function writePrivateFile(file: string, text: string, flags: 'w' | 'wx' = 'wx'): void {
  const fd = fs.openSync(file, flags, 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * libpq's environment for a connection URL, so pg_dump and pg_restore get the password without it ever appearing
 * on a command line (which every user of the machine can read in the process list).
 */
export function libpqEnvironment(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {};
  if (u.hostname) env.PGHOST = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ''));
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  const params: Record<string, string> = {
    host: 'PGHOST', port: 'PGPORT', user: 'PGUSER', password: 'PGPASSWORD', dbname: 'PGDATABASE', sslmode: 'PGSSLMODE', sslrootcert: 'PGSSLROOTCERT',
    sslcert: 'PGSSLCERT', sslkey: 'PGSSLKEY', options: 'PGOPTIONS', application_name: 'PGAPPNAME', connect_timeout: 'PGCONNECT_TIMEOUT',
  };
  for (const [name, value] of u.searchParams) if (params[name]) env[params[name]!] = value;
  return env;
}

/** The origin named in a signed checkpoint note (its first line). */
export function originOfNote(note: string): string {
  return note.slice(0, note.indexOf('\n'));
}
