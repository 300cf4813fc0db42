import { describe, expect, it } from 'vitest';
import { boundingBox, distanceM, isPoint, withinArea } from './geo.js';

describe('distanceM', () => {
  it.each([
    // Seoul City Hall to Gangnam station, about 8.9 km.
    { name: 'city hall to gangnam', a: { lat: 37.5663, lng: 126.9779 }, b: { lat: 37.4979, lng: 127.0276 }, km: 8.84, tolerance: 0.1 },
    { name: 'same point', a: { lat: 37.5, lng: 127 }, b: { lat: 37.5, lng: 127 }, km: 0, tolerance: 1e-9 },
    // One degree of latitude is about 111.2 km anywhere.
    { name: 'one degree of latitude', a: { lat: 10, lng: 20 }, b: { lat: 11, lng: 20 }, km: 111.19, tolerance: 0.05 },
    // One degree of longitude shrinks with the cosine of the latitude: about 88.2 km at 37.5°.
    { name: 'one degree of longitude at 37.5°', a: { lat: 37.5, lng: 127 }, b: { lat: 37.5, lng: 128 }, km: 88.22, tolerance: 0.1 },
    { name: 'antipodes', a: { lat: 0, lng: 0 }, b: { lat: 0, lng: 180 }, km: 20015.1, tolerance: 1 },
  ])('$name', ({ a, b, km, tolerance }) => {
    expect(Math.abs(distanceM(a, b) / 1000 - km)).toBeLessThanOrEqual(tolerance);
    expect(distanceM(a, b)).toBeCloseTo(distanceM(b, a), 6);
  });
});

describe('withinArea and boundingBox', () => {
  const area = { lat: 37.5665, lng: 126.978, radiusM: 500 };
  it.each([
    { name: 'centre', p: { lat: 37.5665, lng: 126.978 }, inside: true },
    { name: '400 m north', p: { lat: 37.5665 + 400 / 111_195, lng: 126.978 }, inside: true },
    { name: '600 m north', p: { lat: 37.5665 + 600 / 111_195, lng: 126.978 }, inside: false },
    { name: '450 m east', p: { lat: 37.5665, lng: 126.978 + 450 / 88_200 }, inside: true },
    { name: '550 m east', p: { lat: 37.5665, lng: 126.978 + 550 / 88_200 }, inside: false },
  ])('$name', ({ p, inside }) => {
    expect(withinArea(area, p)).toBe(inside);
    const box = boundingBox(area);
    // Everything inside the circle is inside the box.
    if (inside) expect(p.lat >= box.minLat && p.lat <= box.maxLat && p.lng >= box.minLng && p.lng <= box.maxLng).toBe(true);
  });
});

describe('isPoint', () => {
  it.each([
    [37.5, 127, true],
    [91, 0, false],
    [0, -181, false],
    [Number.NaN, 0, false],
    ['37', 127, false],
  ])('%s, %s → %s', (lat, lng, ok) => expect(isPoint(lat, lng)).toBe(ok));
});
