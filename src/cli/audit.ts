/**
 * `npm run log:audit`: the operator's check of the transparency log against the database it was built from. It
 * recomputes every leaf from the events and reports each event whose stored form no longer matches its leaf (a
 * row edited or deleted behind the application's back), and checks the stored tree: tiles against each other,
 * the latest checkpoint's root and signature, and every earlier checkpoint's root. Then it replays every
 * application's events through the workflow and compares the result with the stored row (`auditProjections`), so a
 * status or stage changed directly in the database is named too. Exit code 0 when all holds, 1 when anything does
 * not. On the embedded database, stop the server first (PGlite allows one process).
 */
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { databaseOptions, openDatabase } from '../db/pool.js';
import type { Db } from '../db/types.js';
import { bytesEqual, encodeBase64 } from '../log/bytes.js';
import { openCheckpoint } from '../log/checkpoint.js';
import { leafHash, HASH_SIZE } from '../log/hash.js';
import { MonitorError, monitorLog } from '../log/monitor.js';
import { allCheckpoints, entryOfRow, eventsOutsideTree, readLeafRows, readTile, tileBytes } from '../log/store.js';
import { TILE_WIDTH, tileWidth } from '../log/tiles.js';
import { auditProjections, formatProjectionFinding, type ProjectionAudit } from './auditProjections.js';

/** An event that no longer matches the leaf the log committed to. */
export interface AuditFinding {
  index: number;
  /** The event now at that index, when there is one. */
  application?: string;
  seq?: number;
  problem: 'changed' | 'missing';
}

export interface AuditReport {
  /** Entries in the latest checkpoint, and its root (base64; null before the first checkpoint). */
  size: number;
  root: string | null;
  /** Checkpoints checked. */
  checkpoints: number;
  /** Events sequenced but not yet in a checkpoint, and events with no log index yet. */
  pending: number;
  unsequenced: number;
  findings: AuditFinding[];
  /** What is wrong with the stored tree or checkpoints, if anything. */
  treeProblems: string[];
  /** Stored application rows against their replayed events. */
  projections: ProjectionAudit;
}

/** True when the audit found nothing wrong. */
export function auditPassed(report: AuditReport): boolean {
  return report.findings.length === 0 && report.treeProblems.length === 0 && report.projections.mismatches === 0;
}

/** Audits the log in `db`; never throws for what it finds, only for a database it cannot read. */
export async function auditLog(db: Db, progress: (line: string) => void = () => undefined): Promise<AuditReport> {
  const checkpoints = await allCheckpoints(db);
  const latest = checkpoints[checkpoints.length - 1];
  const size = latest?.size ?? 0;
  const counts = await eventsOutsideTree(db, size);
  const report: AuditReport = {
    size,
    root: latest ? encodeBase64(latest.rootHash) : null,
    checkpoints: checkpoints.length,
    pending: counts.pending,
    unsequenced: counts.unsequenced,
    findings: [],
    treeProblems: [],
    projections: await auditProjections(db, { progress }),
  };
  if (!latest) return report;

  // Every checkpoint must carry a valid signature by the key recorded with it and say what its row says.
  for (const checkpoint of checkpoints) {
    try {
      const opened = openCheckpoint(checkpoint.note, checkpoint.verifierKey).checkpoint;
      if (opened.size !== checkpoint.size || !bytesEqual(opened.rootHash, checkpoint.rootHash)) {
        report.treeProblems.push(`checkpoint #${checkpoint.id}: its signed note says size ${opened.size}, the row ${checkpoint.size}`);
      }
    } catch (error) {
      report.treeProblems.push(`checkpoint #${checkpoint.id}: ${(error as Error).message}`);
    }
  }

  // The stored tree: level-0 hashes up through every tile to the latest root, and through every earlier root.
  try {
    await monitorLog(
      {
        checkpoint: async () => latest.note,
        tile: async (level, index, width) => {
          const bytes = await tileBytes(db, level, index, width);
          if (!bytes) throw new MonitorError('tile', `tile ${level}/${index} is missing or narrower than ${width}`);
          return bytes;
        },
      },
      { key: latest.verifierKey, previous: checkpoints.map(({ size, rootHash }) => ({ size, rootHash })) },
    );
  } catch (error) {
    report.treeProblems.push((error as Error).message);
  }

  // Every leaf, recomputed from the event now in the database.
  const tiles = Math.ceil(size / TILE_WIDTH);
  for (let n = 0; n < tiles; n++) {
    const width = tileWidth(0, n, size);
    const tile = await readTile(db, 0, n);
    const from = n * TILE_WIDTH;
    const rows = new Map((await readLeafRows(db, from, from + width)).map((row) => [row.log_index, row]));
    for (let i = 0; i < width; i++) {
      const index = from + i;
      const row = rows.get(index);
      if (!row) {
        report.findings.push({ index, problem: 'missing' });
        continue;
      }
      const logged = tile && tile.width > i ? tile.hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE) : undefined;
      if (!logged || !bytesEqual(leafHash(entryOfRow(row)), logged)) {
        report.findings.push({ index, application: row.number, seq: row.seq, problem: 'changed' });
      }
    }
    if (n % 100 === 99 || n === tiles - 1) progress(`audit: ${Math.min(size, from + width)} of ${size} entries recomputed`);
  }
  return report;
}

/** The report as lines for people. */
export function formatAudit(report: AuditReport): string[] {
  const lines = [
    `Log size ${report.size} (root ${report.root ?? 'none'}) in ${report.checkpoints} checkpoints; ${report.pending} events waiting for the next checkpoint, ` +
      `${report.unsequenced} without a log index yet.`,
  ];
  for (const problem of report.treeProblems) lines.push(`TREE: ${problem}`);
  for (const f of report.findings) {
    lines.push(
      f.problem === 'missing'
        ? `EVENT: log entry ${f.index} has no event in the database (deleted?)`
        : `EVENT: ${f.application} #${f.seq} (log entry ${f.index}) no longer matches its leaf: the stored row was changed`,
    );
  }
  for (const f of report.projections.findings) lines.push(formatProjectionFinding(f));
  const { applications, mismatches, findings } = report.projections;
  if (mismatches > findings.length) lines.push(`PROJECTION: ${mismatches - findings.length} more mismatches not listed.`);
  lines.push(`${applications} applications replayed; ${mismatches} stored fields differ from what their events say.`);
  lines.push(
    auditPassed(report)
      ? 'OK: every event matches its leaf, the tree matches its checkpoints, and every application matches its events.'
      : 'FAILED.',
  );
  return lines;
}

async function main(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(databaseOptions(config));
  try {
    await migrateToLatest(database.db);
    const report = await auditLog(database.db, (line) => console.error(line));
    for (const line of formatAudit(report)) console.log(line);
    return auditPassed(report) ? 0 : 1;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error((error as Error).message);
      process.exit(2);
    },
  );
}
