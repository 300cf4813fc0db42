/**
 * The transparency log's one PostgreSQL store (ADR 0002): leaves read from the events they are made of, tiles,
 * checkpoints, and the proofs built from them. This is the only module of `log/` that does I/O and the only SQL
 * about the log; everything it computes goes through the pure functions of `log/index.ts`.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, PublicActor } from '../db/schema.js';
import { presentEvent } from '../presenters/public.js';
import { createTlogProof } from './proof.js';
import { entryForEvent, HASH_SIZE } from './hash.js';
import { inclusionProofNodes } from './merkle.js';
import {
  hashReaderFromTiles,
  TILE_WIDTH,
  tilesForNodes,
  tileWidth,
  type TileData,
  type TileId,
  type TileReader,
} from './tiles.js';

/** What a leaf is made of: one event's public columns plus the application number and time zone it needs. */
export interface LeafRow {
  log_index: number;
  number: string;
  time_zone: string;
  seq: number;
  type: string;
  occurred_at: Date;
  recorded_at: Date;
  actor: PublicActor | null;
  data: Record<string, unknown>;
}

/** A stored, signed checkpoint. */
export interface StoredCheckpoint {
  id: number;
  size: number;
  rootHash: Uint8Array;
  /** The signed note, served verbatim at `/log/checkpoint`. */
  note: string;
  /** The `vkey` of the key that signed it, served at `/log/key`. */
  verifierKey: string;
  createdAt: Date;
}

/**
 * The log entry of a stored event: RFC 8785 JSON of its public form exactly as `GET /api/v1/applications/{number}`
 * serves it, without `log`. Both go through `presentEvent`, so they cannot drift apart.
 */
export function entryOfRow(row: LeafRow): Uint8Array {
  return entryForEvent(presentEvent(row.number, { ...row, log_index: null }, row.time_zone));
}

/** The events with log indexes in [from, to), in log order, joined to what their public form needs. */
export async function readLeafRows(db: Kysely<DB>, from: number, to: number): Promise<LeafRow[]> {
  return db
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select([
      sql<number>`e.log_index`.as('log_index'),
      'a.number', 'j.time_zone', 'e.seq', 'e.type', 'e.occurred_at', 'e.recorded_at', 'e.actor', 'e.data',
    ])
    .where('e.log_index', '>=', from)
    .where('e.log_index', '<', to)
    .orderBy('e.log_index')
    .execute();
}

/**
 * The entries with log indexes in [from, to). Throws when an index in the range has no event: the log has
 * committed to every index below its size, so a hole means a row was deleted behind the application's back.
 */
export async function readEntries(db: Kysely<DB>, from: number, to: number): Promise<Uint8Array[]> {
  const rows = await readLeafRows(db, from, to);
  rows.forEach((row, i) => {
    if (row.log_index !== from + i) throw new Error(`log entry ${from + i} has no event in the database`);
  });
  if (rows.length !== to - from) throw new Error(`log entry ${from + rows.length} has no event in the database`);
  return rows.map(entryOfRow);
}

function toCheckpoint(row: {
  id: number;
  size: number;
  root_hash: Buffer;
  note: string;
  verifier_key: string;
  created_at: Date;
}): StoredCheckpoint {
  return {
    id: row.id,
    size: row.size,
    rootHash: new Uint8Array(row.root_hash),
    note: row.note,
    verifierKey: row.verifier_key,
    createdAt: row.created_at,
  };
}

/** The newest signed checkpoint, or undefined before the integrator's first run. */
export async function latestCheckpoint(db: Kysely<DB>): Promise<StoredCheckpoint | undefined> {
  const row = await db.selectFrom('log_checkpoint').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row && toCheckpoint(row);
}

/** Every stored checkpoint, oldest first (for audits and tests). */
export async function allCheckpoints(db: Kysely<DB>): Promise<StoredCheckpoint[]> {
  const rows = await db.selectFrom('log_checkpoint').selectAll().orderBy('id').execute();
  return rows.map(toCheckpoint);
}

/** Stores a signed checkpoint; the table's trigger refuses one that would shrink or fork the log. */
export async function insertCheckpoint(
  db: Kysely<DB>,
  checkpoint: { size: number; rootHash: Uint8Array; note: string; verifierKey: string },
): Promise<void> {
  await db
    .insertInto('log_checkpoint')
    .values({
      size: checkpoint.size,
      root_hash: Buffer.from(checkpoint.rootHash),
      note: checkpoint.note,
      verifier_key: checkpoint.verifierKey,
    })
    .execute();
}

