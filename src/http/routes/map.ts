import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { findKnownPlaces, nearestMapped, searchMap, type KnownPlace, type MapFilters, type MapRow } from '../../db/repos/map.js';
import { listProcedures } from '../../db/repos/publicRead.js';
import type { Area } from '../../domain/geo.js';
import { STATUSES } from '../../domain/types.js';
import { validationError, type FieldIssue } from '../../errors.js';
import { pick } from '../../i18n/index.js';
import { presentMapFeature } from '../../presenters/map.js';
import { MapPage, type MapQuery } from '../../views/map.js';
import { DEFAULT_RADIUS_M, parseAreaInput } from '../area.js';
import { issueMessages } from '../forms.js';
import type { RouteOptions } from '../context.js';
import { registerFilters } from '../register.js';

/** Most applications the map page and the GeoJSON endpoint return for one query. */
export const MAP_CAP = 500;
/** Applications the map page lists when nothing narrows it (no area, no filter): the newest, so the page stays short. */
export const MAP_BROWSE_CAP = 100;

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
    const ctx = opts.ctx(request, reply);
    const read = await readMapQuery(db, query, Boolean(tiles));
    const browsing = read.filters !== undefined && isUnfiltered(read.filters);
    const filters = read.filters && browsing ? { ...read.filters, cap: MAP_BROWSE_CAP } : read.filters;
    const found = filters ? await searchMap(db, filters) : { rows: [], capped: false };
    // An empty area says how far the nearest match is, so the reader knows how much to widen it.
    let nearest: MapRow | null | undefined;
    if (filters?.area && found.rows.length === 0) {
      const { area, order: _order, cap: _cap, ...rest } = filters;
      nearest = (await nearestMapped(db, rest, area)) ?? null;
    }
    const procedures = await listProcedures(db);
    const units = await db.selectFrom('unit').select(['code', 'name_ko', 'name_en']).orderBy('code').execute();
    const seen = new Set<string>();
    return reply.page(
      MapPage({
        ctx,
        query,
        procedures: procedures.filter((p) => !seen.has(p.code) && seen.add(p.code)).map((p) => ({ code: p.code, name: pick(p.name, ctx.locale) })),
        units: units.map((u) => ({ code: u.code, name: ctx.locale === 'ko' ? u.name_ko : u.name_en })),
        errors: issueMessages(read.issues, request.t),
        rows: found.rows,
        capped: found.capped,
        cap: filters?.cap ?? MAP_CAP,
        browsing,
        ...(nearest !== undefined ? { nearest } : {}),
        ...(read.filters?.area ? { area: read.filters.area } : {}),
        ...(read.place ? { place: read.place } : {}),
        alternatives: read.alternatives,
        ...(tiles ? { tiles } : {}),
        centre: config.MAP_CENTER,
      }),
      read.issues.length ? 400 : 200,
    );
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

/** Whether nothing narrows the map: no area and none of the register's filters. */
function isUnfiltered(f: MapFilters): boolean {
  return !f.area && !f.jurisdiction && !f.procedure && !f.unit && !f.status && !f.from && !f.to;
}

/**
 * Turns the map's query into filters, resolving a typed address through the local gazetteer. Returns either
 * filters or the field issues that stopped the search (with catalogue keys), never both. `hasMap` says whether the
 * reader has a map to click, so an unknown address suggests only what they can do.
 */
async function readMapQuery(
  db: Kysely<DB>,
  q: MapQuery & { jurisdiction?: string | undefined },
  hasMap: boolean,
): Promise<{ filters?: MapFilters; issues: FieldIssue[]; place?: KnownPlace; alternatives: KnownPlace[] }> {
  const issues: FieldIssue[] = [];
  // Each register filter is checked alone, so an error names the field it is about.
  for (const field of ['status', 'from', 'to'] as const) {
    const value = q[field];
    if (!value) continue;
    try {
      registerFilters({ [field]: value }, 1);
    } catch {
      issues.push({ field, key: field === 'status' ? 'error.bad_filters' : 'map.error.date' });
    }
  }
  const base = issues.length ? { limit: 1 } : registerFilters({ procedure: q.procedure, unit: q.unit, jurisdiction: q.jurisdiction, status: q.status, from: q.from, to: q.to }, 1);
  const input = parseAreaInput({ lat: q.lat, lng: q.lng, radius: q.radius });
  issues.push(...input.issues);
  let place: KnownPlace | undefined;
  let alternatives: KnownPlace[] = [];
  const address = q.address?.trim().slice(0, 200);
  if (!input.centre && address && !input.issues.length) {
    [place, ...alternatives] = await findKnownPlaces(db, address);
    if (!place) issues.push({ field: 'address', key: hasMap ? 'map.error.address_not_found_map' : 'map.error.address_not_found', values: { address } });
  }
  if (issues.length) return { issues, alternatives: [] };
  const centre = input.centre ?? place;
  const area: Area | undefined = centre ? { lat: centre.lat, lng: centre.lng, radiusM: input.radiusM } : undefined;
  const { limit: _limit, after: _after, q: _q, ...filters } = base;
  return {
    filters: { ...filters, ...(area ? { area } : {}), order: q.order === 'newest' ? 'newest' : 'distance', cap: MAP_CAP },
    issues,
    ...(place ? { place } : {}),
    alternatives,
  };
}
