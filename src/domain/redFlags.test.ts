import { describe, expect, it } from 'vitest';
import { redFlags } from './redFlags.js';

const received = (method: string, amount = '100000000') => ({ seq: 1, type: 'received', data: { fields: { method, category: 'works', estimated_amount: amount, currency: 'KRW' } } });
const krw = (amount: number) => ({ amount, currency: 'KRW' });

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
