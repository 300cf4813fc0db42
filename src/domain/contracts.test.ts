import { describe, expect, it } from 'vitest';
import { parseValue, supplierKey } from './contracts.js';

describe('contract amounts and currencies', () => {
  it.each([
    ['120,000,000', 'KRW', { amount: 120_000_000, currency: 'KRW' }],
    ['99.5', 'usd', { amount: 99.5, currency: 'USD' }],
    ['0', 'KRW', 'contracts.error.amount'],
    ['1.234', 'KRW', 'contracts.error.amount'],
    ['-5', 'KRW', 'contracts.error.amount'],
    ['12e3', 'KRW', 'contracts.error.amount'],
    ['100000000000000', 'KRW', 'contracts.error.amount'],
    ['100', 'KRWW', 'contracts.error.currency'],
    ['100', 'XYZ', 'contracts.error.currency'],
    ['100', '', 'contracts.error.currency'],
  ])('%s %s', (amount, currency, expected) => {
    const { value, issues } = parseValue(amount, currency);
    if (typeof expected === 'string') expect(issues.map((i) => i.key)).toEqual([expected]);
    else expect(value).toEqual(expected);
  });
});

describe('supplier names as the debarment check matches them', () => {
  it.each([
    ['(주)한빛건설', '한빛건설'],
    ['주식회사 한빛건설', '한빛건설'],
    ['Hanbit Roofing Co., Ltd.', 'hanbitroofing'],
    ['HANBIT  ROOFING', 'hanbitroofing'],
    ['Ｈａｎｂｉｔ Roofing Inc.', 'hanbitroofing'],
  ])('%s', (name, key) => expect(supplierKey(name)).toBe(key));
});
