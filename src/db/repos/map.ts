import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../schema.js';
import { EARTH_RADIUS_M, boundingBox, distanceM, withinArea, type Area, type Point } from '../../domain/geo.js';
import type { Locale, Localized, Status } from '../../domain/types.js';
import { localized } from './localized.js';
import type { RegisterFilters } from './publicRead.js';

/**
 * Queries behind the map page and the GeoJSON endpoint: applications that have coordinates, optionally within an
 * area, and the local gazetteer of known addresses. Public columns only, like `publicRead.ts`.
 */

export type MapFilters = Pick<RegisterFilters, 'jurisdiction' | 'procedure' | 'unit' | 'status' | 'from' | 'to'> & {
  area?: Area;
  /** `distance` (nearest first) needs an area; without one the order is always newest first. */
  order: 'distance' | 'newest';
  /** Most rows returned; `capped` says whether more matched. */
  cap: number;
};

export interface MapRow {
  number: string;
  title: string;
  address: string;
  status: Status;
  received_at: Date;
  procedure_code: string;
  procedure_name: Localized;
  unit_code: string;
  unit_name: Localized;
  /** The jurisdiction's main language, which a name missing in the reader's language is shown in. */
  main_locale: Locale;
  time_zone: string;
  lat: number;
  lng: number;
  /** Metres from the area's centre, when an area was given. */
  distance_m: number | null;
}

/** Great-circle distance in SQL, the same haversine as `domain/geo.distanceM`. */
function distanceSql(centre: Point): RawBuilder<number> {
  return sql<number>`(2 * ${EARTH_RADIUS_M}::float8 * asin(least(1::float8, sqrt(
    power(sin(radians(a.lat - ${centre.lat}::float8) / 2), 2)
    + cos(radians(${centre.lat}::float8)) * cos(radians(a.lat)) * power(sin(radians(a.lng - ${centre.lng}::float8) / 2), 2)))))`;
}

/**
 * Applications with coordinates matching the filters, nearest or newest first, at most `cap` of them. Within an
 * area, the bounding box narrows the candidates through the `application_location` GiST index, SQL orders them by
 * distance, and `withinArea` decides membership so the map and area alerts agree to the last metre.
 */
export async function searchMap(db: Kysely<DB>, f: MapFilters): Promise<{ rows: MapRow[]; capped: boolean }> {
  let query = await mappedApplications(db, f);
  if (!query) return { rows: [], capped: false };
  if (f.area) {
    const box = boundingBox(f.area);
    const distance = distanceSql(f.area);
    // The expression matches the index's `point(lng, lat)` exactly, so the planner can use it.
    query = query
      .where(sql<boolean>`point(a.lng, a.lat) <@ box(point(${box.minLng}::float8, ${box.minLat}::float8), point(${box.maxLng}::float8, ${box.maxLat}::float8))`)
      // A centimetre of slack for floating point; withinArea below has the last word.
      .where(sql<boolean>`${distance} <= ${f.area.radiusM + 0.01}::float8`);
    if (f.order === 'distance') query = query.orderBy(distance).orderBy('a.id', 'desc');
  }
  if (!f.area || f.order === 'newest') query = query.orderBy('a.received_at', 'desc').orderBy('a.id', 'desc');
  const found = await query.limit(f.cap + 1).execute();
  const rows: MapRow[] = [];
  for (const r of found) {
    const at = { lat: r.lat!, lng: r.lng! };
    if (f.area && !withinArea(f.area, at)) continue;
    rows.push(toMapRow(r, f.area));
  }
  // Nearest first, rows dropped by withinArea are the farthest fetched, so nothing beyond them matches. Newest
  // first, a dropped row may sit anywhere; a full fetch then means more may match (said rather than hidden).
  const capped = rows.length > f.cap || (found.length > f.cap && !(f.area && f.order === 'distance'));
  return { rows: rows.slice(0, f.cap), capped };
}

type FilterOnly = Pick<MapFilters, 'jurisdiction' | 'procedure' | 'unit' | 'status' | 'from' | 'to'>;

/** Applications with coordinates matching the register's filters, unordered; null when a named jurisdiction or unit does not exist. */
async function mappedApplications(db: Kysely<DB>, f: FilterOnly) {
  let query = db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
    .select([
      'a.id', 'a.number', 'a.title', 'a.address', 'a.status', 'a.received_at', 'a.procedure_code', 'a.lat', 'a.lng',
      'p.name_ko as p_ko', 'p.name_en as p_en', 'p.texts as p_texts', 'u.code as unit_code', 'u.name_ko as u_ko', 'u.name_en as u_en', 'u.names as u_names',
      'j.time_zone', 'j.main_locale', 'j.offered_locales',
    ])
    .where('a.lat', 'is not', null)
    .where('a.lng', 'is not', null);
  if (f.jurisdiction) {
    const j = await db.selectFrom('jurisdiction').select('id').where('code', '=', f.jurisdiction).executeTakeFirst();
    if (!j) return null;
    query = query.where('a.jurisdiction_id', '=', j.id);
  }
  if (f.procedure) query = query.where('a.procedure_code', '=', f.procedure);
  if (f.unit) {
    const u = await db.selectFrom('unit').select('id').where('code', '=', f.unit).executeTakeFirst();
    if (!u) return null;
    query = query.where('a.unit_id', '=', u.id);
  }
  if (f.status) query = query.where('a.status', '=', f.status);
  if (f.from) query = query.where('a.received_at', '>=', f.from);
  if (f.to) query = query.where('a.received_at', '<', f.to);
  return query;
}

