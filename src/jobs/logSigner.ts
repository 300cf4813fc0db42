/**
 * The transparency log's signing key: given by configuration (`LOG_SIGNING_KEY`), or generated on first start into
 * the data folder. The key is named for the log's origin, as C2SP recommends, so the two never disagree. The
 * private key never leaves this module except as a signing function; nothing here logs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Db } from '../db/types.js';
import { parseCheckpoint } from '../log/checkpoint.js';
import { generateKey, isValidKeyName, parseSignerKey, type NoteSigner } from '../log/note.js';
import { latestCheckpoint, type StoredCheckpoint } from '../log/store.js';

/** File in DATA_DIR holding the generated key, readable by the owner only. */
export const KEY_FILE = 'log-signing.key';

/** Who signs the log's checkpoints, and for which log. */
export interface LogSigner {
  /** The checkpoint origin, which is also the key's name. */
  origin: string;
  /** The public key in signed-note `vkey` form, served at `/log/key`. */
  verifierKey: string;
  signer: NoteSigner;
  /** Where the key came from: explicit configuration may rotate the log's key; a generated file may not. */
  source: 'config' | 'file';
}

/** The default origin: the public URL without its scheme, plus `/log` (`https://x.org` → `x.org/log`). */
export function defaultOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/log`;
}

function fromPrivateKey(text: string, what: string, origin: string | undefined, source: LogSigner['source']): LogSigner {
  let signer;
  try {
    signer = parseSignerKey(text.trim());
  } catch (error) {
    // The parser's messages never quote key material, but say so only in our own words anyway.
    throw new Error(`${what} is not a valid signed-note Ed25519 private key (${(error as Error).message}).`, { cause: error });
  }
  if (origin !== undefined && signer.name !== origin) {
    throw new Error(
      `${what} is named ${signer.name} but LOG_ORIGIN is ${origin}. A log's key is named for its origin; ` +
        'use a key made for this origin or leave LOG_ORIGIN unset.',
    );
  }
  return { origin: signer.name, verifierKey: signer.verifierKey, signer, source };
}

/**
 * Loads the signing key from LOG_SIGNING_KEY, else from DATA_DIR/log-signing.key, else generates that file
 * (mode 0600) for the origin LOG_ORIGIN or the default. Throws a message naming the setting at fault.
 */
export function loadLogSigner(config: Config): LogSigner {
  if (config.LOG_SIGNING_KEY) return fromPrivateKey(config.LOG_SIGNING_KEY, 'LOG_SIGNING_KEY', config.LOG_ORIGIN, 'config');
  const file = path.join(config.dataDir, KEY_FILE);
  if (!fs.existsSync(file)) {
    const origin = config.LOG_ORIGIN ?? defaultOrigin(config.publicUrl);
    if (!isValidKeyName(origin)) throw new Error(`LOG_ORIGIN: ${JSON.stringify(origin)} cannot name a key (no spaces or "+").`);
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      // 'wx' fails if another process created the file meanwhile; then that key is the one to use.
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeFileSync(fd, `${generateKey(origin).privateKey}\n`);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) throw new Error(`${file} is open to other users (mode ${mode.toString(8)}); run chmod 600 on it.`);
  return fromPrivateKey(fs.readFileSync(file, 'utf8'), file, config.LOG_ORIGIN, 'file');
}

/**
 * Checks a key against the log's latest checkpoint before anything is signed with it: the origin must be the
 * log's own, and a key other than the one that signed the latest checkpoint is accepted only from LOG_SIGNING_KEY
 * (a deliberate rotation), never from a generated file (a second instance with its own data folder would
 * otherwise sign the same log with a key nobody trusts). Returns true when the key is being rotated.
 */
export function signerFits(latest: StoredCheckpoint | undefined, log: LogSigner): boolean {
  if (!latest) return false;
  const split = latest.note.lastIndexOf('\n\n');
  const { origin } = parseCheckpoint(latest.note.slice(0, split + 1));
  if (origin !== log.origin) {
    throw new Error(
      `This database's transparency log is named ${origin}, but the signing key is for ${log.origin}. A log's ` +
        `origin never changes: set LOG_ORIGIN=${origin} and give the log's key in LOG_SIGNING_KEY.`,
    );
  }
  if (latest.verifierKey === log.verifierKey) return false;
  if (log.source === 'config') return true;
  throw new Error(
    `This database's transparency log is signed by ${latest.verifierKey}, not by the key in ` +
      `${KEY_FILE} (${log.verifierKey}). App instances sharing a database must share one key: set LOG_SIGNING_KEY ` +
      'on every instance. To rotate the key deliberately, give the new key in LOG_SIGNING_KEY (see the README).',
  );
}

/** `signerFits` against the database's latest checkpoint, run at start so a misfit stops the process at once. */
export async function checkLogSigner(db: Db, log: LogSigner): Promise<boolean> {
  return signerFits(await latestCheckpoint(db), log);
}
