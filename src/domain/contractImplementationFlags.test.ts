import { describe, expect, it } from 'vitest';
import { contractImplementationFlags } from './contractImplementationFlags.js';

const at = (seq: number, type: string, date: string, data: Record<string, unknown>) => ({ seq, type, occurred_at: `${date}T23:30:00+09:00`, data });
const krw = (amount: number) => ({ amount, currency: 'KRW' });
const milestone = (seq: number, due: string) => at(seq, 'milestone_scheduled', '2026-04-01', { milestone: 1, title: 'Roof', due_date: due });
const payment = (seq: number, n: number, due: string) => at(seq, 'payment_scheduled', '2026-04-01', { payment: n, value: krw(10), due_date: due });

describe('late milestones and payments', () => {
  it.each([
    ['a milestone met on its due day, late in the evening, is on time', [milestone(2, '2026-06-30'), at(3, 'milestone_met', '2026-06-30', { milestone: 1 })], '2026-09-01', []],
    ['a milestone met the day after', [milestone(2, '2026-06-30'), at(3, 'milestone_met', '2026-07-01', { milestone: 1 })], '2026-09-01',
      [{ kind: 'late_milestone', seq: 3, values: { milestone: 1, days: 1, due: '2026-06-30' } }]],
    ['a milestone still unmet counts its days to today', [milestone(2, '2026-06-30')], '2026-07-10',
      [{ kind: 'late_milestone', seq: 2, values: { milestone: 1, days: 10, due: '2026-06-30' } }]],
    ['a milestone unmet but not yet due', [milestone(2, '2026-06-30')], '2026-06-30', []],
    ['a payment made twelve days late, across a month end', [payment(2, 1, '2026-02-20'), at(3, 'payment_made', '2026-03-04', { payment: 1, value: krw(10) })], '2026-09-01',
      [{ kind: 'late_payment', seq: 3, values: { payment: 1, days: 12, due: '2026-02-20' } }]],
    ['across a leap day', [payment(2, 1, '2028-02-28'), at(3, 'payment_made', '2028-03-01', { payment: 1, value: krw(10) })], '2028-09-01',
      [{ kind: 'late_payment', seq: 3, values: { payment: 1, days: 2, due: '2028-02-28' } }]],
    ['one paid on time, one unpaid past its date, in schedule order', [
      payment(2, 1, '2026-05-01'), payment(3, 2, '2026-06-01'), at(4, 'payment_made', '2026-04-30', { payment: 1, value: krw(10) }),
    ], '2026-06-03', [{ kind: 'late_payment', seq: 3, values: { payment: 2, days: 2, due: '2026-06-01' } }]],
    ['a payment without its schedule is no flag', [at(3, 'payment_made', '2026-04-30', { payment: 9, value: krw(10) })], '2026-09-01', []],
    ['a process without an implementation has none', [at(1, 'received', '2026-01-01', { fields: {} })], '2026-09-01', []],
  ])('%s', (_name, events, today, flags) => expect(contractImplementationFlags(events, today)).toEqual(flags));
});
