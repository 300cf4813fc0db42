/**
 * Transparency-log benchmarks (DESIGN.md "Targets"):
 *  1. sustained event appends with logging on PostgreSQL: `submitApplication` and `recordAct` from concurrent
 *     workers on many applications, each append sequenced in its transaction, while the integrator runs in the same
 *     process as it does in the app (kicked after every commit, plus its timer);
 *  2. checkpoint latency at that rate: from an append's commit to the first signed checkpoint covering it;
 *  3. verifying a log of 1,000,000 synthetic entries through the monitor's recompute path on one core (the CLI's
 *     `monitorLog`, reading prepared tiles and bundles from memory instead of HTTP).
 * Run it alone with `npx tsx bench/log.ts`; `npm run bench` runs it through `benchLog()`.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { recordAct } from '../src/commands/recordAct.js';
import { submitApplication } from '../src/commands/submitApplication.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/pool.js';
import { integrateAll, startLogIntegrator } from '../src/jobs/integrateLog.js';
import { generateKey, parseSignerKey, signCheckpoint } from '../src/log/index.js';
import { encodeEntryBundle, integrateTiles, TILE_WIDTH, tilesForTreeSize, type TileReader } from '../src/log/tiles.js';
import { leafHash } from '../src/log/hash.js';
import { monitorLog, type LogSource } from '../src/log/monitor.js';
import { latestCheckpoint } from '../src/log/store.js';
import { CANARY, PDF, createFixture, type Fixture } from '../test/helpers/fixture.js';

const env = process.env;
const settings = {
  url: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test',
  seconds: Number(env.BENCH_LOG_SECONDS ?? 10),
  concurrency: Number(env.BENCH_LOG_CONCURRENCY ?? 16),
  verifyEntries: Number(env.BENCH_LOG_VERIFY_ENTRIES ?? 1_000_000),
};

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN;
}

function makeSigner(origin: string) {
  const signer = parseSignerKey(generateKey(origin).privateKey);
  return { origin, verifierKey: signer.verifierKey, signer, source: 'config' as const };
}

interface AppendResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  errors: number;
  checkpoints: number;
  latencyP50: number;
  latencyP99: number;
  latencyMax: number;
  catchUpMs: number;
}

/**
 * Appends for `seconds` from `concurrency` workers and measures checkpoint latency with the integrator running;
 * with `integrator: false`, appends alone (the baseline), then times integrating the backlog in one go.
 */
