/**
 * A second Daylight process for the lock-file tests: `holdDataDir.ts <dir> database|lock [holdMs]` opens the embedded
 * database in <dir> (and writes a row) or only takes its lock, prints "ready <pid>" or "in-use", then holds it until
 * killed or for holdMs.
 */
import { sql } from 'kysely';
import { lockDataDir, DataDirInUse } from '../../src/db/dataDirLock.js';
import { openDatabase } from '../../src/db/pool.js';

const [dir, mode = 'database', holdMs] = process.argv.slice(2);
try {
  if (mode === 'database') {
    const database = await openDatabase({ dataDir: dir! });
    await sql`CREATE TABLE IF NOT EXISTS survived (id int)`.execute(database.db);
    await sql`INSERT INTO survived VALUES (1)`.execute(database.db);
  } else {
    await lockDataDir(dir!);
  }
  console.log(`ready ${process.pid}`);
} catch (error) {
  if (!(error instanceof DataDirInUse) && !/in use/.test((error as Error).message)) throw error;
  console.log('in-use');
  process.exit(0);
}
// Hold until killed, or for holdMs.
setTimeout(() => process.exit(0), holdMs ? Number(holdMs) : 600_000);
