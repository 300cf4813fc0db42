import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import type { Config } from '../config.js';
import { exportEventsPage, exportJurisdictions, procedureFacts, type ProcedureFacts } from '../db/repos/openData.js';
import type { Db } from '../db/types.js';
import { encodeBase64 } from '../log/bytes.js';
import { latestCheckpoint } from '../log/store.js';
import { fileName, formatsOf, kindOf, type FileFormat, type LicenceId, type Manifest, type ManifestFile } from '../domain/openData.js';
import { openDataSettings } from '../db/repos/openDataSettings.js';
import { PROCUREMENT_CATEGORY } from '../domain/contracts.js';
import { csvCell } from '../presenters/csv.js';
import { ApplicationFold, COLUMNS, eventRow, type Cell, type FileKind, type Row } from '../presenters/openData.js';

/**
 * Builds the open-data downloads: the bulk register (applications and every public event, CSV and JSON Lines) and
 * BLDS's three files (CSV and JSON for all jurisdictions, and each jurisdiction's own in the formats its administrator chose), all gzip-compressed,
 * all consistent with one signed checkpoint: only events inside its tree are read, and each file's name carries its
 * size. Events are read a keyset page at a time and each application is folded as its events pass, so memory stays
 * flat however large the register; every file is written through gzip as it goes, never held whole. A build goes to
 * a new folder and becomes current when its manifest replaces the old one (a rename), so a download never sees half a
 * build; the previous build is kept for downloads in progress, older ones are removed.
 */

/** Events read per query. */
export const EXPORT_PAGE = 2000;
/**
 * Events folded between two turns of the event loop. Folding and formatting a page is pure CPU; without a turn now
 * and then, a build held the loop for up to a fifth of a second and every request waited behind it.
 */
const EVENTS_PER_TURN = 100;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const MANIFEST = 'manifest.json';

export interface BuildOptions {
  dir: string;
  /** The licence until an administrator saves one (`OPEN_DATA_LICENCE`). */
  licence: LicenceId;
  publicUrl: string;
  now?: () => Date;
  /** The checkpoint to build from; the latest signed one when absent (a benchmark passes its own). */
  checkpoint?: { size: number; rootHash: Uint8Array; note: string };
}

/** A gzip-compressed file being written, counting its rows and its compressed bytes and hashing them. */
class GzipFile {
  private readonly gzip: Gzip = createGzip({ level: 6 });
  private readonly out: fs.WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  rows = 0;
  private first = true;

  constructor(
    readonly file: string,
    readonly entry: Omit<ManifestFile, 'rows' | 'bytes' | 'sha256'>,
    private readonly columns: readonly string[],
  ) {
    this.out = fs.createWriteStream(file, { mode: 0o644 });
    this.gzip.on('data', (chunk: Buffer) => {
      this.hash.update(chunk);
      this.bytes += chunk.length;
    });
    this.gzip.pipe(this.out);
    // A UTF-8 byte-order mark first, as in every CSV Daylight serves, so spreadsheets do not read Hangul as Latin-1.
    if (entry.format === 'csv') void this.write(`\uFEFF${columns.join(',')}\r\n`);
    if (entry.format === 'json') void this.write('[');
  }

  /** Rows not yet handed to gzip: one write per 64 kB, since each write to zlib costs far more than its bytes. */
  private pending: string[] = [];
  private pendingLength = 0;

  /** Queues text, handing it to gzip in 64 kB pieces and waiting while gzip's buffer is full (backpressure). */
  private async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 65_536) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.gzip.write(text)) await once(this.gzip, 'drain');
  }

  async row(row: Row | object): Promise<void> {
    this.rows++;
    const format = this.entry.format;
    if (format === 'csv') {
      const r = row as Row;
      await this.write(`${this.columns.map((c) => cell(r[c] ?? null)).join(',')}\r\n`);
    } else if (format === 'jsonl') {
      await this.write(`${JSON.stringify(row)}\n`);
    } else {
      await this.write(`${this.first ? '\n' : ',\n'}${JSON.stringify(row)}`);
      this.first = false;
    }
  }

  async close(): Promise<ManifestFile> {
    if (this.entry.format === 'json') await this.write('\n]\n');
    await this.flush();
    this.gzip.end();
    await finished(this.out);
    return { ...this.entry, rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Stops writing after a failure; the folder is removed by the caller. */
  abort(): void {
    this.gzip.destroy();
    this.out.destroy();
  }
}

function cell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'object') return csvCell(JSON.stringify(value));
  return csvCell(value);
}

