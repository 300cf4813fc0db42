import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatNumber, parseTimestamp, toRfc3339, NUMBER_PATTERN } from './time.js';

describe('toRfc3339', () => {
  it.each([
    ['2026-03-02T00:15:00.123Z', 'Asia/Seoul', '2026-03-02T09:15:00+09:00'],
    ['2026-03-02T00:15:00Z', 'UTC', '2026-03-02T00:15:00Z'],
    ['2026-07-01T12:00:00Z', 'Europe/Paris', '2026-07-01T14:00:00+02:00'],
    ['2026-01-01T12:00:00Z', 'Europe/Paris', '2026-01-01T13:00:00+01:00'],
    // Either side of daylight-saving changes, and zones whose offsets are not whole hours.
    ['2026-03-29T00:59:59Z', 'Europe/Paris', '2026-03-29T01:59:59+01:00'],
    ['2026-03-29T01:00:00Z', 'Europe/Paris', '2026-03-29T03:00:00+02:00'],
    ['2026-11-01T05:59:59Z', 'America/New_York', '2026-11-01T01:59:59-04:00'],
    ['2026-11-01T06:00:00Z', 'America/New_York', '2026-11-01T01:00:00-05:00'],
    ['2026-06-01T00:00:00Z', 'Asia/Kathmandu', '2026-06-01T05:45:00+05:45'],
    ['2026-06-01T00:00:00Z', 'America/St_Johns', '2026-05-31T21:30:00-02:30'],
    ['2026-01-01T00:00:00Z', 'Australia/Lord_Howe', '2026-01-01T11:00:00+11:00'],
    ['2026-12-31T23:59:59.999Z', 'Asia/Seoul', '2027-01-01T08:59:59+09:00'],
  ])('%s in %s is %s', (at, tz, want) => {
    expect(toRfc3339(new Date(at), tz)).toBe(want);
  });

  // The fast path (cached offsets) agrees with Luxon's own formatting everywhere, for any instant since 1970.
  it('agrees with Luxon for any instant in any of a range of zones', () => {
    const zones = ['Asia/Seoul', 'UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca', 'Etc/UTC'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...zones), (ms, zone) => {
        const luxon = DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!.replace(/\.\d+(?=[+-Z])/, '');
        expect(toRfc3339(new Date(ms), zone)).toBe(luxon);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('cached zone offsets', () => {
  const luxonText = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true, includeOffset: true })!.replace(/\.\d+(?=[+-Z])/, '');
  // Each day is cached from whichever instant asks first: minute by minute through the days of 2026's changes, in both
  // directions, so a day is first asked both before and after its change.
  it.each(['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Africa/Casablanca', 'America/St_Johns'])('%s around each change of 2026', (zone) => {
    const changes: number[] = [];
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 3_600_000) {
      if (DateTime.fromMillis(ms, { zone }).offset !== DateTime.fromMillis(ms + 3_600_000, { zone }).offset) changes.push(ms);
    }
    expect(changes.length).toBeGreaterThan(0);
    for (const [i, change] of changes.entries()) {
      const instants: number[] = [];
      for (let ms = change - 86_400_000; ms <= change + 86_400_000; ms += 7 * 60_000 + 13_000) instants.push(ms);
      for (const ms of i % 2 ? instants.reverse() : instants) expect(toRfc3339(new Date(ms), zone), `${zone} ${ms}`).toBe(luxonText(ms, zone));
    }
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2026-03-02T09:15', 'Asia/Seoul', '2026-03-02T00:15:00.000Z'],
    ['2026-03-02T09:15:30+09:00', 'UTC', '2026-03-02T00:15:30.000Z'],
    ['2026-03-02T00:15:00Z', 'Asia/Seoul', '2026-03-02T00:15:00.000Z'],
  ])('%s in %s', (text, tz, want) => {
    expect(parseTimestamp(text, tz)?.toISOString()).toBe(want);
  });
  it.each(['yesterday', '2026-13-02T09:15', '2026-03-02', '2026-02-30T10:00', ''])('rejects %j', (text) => {
    expect(parseTimestamp(text, 'Asia/Seoul')).toBeNull();
  });
});

describe('formatNumber', () => {
  it('pads the serial and matches the public pattern', () => {
    expect(formatNumber(2026, 'GN', 1234)).toBe('2026-GN-0001234');
    expect(NUMBER_PATTERN.test(formatNumber(2026, 'HNL', 1))).toBe(true);
  });
});
