import type { MapRow } from '../db/repos/map.js';
import { toRfc3339 } from '../domain/time.js';

/** One application as a GeoJSON feature (RFC 7946: coordinates are longitude, latitude), public fields only. */
export function presentMapFeature(r: MapRow, publicUrl: string) {
  return {
    type: 'Feature' as const,
    id: r.number,
    geometry: { type: 'Point' as const, coordinates: [r.lng, r.lat] as [number, number] },
    properties: {
      number: r.number,
      title: r.title,
      address: r.address,
      status: r.status,
      received_at: toRfc3339(r.received_at, r.time_zone),
      procedure: { code: r.procedure_code, name: r.procedure_name },
      unit: { code: r.unit_code, name: r.unit_name },
      url: `${publicUrl}/applications/${r.number}`,
      distance_m: r.distance_m === null ? null : Math.round(r.distance_m * 10) / 10,
    },
  };
}
