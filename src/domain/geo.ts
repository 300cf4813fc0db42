/**
 * Distances and areas on the Earth for area alerts and the map: a point, a circle around it, and the latitude/longitude
 * box that contains the circle (so an index on lat/lng narrows the candidates before the exact distance decides).
 */

/** A point in WGS 84 degrees. */
export interface Point {
  lat: number;
  lng: number;
}

/** A circle: a centre and a radius in metres. */
export interface Area extends Point {
  radiusM: number;
}

/** Mean Earth radius in metres (IUGG), the usual sphere for haversine distances. */
export const EARTH_RADIUS_M = 6_371_008.8;

/** Smallest and largest radius an area may have, in metres. */
export const MIN_RADIUS_M = 50;
export const MAX_RADIUS_M = 5_000;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance between two points in metres (haversine; within 0.5 % of the ellipsoid). */
export function distanceM(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether a point lies within an area (on its edge counts as within). */
export function withinArea(area: Area, p: Point): boolean {
  return distanceM(area, p) <= area.radiusM;
}

/** The latitude/longitude box containing an area; longitudes are not wrapped (no area crosses the antimeridian here). */
export function boundingBox(area: Area): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (area.radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const cos = Math.max(Math.cos(rad(area.lat)), 1e-6);
  const dLng = dLat / cos;
  return { minLat: area.lat - dLat, maxLat: area.lat + dLat, minLng: area.lng - dLng, maxLng: area.lng + dLng };
}

/** Whether a value is a usable latitude/longitude pair. */
export function isPoint(lat: unknown, lng: unknown): boolean {
  return typeof lat === 'number' && typeof lng === 'number' && Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
}