/** A stored tile at the latest integrated size. */
export interface StoredTile {
  width: number;
  hashes: Uint8Array;
}

/** One stored tile, or undefined when the tree has no hash at that position yet. */
export async function readTile(db: Kysely<DB>, level: number, index: number): Promise<StoredTile | undefined> {
  const row = await db
    .selectFrom('log_tile')
    .select(['width', 'hashes'])
    .where('level', '=', level)
    .where('tile_index', '=', index)
    .executeTakeFirst();
  return row && { width: row.width, hashes: new Uint8Array(row.hashes) };
}

/**
 * Reads the given tiles and returns a reader for the pure algorithms. Stored tiles may be wider than the tree
 * the caller works on (a later checkpoint was integrated meanwhile); the algorithms use only the prefix they need.
 */
export async function tileReader(db: Kysely<DB>, tiles: readonly TileId[]): Promise<TileReader> {
  const found = new Map<string, Uint8Array>();
  if (tiles.length > 0) {
    const keys = sql.join(tiles.map((t) => sql`(${t.level}, ${t.index})`));
    const rows = await sql<{ level: number; tile_index: number; hashes: Buffer }>`
      SELECT level, tile_index, hashes FROM log_tile WHERE (level, tile_index) IN (${keys})`.execute(db);
    for (const row of rows.rows) found.set(`${row.level}/${Number(row.tile_index)}`, new Uint8Array(row.hashes));
  }
  return (level, index) => {
    const tile = found.get(`${level}/${index}`);
    if (!tile) throw new Error(`log tile ${level}/${index} is missing from the database`);
    return tile;
  };
}

/** Writes tiles with their full new contents; the table's trigger refuses any change other than appending. */
export async function writeTiles(db: Kysely<DB>, tiles: readonly TileData[]): Promise<void> {
  for (const tile of tiles) {
    await db
      .insertInto('log_tile')
      .values({ level: tile.level, tile_index: tile.index, width: tile.width, hashes: Buffer.from(tile.data) })
      .onConflict((oc) =>
        oc.columns(['level', 'tile_index']).doUpdateSet({
          width: (eb) => eb.ref('excluded.width'),
          hashes: (eb) => eb.ref('excluded.hashes'),
        }),
      )
      .execute();
  }
}

/**
 * Takes the integrator's lock for the rest of the transaction, or returns false at once if another integrator
 * (in this process or another app instance on the same database) holds it. Never waits: a stalled peer holding
 * it costs a skipped pass, not a stuck integrator. The same round trip bounds the transaction itself, so that if
 * this process stalls while holding the lock, the server ends its transaction (and frees the lock) within seconds
 * instead of stopping every instance's checkpoints for as long as it stalls.
 */
export async function tryIntegratorLock(trx: Kysely<DB>): Promise<boolean> {
  const result = await sql<{ locked: boolean }>`
    SELECT set_config('statement_timeout', ${INTEGRATOR_LIMITS.statement}, true),
           set_config('lock_timeout', ${INTEGRATOR_LIMITS.lock}, true),
           set_config('idle_in_transaction_session_timeout', ${INTEGRATOR_LIMITS.idle}, true),
           pg_try_advisory_xact_lock(${INTEGRATOR_LOCK}::bigint) AS locked`.execute(trx);
  return result.rows[0]?.locked === true;
}
/**
 * The integrator's transactions' own limits (SET LOCAL): a pass is one short transaction of a few quick statements,
 * so anything longer means something is stuck. PGlite accepts them and, single-connection, never needs them.
 */
const INTEGRATOR_LIMITS = { statement: '10s', lock: '2s', idle: '10s' };
/** An arbitrary constant naming "Daylight's log integrator" among the database's advisory locks ("DYLOG"). */
const INTEGRATOR_LOCK = 0x44594c4f47;

/**
 * How far the log is behind the events: indexes handed out, size of the latest checkpoint (null before the
 * first), and whether any event waits for an index. One cheap query, asked on every tick of the integrator.
 */
export async function logBacklog(
  db: Kysely<DB>,
): Promise<{ sequenced: number; integrated: number | null; unsequenced: boolean }> {
  const result = await sql<{ sequenced: number; integrated: number | null; unsequenced: boolean }>`
    SELECT (SELECT next_index FROM log_sequence) AS sequenced,
           (SELECT size FROM log_checkpoint ORDER BY id DESC LIMIT 1) AS integrated,
           EXISTS (SELECT 1 FROM event WHERE log_index IS NULL) AS unsequenced`.execute(db);
  const row = result.rows[0]!;
  const integrated = row.integrated === null ? null : Number(row.integrated);
  return { sequenced: Number(row.sequenced ?? 0), integrated, unsequenced: row.unsequenced };
}

