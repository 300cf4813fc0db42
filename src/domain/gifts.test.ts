import { describe, expect, it } from 'vitest';
import { bandLabel, valueBand } from './gifts.js';

describe('valueBand', () => {
  it.each([
    [0, '0–50,000'],
    [50_000, '0–50,000'],
    [50_001, '50,001–100,000'],
    [300_000, '100,001–300,000'],
    [999_999, '300,001–1,000,000'],
    [5_000_000, '1,000,001–5,000,000'],
    [5_000_001, '5,000,001+'],
  ])('%d KRW is in %s', (krw, label) => {
    expect(bandLabel(valueBand(krw))).toBe(label);
  });
});
