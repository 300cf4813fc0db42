/**
 * `daylight backup [FOLDER]`: a consistent copy of the database, with a manifest to check a restore against, and
 * the keys only when BACKUP_PASSPHRASE is set (see `backupFiles.ts` for the folder's contents and why).
 *
 * - PostgreSQL: `pg_dump --format=custom` from a snapshot exported by a repeatable-read transaction, the same
 *   snapshot the manifest's figures are read in, so they describe exactly the dump. The app keeps running.
 * - PGlite: PGlite's own dump of its data folder, taken while this process holds the folder's lock, which it gets
 *   only when the server is stopped (PGlite allows one process at a time).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { databaseOptions, openDatabase } from '../db/pool.js';
import { backupFactsInExportedSnapshot } from '../db/repos/backups.js';
import { backupFacts, type BackupFacts } from '../db/repos/operations.js';
import { parseSignerKey } from '../log/note.js';
import {
  BACKUP_FORMAT, KEYS_FILE, MANIFEST_FILE, PGLITE_FILE, POSTGRES_FILE, existingKeys, libpqEnvironment, originOfNote, sealKeys, sha256File,
  signInFingerprint, writePrivateFile, type Manifest,
} from './backupFiles.js';

export interface Output {
  print(line: string): void;
  warn(line: string): void;
}

/** The default folder: `backups/daylight-<UTC time>` under the working directory. */
export function defaultBackupFolder(now = new Date()): string {
  return path.resolve('backups', `daylight-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z')}`);
}

/** Runs a program to completion; rejects with its exit code and the end of its error output. */
export function run(program: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', (error) => reject(new Error(`${program} could not be started (${error.message}); install the PostgreSQL client programs`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${program} exited with ${code}: ${stderr.trim()}`))));
  });
}

/** Takes a backup into `folder` (created; it must not exist or be empty). Returns the exit code. */
export async function backup(config: Config, folderArg: string | undefined, out: Output): Promise<number> {
  const folder = path.resolve(folderArg ?? defaultBackupFolder());
  if (fs.existsSync(folder) && fs.readdirSync(folder).length > 0) {
    out.warn(`${folder} is not empty; a backup goes into a new or empty folder.`);
    return 2;
  }
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });

  const started = Date.now();
  const storage = config.DATABASE_URL ? 'postgres' : 'pglite';
  if (storage === 'pglite' && !fs.existsSync(path.join(config.dataDir, 'pglite'))) {
    out.warn(`There is no embedded database in ${config.dataDir} (and DATABASE_URL is not set): nothing to back up.`);
    return 2;
  }
  const file = path.join(folder, storage === 'postgres' ? POSTGRES_FILE : PGLITE_FILE);
  const facts = storage === 'postgres' ? await dumpPostgres(config.DATABASE_URL!, file) : await dumpPglite(config, file);

  const keys = existingKeys(config);
  const logVerifierKey = keys.logSigningKey ? parseSignerKey(keys.logSigningKey).verifierKey : null;
  if (facts.latest && logVerifierKey && logVerifierKey !== facts.latest.verifierKey) {
    out.warn(`Warning: the configured log signing key (${logVerifierKey}) did not sign the latest checkpoint (${facts.latest.verifierKey}).`);
  }
  const sealed = Boolean(config.BACKUP_PASSPHRASE && (keys.logSigningKey || keys.signInSecret));
  if (sealed) writePrivateFile(path.join(folder, KEYS_FILE), sealKeys(keys, config.BACKUP_PASSPHRASE!));

  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    created_at: new Date().toISOString(),
    storage,
    database: { file: path.basename(file), sha256: await sha256File(file), bytes: fs.statSync(file).size },
    migrations: facts.migrations,
    applications: facts.applications,
    log: {
      sequenced: facts.sequenced,
      checkpoints: facts.checkpoints,
      size: facts.latest?.size ?? null,
      root_hash: facts.latest?.rootHash ?? null,
      origin: facts.latest ? originOfNote(facts.latest.note) : null,
      verifier_key: facts.latest?.verifierKey ?? null,
    },
    keys: { sealed, log_verifier_key: logVerifierKey, sign_in_fingerprint: keys.signInSecret ? signInFingerprint(keys.signInSecret) : null },
  };
  // Last, so that a folder with a manifest always holds a complete backup.
  writePrivateFile(path.join(folder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);

  const mb = (manifest.database.bytes / 1024 / 1024).toFixed(1);
  out.print(`Backup written to ${folder} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${manifest.database.file} (${mb} MB), ` +
    `${facts.applications} applications, log size ${facts.latest?.size ?? 0} in ${facts.checkpoints} checkpoints.`);
  if (sealed) {
    out.print(`The log's signing key and the sign-in secret are in ${KEYS_FILE}, encrypted with BACKUP_PASSPHRASE: keep the passphrase apart from the backups.`);
  } else {
    out.print('This backup holds no keys. A restore needs the log signing key and the sign-in secret this deployment uses ' +
      `(LOG_SIGNING_KEY and SIGN_IN_SECRET, or ${path.join(config.dataDir, 'log-signing.key')} and sign-in.secret): keep them safe apart from the backups, ` +
      'or set BACKUP_PASSPHRASE to have backups carry them encrypted.');
  }
  return 0;
}

/**
 * pg_dump in the custom format from an exported snapshot, reading the manifest's figures in the same snapshot. The
 * transaction exporting it stays open (read only, no locks beyond pg_dump's own) until pg_dump is done.
 */
async function dumpPostgres(url: string, file: string): Promise<BackupFacts> {
  return backupFactsInExportedSnapshot(url, (snapshot) => run('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, `--file=${file}`], libpqEnvironment(url)));
}

/** PGlite's gzipped dump of its data folder, taken under the folder's lock (refused while the server runs). */
async function dumpPglite(config: Config, file: string): Promise<BackupFacts> {
  const database = await openDatabase(databaseOptions(config));
  try {
    const facts = await backupFacts(database.db);
    const blob = await database.dumpDataDir!();
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      fs.writeFileSync(fd, Buffer.from(await blob.arrayBuffer()));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return facts;
  } finally {
    await database.close();
  }
}
