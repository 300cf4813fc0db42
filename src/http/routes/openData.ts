import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { open311Jurisdictions } from '../../db/repos/open311.js';
import { isFileName, LICENCES } from '../../domain/openData.js';
import { notFound } from '../../errors.js';
import { currentFile, readManifest } from '../../jobs/buildOpenData.js';
import { DataPage } from '../../views/data.js';
import type { RouteOptions } from '../context.js';

const fileEntry = z.object({
  name: z.string(),
  url: z.string(),
  kind: z.string().describe('applications, events, blds-permits, blds-status-changes, blds-inspections or checkpoint'),
  format: z.enum(['csv', 'jsonl', 'json', 'txt']),
  jurisdiction: z.string().nullable().describe('The jurisdiction’s code for a file of one jurisdiction; null for all'),
  rows: z.number().int(),
  bytes: z.number().int().describe('Size as served (gzip-compressed except the checkpoint)'),
  sha256: z.string().describe('SHA-256 of the bytes as served, hex'),
});

/** `/data` (the data page), `/data/files/{name}` (the downloads, streamed from disk) and `/api/v1/data` (their manifest). */
export async function openDataRoutes(fastify: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const dir = config.openDataDir;

  app.get('/data', async (request, reply) => {
    const rows = await open311Jurisdictions(db);
    const jurisdictions = rows.map((j) => ({ id: j.id, code: j.code, name: { ko: j.name_ko, en: j.name_en } }));
    const timeZone = rows[0]?.time_zone ?? 'UTC';
    return reply.page(DataPage({ ctx: opts.ctx(request, reply), manifest: readManifest(dir), licence: config.OPEN_DATA_LICENCE, publicUrl: config.publicUrl, jurisdictions, timeZone }));
  });

  app.get('/data/files/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    const found = isFileName(name) ? currentFile(dir, name) : null;
    if (!found) throw notFound('opendata.file_not_found');
    let stream: fs.ReadStream;
    try {
      stream = fs.createReadStream(found.file);
      await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    } catch {
      throw notFound('opendata.file_not_found');
    }
    const etag = `"${found.entry.sha256}"`;
    reply
      .header('etag', etag)
      .header('cache-control', 'public, max-age=3600')
      .header('content-length', String(found.entry.bytes))
      .header('content-disposition', `attachment; filename="${found.entry.name}"`)
      .type(found.entry.format === 'txt' ? 'text/plain; charset=utf-8' : 'application/gzip');
    if (request.headers['if-none-match'] === etag) {
      stream.destroy();
      return reply.code(304).send();
    }
    return reply.send(stream);
  });

  app.get(
    '/api/v1/data',
    {
      schema: {
        summary: 'The open-data downloads: their files, sizes, checksums, licence and the signed checkpoint they are consistent with',
        description:
          'Every file is built from the events inside one signed checkpoint of the transparency log, whose size its name carries. `npm run log:verify -- --download <events file> --checkpoint <checkpoint file>` checks an events file against the log.',
        tags: ['public'],
        response: {
          200: z.object({
            generated_at: z.string().nullable(),
            licence: z.object({ id: z.string(), name: z.object({ ko: z.string(), en: z.string() }), url: z.string() }),
            checkpoint: z.object({ size: z.number().int(), root_hash: z.string(), note: z.string() }).nullable(),
            files: z.array(fileEntry),
          }),
        },
      },
    },
    async () => {
      const manifest = readManifest(dir);
      const licence = LICENCES[config.OPEN_DATA_LICENCE];
      return {
        generated_at: manifest?.generated_at ?? null,
        licence: { id: config.OPEN_DATA_LICENCE, name: licence.name, url: licence.url },
        checkpoint: manifest?.checkpoint ?? null,
        files: (manifest?.files ?? []).map((f) => ({ ...f, url: `${config.publicUrl}/data/files/${f.name}` })),
      };
    },
  );
}
