import { describe, expect, it } from 'vitest';
import { createCalendar } from './calendar.js';
import { DEFAULT_OPEN_TENDER_THRESHOLDS, redFlags, supplierConcentration, type ConflictFact, type ConflictRole, type FlagEvent, type FlagFacts } from './redFlags.js';

const seoul = createCalendar({ timeZone: 'Asia/Seoul', country: 'KR' });
const received = (method: string, amount = '100000000', category = 'works'): FlagEvent => ({ seq: 1, type: 'received', data: { fields: { method, category, estimated_amount: amount, currency: 'KRW' } } });
const krw = (amount: number) => ({ amount, currency: 'KRW' });
const awarded = (seq: number, amount: number, at = '2026-03-16T10:00:00+09:00', supplier = '(주)한빛건설'): FlagEvent =>
  ({ seq, type: 'awarded', occurredAt: at, data: { stage: 'award', supplier: { name: supplier }, value: krw(amount) } });
const tender = (start: string, end: string): FlagEvent => ({ seq: 3, type: 'tender_published', occurredAt: start, data: { stage: 'tender', tender_period: { start, end } } });
const evaluated: FlagEvent = { seq: 6, type: 'bids_evaluated', data: { stage: 'evaluation', scores: [{ bid: 1, score: 90, reason: 'r' }] } };
const conflict = (seq: number, supplier: string, role: ConflictRole, officialId = 7): ConflictFact => ({ seq, supplier, role, officialId });
const debarment = { supplierKey: '한빛건설', reason: 'Bid rigging', startsOn: '2026-03-01', endsOn: '2026-08-31', liftedOn: null };

