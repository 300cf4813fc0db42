import { describe, expect, it } from 'vitest';
import { followMatches, nextDigestAt, type AlertEvent, type FollowRule } from './alerts.js';

const base: FollowRule = { kind: 'unit', applicationId: null, unitId: null, jurisdictionId: null, procedureCode: null, area: null };
const event: AlertEvent = { type: 'received', applicationId: 7, unitId: 3, jurisdictionId: 'DB', procedureCode: 'building-permit', lat: 37.5665, lng: 126.978 };
const centre = { lat: 37.5665, lng: 126.978 };

describe('followMatches', () => {
  it.each<{ name: string; follow: Partial<FollowRule>; e?: Partial<AlertEvent>; matches: boolean }>([
    { name: 'application: its stage change', follow: { kind: 'application', applicationId: 7 }, e: { type: 'stage_completed' }, matches: true },
    { name: 'application: another application', follow: { kind: 'application', applicationId: 8 }, e: { type: 'stage_completed' }, matches: false },
    { name: 'application: a private-only act (delay reason) is not news', follow: { kind: 'application', applicationId: 7 }, e: { type: 'delay_reason_given' }, matches: false },
    { name: 'application: a question answered', follow: { kind: 'application', applicationId: 7 }, e: { type: 'inquiry_answered' }, matches: true },
    { name: 'unit: new application in the unit', follow: { kind: 'unit', unitId: 3 }, matches: true },
    { name: 'unit: a decision in the unit', follow: { kind: 'unit', unitId: 3 }, e: { type: 'decision' }, matches: true },
    { name: 'unit: a stage change is not news for a unit', follow: { kind: 'unit', unitId: 3 }, e: { type: 'stage_started' }, matches: false },
    { name: 'unit: another unit', follow: { kind: 'unit', unitId: 4 }, matches: false },
    { name: 'procedure: same code and jurisdiction', follow: { kind: 'procedure', jurisdictionId: 'DB', procedureCode: 'building-permit' }, matches: true },
    { name: 'procedure: same code elsewhere', follow: { kind: 'procedure', jurisdictionId: 'HN', procedureCode: 'building-permit' }, matches: false },
    { name: 'area: inside', follow: { kind: 'area', area: { ...centre, radiusM: 300 } }, e: { lat: centre.lat + 200 / 111_195 }, matches: true },
    { name: 'area: outside', follow: { kind: 'area', area: { ...centre, radiusM: 300 } }, e: { lat: centre.lat + 400 / 111_195 }, matches: false },
    { name: 'area: application without coordinates', follow: { kind: 'area', area: { ...centre, radiusM: 300 } }, e: { lat: null, lng: null }, matches: false },
    { name: 'area narrowed to a procedure: match', follow: { kind: 'area', procedureCode: 'building-permit', area: { ...centre, radiusM: 300 } }, matches: true },
    { name: 'area narrowed to a procedure: other procedure', follow: { kind: 'area', procedureCode: 'food-shop', area: { ...centre, radiusM: 300 } }, matches: false },
    { name: 'area: decision inside', follow: { kind: 'area', area: { ...centre, radiusM: 300 } }, e: { type: 'decision' }, matches: true },
    { name: 'area: withdrawal is not news for an area', follow: { kind: 'area', area: { ...centre, radiusM: 300 } }, e: { type: 'withdrawn' }, matches: false },
  ])('$name', ({ follow, e, matches }) => {
    expect(followMatches({ ...base, ...follow }, { ...event, ...e })).toBe(matches);
  });
});

describe('nextDigestAt', () => {
  it.each([
    { name: 'before the hour: today', after: '2026-11-24T06:59:00+09:00', zone: 'Asia/Seoul', hour: 8, next: '2026-11-24T08:00:00+09:00' },
    { name: 'exactly at the hour: tomorrow', after: '2026-11-24T08:00:00+09:00', zone: 'Asia/Seoul', hour: 8, next: '2026-11-25T08:00:00+09:00' },
    { name: 'after the hour: tomorrow', after: '2026-11-24T21:00:00+09:00', zone: 'Asia/Seoul', hour: 8, next: '2026-11-25T08:00:00+09:00' },
    { name: 'across the year', after: '2026-12-31T09:00:00+09:00', zone: 'Asia/Seoul', hour: 8, next: '2027-01-01T08:00:00+09:00' },
    // Europe/Berlin leaves summer time on 2026-10-25: 08:00 stays 08:00 local, so 23 hours after the day before's.
    { name: 'daylight saving ends', after: '2026-10-24T09:00:00+02:00', zone: 'Europe/Berlin', hour: 8, next: '2026-10-25T08:00:00+01:00' },
    { name: 'daylight saving starts', after: '2026-03-28T09:00:00+01:00', zone: 'Europe/Berlin', hour: 8, next: '2026-03-29T08:00:00+02:00' },
    { name: 'midnight hour', after: '2026-11-24T00:00:00+09:00', zone: 'Asia/Seoul', hour: 0, next: '2026-11-25T00:00:00+09:00' },
  ])('$name', ({ after, zone, hour, next }) => {
    expect(nextDigestAt(new Date(after), hour, zone).toISOString()).toBe(new Date(next).toISOString());
  });
});
