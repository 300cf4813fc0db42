import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { searchMap } from '../../db/repos/map.js';
import { STATUSES } from '../../domain/types.js';
import { validationError } from '../../errors.js';
import { presentMapFeature } from '../../presenters/map.js';
import type { MapQuery } from '../../views/map.js';
import { DEFAULT_RADIUS_M } from '../area.js';
import type { RouteOptions } from '../context.js';
import { MAP_CAP, readMapQuery } from '../mapQuery.js';
import { mapPage } from '../pages/map.js';

/** Leaflet's built files, served from node_modules so no page loads anything from a CDN. */
const LEAFLET_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('leaflet/package.json')), 'dist');

/** The map page (`/map`), its GeoJSON twin in the public API, and Leaflet's files. */
export async function mapRoutes(fastify: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  await fastify.register(fastifyStatic, { root: LEAFLET_DIR, prefix: '/static/vendor/leaflet/', decorateReply: false, maxAge: '1d' });
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tiles = config.MAP_TILE_URL ? { url: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION } : undefined;

  app.get('/map', async (request, reply) => {
    const raw = request.query as Record<string, unknown>;
    const query = Object.fromEntries(
      ['procedure', 'unit', 'status', 'from', 'to', 'address', 'lat', 'lng', 'radius', 'order'].flatMap((k) => (typeof raw[k] === 'string' ? [[k, raw[k]]] : [])),
    ) as MapQuery & { jurisdiction?: string };
    if (typeof raw.jurisdiction === 'string') query.jurisdiction = raw.jurisdiction;
    const { page, status } = await mapPage(db, opts.ctx(request, reply), query, { tiles, centre: config.MAP_CENTER });
    return reply.page(page, status);
  });

  const text = (description: string) => z.string().max(200).optional().describe(description);
  app.get(
    '/api/v1/applications.geojson',
    {
      schema: {
        summary: 'Applications with coordinates as a GeoJSON FeatureCollection (RFC 7946), optionally within an area',
        description: `The map's data: the register's filters plus an optional circle (lat, lng, radius in metres, ${DEFAULT_RADIUS_M} by default) or an address known from applications (a local gazetteer; nothing is sent to a geocoder). Nearest first within an area, else newest first; at most ${MAP_CAP} features, and \`capped\` says whether more matched.`,
        tags: ['public'],
        querystring: z.object({
          jurisdiction: text('Jurisdiction code'),
          procedure: text('Procedure code'),
          unit: text('Department code'),
          status: z.enum(STATUSES).optional(),
          from: text('Received on or after this date (YYYY-MM-DD)'),
          to: text('Received on or before this date (YYYY-MM-DD)'),
          lat: text('Latitude of the area’s centre, WGS 84 degrees'),
          lng: text('Longitude of the area’s centre, WGS 84 degrees'),
          radius: text('Radius of the area in metres (50–5000)'),
          address: text('An address known from applications, used as the centre when lat/lng are absent'),
          order: z.enum(['distance', 'newest']).optional(),
        }),
        response: {
          200: z.object({
            type: z.literal('FeatureCollection'),
            capped: z.boolean(),
            features: z.array(
              z.object({
                type: z.literal('Feature'),
                id: z.string(),
                geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
                properties: z.object({
                  number: z.string(),
                  title: z.string(),
                  address: z.string(),
                  status: z.string(),
                  received_at: z.string(),
                  procedure: z.object({ code: z.string(), name: z.object({ ko: z.string(), en: z.string() }) }),
                  unit: z.object({ code: z.string(), name: z.object({ ko: z.string(), en: z.string() }) }),
                  url: z.string(),
                  distance_m: z.number().nullable(),
                }),
              }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const read = await readMapQuery(db, request.query, false);
      if (!read.filters) throw validationError(read.issues);
      const found = await searchMap(db, read.filters);
      reply.type('application/geo+json');
      return { type: 'FeatureCollection' as const, capped: found.capped, features: found.rows.map((r) => presentMapFeature(r, config.publicUrl)) };
    },
  );
}
