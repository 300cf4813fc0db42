import type { KnownPlace, MapRow } from '../db/repos/map.js';
import { MAX_RADIUS_M, MIN_RADIUS_M, type Area, type Point } from '../domain/geo.js';
import { Local, RegisterChoices, StatusBadge, TableScroll, Time } from './components.js';
import type { ViewContext } from './context.js';
import { ErrorSummary, Layout, aria } from './Layout.js';

/** What the map form was given, echoed back as typed. */
export interface MapQuery {
  procedure?: string;
  unit?: string;
  status?: string;
  from?: string;
  to?: string;
  address?: string;
  lat?: string;
  lng?: string;
  radius?: string;
  order?: string;
}

export interface MapPageProps {
  ctx: ViewContext;
  query: MapQuery;
  procedures: { code: string; name: string }[];
  units: { code: string; name: string }[];
  /** Field → message in the reader's language; when any, nothing was searched. */
  errors: Record<string, string>;
  rows: MapRow[];
  capped: boolean;
  cap: number;
  /** Nothing narrows the list (no area, no filter), so it holds only the newest `cap`. */
  browsing: boolean;
  /** When an area matched nothing: the nearest match outside it, or null when none matches anywhere. */
  nearest?: MapRow | null;
  area?: Area;
  /** The known address the area was centred on, and other candidates for the typed text. */
  place?: KnownPlace;
  alternatives: KnownPlace[];
  tiles?: { url: string; attribution: string };
  centre: Point;
}

/** Where the area form's fields live, so the error summary can link to them. */
const FIELDS = new Set(['address', 'lat', 'lng', 'radius', 'status', 'from', 'to']);

/**
 * The map page: filters and an area, then the map (enhanced by `public/map.js` when tiles are configured) and
 * always the same applications as a list, so it works without JavaScript, without tiles and with a screen reader.
 */
