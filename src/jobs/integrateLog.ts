/**
 * The log integrator: after events commit with their log indexes, it appends their leaves to the Merkle tree
 * (stored as tiles) and signs a new checkpoint, in one short transaction under an advisory lock, so that one
 * integrator at a time works on a database however many app instances run. It runs in the app process: right
 * after each write request and on a timer (for writes made by other instances). ADR 0002 says why not pg-boss.
 */
import { inTransaction } from '../db/repos/cases.js';
import type { Db } from '../db/types.js';
import { bytesEqual, encodeBase64 } from '../log/bytes.js';
import { signCheckpoint } from '../log/checkpoint.js';
import { leafHash } from '../log/hash.js';
import {
  entryOfRow,
  insertCheckpoint,
  type LeafRow,
  latestCheckpoint,
  logBacklog,
  readLeafRows,
  sequencedCount,
  sequencePending,
  tileBytes,
  tileReader,
  tryIntegratorLock,
  writeTiles,
} from '../log/store.js';
import { integrateTiles, rootFromTiles, TILE_WIDTH, tileWidth, tilesForIntegration, type TileIntegration } from '../log/tiles.js';
import { signerFits, type LogSigner } from './logSigner.js';

/** Leaves per pass: big enough to keep up with thousands of events a second, small enough for a short transaction. */
export const MAX_BATCH = 4096;
/** Least time between the starts of two passes when writes keep kicking the integrator. */
const KICK_SPACING_MS = 100;
/** Committed events given indexes per sequencing transaction. */
const MAX_SEQUENCE_BATCH = 50_000;

/** What one pass did. */
export interface IntegrationPass {
  /** Another integrator held the lock; nothing was done. */
  busy: boolean;
  /** Events given log indexes in this pass. */
  sequenced: number;
  /** Leaves appended to the tree. */
  added: number;
  /** Tree size of the newest checkpoint after the pass (0 if none). */
  size: number;
  /** Whether a new checkpoint was signed. */
  signed: boolean;
}

/**
 * One integration pass: sequences committed events, then appends up to `maxBatch` sequenced events to the tree
 * and signs a checkpoint for the new size. Also signs the current size when there is no checkpoint yet or the
 * key was rotated. Refuses to extend a tree whose stored tiles no longer give the latest checkpoint's root.
 * `unsequenced` saves a query when the caller has just asked whether events wait for an index.
 */
export async function integrateLog(
  db: Db,
  log: LogSigner,
  maxBatch = MAX_BATCH,
  unsequenced?: boolean,
): Promise<IntegrationPass> {
  const sequenced = await sequenceCommitted(db, unsequenced);
  return inTransaction(db, async (trx) => {
    if (!(await tryIntegratorLock(trx))) return { busy: true, sequenced, added: 0, size: 0, signed: false };
    const latest = await latestCheckpoint(trx);
    // Checked again here, not only at start: two instances may have started on an empty log with their own keys.
    signerFits(latest, log);
    const fromSize = latest?.size ?? 0;
    // Indexes are committed in order (the counter's row lock), so the rows read are a prefix without holes. The
    // counter is read first: every index below it was committed with its event, so one missing now was deleted.
    const sequencedSize = await sequencedCount(trx);
    const rows = await readLeafRows(trx, fromSize, fromSize + maxBatch);
    const contiguous = rows.findIndex((row, i) => row.log_index !== fromSize + i);
    const batch = contiguous < 0 ? rows : rows.slice(0, contiguous);
    if (batch.length === 0 && sequencedSize > fromSize) {
      throw new Error(`log entry ${fromSize} has no event although it was sequenced: a row was deleted. Run npm run log:audit.`);
    }
    if (batch.length === 0 && latest && latest.verifierKey === log.verifierKey) {
      return { busy: false, sequenced, added: 0, size: fromSize, signed: false };
    }
    const result = await appendLeaves(trx, fromSize, batch, latest?.rootHash);
    const note = signCheckpoint({ origin: log.origin, size: result.size, rootHash: result.root, extensions: [] }, log.signer);
    await insertCheckpoint(trx, { size: result.size, rootHash: result.root, note, verifierKey: log.verifierKey });
    return { busy: false, sequenced, added: batch.length, size: result.size, signed: true };
  });
}

/**
 * Appends a batch of sequenced events' leaves to the stored tiles of a tree of `fromSize` leaves, after checking
 * that those tiles still give `expectedRoot` (the latest checkpoint's root) when there is one; signs nothing.
 */
async function appendLeaves(trx: Db, fromSize: number, batch: LeafRow[], expectedRoot: Uint8Array | undefined): Promise<TileIntegration> {
  const readTile = await tileReader(trx, fromSize > 0 ? tilesForIntegration(fromSize) : []);
  if (expectedRoot && fromSize > 0 && !bytesEqual(rootFromTiles(fromSize, readTile), expectedRoot)) {
    throw new Error(
      `the stored log tiles no longer give the root of checkpoint ${fromSize} (${encodeBase64(expectedRoot)}); ` +
        'refusing to extend a tree that was changed. Run npm run log:audit.',
    );
  }
  const result = integrateTiles(fromSize, readTile, batch.map((row) => leafHash(entryOfRow(row))));
  await writeTiles(trx, result.tiles);
  return result;
}

/**
 * Builds the tree of every committed event into tiles without signing any checkpoint, on a log that has none: for a
 * database prepared ahead of the key that will sign it (the demo made at install, `demo/prepared.ts`), so that
 * `signBuiltTree` later signs it in one statement instead of integrating it all again. Returns the tree's size.
 */
