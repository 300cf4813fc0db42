import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NUMBER_PATTERN } from '../../domain/time.js';
import { notFound } from '../../errors.js';
import { LogError } from '../../log/errors.js';
import { bundleEntries, findEventLogIndex, latestCheckpoint, proveEntry, tileBytes } from '../../log/store.js';
import { encodeEntryBundle, parseTilePath, TILE_WIDTH, type TileRequest } from '../../log/tiles.js';
import type { RouteOptions } from '../context.js';
import { idSchema } from '../params.js';

// C2SP tlog-tiles: the checkpoint is mutable (cache a few seconds at most); a tile or bundle URL names its
// width, so its bytes never change. Partial ones are superseded by the full tile soon, so caches need not keep
// them long.
const CHECKPOINT_CACHE = 'public, max-age=2';
const KEY_CACHE = 'public, max-age=300';
const FULL_TILE_CACHE = 'public, max-age=31536000, immutable';
const PARTIAL_TILE_CACHE = 'public, max-age=86400';

function parseTile(rest: string): TileRequest {
  try {
    return parseTilePath(`tile/${rest}`);
  } catch (error) {
    // Every non-canonical spelling is simply not a resource of the log.
    if (error instanceof LogError) throw notFound();
    throw error;
  }
}

function sendTile(request: FastifyRequest, reply: FastifyReply, width: number, bytes: Uint8Array, compress: boolean) {
  reply
    .type('application/octet-stream')
    .header('cache-control', width === TILE_WIDTH ? FULL_TILE_CACHE : PARTIAL_TILE_CACHE)
    .header('x-content-type-options', 'nosniff');
  // Entry bundles are JSON text and shrink several times over; the spec allows gzip whenever the client takes it.
  if (compress) {
    reply.header('vary', 'accept-encoding');
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(gzipSync(bytes));
    }
  }
  return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** The transparency log per C2SP tlog-tiles under `/log/`, and each event's tlog-proof in the JSON API. */
export async function logRoutes(fastify: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db } = opts;
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/log/checkpoint', { schema: { summary: 'The latest signed checkpoint (C2SP tlog-checkpoint)', tags: ['log'] } }, async (_request, reply) => {
    const checkpoint = await latestCheckpoint(db);
    if (!checkpoint) throw notFound('error.log_not_started');
    return reply.type('text/plain; charset=utf-8').header('cache-control', CHECKPOINT_CACHE).send(checkpoint.note);
  });

  app.get('/log/key', { schema: { summary: 'The log’s verifier key (signed-note vkey)', tags: ['log'] } }, async (_request, reply) => {
    const checkpoint = await latestCheckpoint(db);
    if (!checkpoint) throw notFound('error.log_not_started');
    return reply.type('text/plain; charset=utf-8').header('cache-control', KEY_CACHE).send(`${checkpoint.verifierKey}\n`);
  });

  app.get('/log/tile/*', { schema: { summary: 'A hash tile or entry bundle (C2SP tlog-tiles)', tags: ['log'] } }, async (request, reply) => {
    const tile = parseTile((request.params as { '*': string })['*']);
    if (tile.kind === 'entries') {
      const entries = await bundleEntries(db, tile.index, tile.width);
      if (!entries) throw notFound();
      return sendTile(request, reply, tile.width, encodeEntryBundle(entries), true);
    }
    const bytes = await tileBytes(db, tile.level, tile.index, tile.width);
    if (!bytes) throw notFound();
    return sendTile(request, reply, tile.width, bytes, false);
  });

  app.get(
    '/api/v1/applications/:number/events/:seq/proof',
    {
      schema: {
        summary: 'An offline-verifiable receipt (C2SP tlog-proof) that the event is in the public log',
        description: 'Verify it against the entry (RFC 8785 JSON of the event without `log`) and the key at /log/key.',
        tags: ['log'],
        params: z.object({ number: z.string().regex(NUMBER_PATTERN), seq: idSchema() }),
      },
    },
    async (request, reply) => {
      const { number, seq } = request.params;
      const event = await findEventLogIndex(db, number, seq);
      if (!event) throw notFound('error.event_not_found');
      const proof = event.logIndex === null ? null : await proveEntry(db, event.logIndex);
      if (!proof) throw notFound('error.not_yet_in_log');
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="${number}-${seq}.tlog-proof"`)
        .header('cache-control', 'no-cache')
        .send(proof);
    },
  );
}