/** How many log indexes have been handed out (and committed with their events). */
export async function sequencedCount(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('log_sequence').select('next_index').executeTakeFirstOrThrow();
  return Number(row.next_index);
}

/**
 * Gives log indexes to up to `limit` events inserted without one (bulk loads), in the order they were entered.
 * Run it in a transaction of its own: it holds the log counter's row lock, which every appender waits for, until
 * commit. Returns how many were sequenced.
 */
export async function sequencePending(trx: Kysely<DB>, limit: number): Promise<number> {
  // The counter row is held by every appender until its commit: wait for it a little, never for a stalled one.
  await sql`SELECT set_config('lock_timeout', ${INTEGRATOR_LIMITS.lock}, true), set_config('idle_in_transaction_session_timeout', ${INTEGRATOR_LIMITS.idle}, true)`.execute(trx);
  const pending = await sql<{ id: number }>`
    SELECT id FROM event WHERE log_index IS NULL ORDER BY recorded_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(trx);
  const ids = pending.rows.map((r) => Number(r.id));
  if (ids.length === 0) return 0;
  const { next_index: next } = await trx
    .updateTable('log_sequence')
    .set({ next_index: sql`next_index + ${ids.length}` })
    .returning('next_index')
    .executeTakeFirstOrThrow();
  const first = next - ids.length;
  await sql`
    UPDATE event SET log_index = ${first}::bigint + pending.n - 1
    FROM unnest(${ids}::bigint[]) WITH ORDINALITY AS pending (id, n)
    WHERE event.id = pending.id`.execute(trx);
  return ids.length;
}

/** Where an event of an application sits in the log: undefined if no such event, `logIndex` null if unsequenced. */
export async function findEventLogIndex(
  db: Kysely<DB>,
  number: string,
  seq: number,
): Promise<{ logIndex: number | null } | undefined> {
  const row = await db
    .selectFrom('event as e')
    .innerJoin('application as a', 'a.id', 'e.application_id')
    .select('e.log_index')
    .where('a.number', '=', number)
    .where('e.seq', '=', seq)
    .executeTakeFirst();
  return row && { logIndex: row.log_index };
}

/**
 * A C2SP tlog-proof for entry `index` against the latest checkpoint, or null when that checkpoint does not cover
 * the entry yet. Reads only the tiles holding the proof's hashes (one per tile level, at most a few more).
 */
export async function proveEntry(db: Kysely<DB>, index: number): Promise<string | null> {
  const checkpoint = await latestCheckpoint(db);
  if (!checkpoint || index >= checkpoint.size) return null;
  const tiles = tilesForNodes(inclusionProofNodes(index, checkpoint.size), checkpoint.size);
  const reader = await tileReader(db, tiles);
  return createTlogProof(index, checkpoint.note, hashReaderFromTiles(reader));
}

/**
 * The bytes of hash tile `level/index` at width `width` (256 for a full tile), or null when the log's tree does
 * not have that many hashes there. A narrower partial tile is a prefix of the stored one: tiles only grow.
 */
export async function tileBytes(db: Kysely<DB>, level: number, index: number, width: number): Promise<Uint8Array | null> {
  const tile = await readTile(db, level, index);
  if (!tile || tile.width < width) return null;
  return tile.hashes.subarray(0, width * HASH_SIZE);
}

/**
 * The entries of bundle `index` at width `width`, or null when the latest checkpoint does not cover them. Entries
 * are rebuilt from the events, never stored twice, so what is served is what the database holds now.
 */
export async function bundleEntries(db: Kysely<DB>, index: number, width: number): Promise<Uint8Array[] | null> {
  const checkpoint = await latestCheckpoint(db);
  if (!checkpoint || tileWidth(0, index, checkpoint.size) < width) return null;
  const from = index * TILE_WIDTH;
  return readEntries(db, from, from + width);
}

/** Events with a log index at or past `size` (not yet in a checkpoint of that size), and events with no log index yet. */
export async function eventsOutsideTree(db: Kysely<DB>, size: number): Promise<{ pending: number; unsequenced: number }> {
  const counts = await sql<{ pending: number; unsequenced: number }>`
    SELECT count(*) FILTER (WHERE log_index >= ${size}) AS pending, count(*) FILTER (WHERE log_index IS NULL) AS unsequenced
    FROM event`.execute(db);
  return { pending: Number(counts.rows[0]!.pending), unsequenced: Number(counts.rows[0]!.unsequenced) };
}
