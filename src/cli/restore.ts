/**
 * `daylight restore FOLDER`: puts a backup (`daylight backup`) into an empty database, then proves the result is a
 * working Daylight and not only a copy of its rows. Before anything is written it checks the data file against the
 * manifest and the keys against the log: the signing key must be the one that signed the latest checkpoint (or, given
 * in LOG_SIGNING_KEY, a new key for the same origin: a rotation), and the sign-in secret must be the one the
 * officials' second-factor secrets are sealed with. A restore that could not sign new checkpoints or let an official
 * sign in is refused, not half done. Afterwards it compares the restored database with the manifest (migrations,
 * checkpoints, the latest root), checks the latest checkpoint's signature and opens one sealed second-factor secret.
 *
 * Keys come from LOG_SIGNING_KEY and SIGN_IN_SECRET when set, else from the backup's `keys.sealed` (with
 * BACKUP_PASSPHRASE; they are then written into DATA_DIR, mode 0600, where the server finds them), else from the
 * files already in DATA_DIR.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { SECRET_FILE, signInKeys } from '../commands/officeAuth/keys.js';
import { databaseOptions, openDatabase } from '../db/pool.js';
import { holdsDaylightTables } from '../db/repos/backups.js';
import { anySealedTotpSecret, backupFacts } from '../db/repos/operations.js';
import { KEY_FILE, signerFits, type LogSigner } from '../jobs/logSigner.js';
import { openCheckpoint } from '../log/checkpoint.js';
import { parseSignerKey } from '../log/note.js';
import { latestCheckpoint } from '../log/store.js';
import { run, type Output } from './backup.js';
import {
  BACKUP_FORMAT, KEYS_FILE, MANIFEST_FILE, libpqEnvironment, openKeys, sha256File, signInFingerprint, writePrivateFile, type DeploymentKeys, type Manifest,
} from './backupFiles.js';

/** A refusal with the reason for the operator; nothing has been written when it is thrown before the restore. */
class Refused extends Error {}

interface ChosenKey<T> {
  value?: T;
  /** Where it came from: configuration, the backup's sealed keys, or a file already in DATA_DIR. */
  source?: 'config' | 'backup' | 'file';
}

/** Restores the backup in `folderArg` into the configured database. Returns the exit code. */
export async function restore(config: Config, folderArg: string | undefined, out: Output): Promise<number> {
  if (!folderArg) {
    out.warn('Usage: daylight restore FOLDER (a folder written by daylight backup)');
    return 2;
  }
  try {
    return await restoreFolder(config, path.resolve(folderArg), out);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    out.warn(`Restore refused: ${error.message}`);
    return 1;
  }
}

