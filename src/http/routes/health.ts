/**
 * Probes for orchestrators and load balancers. `/healthz` says the process is alive and serving (it touches no
 * database, so a database outage never gets every instance restarted); `/readyz` says this instance can do its work:
 * the database answers, its schema has every migration this code expects, and the transparency log is not stalled
 * (no event has waited longer than READY_LOG_LAG_SECONDS for a signed checkpoint). Both answer counts and ages only,
 * never anything about a person, and neither is cached.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/types.js';
import { checkReadiness } from '../readiness.js';

/** Alive and ready: `/healthz` touches nothing, `/readyz` asks `checkReadiness`. */
export async function healthRoutes(app: FastifyInstance, opts: { db: Db; logLagSeconds: number }) {
  // Alive: the event loop turns and the server answers. Load balancers and the Playwright config wait on it.
  app.get('/healthz', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { ok: true };
  });

  app.get('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness(opts.db, { logLagSeconds: opts.logLagSeconds });
    return reply.code(readiness.ready ? 200 : 503).header('cache-control', 'no-store').send(readiness);
  });
}
