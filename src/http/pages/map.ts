import { nearestMapped, searchMap, type MapRow } from '../../db/repos/map.js';
import { procedureChoices, unitChoices } from '../../db/repos/register.js';
import type { Db } from '../../db/types.js';
import type { ViewContext } from '../../views/context.js';
import { MapPage, type MapPageProps, type MapQuery } from '../../views/map.js';
import { issueMessages } from '../forms.js';
import { MAP_BROWSE_CAP, MAP_CAP, isUnfiltered, readMapQuery } from '../mapQuery.js';
import { namedChoices } from '../register.js';

/**
 * The map page for a query: the applications it finds (the newest few when nothing narrows it), how far the nearest
 * match is when an area holds none, and the filters' choices. `status` is 400 when the query had to be corrected.
 */
export async function mapPage(
  db: Db,
  ctx: ViewContext,
  query: MapQuery & { jurisdiction?: string },
  map: { tiles?: MapPageProps['tiles']; centre: MapPageProps['centre'] },
) {
  const read = await readMapQuery(db, query, Boolean(map.tiles));
  const browsing = read.filters !== undefined && isUnfiltered(read.filters);
  const filters = read.filters && browsing ? { ...read.filters, cap: MAP_BROWSE_CAP } : read.filters;
  const found = filters ? await searchMap(db, filters) : { rows: [], capped: false };
  // An empty area says how far the nearest match is, so the reader knows how much to widen it.
  let nearest: MapRow | null | undefined;
  if (filters?.area && found.rows.length === 0) {
    const { area, order: _order, cap: _cap, ...rest } = filters;
    nearest = (await nearestMapped(db, rest, area)) ?? null;
  }
  const choices = namedChoices(ctx.locale, { procedures: await procedureChoices(db), units: await unitChoices(db) });
  const page = MapPage({
    ctx,
    query,
    ...choices,
    errors: issueMessages(read.issues, ctx.t),
    rows: found.rows,
    capped: found.capped,
    cap: filters?.cap ?? MAP_CAP,
    browsing,
    ...(nearest !== undefined ? { nearest } : {}),
    ...(read.filters?.area ? { area: read.filters.area } : {}),
    ...(read.place ? { place: read.place } : {}),
    alternatives: read.alternatives,
    ...(map.tiles ? { tiles: map.tiles } : {}),
    centre: map.centre,
  });
  return { page, status: read.issues.length ? 400 : 200 };
}