async function restoreFolder(config: Config, folder: string, out: Output): Promise<number> {
  const started = Date.now();
  const manifestFile = path.join(folder, MANIFEST_FILE);
  if (!fs.existsSync(manifestFile)) throw new Refused(`${folder} has no ${MANIFEST_FILE}: not a backup, or an unfinished one.`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Refused(`${manifestFile} is in format ${manifest.format}; this release reads ${BACKUP_FORMAT}.`);
  const storage = config.DATABASE_URL ? 'postgres' : 'pglite';
  if (manifest.storage !== storage) {
    throw new Refused(
      manifest.storage === 'pglite'
        ? 'this is a backup of an embedded database; restore it with DATABASE_URL unset (into DATA_DIR).'
        : 'this is a backup of a PostgreSQL database; set DATABASE_URL to an empty PostgreSQL database to restore it.',
    );
  }
  const dataFile = path.join(folder, manifest.database.file);
  if (!fs.existsSync(dataFile) || (await sha256File(dataFile)) !== manifest.database.sha256) {
    throw new Refused(`${dataFile} is missing or does not match the SHA-256 in the manifest: the backup is damaged.`);
  }

  const { log, signIn } = chooseKeys(config, folder, manifest);
  checkLogKey(manifest, log);
  checkSignInSecret(manifest, signIn);

  if (storage === 'postgres') await restorePostgres(config.DATABASE_URL!, dataFile);
  else await restorePglite(config, dataFile);

  // Keys that came from the backup go where the server looks for them, unless configuration already gives them.
  fs.mkdirSync(config.dataDir, { recursive: true });
  if (log.source === 'backup') writePrivateFile(path.join(config.dataDir, KEY_FILE), `${log.value}\n`);
  if (signIn.source === 'backup') writePrivateFile(path.join(config.dataDir, SECRET_FILE), `${signIn.value}\n`);

  const problems = await checkRestored(config, manifest, log, signIn);
  if (problems.length) {
    for (const problem of problems) out.warn(`CHECK FAILED: ${problem}`);
    return 1;
  }
  out.print(
    `Restored ${manifest.database.file} from ${manifest.created_at} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${manifest.applications} applications, ` +
      `log size ${manifest.log.size ?? 0} in ${manifest.log.checkpoints} checkpoints (root ${manifest.log.root_hash ?? 'none'}), signature checked; ` +
      `log key from ${log.source ?? 'nowhere yet (generated at first start)'}, sign-in secret from ${signIn.source ?? 'nowhere yet (generated at first start)'}.`,
  );
  if (log.value && manifest.log.verifier_key && parseSignerKey(log.value).verifierKey !== manifest.log.verifier_key) {
    out.print(`The log's key is being rotated: the first start signs the tree with ${parseSignerKey(log.value).verifierKey}; publish it beside the old one.`);
  }
  out.print('Next: start Daylight (it applies any newer migrations), then run npm run log:audit, and log:verify against the public address with the published key.');
  return 0;
}

/** The keys to restore with, and where each came from; refuses keys in DATA_DIR that contradict the backup's. */
function chooseKeys(config: Config, folder: string, manifest: Manifest): { log: ChosenKey<string>; signIn: ChosenKey<string> } {
  const file = (name: string) => {
    const full = path.join(config.dataDir, name);
    return fs.existsSync(full) ? fs.readFileSync(full, 'utf8').trim() : undefined;
  };
  let sealed: DeploymentKeys = {};
  const needSealed = !config.LOG_SIGNING_KEY || !config.SIGN_IN_SECRET;
  if (manifest.keys.sealed && needSealed) {
    if (!config.BACKUP_PASSPHRASE) {
      throw new Refused(`this backup carries its keys in ${KEYS_FILE}: set BACKUP_PASSPHRASE (or give LOG_SIGNING_KEY and SIGN_IN_SECRET).`);
    }
    try {
      sealed = openKeys(fs.readFileSync(path.join(folder, KEYS_FILE), 'utf8'), config.BACKUP_PASSPHRASE);
    } catch (error) {
      throw new Refused((error as Error).message);
    }
  }
  const pick = (configured: string | undefined, fromBackup: string | undefined, name: string): ChosenKey<string> => {
    if (configured) return { value: configured, source: 'config' };
    const present = file(name);
    if (fromBackup) {
      if (present !== undefined && present !== fromBackup) {
        throw new Refused(`${path.join(config.dataDir, name)} holds another key than the backup's; move it away (or configure the key) and restore again.`);
      }
      return present === undefined ? { value: fromBackup, source: 'backup' } : { value: present, source: 'file' };
    }
    return present === undefined ? {} : { value: present, source: 'file' };
  };
  return { log: pick(config.LOG_SIGNING_KEY, sealed.logSigningKey, KEY_FILE), signIn: pick(config.SIGN_IN_SECRET, sealed.signInSecret, SECRET_FILE) };
}

/** The signing key must be the log's, or a configured new key for the log's origin (a deliberate rotation). */
function checkLogKey(manifest: Manifest, log: ChosenKey<string>): void {
  const expected = manifest.log.verifier_key;
  if (!expected) return;
  if (!log.value) {
    throw new Refused(
      `the log is signed by ${expected}, and no signing key was given: set LOG_SIGNING_KEY, put the key in DATA_DIR/${KEY_FILE}, ` +
        'or restore a backup that carries its keys with BACKUP_PASSPHRASE. Without it the restored log could never be extended.',
    );
  }
  const signer = parseSignerKey(log.value);
  if (signer.verifierKey === expected) return;
  if (log.source === 'config' && signer.name === manifest.log.origin) return;
  throw new Refused(
    `the signing key from ${log.source} (${signer.verifierKey}) is not the log's (${expected}). ` +
      `To rotate the key deliberately, give a new key for ${manifest.log.origin} in LOG_SIGNING_KEY.`,
  );
}

/** The sign-in secret must be the one the backup's second-factor secrets are sealed with. */
function checkSignInSecret(manifest: Manifest, signIn: ChosenKey<string>): void {
  const expected = manifest.keys.sign_in_fingerprint;
  if (!expected) return;
  if (!signIn.value) {
    throw new Refused(`the officials' second-factor secrets are sealed with a sign-in secret, and none was given: set SIGN_IN_SECRET, put it in DATA_DIR/${SECRET_FILE}, or restore with BACKUP_PASSPHRASE.`);
  }
  if (signInFingerprint(signIn.value) !== expected) {
    throw new Refused(`the sign-in secret from ${signIn.source} is not the one this backup's second-factor secrets are sealed with; no official could sign in.`);
  }
}

/** pg_restore into an empty database, in one transaction: it lands whole or not at all. */
async function restorePostgres(url: string, file: string): Promise<void> {
  const database = await openDatabase({ url, poolSize: 1, onConnectionError: () => undefined });
  try {
    if (await holdsDaylightTables(database.db)) throw new Refused('the database DATABASE_URL names already holds Daylight tables; restore into an empty database (createdb).');
  } finally {
    await database.close();
  }
  const env = libpqEnvironment(url);
  await run('pg_restore', ['--exit-on-error', '--single-transaction', '--no-owner', '--no-privileges', `--dbname=${env.PGDATABASE ?? env.PGUSER ?? 'postgres'}`, file], env);
}

/** A new PGlite data folder filled from the dump, under the folder's lock. */
async function restorePglite(config: Config, file: string): Promise<void> {
  const target = path.join(config.dataDir, 'pglite');
  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    throw new Refused(`${target} already holds a database; restore into an empty DATA_DIR (or move that folder away).`);
  }
  const database = await openDatabase({ ...databaseOptions(config), loadDataDir: new Blob([fs.readFileSync(file)]) });
  await database.close();
}

