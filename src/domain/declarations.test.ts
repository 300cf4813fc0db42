import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bandOf, bandRange, declarationBands, declarationDue, DECLARATION_BANDS, filingStatus, formRows, mustFile, parseKrw, readDeclaration, readSignedBand, signedBand,
} from './declarations.js';

describe('declaration bands', () => {
  it.each([
    [0, 0], [10_000_000, 0], [10_000_001, 1], [50_000_000, 1], [250_000_000, 3], [1_000_000_000, 4], [10_000_000_001, DECLARATION_BANDS.length],
  ])('puts %d in band %d', (krw, band) => {
    expect(bandOf(krw)).toBe(band);
  });

  it('always puts a value inside its band’s bounds, and the bounds never overlap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_000 }), (krw) => {
        const { from, to } = bandRange(bandOf(krw));
        expect(krw).toBeGreaterThanOrEqual(from);
        if (to !== null) expect(krw).toBeLessThanOrEqual(to);
      }),
    );
  });

  it.each([
    [0, 'none', null], [5_000_000, 'up', 0], [-60_000_000, 'down', 2], [20_000_000_000, 'up', DECLARATION_BANDS.length],
  ] as const)('reads a change of %d as %s in band %s', (krw, direction, band) => {
    const read = readSignedBand(signedBand(krw));
    expect(read.direction).toBe(direction);
    expect(read.band).toEqual(band === null ? null : bandRange(band));
  });

  it('bands a declaration’s totals, its net worth below zero and its change since last year', () => {
    const { content } = readDeclaration({
      asset_0_category: 'real_estate', asset_0_description: 'Flat', asset_0_value: '320,000,000',
      asset_1_category: 'debts', asset_1_description: 'Mortgage', asset_1_value: '400000000',
      asset_2_category: 'deposits', asset_2_holder: 'spouse', asset_2_holder_name: 'Kim', asset_2_description: 'Savings', asset_2_value: '15000000',
    });
    const bands = declarationBands(content, 0);
    expect(bands).toMatchObject({ assets: bandOf(335_000_000), debts: bandOf(400_000_000), net: -1 - bandOf(65_000_000), change: signedBand(-65_000_000) });
    expect(bands.categories).toEqual({ real_estate: 4, debts: 4, deposits: 1 });
    expect(declarationBands(content, null).change).toBeNull();
  });
});

describe('reading the declaration form', () => {
  it.each([
    ['a relative’s asset without their name', { asset_0_category: 'cash', asset_0_holder: 'spouse', asset_0_description: 'Safe', asset_0_value: '1' }, ['asset_0_holder_name']],
    ['a value that is not a number of won', { asset_0_category: 'cash', asset_0_description: 'Safe', asset_0_value: '12.5e3 won' }, ['asset_0_value']],
    ['an unknown category', { asset_0_category: 'yachts', asset_0_description: 'Boat', asset_0_value: '1' }, ['asset_0_category']],
    ['a position without its role', { position_3_organisation: 'Hanbit Foundation' }, ['position_3_role']],
    ['an interest without its company', { interest_1_stake: '5%' }, ['interest_1_company']],
    ['an empty form', {}, []],
  ])('names the field at fault: %s', (_, values, fields) => {
    expect(readDeclaration(values).problems.map((p) => p.field)).toEqual(fields);
  });

  it.each([['250,000,000', 250_000_000], ['₩1 000', 1000], ['12', 12], ['-5', null], ['', null], ['99999999999999', null]])('reads %s won as %s', (text, krw) => {
    expect(parseKrw(text)).toBe(krw);
  });

  it('bounds the rows a form shows, however high an index is typed', () => {
    expect(formRows({ asset_999_value: '1', position_5_role: 'x' })).toEqual({ assets: 60, positions: 8, interests: 2 });
    expect(formRows({ asset_59_value: '1' }, 6).assets).toBe(60);
  });
});

describe('who files and when', () => {
  it.each([[4, 7, true], [7, 7, true], [8, 7, false], [null, 7, false], [1, 0, false]] as const)('grade %s with filing grade %s must file: %s', (grade, filing, must) => {
    expect(mustFile(grade, filing)).toBe(must);
  });

  it('falls due at the end of the due month in the jurisdiction’s time zone, a leap year included', () => {
    expect(declarationDue(2028, 2, 'Asia/Seoul').toISOString()).toBe('2028-02-29T14:59:59.999Z');
    expect(declarationDue(2026, 2, 'Asia/Seoul').toISOString()).toBe('2026-02-28T14:59:59.999Z');
    const due = declarationDue(2026, 2, 'Asia/Seoul');
    expect(filingStatus(null, due, new Date('2026-02-28T14:00:00Z'))).toBe('due');
    expect(filingStatus(null, due, new Date('2026-02-28T15:00:00Z'))).toBe('overdue');
    expect(filingStatus({ onTime: false }, due, new Date('2026-03-02T00:00:00Z'))).toBe('late');
  });
});
