import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate.js';
import { openDatabase, type Database } from './pool.js';
import { makeTemplate } from './pgliteTemplate.js';

/** Tables, columns, indexes and constraints of the public schema, as one comparable list. */
async function shape(database: Database): Promise<string[]> {
  const columns = await sql<{ line: string }>`
    SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
    FROM information_schema.columns WHERE table_schema = 'public'`.execute(database.db);
  const indexes = await sql<{ line: string }>`SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public'`.execute(database.db);
  const constraints = await sql<{ line: string }>`
    SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace`.execute(database.db);
  const triggers = await sql<{ line: string }>`SELECT tgname || ' ' || tgrelid::regclass::text AS line FROM pg_trigger WHERE NOT tgisinternal`.execute(database.db);
  const extensions = await sql<{ line: string }>`SELECT extname AS line FROM pg_extension`.execute(database.db);
  return [...columns.rows, ...indexes.rows, ...constraints.rows, ...triggers.rows, ...extensions.rows].map((r) => r.line).sort();
}

const secret = async (database: Database) =>
  (await sql<{ value: string }>`SELECT value FROM site_secret WHERE name = 'links'`.execute(database.db)).rows[0]!.value;

describe('a new embedded database started from the migrated template', () => {
  let folder: string;
  let template: string;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'daylight-template-'));
    template = path.join(folder, 'cache', 'pglite-test.tar.gz');
    expect(await makeTemplate(template)).toBe(template);
  }, 180_000);

  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('has the schema of one created and migrated the long way, with nothing left to migrate', async () => {
    const fromTemplate = await openDatabase({ dataDir: path.join(folder, 'a'), template });
    const created = await openDatabase({ dataDir: path.join(folder, 'b'), template: false });
    try {
      expect(await migrateToLatest(fromTemplate.db)).toEqual([]);
      expect((await migrateToLatest(created.db)).length).toBeGreaterThan(0);
      expect(await shape(fromTemplate)).toEqual(await shape(created));
    } finally {
      await fromTemplate.close();
      await created.close();
    }
  }, 180_000);

  it('draws its own secrets: no two folders from one template share the links key', async () => {
    const one = await openDatabase({ dataDir: path.join(folder, 'c'), template });
    const two = await openDatabase({ dataDir: path.join(folder, 'd'), template });
    const original = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([fs.readFileSync(template)]) });
    try {
      const [a, b, t] = [await secret(one), await secret(two), await secret(original)];
      expect(a).toMatch(/^[0-9a-f]{64}$/);
      expect(new Set([a, b, t]).size).toBe(3);
    } finally {
      await one.close();
      await two.close();
      await original.close();
    }
  }, 180_000);

  it('leaves an existing folder alone, and a damaged template is discarded for the long way', async () => {
    const damaged = path.join(folder, 'damaged.tar.gz');
    fs.writeFileSync(damaged, 'not a tarball');
    const database = await openDatabase({ dataDir: path.join(folder, 'e'), template: damaged });
    try {
      expect((await migrateToLatest(database.db)).length).toBeGreaterThan(0);
      expect(fs.existsSync(damaged)).toBe(false);
    } finally {
      await database.close();
    }
    // Opened again, the folder keeps what it holds: the template is only for a new folder.
    const again = await openDatabase({ dataDir: path.join(folder, 'e'), template });
    try {
      expect(await migrateToLatest(again.db)).toEqual([]);
    } finally {
      await again.close();
    }
  }, 180_000);
});