/** Compares the restored database with the manifest and proves the keys work with it; returns what does not hold. */
async function checkRestored(config: Config, manifest: Manifest, log: ChosenKey<string>, signIn: ChosenKey<string>): Promise<string[]> {
  const problems: string[] = [];
  const database = await openDatabase(databaseOptions(config));
  try {
    const facts = await backupFacts(database.db);
    if (facts.migrations.join() !== manifest.migrations.join()) problems.push(`migrations differ from the backup's: ${facts.migrations.join(', ')}`);
    if (facts.checkpoints !== manifest.log.checkpoints) problems.push(`${facts.checkpoints} checkpoints restored, the backup had ${manifest.log.checkpoints}`);
    if (facts.sequenced !== manifest.log.sequenced) problems.push(`${facts.sequenced} log indexes restored, the backup had ${manifest.log.sequenced}`);
    if ((facts.latest?.rootHash ?? null) !== manifest.log.root_hash) problems.push(`the latest checkpoint's root is ${facts.latest?.rootHash ?? 'none'}, the backup's ${manifest.log.root_hash}`);
    if (facts.latest) {
      try {
        openCheckpoint(facts.latest.note, facts.latest.verifierKey);
      } catch (error) {
        problems.push(`the latest checkpoint's signature does not verify: ${(error as Error).message}`);
      }
    }
    if (log.value) {
      const key = parseSignerKey(log.value);
      const signer: LogSigner = { origin: key.name, verifierKey: key.verifierKey, signer: key, source: log.source === 'config' ? 'config' : 'file' };
      try {
        signerFits(await latestCheckpoint(database.db), signer);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    const sealed = await anySealedTotpSecret(database.db);
    if (sealed && signIn.value) {
      try {
        signInKeys(signIn.value).open(`official:${sealed.officialId}`, sealed.sealed);
      } catch {
        problems.push('the sign-in secret does not open the officials\' second-factor secrets: nobody enrolled could sign in');
      }
    } else if (sealed) {
      problems.push('officials have second-factor secrets but no sign-in secret was given to open them');
    }
  } finally {
    await database.close();
  }
  return problems;
}