export function MapPage(props: MapPageProps) {
  const { ctx, query, area } = props;
  const t = ctx.t;
  const e = props.errors;
  const searched = Object.keys(e).length === 0;
  const keep = (extra: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ procedure: query.procedure, unit: query.unit, status: query.status, from: query.from, to: query.to, radius: query.radius, order: query.order, ...extra })) if (v) params.set(k, v);
    return `/map?${params}`;
  };
  // An area centred on a known address keeps its name, so alerts say where rather than only the coordinates.
  const follow = area
    ? `/follow?${new URLSearchParams({
        kind: 'area', lat: area.lat.toFixed(6), lng: area.lng.toFixed(6), radius: String(area.radiusM),
        ...(props.place ? { place: props.place.address } : {}), ...(query.procedure ? { procedure: query.procedure } : {}),
      })}`
    : undefined;
  return (
    <Layout ctx={ctx} title={t('map.title')}>
      <h1>{t('map.title')}</h1>
      <p class="lead">{t('map.lead')}</p>
      <ErrorSummary ctx={ctx} errors={Object.fromEntries(Object.entries(e).map(([k, v]) => [FIELDS.has(k) ? k : 'filters', v]))} />
      <form method="get" action="/map" class="filters map-filters" role="search" id="f-filters" aria-label={t('map.form')}>
        <RegisterChoices ctx={ctx} ids={{ procedure: 'm-procedure', unit: 'm-unit', status: 'f-status' }} procedures={props.procedures} units={props.units} query={query} statusError={e.status} />
        <DateField ctx={ctx} id="f-from" name="from" label={t('register.from')} value={query.from} error={e.from} />
        <DateField ctx={ctx} id="f-to" name="to" label={t('register.to')} value={query.to} error={e.to} />
        <fieldset class="area-fields">
          <legend>{t('map.area')}</legend>
          <p class="hint" id="area-hint">{t(props.tiles ? 'map.area_hint_map' : 'map.area_hint')}</p>
          <TextField id="f-address" name="address" label={t('map.address')} value={query.address} error={e.address} hint />
          <TextField id="f-lat" name="lat" label={t('map.lat')} value={query.lat} error={e.lat} numeric />
          <TextField id="f-lng" name="lng" label={t('map.lng')} value={query.lng} error={e.lng} numeric />
          <TextField id="f-radius" name="radius" label={t('map.radius')} value={query.radius} error={e.radius} numeric placeholder="500" />
          {/* Without an area the list is always newest first, so the choice appears only with one. */}
          {area && (
            <div class="field">
              <label for="m-order">{t('map.order')}</label>
              <select id="m-order" name="order">
                <option value="distance" selected={query.order !== 'newest'}>{t('map.order_distance')}</option>
                <option value="newest" selected={query.order === 'newest'}>{t('map.order_newest')}</option>
              </select>
            </div>
          )}
        </fieldset>
        <div class="field actions">
          <button type="submit">{t('action.search')}</button>
        </div>
      </form>

      {props.place && (
        <p class="notice" data-testid="map-place">
          {props.place.match === 'exact' ? t('map.place_exact', { address: props.place.address }) : t('map.place_closest', { address: props.place.address })}
          {props.alternatives.length > 0 && (
            <>
              {` ${t('map.place_others')} `}
              {props.alternatives.map((p, i) => (
                <>
                  {i > 0 && ', '}
                  <a href={keep({ address: p.address })}><bdi>{p.address}</bdi></a>
                </>
              ))}
            </>
          )}
        </p>
      )}
      {area && (
        <p class="area-summary">
          {t('map.area_summary', { radius: ctx.fmt.number(area.radiusM), lat: area.lat.toFixed(5), lng: area.lng.toFixed(5) })}{' '}
          <a href={follow} class="button" data-testid="follow-area">{t('map.follow_area')}</a>
        </p>
      )}

      <section class="map-section" aria-labelledby="map-heading" data-map-state={props.tiles ? 'pending' : 'off'}>
        <h2 id="map-heading" class="visually-hidden">{t('map.map_heading')}</h2>
        <p class="notice" id="map-notice" role="status" data-testid="map-notice">
          {props.tiles ? t('map.unavailable') : t('map.not_configured')}
        </p>
        {props.tiles && searched && (
          <>
            <div id="map" class="map" hidden aria-label={t('map.map_label')} role="region"></div>
            <p id="map-picked" class="muted small" aria-live="polite"></p>
            <MapData data={mapData(props)} />
            <link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css" />
            <script src="/static/vendor/leaflet/leaflet.js" defer></script>
            <script src="/static/map.js" defer></script>
          </>
        )}
      </section>

      <section aria-labelledby="map-list-heading">
        <h2 id="map-list-heading">{t('map.list_heading')}</h2>
        {searched && props.rows.length > 0 && (
          <p class="muted" data-testid="map-count">
            {props.capped
              ? t(props.browsing ? 'map.browse_capped' : 'map.capped', { cap: ctx.fmt.number(props.cap) })
              : t('map.count', { count: props.rows.length })}
          </p>
        )}
        {searched && area && props.rows.length === 0 ? (
          <EmptyArea ctx={ctx} area={area} nearest={props.nearest ?? null} widen={(radius) => keep(props.place ? { address: props.place.address, radius: String(radius) } : { lat: area.lat.toFixed(6), lng: area.lng.toFixed(6), radius: String(radius) })} />
        ) : (
          searched && <MapList ctx={ctx} rows={props.rows} withDistance={!!area} />
        )}
      </section>
    </Layout>
  );
}

function TextField(props: { id: string; name: string; label: string; value?: string; error?: string; numeric?: boolean; hint?: boolean; placeholder?: string }) {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.error && <p class="error-text" id={`${props.id}-error`}>{props.error}</p>}
      <input
        {...aria(props.id, props.error)}
        aria-describedby={[props.hint ? 'area-hint' : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined}
        name={props.name}
        type="text"
        value={props.value ?? ''}
        inputMode={props.numeric ? 'decimal' : undefined}
        autocomplete="off"
        placeholder={props.placeholder}
      />
    </div>
  );
}

