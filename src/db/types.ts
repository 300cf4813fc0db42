import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.js';

/**
 * The database as the rest of the code names it: commands, jobs and routes receive a `Db` (or, inside a transaction a
 * repository opened, a `Tx`) and pass it to repository functions; only `src/db/` imports Kysely itself.
 */
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
