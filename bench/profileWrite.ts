/**
 * Records a fixed number of acts one after another, to see where one act's CPU goes. Not part of `npm run bench`:
 *
 *   npx tsx bench/profileWrite.ts                                  # builds a small world, keeps it, prints its schema
 *   PROFILE_SCHEMA=bench_0123456789 PROFILE_WARM_UP=100 PROFILE_ACTS=400 PROFILE_CPU=/tmp/write.cpuprofile npx tsx bench/profileWrite.ts
 *   PROFILE_SCHEMA=bench_0123456789 PROFILE_ACTS=100 valgrind --tool=callgrind node --import tsx bench/profileWrite.ts
 *
 * Instructions per act are the difference of two callgrind runs (say 100 and 300 acts) divided by 200, so start-up
 * and compilation cancel out. Printed for the measured acts: the process's own CPU time per act (user + system), the
 * statements sent per act (`BEGIN` and `COMMIT` included), and the CPU time of the PostgreSQL backends that served
 * them (from `/proc/<pid>/stat`, so only when the server runs on this machine; clock ticks of 10 ms, so measure a few
 * hundred acts).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { recordAct } from '../src/commands/recordAct.js';
import { openDatabase } from '../src/db/pool.js';
import { sequenceCommitted } from '../src/jobs/integrateLog.js';
import { actOf, createWorld, dropWorld, freshApplications, WRITE_PATH } from './data.js';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const acts = Number(process.env.PROFILE_ACTS ?? 300);
const warmUp = Number(process.env.PROFILE_WARM_UP ?? 0);
const reuse = process.env.PROFILE_SCHEMA;

// Every statement sent, counted on the client, and the CPU ticks of each server process that answered one while
// measuring (its ticks when first seen, then at the end).
let statements = 0;
let measuring = false;
const backends = new Map<number, number>();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client & { processID?: number }, ...args: unknown[]) {
  statements++;
  if (measuring && this.processID && !backends.has(this.processID)) backends.set(this.processID, backendTicks(this.processID));
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

/** A process's CPU clock ticks (user + system, 10 ms each), or NaN when it cannot be read here. */
function backendTicks(pid: number): number {
  try {
    // Fields 14 and 15 (utime, stime), counted after the command's closing parenthesis, which may contain spaces.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return NaN;
  }
}

const world = await createWorld({ url, applications: Number(process.env.PROFILE_APPLICATIONS ?? 5000), reuseSchema: reuse, log: console.log });
// Acts go through a pool of their own without server-side timeouts: under valgrind a process runs 50–100 times slower.
const database = await openDatabase({ url, searchPath: world.searchPath, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
const db = database.db;
const procedures = new Map(world.procedures.map((p) => [p.id, p]));
const fresh = await freshApplications(db, Math.ceil((acts + warmUp) / WRITE_PATH.length) + 1);

/** Records `count` acts, each application's whole path in turn. */
async function record(count: number): Promise<number> {
  let done = 0;
  while (done < count) {
    const app = fresh.shift();
    if (!app) throw new Error('no freshly received application left: build a new world');
    const procedure = procedures.get(app.procedure_id)!;
    for (const step of WRITE_PATH) {
      if (done >= count) break;
      const actor = step.role === 'case' ? procedure.caseOfficial : procedure.consultOfficial;
      await recordAct(db, { number: app.number, act: actOf(step, procedure.stages, procedure.caseOfficial.id), actor });
      done++;
    }
  }
  return done;
}

await record(warmUp);
// PROFILE_CPU=<file.cpuprofile> profiles only the measured acts (not start-up, migrations or the warm-up).
const profileTo = process.env.PROFILE_CPU;
const inspector = profileTo ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
  await inspector.post('Profiler.start');
}
const cpu = process.cpuUsage();
const statementsBefore = statements;
measuring = true;
const started = performance.now();
const done = await record(acts);
const used = process.cpuUsage(cpu);
measuring = false;
const backendUsed = [...backends].reduce((sum, [pid, first]) => sum + (backendTicks(pid) - first) * 10, 0);
const sent = statements - statementsBefore;
const wall = performance.now() - started;
if (inspector && profileTo) {
  const { profile } = await inspector.post('Profiler.stop');
  fs.writeFileSync(profileTo, JSON.stringify(profile));
  inspector.disconnect();
}
while ((await sequenceCommitted(db)) > 0);
console.log(
  `${done} acts: ${((used.user + used.system) / 1000 / done).toFixed(3)} ms CPU/act (user ${(used.user / 1000 / done).toFixed(3)}), ` +
    `${(wall / done).toFixed(2)} ms wall/act, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB; ` +
    `${(sent / done).toFixed(2)} statements/act, PostgreSQL backends ${(backendUsed / done).toFixed(2)} ms CPU/act`,
);
await database.close();
await dropWorld(world, true);
if (!reuse) console.log(`kept schema ${world.schema}; drop it with DROP SCHEMA ${world.schema} CASCADE`);
