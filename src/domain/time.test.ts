import { describe, expect, it } from 'vitest';
import { formatNumber, parseTimestamp, toRfc3339, NUMBER_PATTERN } from './time.js';

describe('toRfc3339', () => {
  it.each([
    ['2026-03-02T00:15:00.123Z', 'Asia/Seoul', '2026-03-02T09:15:00+09:00'],
    ['2026-03-02T00:15:00Z', 'UTC', '2026-03-02T00:15:00Z'],
    ['2026-07-01T12:00:00Z', 'Europe/Paris', '2026-07-01T14:00:00+02:00'],
    ['2026-01-01T12:00:00Z', 'Europe/Paris', '2026-01-01T13:00:00+01:00'],
  ])('%s in %s is %s', (at, tz, want) => {
    expect(toRfc3339(new Date(at), tz)).toBe(want);
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