function DateField(props: { ctx: ViewContext; id: string; name: string; label: string; value?: string; error?: string }) {
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.error && <p class="error-text" id={`${props.id}-error`}>{props.error}</p>}
      <input {...aria(props.id, props.error)} name={props.name} type="date" value={props.value ?? ''} />
    </div>
  );
}

/** A radius worth suggesting to reach `metres`: rounded up to the next 500 m, within the allowed range. */
export function widerRadius(metres: number): number {
  return Math.min(MAX_RADIUS_M, Math.max(MIN_RADIUS_M, Math.ceil(metres / 500) * 500));
}

/** An area with no match: how far the nearest match is, and a larger radius when one could reach it. */
function EmptyArea(props: { ctx: ViewContext; area: Area; nearest: MapRow | null; widen: (radius: number) => string }) {
  const { ctx, area, nearest } = props;
  const t = ctx.t;
  const distance = nearest?.distance_m ?? null;
  return (
    <div data-testid="map-empty">
      <p>{t(nearest ? 'map.none_area' : 'map.none_anywhere', { radius: ctx.fmt.number(area.radiusM) })}</p>
      {distance !== null && (
        <p data-testid="map-nearest">
          {t('map.nearest', { distance: distanceLabel(ctx, distance) })}{' '}
          {distance <= MAX_RADIUS_M ? (
            <a href={props.widen(widerRadius(distance))}>{t('map.widen', { distance: distanceLabel(ctx, widerRadius(distance)) })}</a>
          ) : (
            t('map.nearest_beyond', { max: distanceLabel(ctx, MAX_RADIUS_M) })
          )}
        </p>
      )}
    </div>
  );
}

/** The applications as a table: the map's content for everyone, and all of it without JavaScript or tiles. */
function MapList(props: { ctx: ViewContext; rows: MapRow[]; withDistance: boolean }) {
  const { ctx } = props;
  const t = ctx.t;
  if (!props.rows.length) return <p>{t('map.none')}</p>;
  return (
    <TableScroll label={t('map.list_heading')}>
      <table class="register" data-testid="map-list">
        <caption class="visually-hidden">{t('map.list_heading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('register.number')}</th>
            <th scope="col">{t('register.project')}</th>
            <th scope="col">{t('register.procedure')}</th>
            <th scope="col">{t('register.status')}</th>
            <th scope="col">{t('register.received')}</th>
            {props.withDistance && <th scope="col">{t('map.distance')}</th>}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td><a href={`/applications/${r.number}`} dir="ltr">{r.number}</a></td>
              <td>
                <bdi>{r.title}</bdi>
                <div class="muted small"><bdi>{r.address}</bdi></div>
              </td>
              <td><Local ctx={ctx} text={r.procedure_name} main={r.main_locale} /></td>
              <td><StatusBadge ctx={ctx} status={r.status} /></td>
              <td><Time ctx={ctx} at={r.received_at} zone={r.time_zone} dateOnly /></td>
              {props.withDistance && <td class="num">{distanceLabel(ctx, r.distance_m ?? 0)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A distance as people read it: metres under a kilometre, else kilometres with one decimal. */
export function distanceLabel(ctx: ViewContext, metres: number): string {
  return metres < 1000 ? ctx.t('map.metres', { m: Math.round(metres) }) : ctx.t('map.kilometres', { km: (Math.round(metres / 100) / 10).toFixed(1) });
}

/** What `public/map.js` needs, read from a JSON block (the CSP allows no inline script). */
function mapData(props: MapPageProps) {
  const t = props.ctx.t;
  return {
    tiles: props.tiles,
    centre: props.centre,
    area: props.area ?? null,
    markers: props.rows.map((r) => ({ number: r.number, title: r.title, status: t(`status.${r.status}`), lat: r.lat, lng: r.lng })),
    text: { unavailable: t('map.unavailable'), picked: t('map.picked', { lat: '{lat}', lng: '{lng}' }) },
  };
}

/** A JSON data block, escaped so no text can close the script element. */
function MapData(props: { data: unknown }) {
  const json = JSON.stringify(props.data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return <script type="application/json" id="map-data" dangerouslySetInnerHTML={{ __html: json }} />;
}