type MappedQuery = NonNullable<Awaited<ReturnType<typeof mappedApplications>>>;
type MappedRecord = Awaited<ReturnType<MappedQuery['executeTakeFirstOrThrow']>>;

/** A fetched application as the map shows it, with its distance from `centre` when there is one. */
function toMapRow(r: MappedRecord, centre: Point | undefined): MapRow {
  const at = { lat: r.lat!, lng: r.lng! };
  return {
    number: r.number,
    title: r.title,
    address: r.address,
    status: r.status as Status,
    received_at: r.received_at,
    procedure_code: r.procedure_code,
    procedure_name: localized(r.p_ko, r.p_en, r.p_texts.name, r.offered_locales),
    unit_code: r.unit_code,
    unit_name: localized(r.u_ko, r.u_en, r.u_names, r.offered_locales),
    main_locale: r.main_locale,
    time_zone: r.time_zone,
    ...at,
    distance_m: centre ? distanceM(centre, at) : null,
  };
}

/**
 * The application with coordinates matching the filters that lies nearest to `centre`, at any distance, with
 * `distance_m` set; undefined when none matches. The GiST index finds the nearest in degrees (`<->`), which is not
 * quite the nearest in metres away from the equator, so a second search within that distance settles it exactly.
 */
export async function nearestMapped(db: Kysely<DB>, f: FilterOnly, centre: Point): Promise<MapRow | undefined> {
  const query = await mappedApplications(db, f);
  if (!query) return undefined;
  const first = await query
    .orderBy(sql`point(a.lng, a.lat) <-> point(${centre.lng}::float8, ${centre.lat}::float8)`)
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!first) return undefined;
  const candidate = toMapRow(first, centre);
  const closer = await searchMap(db, { ...f, area: { ...centre, radiusM: candidate.distance_m! }, order: 'distance', cap: 1 });
  const best = closer.rows[0];
  return best && best.distance_m! < candidate.distance_m! ? best : candidate;
}

/** A place the gazetteer knows: an application address with coordinates, and how well it matched. */
export interface KnownPlace extends Point {
  address: string;
  /** `exact` (same text, ignoring case and spaces), `contains` (the text appears in it) or `similar` (trigrams). */
  match: 'exact' | 'contains' | 'similar';
}

/**
 * Looks an address up among applications' own addresses that have coordinates — a local gazetteer, so no
 * address ever leaves for an external geocoder. Best first: exact, then containing the text, then by trigram word
 * similarity. An address used by several applications stands at the mean of their points.
 */
export async function findKnownPlaces(db: Kysely<DB>, text: string, limit = 5): Promise<KnownPlace[]> {
  const needle = text.trim().replace(/\s+/g, ' ').toLowerCase().slice(0, 200);
  if (needle.length < 2) return [];
  const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const addr = sql<string>`lower(regexp_replace(btrim(a.address), '\\s+', ' ', 'g'))`;
  const rank = sql<number>`max(CASE WHEN ${addr} = ${needle} THEN 2 WHEN strpos(${addr}, ${needle}) > 0 THEN 1 ELSE 0 END)`;
  const similarity = sql<number>`max(word_similarity(${needle}, ${addr}))`;
  const rows = await db
    .selectFrom('application as a')
    .select([
      'a.address',
      sql<number>`avg(a.lat)`.as('lat'),
      sql<number>`avg(a.lng)`.as('lng'),
      rank.as('rank'),
      similarity.as('similarity'),
      sql<number>`count(*)`.as('uses'),
    ])
    .where('a.lat', 'is not', null)
    .where('a.lng', 'is not', null)
    // Both conditions can use the trigram index on search_text, which contains the address.
    .where(sql<boolean>`(a.search_text LIKE ${like} OR ${needle} <% a.search_text)`)
    .groupBy('a.address')
    .having(sql<boolean>`(${rank} > 0 OR ${similarity} >= 0.5)`)
    .orderBy(sql`${rank} DESC`)
    .orderBy(sql`${similarity} DESC`)
    .orderBy(sql`count(*) DESC`)
    .orderBy('a.address')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    address: r.address,
    lat: Number(r.lat),
    lng: Number(r.lng),
    match: Number(r.rank) === 2 ? 'exact' : Number(r.rank) === 1 ? 'contains' : 'similar',
  }));
}
