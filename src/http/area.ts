import { MAX_RADIUS_M, MIN_RADIUS_M, isPoint, type Point } from '../domain/geo.js';
import type { FieldIssue } from '../errors.js';

/** The radius an area gets when a centre is given without one, in metres. */
export const DEFAULT_RADIUS_M = 500;

const DECIMAL = /^[+-]?\d{1,3}(\.\d{1,12})?$/;

/**
 * Reads an area's centre and radius from a query or form (`lat`, `lng`, `radius` in metres). Never throws: returns
 * the centre when both coordinates are given and valid, the radius (the default when left empty), and one field
 * issue per problem with a catalogue key, so a page can say what to fix in the reader's language.
 */
export function parseAreaInput(input: { lat?: string; lng?: string; radius?: string }): { centre?: Point; radiusM: number; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const lat = input.lat?.trim() ?? '';
  const lng = input.lng?.trim() ?? '';
  const radius = input.radius?.trim() ?? '';
  const coordinate = (text: string, field: 'lat' | 'lng', limit: number): number | undefined => {
    if (!text) return undefined;
    const value = DECIMAL.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(value) || Math.abs(value) > limit) {
      issues.push({ field, key: `map.error.${field}` });
      return undefined;
    }
    return value;
  };
  const latValue = coordinate(lat, 'lat', 90);
  const lngValue = coordinate(lng, 'lng', 180);
  if (lat && !lng) issues.push({ field: 'lng', key: 'map.error.point_incomplete' });
  if (lng && !lat) issues.push({ field: 'lat', key: 'map.error.point_incomplete' });
  let radiusM = DEFAULT_RADIUS_M;
  if (radius) {
    const value = /^\d{1,7}$/.test(radius) ? Number(radius) : NaN;
    if (!(value >= MIN_RADIUS_M && value <= MAX_RADIUS_M)) issues.push({ field: 'radius', key: 'map.error.radius', values: { min: MIN_RADIUS_M, max: MAX_RADIUS_M } });
    else radiusM = value;
  }
  const centre = latValue !== undefined && lngValue !== undefined && isPoint(latValue, lngValue) ? { lat: latValue, lng: lngValue } : undefined;
  return { ...(centre ? { centre } : {}), radiusM, issues };
}
