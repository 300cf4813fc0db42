import { describe, expect, it } from 'vitest';
import { parseValue, redFlags, supplierKey } from './contracts.js';

const received = (method: string, amount = '100000000') => ({ seq: 1, type: 'received', data: { fields: { method, category: 'works', estimated_amount: amount, currency: 'KRW' } } });
const krw = (amount: number) => ({ amount, currency: 'KRW' });

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

describe('red flags', () => {
  it.each([
    ['a single bid in an open tender', [received('open'), { seq: 5, type: 'bids_opened', data: { bids: [{ bid: 1 }] } }], [{ kind: 'single_bid', seq: 5, values: {} }]],
    ['a single bid in a limited tender is no flag', [received('limited'), { seq: 5, type: 'bids_opened', data: { bids: [{ bid: 1 }] } }], []],
    ['an award above the estimate', [received('open'), { seq: 7, type: 'awarded', data: { value: krw(115_000_000) } }], [{ kind: 'above_estimate', seq: 7, values: { percent: 15 } }]],
    ['an award at the estimate is no flag', [received('open'), { seq: 7, type: 'awarded', data: { value: krw(100_000_000) } }], []],
    ['amendments raising the value by more than a fifth, flagged once', [
      received('open'), { seq: 8, type: 'contract_signed', data: { value: krw(100_000_000) } },
      { seq: 9, type: 'contract_amended', data: { value: krw(110_000_000) } }, { seq: 10, type: 'contract_amended', data: { value: krw(125_000_000) } },
      { seq: 11, type: 'contract_amended', data: { value: krw(140_000_000) } },
    ], [{ kind: 'amendments_raise', seq: 11, values: { percent: 40, threshold: 20 } }]],
    ['a permit case has none', [{ seq: 1, type: 'received', data: { fields: { floor_area: '420' } } }], []],
  ])('%s', (_name, events, flags) => expect(redFlags(events as never)).toEqual(flags));
});
