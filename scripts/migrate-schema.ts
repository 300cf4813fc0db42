// Migrates one named PostgreSQL schema (used by schema-snapshot.sh): tsx scripts/migrate-schema.ts <url> <schema>
import { migrateToLatest } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/pool.js';

const [url, schema] = process.argv.slice(2);
if (!url || !schema) throw new Error('usage: migrate-schema.ts <url> <schema>');
const database = await openDatabase({ url, searchPath: `${schema},public` });
await migrateToLatest(database.db, schema);
await database.close();