/**
 * Builds every file from the latest signed checkpoint and makes the build current. Returns its manifest, or null when
 * the log has no checkpoint yet (nothing to be consistent with).
 */
export async function buildOpenData(db: Db, options: BuildOptions): Promise<Manifest | null> {
  const checkpoint = options.checkpoint ?? (await latestCheckpoint(db));
  if (!checkpoint) return null;
  const now = options.now ?? (() => new Date());
  const size = checkpoint.size;
  fs.mkdirSync(options.dir, { recursive: true });
  const folder = `build-${size}-${now().toISOString().replace(/[:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  const target = path.join(options.dir, folder);
  fs.mkdirSync(target);

  const jurisdictions = await exportJurisdictions(db);
  const settings = await openDataSettings(db, options.licence);
  const files: GzipFile[] = [];
  const open = (kind: FileKind, scope: string | null, format: FileFormat) => {
    const name = fileName(kind, scope, size, format);
    const f = new GzipFile(path.join(target, name), { name, kind, format, jurisdiction: scope }, COLUMNS[kind]);
    files.push(f);
    return f;
  };
  const bulk = {
    applications: [open('applications', null, 'csv'), open('applications', null, 'jsonl')],
    events: [open('events', null, 'csv'), open('events', null, 'jsonl')],
  };
  const bldsKinds = ['blds-permits', 'blds-status-changes', 'blds-inspections'] as const;
  const blds = new Map<string | null, Record<(typeof bldsKinds)[number], GzipFile[]>>();
  blds.set(null, Object.fromEntries(bldsKinds.map((k) => [k, [open(k, null, 'csv'), open(k, null, 'json')]])) as Record<(typeof bldsKinds)[number], GzipFile[]>);
  // Each jurisdiction's own files, in the formats its administrator chose.
  for (const j of jurisdictions) {
    const formats = formatsOf(settings, j.id);
    if (formats.length) blds.set(j.code, Object.fromEntries(bldsKinds.map((k) => [k, formats.map((f) => open(k, j.code, f))])) as Record<(typeof bldsKinds)[number], GzipFile[]>);
  }
  const bldsFor = (code: string) => [blds.get(null)!, ...(blds.has(code) ? [blds.get(code)!] : [])];

  const facts = new Map<number, ProcedureFacts>();
  const linkBase = `${options.publicUrl}/applications/`;
  let fold: ApplicationFold | null = null;
  let foldCode = '';
  let foldId = -1;
  // A contracting process's events stay in the events files (they mirror the log, entry for entry), but the process
  // is no application: the applications and BLDS files leave it out; OCDS publishes it (`/contracts/releases.json`).
  let foldIsProcess = false;
  const finish = async () => {
    const done = fold?.finish();
    if (!done || foldIsProcess) return;
    for (const f of bulk.applications) await f.row(done.application);
    for (const b of bldsFor(foldCode)) for (const f of b['blds-permits']) await f.row(done.permit);
  };

  try {
    let after: { applicationId: number; seq: number } | null = null;
    let folded = 0;
    for (;;) {
      const page = await exportEventsPage(db, size, after, EXPORT_PAGE);
      for (const e of page) {
        if (++folded % EVENTS_PER_TURN === 0) await nextTurn();
        if (e.application_id !== foldId) {
          await finish();
          let f = facts.get(e.procedure_id);
          if (!f) {
            f = await procedureFacts(db, e.procedure_id);
            if (!f) throw new Error(`procedure ${e.procedure_id} of ${e.number} is missing`);
            facts.set(e.procedure_id, f);
          }
          fold = new ApplicationFold({ ...f, number: e.number, linkBase, permitKind: kindOf(settings, f.jurisdiction.id, f.procedure.code, f.procedure.category) });
          foldCode = f.jurisdiction.code;
          foldIsProcess = f.procedure.category === PROCUREMENT_CATEGORY;
          foldId = e.application_id;
        }
        const rows = fold!.add(e);
        await bulk.events[0]!.row(eventRow(rows.event));
        await bulk.events[1]!.row(rows.event);
        for (const b of foldIsProcess ? [] : bldsFor(foldCode)) {
          if (rows.statusChange) for (const f of b['blds-status-changes']) await f.row(rows.statusChange);
          if (rows.inspection) for (const f of b['blds-inspections']) await f.row(rows.inspection);
        }
      }
      if (page.length < EXPORT_PAGE) break;
      const last = page[page.length - 1]!;
      after = { applicationId: last.application_id, seq: last.seq };
    }
    await finish();
    const listed: ManifestFile[] = [];
    for (const f of files) listed.push(await f.close());
    const note = `${checkpoint.note}`;
    const noteName = fileName('checkpoint', null, size, 'txt');
    fs.writeFileSync(path.join(target, noteName), note);
    listed.unshift({
      name: noteName, kind: 'checkpoint', format: 'txt', jurisdiction: null, rows: 1, bytes: Buffer.byteLength(note), sha256: createHash('sha256').update(note).digest('hex'),
    });
    const manifest: Manifest = {
      generated_at: now().toISOString(),
      checkpoint: { size, root_hash: encodeBase64(checkpoint.rootHash), note },
      licence: settings.licence,
      folder,
      files: listed,
    };
    const previous = readManifest(options.dir);
    const temp = path.join(options.dir, `${MANIFEST}.${randomBytes(4).toString('hex')}.tmp`);
    fs.writeFileSync(temp, `${JSON.stringify(manifest, null, 2)}\n`);
    fs.renameSync(temp, path.join(options.dir, MANIFEST));
    removeOldBuilds(options.dir, [folder, previous?.folder]);
    return manifest;
  } catch (error) {
    for (const f of files) f.abort();
    fs.rmSync(target, { recursive: true, force: true });
    throw error;
  }
}

/** Removes every build folder but the ones named (the current build and the one before it). */
function removeOldBuilds(dir: string, keep: (string | undefined)[]): void {
  for (const name of fs.readdirSync(dir)) {
    if (name.startsWith('build-') && !keep.includes(name)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    if (name.startsWith(`${MANIFEST}.`) && name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** The current build's manifest, or null when there is none (or it cannot be read). */
export function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** Where a current file is on disk, with its manifest entry; null when the current build has no such file. */
export function currentFile(dir: string, name: string): { file: string; entry: ManifestFile; manifest: Manifest } | null {
  const manifest = readManifest(dir);
  const entry = manifest?.files.find((f) => f.name === name);
  if (!manifest || !entry) return null;
  return { file: path.join(dir, manifest.folder, entry.name), entry, manifest };
}

/** The build's options as the configuration sets them. */
export function openDataOptions(config: Config): BuildOptions {
  return { dir: config.openDataDir, licence: config.OPEN_DATA_LICENCE, publicUrl: config.publicUrl };
}

export interface RunningOpenData {
  stop(): void;
}

/**
 * Rebuilds the downloads every `hours` (at most daily, checked hourly): a few seconds after start when the current build
 * is older than that (or missing), then whenever it becomes so. A failed build is logged and tried again at the next check; the previous build
 * stays current meanwhile.
 */
export function startOpenDataBuilder(
  db: Db,
  options: BuildOptions & {
    hours: number;
    log: (error: unknown, message: string) => void;
    /** Runs one build; by default in this process (`buildOpenData`), on PostgreSQL in a child process (`jobProcess`). */
    build?: () => Promise<Manifest | null>;
    /** Milliseconds from start to the first check (default 5 s). */
    firstDelayMs?: number;
  },
): RunningOpenData {
  const build = options.build ?? (() => buildOpenData(db, options));
  let running = false;
  let retry: NodeJS.Timeout | undefined;
  const check = async () => {
    if (running) return;
    const current = readManifest(options.dir);
    if (current && Date.now() - Date.parse(current.generated_at) < options.hours * 3_600_000) return;
    running = true;
    try {
      // No signed checkpoint yet (a new log): look again in a minute rather than in an hour.
      if (!(await build())) retry = setTimeout(() => void check(), 60_000).unref();
    } catch (error) {
      options.log(error, 'open data build failed');
    } finally {
      running = false;
    }
  };
  // A few seconds after start, so the log integrator has signed a checkpoint of what is already stored.
  const first = setTimeout(() => void check(), options.firstDelayMs ?? 5_000);
  const timer = setInterval(() => void check(), Math.min(options.hours * 3_600_000, 3_600_000));
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearTimeout(retry);
      clearInterval(timer);
    },
  };
}
