/**
 * Records a fixed number of acts one after another, to see where one act's CPU goes. Not part of `npm run bench`:
 *
 *   npx tsx bench/profileWrite.ts                                  # builds a small world, keeps it, prints its schema
 *   PROFILE_SCHEMA=bench_0123456789 PROFILE_WARM_UP=100 PROFILE_ACTS=400 PROFILE_CPU=/tmp/write.cpuprofile npx tsx bench/profileWrite.ts
 *   PROFILE_SCHEMA=bench_0123456789 PROFILE_ACTS=100 valgrind --tool=callgrind node --import tsx bench/profileWrite.ts
 *
 * Instructions per act are the difference of two callgrind runs (say 100 and 300 acts) divided by 200, so start-up
 * and compilation cancel out. The process's own CPU time per act (user + system, without PostgreSQL's) is printed too.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { recordAct } from '../src/commands/recordAct.js';
import { openDatabase } from '../src/db/pool.js';
import { sequenceCommitted } from '../src/jobs/integrateLog.js';
import { actOf, createWorld, dropWorld, freshApplications, WRITE_PATH } from './data.js';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const acts = Number(process.env.PROFILE_ACTS ?? 300);
const warmUp = Number(process.env.PROFILE_WARM_UP ?? 0);
const reuse = process.env.PROFILE_SCHEMA;

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
const started = performance.now();
const done = await record(acts);
const used = process.cpuUsage(cpu);
const wall = performance.now() - started;
if (inspector && profileTo) {
  const { profile } = await inspector.post('Profiler.stop');
  fs.writeFileSync(profileTo, JSON.stringify(profile));
  inspector.disconnect();
}
while ((await sequenceCommitted(db)) > 0);
console.log(
  `${done} acts: ${((used.user + used.system) / 1000 / done).toFixed(3)} ms CPU/act (user ${(used.user / 1000 / done).toFixed(3)}), ` +
    `${(wall / done).toFixed(2)} ms wall/act, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`,
);
await database.close();
await dropWorld(world, true);
if (!reuse) console.log(`kept schema ${world.schema}; drop it with DROP SCHEMA ${world.schema} CASCADE`);
