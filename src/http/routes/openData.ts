import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { open311Jurisdictions } from '../../db/repos/open311.js';
import { notFound } from '../../errors.js';
import { currentFile, readManifest } from '../../jobs/buildOpenData.js';
import { DataPage } from '../../views/data.js';
import { DataAdminPage } from '../../views/dataAdmin.js';
import { saveOpenDataSettings } from '../../commands/admin/saveOpenDataSettings.js';
import { mappableProcedures, openDataSettings } from '../../db/repos/openDataSettings.js';
import { classField, formatField, formatsOf, isFileName, kindOf, LICENCES, open311Field, servesOpen311, typeField } from '../../domain/openData.js';
import { mayAdminister } from '../../policies/index.js';
import type { RouteOptions } from '../context.js';
import { formFields, rerender } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';

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

  // The licence a build was published under; before any build, the one an administrator set (or the default).
  const licenceOf = async (manifest: ReturnType<typeof readManifest>) => manifest?.licence ?? (await openDataSettings(db, config.OPEN_DATA_LICENCE)).licence;

  app.get('/data', async (request, reply) => {
    const rows = await open311Jurisdictions(db);
    const jurisdictions = rows.filter((j) => j.open311).map((j) => ({ id: j.id, code: j.code, name: { ko: j.name_ko, en: j.name_en } }));
    const timeZone = rows[0]?.time_zone ?? 'UTC';
    const manifest = readManifest(dir);
    return reply.page(DataPage({ ctx: opts.ctx(request, reply), manifest, licence: await licenceOf(manifest), publicUrl: config.publicUrl, jurisdictions, timeZone }));
  });

  /** The administrators' form, with the saved settings (or what was typed, after an error). */
  const adminPage = async (request: FastifyRequest, reply: FastifyReply, typed: Record<string, string> | null) => {
    const [rows, procedures, settings] = await Promise.all([open311Jurisdictions(db), mappableProcedures(db), openDataSettings(db, config.OPEN_DATA_LICENCE)]);
    let values = typed;
    if (!values) {
      values = { licence: settings.licence };
      for (const j of rows) {
        for (const f of formatsOf(settings, j.id)) values[formatField(j.code, f)] = 'yes';
        if (servesOpen311(settings, j.id)) values[open311Field(j.code)] = 'yes';
      }
      for (const p of procedures) {
        const kind = kindOf(settings, p.jurisdictionId, p.code, p.category);
        values[classField(p.jurisdictionCode, p.code)] = kind.permitClass;
        values[typeField(p.jurisdictionCode, p.code)] = kind.permitType;
      }
    }
    const jurisdictions = rows.map((j) => ({ id: j.id, code: j.code, name: { ko: j.name_ko, en: j.name_en } }));
    const notice = (request.query as { saved?: string }).saved ? request.t('admin.saved') : undefined;
    return (errors: Record<string, string>) => DataAdminPage({ ctx: opts.ctx(request, reply), values, errors, notice, jurisdictions, procedures });
  };
  const administrators = { preHandler: officeGuard(mayAdminister) };

  app.get('/admin/open-data', administrators, async (request, reply) => reply.page((await adminPage(request, reply, null))({})));

  app.post('/admin/open-data', administrators, async (request, reply) => {
    const fields = formFields(request.body);
    try {
      await saveOpenDataSettings(db, officialOf(request), fields);
      return reply.redirect('/admin/open-data?saved=1', 303);
    } catch (error) {
      return rerender(error, request, reply, await adminPage(request, reply, fields));
    }
  });

  app.get('/data/files/:name', { config: { crossOrigin: true } }, async (request, reply) => {
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
          'Every file is built from the events inside one signed checkpoint of the transparency log, whose size its name carries. `npm run log:verify -- --url <site> --key <verifier key> --download <events file> --checkpoint <checkpoint file>`, run in a Daylight checkout, checks an events file against the log.',
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
      const id = await licenceOf(manifest);
      const licence = LICENCES[id];
      return {
        generated_at: manifest?.generated_at ?? null,
        licence: { id, name: licence.name, url: licence.url },
        checkpoint: manifest?.checkpoint ?? null,
        files: (manifest?.files ?? []).map((f) => ({ ...f, url: `${config.publicUrl}/data/files/${f.name}` })),
      };
    },
  );
}
