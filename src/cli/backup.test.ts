import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../commands/recordAct.js';
import { loadSignInSecret, signInKeys } from '../commands/officeAuth/keys.js';
import { loadConfig, type Config } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { databaseOptions, openDatabase } from '../db/pool.js';
import { buildServer } from '../http/server.js';
import { integrateAll } from '../jobs/integrateLog.js';
import { checkLogSigner, loadLogSigner } from '../jobs/logSigner.js';
import { generateKey } from '../log/note.js';
import { allCheckpoints, type StoredCheckpoint } from '../log/store.js';
import { TEST_SIGN_IN_SECRET, createFixture, totpSecretOf, type Fixture } from '../../test/helpers/fixture.js';
import { fileApplication, workApplication } from '../../test/helpers/log.js';
import { auditLog, auditPassed } from './audit.js';
import { backup } from './backup.js';
import { KEYS_FILE, MANIFEST_FILE, writePrivateFile, type Manifest } from './backupFiles.js';
import { restore } from './restore.js';
import { verifyDeployment } from './verify.js';

const PASSPHRASE = 'correct horse battery staple for backups';
const ORIGIN = 'drill.example/log';

function output() {
  const lines: string[] = [];
  return { lines, print: (line: string) => void lines.push(line), warn: (line: string) => void lines.push(line) };
}

const manifestOf = (folder: string) => JSON.parse(fs.readFileSync(path.join(folder, MANIFEST_FILE), 'utf8')) as Manifest;

/**
 * The drill: the restored deployment passes the operator's audit, holds the same checkpoint history, is verified from
 * outside over HTTP with the published key, lets an official's second factor be opened, and extends its log under
 * the restored key with a checkpoint consistent with the backup's.
 */
async function drill(config: Config, manifest: Manifest, history: StoredCheckpoint[], fx: Fixture, number: string) {
  const database = await openDatabase(databaseOptions(config));
  const app = await buildServer({ db: database.db, config });
  try {
    const audit = await auditLog(database.db);
    expect(audit.findings).toEqual([]);
    expect(audit.treeProblems).toEqual([]);
    expect(auditPassed(audit)).toBe(true);
    expect(await allCheckpoints(database.db)).toEqual(history);

    const signer = loadLogSigner(config);
    expect(signer.verifierKey).toBe(manifest.log.verifier_key);
    await checkLogSigner(database.db, signer);
    const sealed = await database.db.selectFrom('official').select('totp_secret').where('id', '=', fx.officials.a1.id).executeTakeFirstOrThrow();
    expect(signInKeys(loadSignInSecret(config)).open(`official:${fx.officials.a1.id}`, sealed.totp_secret!)).toBe(totpSecretOf('a1'));

    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const latest = history[history.length - 1]!;
    const verified = await verifyDeployment({ url, key: manifest.log.verifier_key!, sample: 'all', previous: { size: latest.size, rootHash: latest.rootHash, note: latest.note } });
    expect(verified.size).toBe(manifest.log.size);

    await recordAct(database.db, { number, act: { type: 'site_inspection', stage: 'intake', note: 'After the restore' }, actor: fx.officials.a1 });
    await integrateAll(database.db, signer);
    const grown = await verifyDeployment({ url, key: manifest.log.verifier_key!, sample: 'all', previous: verified });
    expect(grown.size).toBe(verified.size + 1);
  } finally {
    await app.close();
    await database.close();
  }
}

