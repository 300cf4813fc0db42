// The server process of the HTTP benchmark (bench/core.ts forks it): the compiled Daylight server from dist/, as
// `npm start` runs it, and beside it, in the same process and on the same pool, the bare route that is the raw limit.
// Plain JavaScript on purpose: no TypeScript loader may sit in the process whose throughput and memory are measured.
import os from 'node:os';
import process from 'node:process';
import Fastify from 'fastify';
import { loadConfig } from '../dist/config.js';
import { openDatabase } from '../dist/db/pool.js';
import { buildServer } from '../dist/http/server.js';

const url = process.env.BENCH_SERVER_URL;
const searchPath = process.env.BENCH_SERVER_SEARCH_PATH;
const dataDir = process.env.BENCH_SERVER_DATA_DIR || undefined;
// The production pool size (openDatabase's default), shared by both servers as in one process; or the embedded
// database in its data folder, as a server without DATABASE_URL opens it.
const database = await openDatabase(dataDir ? { dataDir } : { url, searchPath });
// An inherited DATABASE_URL would point the embedded server at PostgreSQL.
const env = { ...process.env };
delete env.DATABASE_URL;
const config = loadConfig({
  ...env,
  LOG_LEVEL: 'silent',
  ...(dataDir ? { DATA_DIR: dataDir } : { DATABASE_URL: url, DATA_DIR: os.tmpdir() }),
  PORT: '0',
});
const app = await buildServer({ db: database.db, config });
await app.listen({ port: 0, host: '127.0.0.1' });
const raw = Fastify({ logger: false });
raw.get('/raw/:number', async (request, reply) => {
  const row = await database.db.selectFrom('application').selectAll().where('number', '=', request.params.number).executeTakeFirst();
  if (!row) return reply.code(404).send({ error: 'not found' });
  return row;
});
await raw.listen({ port: 0, host: '127.0.0.1' });
const portOf = (a) => (typeof a === 'object' && a ? a.port : 0);
process.on('message', (m) => {
  // The bench asks for the rendered-records cache's lookups before and after each phase, for its hit rate.
  if (m === 'records') {
    process.send({ records: { ...app.renderedRecords.lookups(), ...app.renderedRecords.size() } });
    return;
  }
  if (m !== 'stop') return;
  void (async () => {
    await app.close();
    await raw.close();
    await database.close();
    process.exit(0);
  })();
});
process.send({ port: portOf(app.server.address()), rawPort: portOf(raw.server.address()) });