async function benchAppends(log: (line: string) => void, withIntegrator: boolean): Promise<AppendResult> {
  const schema = `bench_log_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: settings.url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const database = await openDatabase({ url: settings.url, searchPath: `${schema},public`, poolSize: settings.concurrency + 2 });
  try {
    await migrateToLatest(database.db, schema);
    const db = database.db;
    const fx: Fixture = await createFixture(db);
    const signer = makeSigner('bench.daylight.test/log');
    await integrateAll(db, signer);

    const checkpoints: { size: number; at: number }[] = [];
    const integrator = withIntegrator ? startLogIntegrator(db, signer, {
      intervalMs: 250,
      onError: (error) => log(`  integrator error: ${(error as Error).message}`),
      onCheckpoint: (size, at) => checkpoints.push({ size, at }),
    }) : { kick: () => undefined, stop: async () => undefined };
    const commits: { number: string; seq: number; at: number }[] = [];
    let errors = 0;
    const started = Date.now();
    const deadline = started + settings.seconds * 1000;
    const { a1, boss } = fx.officials;
    const worker = async () => {
      while (Date.now() < deadline) {
        const receipt = await submitApplication(db, {
          jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Benchmark building', channel: 'online',
          location: { address: '1 Bench-ro' }, applicant: { name: CANARY.name }, fields: { floor_area: '100' },
          documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }],
        });
        commits.push({ number: receipt.number, seq: 1, at: Date.now() });
        integrator.kick();
        const acts = [
          { act: { type: 'assigned', officialId: a1.id } as const, actor: boss },
          { act: { type: 'stage_started', stage: 'intake' } as const, actor: a1 },
          ...Array.from({ length: 6 }, (_, i) => ({ act: { type: 'site_inspection', stage: 'intake', note: `Visit ${i}` } as const, actor: a1 })),
        ];
        for (const { act, actor } of acts) {
          if (Date.now() >= deadline) break;
          try {
            const recorded = await recordAct(db, { number: receipt.number, act, actor });
            commits.push({ number: recorded.number, seq: recorded.seq, at: Date.now() });
            integrator.kick();
          } catch {
            errors++;
            break;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: settings.concurrency }, worker));
    const seconds = (Date.now() - started) / 1000;
    const stopped = Date.now();
    if (!withIntegrator) await integrateAll(db, signer);
    while (((await latestCheckpoint(db))?.size ?? 0) < commits.length) {
      if (Date.now() - stopped > 30_000) throw new Error('the integrator did not catch up within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const catchUpMs = Date.now() - stopped;
    await integrator.stop();

    const rows = await sql<{ number: string; seq: number; log_index: number }>`
      SELECT a.number, e.seq, e.log_index FROM event e JOIN application a ON a.id = e.application_id`.execute(db);
    const indexOf = new Map(rows.rows.map((r) => [`${r.number}#${r.seq}`, Number(r.log_index)]));
    // Checkpoints come in growing size; the first one past an index is the one that covered it.
    const latencies = (withIntegrator ? commits : [])
      .map((c) => {
        const index = indexOf.get(`${c.number}#${c.seq}`)!;
        let lo = 0;
        let hi = checkpoints.length - 1;
        while (lo < hi) {
          const mid = Math.floor((lo + hi) / 2);
          if (checkpoints[mid]!.size > index) hi = mid;
          else lo = mid + 1;
        }
        return Math.max(0, checkpoints[lo]!.at - c.at);
      })
      .sort((a, b) => a - b);
    return {
      events: commits.length,
      seconds,
      eventsPerSecond: commits.length / seconds,
      errors,
      checkpoints: checkpoints.length,
      latencyP50: percentile(latencies, 50),
      latencyP99: percentile(latencies, 99),
      latencyMax: latencies[latencies.length - 1] ?? NaN,
      catchUpMs,
    };
  } finally {
    await database.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

/** A synthetic log of `size` event-like entries held in memory as tiles and bundles, served like the HTTP API. */
function syntheticLog(size: number) {
  const entries: Uint8Array[] = [];
  for (let i = 0; i < size; i++) {
    const number = `2026-TS-${String(Math.floor(i / 8) + 1).padStart(7, '0')}`;
    entries.push(
      Buffer.from(
        `{"actor":{"kind":"official","name":{"en":"Kim Min-jun","ko":"김민준"},"unit":{"code":"TS-BUILD","name":{"en":"Building Division","ko":"건축과"}}},` +
          `"application":"${number}","data":{"note":"Site visit ${i}","stage":"intake"},"occurred_at":"2026-03-02T09:15:00+09:00",` +
          `"recorded_at":"2026-03-02T09:20:00+09:00","seq":${(i % 8) + 1},"type":"site_inspection"}`,
      ),
    );
  }
  const tiles = new Map<string, Uint8Array>();
  const readTile: TileReader = (level, index) => tiles.get(`${level}/${index}`)!;
  const result = integrateTiles(0, readTile, entries.map(leafHash));
  for (const t of result.tiles) tiles.set(`${t.level}/${t.index}`, t.data);
  const bundles: Uint8Array[] = [];
  for (let n = 0; n * TILE_WIDTH < size; n++) bundles.push(encodeEntryBundle(entries.slice(n * TILE_WIDTH, (n + 1) * TILE_WIDTH)));
  const signer = makeSigner('synthetic.daylight.test/log');
  const note = signCheckpoint({ origin: signer.origin, size, rootHash: result.root, extensions: [] }, signer.signer);
  const source: LogSource = {
    checkpoint: async () => note,
    tile: async (level, index, width) => tiles.get(`${level}/${index}`)!.subarray(0, width * 32),
    entries: async (index) => bundles[index]!,
  };
  const bytes = bundles.reduce((n, b) => n + b.length, 0);
  return { source, key: signer.verifierKey, tiles: tilesForTreeSize(size).length, bytes };
}

/** Runs the log benchmarks and returns their figures (milliseconds, per second, counts). */
export async function benchLog(log: (line: string) => void = (line) => console.log(line)): Promise<Record<string, number | string>> {
  log(`  appends alone (baseline): ${settings.concurrency} workers for ${settings.seconds} s on PostgreSQL...`);
  const baseline = await benchAppends(log, false);
  log(`  ${Math.round(baseline.eventsPerSecond)} events/s; integrating the ${baseline.events} afterwards took ${baseline.catchUpMs} ms`);
  log(`  appends with the integrator running: ${settings.concurrency} workers for ${settings.seconds} s on PostgreSQL...`);
  const appends = await benchAppends(log, true);
  log(`  ${Math.round(appends.eventsPerSecond)} events/s; checkpoint latency p50 ${appends.latencyP50} ms, p99 ${appends.latencyP99} ms`);

  log(`  building a synthetic log of ${settings.verifyEntries.toLocaleString('en')} entries...`);
  const built = Date.now();
  const synthetic = syntheticLog(settings.verifyEntries);
  const buildMs = Date.now() - built;
  log(`  built in ${(buildMs / 1000).toFixed(1)} s (${(synthetic.bytes / 1e6).toFixed(0)} MB of entries); verifying...`);
  const started = performance.now();
  await monitorLog(synthetic.source, { key: synthetic.key, concurrency: 1 });
  const verifyMs = performance.now() - started;
  log(`  verified in ${(verifyMs / 1000).toFixed(2)} s`);

  return {
    'append events/s without the integrator (baseline)': Math.round(baseline.eventsPerSecond),
    'integrate a backlog: events/s': Math.round(baseline.events / (baseline.catchUpMs / 1000)),
    'append events/s (PostgreSQL, integrator running)': Math.round(appends.eventsPerSecond),
    'append events': appends.events,
    'append workers': settings.concurrency,
    'append errors': appends.errors,
    'checkpoints signed': appends.checkpoints,
    'checkpoint latency p50 ms': appends.latencyP50,
    'checkpoint latency p99 ms (target < 1000)': appends.latencyP99,
    'checkpoint latency max ms': appends.latencyMax,
    'integrator catch-up after load ms': appends.catchUpMs,
    'verify entries': settings.verifyEntries,
    'verify s (one core)': +(verifyMs / 1000).toFixed(2),
    'verify entries/s': Math.round(settings.verifyEntries / (verifyMs / 1000)),
    'verify 10M estimate s (target < 60)': +((verifyMs / 1000) * (10_000_000 / settings.verifyEntries)).toFixed(1),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchLog().then(
    (figures) => {
      for (const [name, value] of Object.entries(figures)) console.log(`${name.padEnd(52)} ${value}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