describe('red flags of one process', () => {
  it.each<[string, FlagEvent[], FlagFacts, unknown[]]>([
    ['a single bid in an open tender', [received('open'), { seq: 5, type: 'bids_opened', data: { bids: [{ bid: 1 }] } }], {}, [{ kind: 'single_bid', seq: 5, values: {} }]],
    ['a single bid in a limited tender is no flag', [received('limited'), { seq: 5, type: 'bids_opened', data: { bids: [{ bid: 1 }] } }], {}, []],
    ['two bids in an open tender are no flag', [received('open'), { seq: 5, type: 'bids_opened', data: { bids: [{ bid: 1 }, { bid: 2 }] } }], {}, []],
    // Monday 2 March 2026 plus ten working days is Monday 16 March; a deadline on Friday 6 March is six days short.
    ['an open tender of four working days', [received('open'), tender('2026-03-02T09:00:00+09:00', '2026-03-06T18:00:00+09:00')], { calendar: seoul },
      [{ kind: 'short_tender', seq: 3, values: { days: 6, minimum: 10 } }]],
    ['an open tender of exactly ten working days is no flag', [received('open'), tender('2026-03-02T09:00:00+09:00', '2026-03-16T09:00:00+09:00')], { calendar: seoul }, []],
    ['a limited tender of five working days across a weekend is no flag', [received('limited'), tender('2026-03-05T09:00:00+09:00', '2026-03-12T09:00:00+09:00')], { calendar: seoul }, []],
    ['a short tender is not judged without the calendar', [received('open'), tender('2026-03-02T09:00:00+09:00', '2026-03-03T09:00:00+09:00')], {}, []],
    ['an award above the estimate', [received('open'), awarded(7, 115_000_000)], {}, [{ kind: 'above_estimate', seq: 7, values: { percent: 15 } }]],
    ['an award at the estimate is no flag', [received('open'), awarded(7, 100_000_000)], {}, []],
    ['amendments raising the value by more than a fifth, flagged once on the latest', [
      received('open'), { seq: 8, type: 'contract_signed', data: { value: krw(100_000_000) } },
      { seq: 9, type: 'contract_amended', data: { value: krw(110_000_000) } }, { seq: 10, type: 'contract_amended', data: { value: krw(125_000_000) } },
      { seq: 11, type: 'contract_amended', data: { value: krw(140_000_000) } },
    ], {}, [{ kind: 'amendments_raise', seq: 11, values: { percent: 40, threshold: 20 } }]],
    ['amendments up to a fifth are no flag', [
      received('open'), { seq: 8, type: 'contract_signed', data: { value: krw(100_000_000) } }, { seq: 9, type: 'contract_amended', data: { value: krw(120_000_000) } },
    ], {}, []],
    ['a direct award of works 4% under the open-tender threshold', [received('direct', '200000000'), awarded(4, 192_000_000)], { openTenderThresholds: DEFAULT_OPEN_TENDER_THRESHOLDS },
      [{ kind: 'near_threshold', seq: 4, values: { percent: 4, threshold: 200_000_000, currency: 'KRW', share: 10 } }]],
    ['a direct award well under the threshold is no flag', [received('direct', '200000000'), awarded(4, 150_000_000)], { openTenderThresholds: DEFAULT_OPEN_TENDER_THRESHOLDS }, []],
    ['a direct award of goods just under their lower threshold', [received('direct', '20000000', 'goods'), awarded(4, 19_900_000)], { openTenderThresholds: DEFAULT_OPEN_TENDER_THRESHOLDS },
      [{ kind: 'near_threshold', seq: 4, values: { percent: 0.5, threshold: 20_000_000, currency: 'KRW', share: 10 } }]],
    ['an open tender just under the threshold is no flag', [received('open', '200000000'), awarded(4, 195_000_000)], { openTenderThresholds: DEFAULT_OPEN_TENDER_THRESHOLDS }, []],
    ['an award to a supplier debarred on its date, whatever the company mark', [received('direct', '50000000'), awarded(4, 40_000_000, '2026-03-16T10:00:00+09:00', '주식회사 한빛건설')],
      { calendar: seoul, debarments: [debarment] }, [{ kind: 'debarred_supplier', seq: 4, values: { supplier: '주식회사 한빛건설', reason: 'Bid rigging', starts: '2026-03-01', ends: '2026-08-31' } }]],
    ['a supplier debarred while its contract runs', [received('direct', '50000000'), awarded(4, 40_000_000, '2026-02-16T10:00:00+09:00')],
      { calendar: seoul, debarments: [debarment] }, [{ kind: 'debarred_supplier', seq: 4, values: { supplier: '(주)한빛건설', reason: 'Bid rigging', starts: '2026-03-01', ends: '2026-08-31' } }]],
    ['a debarment after the contract was completed is no flag', [received('direct', '50000000'), awarded(4, 40_000_000, '2026-01-10T10:00:00+09:00'),
      { seq: 9, type: 'decision', occurredAt: '2026-02-20T10:00:00+09:00', data: { outcome: 'approved' } }], { calendar: seoul, debarments: [debarment] }, []],
    ['a debarment lifted before the award is no flag', [received('direct', '50000000'), awarded(4, 40_000_000, '2026-03-16T10:00:00+09:00')],
      { calendar: seoul, debarments: [{ ...debarment, liftedOn: '2026-03-10' }] }, []],
    ['an award two days after the award stage was due', [received('open'), awarded(7, 90_000_000, '2026-03-18T10:00:00+09:00')], { stageDue: { award: '2026-03-16T10:00:00+09:00' } },
      [{ kind: 'late_award', seq: 7, values: { due: '2026-03-16', days: 2 } }]],
    ['an award on its due date is no flag', [received('open'), awarded(7, 90_000_000, '2026-03-16T10:00:00+09:00')], { stageDue: { award: '2026-03-16T10:00:00+09:00' } }, []],
    ['the winner far above its share of the department’s awards', [received('open'), awarded(7, 90_000_000)],
      { concentrated: new Map([['한빛건설', { supplier: '(주)한빛건설', won: 4, awards: 6 }]]) },
      [{ kind: 'supplier_concentration', seq: 7, values: { supplier: '(주)한빛건설', won: 4, awards: 6, percent: 67, threshold: 40 } }]],
    // Payment 1 was due 31 March and made on 3 April (Seoul time, though 2 April in UTC); payment 2, due 30 April, is still unpaid on 12 May.
    ['a payment made late and one still unpaid past its due date, in local dates', [
      received('open'),
      { seq: 12, type: 'payment_scheduled', occurredAt: '2026-03-02T10:00:00+09:00', data: { payment: 1, due_date: '2026-03-31' } },
      { seq: 13, type: 'payment_scheduled', occurredAt: '2026-03-02T10:05:00+09:00', data: { payment: 2, due_date: '2026-04-30' } },
      { seq: 14, type: 'payment_made', occurredAt: '2026-04-03T08:00:00+09:00', data: { payment: 1 } },
    ], { calendar: seoul, now: new Date('2026-05-12T12:00:00+09:00') }, [
      { kind: 'late_payment', seq: 13, values: { payment: 2, days: 12, due: '2026-04-30' } },
      { kind: 'late_payment', seq: 14, values: { payment: 1, days: 3, due: '2026-03-31' } },
    ]],
    ['a milestone met on its due date is no flag', [
      received('open'),
      { seq: 12, type: 'milestone_scheduled', occurredAt: '2026-03-02T10:00:00+09:00', data: { milestone: 1, due_date: '2026-03-31' } },
      { seq: 13, type: 'milestone_met', occurredAt: '2026-03-31T17:00:00+09:00', data: { milestone: 1 } },
    ], { calendar: seoul, now: new Date('2026-05-12T12:00:00+09:00') }, []],
    ['an evaluated bidder in conflict with the evaluator, raised on the evaluation and not again on the award', [received('open'), evaluated, awarded(7, 90_000_000)],
      { conflicted: [conflict(7, '(주)한빛건설', 'awarding'), conflict(6, '주식회사 한빛건설', 'evaluator')] },
      [{ kind: 'conflicted_supplier', seq: 6, values: { supplier: '주식회사 한빛건설', role: 'evaluator' } }]],
    ['two bidders in conflict on one evaluation make one flag naming both, the evaluator before the assignee', [received('open'), evaluated],
      { conflicted: [conflict(6, 'Bada Co.', 'assigned', 9), conflict(6, '(주)한빛건설', 'evaluator'), conflict(6, 'Bada Co.', 'evaluator')] },
      [{ kind: 'conflicted_supplier', seq: 6, values: { supplier: '(주)한빛건설, Bada Co.', role: 'evaluator' } }]],
    ['the assignee’s conflict with the awarded supplier', [received('direct', '50000000'), awarded(7, 40_000_000)],
      { conflicted: [conflict(7, '(주)한빛건설', 'assigned', 9)] },
      [{ kind: 'conflicted_supplier', seq: 7, values: { supplier: '(주)한빛건설', role: 'assigned' } }]],
    ['another official’s conflict with the same supplier is raised on the act it bore on', [received('open'), evaluated, awarded(7, 90_000_000)],
      { conflicted: [conflict(6, '(주)한빛건설', 'evaluator'), conflict(7, '(주)한빛건설', 'awarding', 9)] },
      [{ kind: 'conflicted_supplier', seq: 6, values: { supplier: '(주)한빛건설', role: 'evaluator' } }, { kind: 'conflicted_supplier', seq: 7, values: { supplier: '(주)한빛건설', role: 'awarding' } }]],
    ['a conflict naming an event that is no evaluation or award is no flag', [received('open'), evaluated], { conflicted: [conflict(1, '(주)한빛건설', 'assigned')] }, []],
    ['a permit case has none', [{ seq: 1, type: 'received', data: { fields: { floor_area: '420' } } }], { calendar: seoul, debarments: [debarment] }, []],
  ])('%s', (_name, events, facts, flags) => expect(redFlags(events, facts)).toEqual(flags));
});