export async function buildTreeUnsigned(db: Db, maxBatch = MAX_BATCH): Promise<number> {
  while (await sequenceCommitted(db)) {
    // Sequences at most MAX_SEQUENCE_BATCH a pass; loops until none is left.
  }
  return inTransaction(db, async (trx) => {
    if (await latestCheckpoint(trx)) throw new Error('the log already has a signed checkpoint; its tree is extended by integrating');
    const total = await sequencedCount(trx);
    let size = 0;
    while (size < total) {
      const rows = await readLeafRows(trx, size, Math.min(total, size + maxBatch));
      if (rows.length === 0 || rows.some((row, i) => row.log_index !== size + i)) throw new Error(`log entry ${size} has no event although it was sequenced`);
      size = (await appendLeaves(trx, size, rows, undefined)).size;
    }
    return size;
  });
}

/**
 * Signs the first checkpoint of a log whose tree `buildTreeUnsigned` built: the tree of every sequenced event, its
 * root read from the stored tiles. Returns the size signed, or null when there was nothing to do (a checkpoint
 * exists already, or no tree was built), in which case the integrator proceeds as usual.
 */
export async function signBuiltTree(db: Db, log: LogSigner): Promise<number | null> {
  return inTransaction(db, async (trx) => {
    if (!(await tryIntegratorLock(trx)) || (await latestCheckpoint(trx))) return null;
    const size = await sequencedCount(trx);
    // The last leaf's hash must be in the stored tiles: otherwise no tree was built, and integrating builds it.
    const lastTile = Math.floor((size - 1) / TILE_WIDTH);
    if (size === 0 || !(await tileBytes(trx, 0, lastTile, tileWidth(0, lastTile, size)))) return null;
    const root = rootFromTiles(size, await tileReader(trx, tilesForIntegration(size)));
    const note = signCheckpoint({ origin: log.origin, size, rootHash: root, extensions: [] }, log.signer);
    await insertCheckpoint(trx, { size, rootHash: root, note, verifierKey: log.verifierKey });
    return size;
  });
}

/**
 * Gives committed events their log indexes, in the order they were recorded, in one short transaction of its own
 * (the log counter's row lock serialises sequencers, so indexes stay gap-free and are committed as a prefix), at
 * most MAX_SEQUENCE_BATCH at a time. The
 * integrator does it before each pass; the alert dispatcher too, so it never waits for the integrator's timer.
 * `unsequenced` saves a query when the caller has just asked. Returns how many were sequenced.
 */
export async function sequenceCommitted(db: Db, unsequenced?: boolean): Promise<number> {
  if (!(unsequenced ?? (await logBacklog(db)).unsequenced)) return 0;
  return inTransaction(db, (trx) => sequencePending(trx, MAX_SEQUENCE_BATCH));
}

/** Runs passes until every committed event is in a signed checkpoint (tests and the CLI call this). */
export async function integrateAll(db: Db, log: LogSigner, maxBatch = MAX_BATCH): Promise<number> {
  for (;;) {
    const pass = await integrateLog(db, log, maxBatch);
    if (pass.busy) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    if (pass.added === 0 && pass.sequenced === 0) return pass.size;
  }
}

export interface IntegratorOptions {
  /** Milliseconds between checks when nothing kicks the integrator. */
  intervalMs: number;
  /** Where failures are reported; the integrator keeps trying, backing off. */
  onError?: (error: unknown) => void;
  /** Told about every signed checkpoint (benchmarks measure latency with it). */
  onCheckpoint?: (size: number, at: number) => void;
}

/** A running integrator. */
export interface RunningIntegrator {
  /** Asks for a pass soon (after a write committed); cheap to call often. */
  kick(): void;
  /** Stops the timer and waits for a pass in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Starts the background integrator: a pass right away, after every `kick()`, and every `intervalMs`. A pass
 * first asks one cheap question (is anything waiting?), so an idle log costs one small query per interval.
 */
export function startLogIntegrator(db: Db, log: LogSigner, options: IntegratorOptions): RunningIntegrator {
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let failures = 0;
  let lastStart = -Infinity;
  // The first pass always runs: it creates the first checkpoint, or re-signs the current one after a deliberate
  // key rotation, even when no event is waiting.
  let firstPass = true;

  /** Runs a pass after `delay` ms, unless one is already due sooner. */
  const schedule = (delay: number) => {
    if (stopped) return;
    const at = Date.now() + delay;
    if (timer && at >= dueAt) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      dueAt = Infinity;
      run();
    }, delay);
  };
  // Under steady writes every commit kicks; spacing passes batches those commits into one checkpoint.
  const soon = () => Math.max(0, lastStart + KICK_SPACING_MS - Date.now());

  const pass = async () => {
    for (;;) {
      const backlog = await logBacklog(db);
      const behind = backlog.unsequenced || backlog.integrated === null || backlog.integrated < backlog.sequenced;
      if (!behind && !firstPass) return;
      firstPass = false;
      const result = await integrateLog(db, log, MAX_BATCH, backlog.unsequenced);
      if (result.signed) options.onCheckpoint?.(result.size, Date.now());
      // A full batch means a backlog (a bulk load, a restart): work through it at once. A busy lock means another
      // instance is integrating; the timer will look again.
      if (result.busy || (result.added < MAX_BATCH && result.sequenced === 0)) return;
    }
  };

  function run() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    again = false;
    lastStart = Date.now();
    running = pass()
      .then(() => {
        failures = 0;
      })
      .catch((error: unknown) => {
        failures++;
        options.onError?.(error);
      })
      .finally(() => {
        running = undefined;
        // Back off on repeated failures (at most about a minute) so a broken log does not flood the error log.
        if (failures > 0) schedule(options.intervalMs * Math.min(2 ** failures, 240));
        else schedule(again ? soon() : options.intervalMs);
      });
  }

  schedule(0);
  return {
    kick() {
      if (running) again = true;
      else if (failures === 0) schedule(soon());
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
