import { findKnownPlaces, type KnownPlace, type MapFilters } from '../db/repos/map.js';
import type { Db } from '../db/types.js';
import type { Area } from '../domain/geo.js';
import type { FieldIssue } from '../errors.js';
import type { MapQuery } from '../views/map.js';
import { parseAreaInput } from './area.js';
import { RegisterFilterError, registerFilters } from './register.js';

/** Most applications the map page and the GeoJSON endpoint return for one query. */
export const MAP_CAP = 500;
/** Applications the map page lists when nothing narrows it (no area, no filter): the newest, so the page stays short. */
export const MAP_BROWSE_CAP = 100;

/** Whether nothing narrows the map: no area and none of the register's filters. */
export function isUnfiltered(f: MapFilters): boolean {
  return !f.area && !f.jurisdiction && !f.procedure && !f.unit && !f.status && !f.from && !f.to;
}

/**
 * Turns the map's query into filters, resolving a typed address through the local gazetteer. Returns either
 * filters or the field issues that stopped the search (with catalogue keys), never both. `hasMap` says whether the
 * reader has a map to click, so an unknown address suggests only what they can do.
 */
export async function readMapQuery(
  db: Db,
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
  // A period that ends before it starts is named on its end, as on the register.
  if (!issues.length && q.from && q.to) {
    try {
      registerFilters({ from: q.from, to: q.to }, 1);
    } catch (e) {
      if (e instanceof RegisterFilterError) issues.push({ field: 'to', key: 'journey.register_from_after_to' });
      else throw e;
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