describe('a supplier winning a department’s contracts far above its share', () => {
  const awards = (unit: string, year: number, suppliers: string[]) => suppliers.map((supplier) => ({ unit, year, supplier }));
  it.each<[string, { unit: string; year: number; supplier: string }[], Record<string, Record<string, number>>]>([
    ['three of five awards to one company', awards('ROAD', 2026, ['A Co., Ltd.', 'A', '(주)a', 'B', 'C']), { 'ROAD:2026': { a: 3 } }],
    ['two of five is too few wins', awards('ROAD', 2026, ['A', 'A', 'B', 'C', 'D']), {}],
    ['three of four awards is too few awards to judge', awards('ROAD', 2026, ['A', 'A', 'A', 'B']), {}],
    ['three of eight is under two fifths', awards('ROAD', 2026, ['A', 'A', 'A', 'B', 'C', 'D', 'E', 'F']), {}],
    ['departments and years apart', [...awards('ROAD', 2026, ['A', 'A', 'B']), ...awards('ROAD', 2025, ['A', 'C']), ...awards('PARK', 2026, ['A', 'A', 'A', 'A', 'A'])],
      { 'PARK:2026': { a: 5 } }],
  ])('%s', (_name, list, expected) => {
    const found = supplierConcentration(list);
    expect(Object.fromEntries([...found].map(([group, m]) => [group, Object.fromEntries([...m].map(([k, c]) => [k, c.won]))]))).toEqual(expected);
  });
});