describe('backup and restore of the embedded database', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-backup-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('restores into an empty data folder with the keys sealed in the backup, and the log checks out', async () => {
    const source = path.join(root, 'source');
    const folder = path.join(root, 'backup');
    fs.mkdirSync(source);
    // A deployment whose keys were generated into its data folder.
    writePrivateFile(path.join(source, 'sign-in.secret'), `${TEST_SIGN_IN_SECRET}\n`);
    const sourceConfig = loadConfig({ DATA_DIR: source, LOG_ORIGIN: ORIGIN, BACKUP_PASSPHRASE: PASSPHRASE, LOG_LEVEL: 'silent' });
    const signer = loadLogSigner(sourceConfig);
    const database = await openDatabase({ dataDir: source });
    await migrateToLatest(database.db);
    const fx = await createFixture(database.db);
    const number = await fileApplication(database.db);
    await workApplication(database.db, fx, number, 2);
    await fileApplication(database.db, 'A second application');
    await integrateAll(database.db, signer);
    const history = await allCheckpoints(database.db);

    // The server holds the folder: no backup then.
    await expect(backup(sourceConfig, folder, output())).rejects.toThrow(/daylight\.lock|in use|held/i);
    await database.close();

    const taken = output();
    expect(await backup(sourceConfig, folder, taken)).toBe(0);
    const manifest = manifestOf(folder);
    expect(manifest).toMatchObject({ storage: 'pglite', applications: 2, keys: { sealed: true, log_verifier_key: signer.verifierKey }, log: { origin: ORIGIN, size: history.at(-1)!.size } });
    const sealedKeys = fs.readFileSync(path.join(folder, KEYS_FILE), 'utf8');
    expect(sealedKeys).not.toContain(fs.readFileSync(path.join(source, 'log-signing.key'), 'utf8').trim());
    expect(sealedKeys).not.toContain(TEST_SIGN_IN_SECRET);
    expect(fs.statSync(path.join(folder, KEYS_FILE)).mode & 0o077).toBe(0);

    // Refused before anything is written: no passphrase, a wrong one.
    const elsewhere = path.join(root, 'elsewhere');
    const noPassphrase = output();
    expect(await restore(loadConfig({ DATA_DIR: elsewhere }), folder, noPassphrase)).toBe(1);
    expect(noPassphrase.lines.join('\n')).toContain('BACKUP_PASSPHRASE');
    expect(await restore(loadConfig({ DATA_DIR: elsewhere, BACKUP_PASSPHRASE: 'not the passphrase at all' }), folder, output())).toBe(1);
    expect(fs.existsSync(path.join(elsewhere, 'pglite'))).toBe(false);

    const target = path.join(root, 'target');
    const config = loadConfig({ DATA_DIR: target, LOG_ORIGIN: ORIGIN, BACKUP_PASSPHRASE: PASSPHRASE, LOG_LEVEL: 'silent' });
    const restored = output();
    expect(await restore(config, folder, restored)).toBe(0);
    expect(restored.lines.join('\n')).toMatch(/Restored pglite-data\.tar\.gz .* signature checked; log key from backup, sign-in secret from backup/);
    expect(fs.statSync(path.join(target, 'log-signing.key')).mode & 0o077).toBe(0);
    expect(await restore(config, folder, output())).toBe(1);

    await drill(config, manifest, history, fx, number);
  });

  it('refuses a backup whose data file was damaged', async () => {
    const folder = path.join(root, 'backup');
    const copy = path.join(root, 'damaged');
    fs.cpSync(folder, copy, { recursive: true });
    fs.appendFileSync(path.join(copy, 'pglite-data.tar.gz'), 'x');
    const out = output();
    expect(await restore(loadConfig({ DATA_DIR: path.join(root, 'other'), BACKUP_PASSPHRASE: PASSPHRASE }), copy, out)).toBe(1);
    expect(out.lines.join('\n')).toContain('damaged');
    expect(fs.existsSync(path.join(root, 'other', 'pglite'))).toBe(false);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('backup and restore on PostgreSQL', () => {
  const base = process.env.TEST_DATABASE_URL!;
  const suffix = randomBytes(4).toString('hex');
  const names = ['src', 'dst', 'empty'].map((n) => `daylight_drill_${suffix}_${n}`);
  const urlOf = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-backup-pg-'));
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  beforeAll(async () => {
    for (const name of names) await admin(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    for (const name of names) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('dumps a consistent snapshot while writes go on, restores it into an empty database, and the log checks out', async () => {
    const key = generateKey(ORIGIN).privateKey;
    const keys = { LOG_SIGNING_KEY: key, SIGN_IN_SECRET: TEST_SIGN_IN_SECRET, LOG_LEVEL: 'silent' as const, DATA_DIR: path.join(root, 'data') };
    const sourceConfig = loadConfig({ ...keys, DATABASE_URL: urlOf(names[0]!) });
    const signer = loadLogSigner(sourceConfig);
    const database = await openDatabase({ url: urlOf(names[0]!), poolSize: 4 });
    await migrateToLatest(database.db);
    const fx = await createFixture(database.db);
    const number = await fileApplication(database.db);
    await workApplication(database.db, fx, number, 3);
    await integrateAll(database.db, signer);

    // Applications keep arriving during the dump; the manifest must describe exactly what the dump holds.
    let writing = true;
    const writer = (async () => {
      let filed = 0;
      while (writing) {
        await fileApplication(database.db, `Filed during the backup ${filed++}`);
        await integrateAll(database.db, signer);
      }
      return filed;
    })();
    const folder = path.join(root, 'backup');
    const taken = output();
    try {
      expect(await backup(sourceConfig, folder, taken)).toBe(0);
    } finally {
      writing = false;
    }
    expect(await writer).toBeGreaterThan(0);
    expect(taken.lines.join('\n')).toContain('This backup holds no keys');
    const manifest = manifestOf(folder);
    expect(manifest).toMatchObject({ storage: 'postgres', database: { file: 'database.pgdump' }, keys: { sealed: false, log_verifier_key: signer.verifierKey } });
    expect(fs.existsSync(path.join(folder, KEYS_FILE))).toBe(false);
    expect(fs.readFileSync(path.join(folder, 'database.pgdump')).subarray(0, 5).toString()).toBe('PGDMP');
    const history = (await allCheckpoints(database.db)).slice(0, manifest.log.checkpoints);
    await database.close();

    // Without the keys it is refused, and the empty database stays empty.
    const refused = output();
    expect(await restore(loadConfig({ DATABASE_URL: urlOf(names[2]!), DATA_DIR: path.join(root, 'nothing') }), folder, refused)).toBe(1);
    expect(refused.lines.join('\n')).toMatch(/no signing key was given/);
    const wrongSecret = output();
    expect(await restore(loadConfig({ ...keys, SIGN_IN_SECRET: 'another-sign-in-secret-0123456789abcdef', DATABASE_URL: urlOf(names[2]!) }), folder, wrongSecret)).toBe(1);
    expect(wrongSecret.lines.join('\n')).toMatch(/no official could sign in/);

    const config = loadConfig({ ...keys, DATABASE_URL: urlOf(names[1]!) });
    expect(await restore(config, folder, output())).toBe(0);
    const again = output();
    expect(await restore(config, folder, again)).toBe(1);
    expect(again.lines.join('\n')).toContain('already holds Daylight tables');

    await drill(config, manifest, history, fx, number);
  });
});

