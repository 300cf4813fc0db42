import { describe, expect, it } from 'vitest';
import {
  deadlineState, feedbackGivenAt, findingPoints, quarterOf, referralIssues, reportDeadlines, reportStatistics, type ReportFacts,
} from './reports.js';
import { decrypt, encrypt, formatReceipt, newKeyPair, newReceipt, newSecretKey, normalizeReceipt, publicKeyOf, stretch, subkey, unwrapWith, wrapFor } from './reportCrypto.js';

const SEOUL = 'Asia/Seoul';
const at = (iso: string) => new Date(iso);

describe('reportDeadlines: seven calendar days to acknowledge, three months to give feedback', () => {
  it.each([
    ['received on a Friday evening, acknowledged in time', '2026-03-06T10:00:00Z', '2026-03-09T01:00:00Z', null, '2026-03-13T14:59:59.999Z', '2026-06-09T14:59:59.999Z'],
    ['not acknowledged: feedback counts from the end of the seven days', '2026-03-06T10:00:00Z', null, null, '2026-03-13T14:59:59.999Z', '2026-06-13T14:59:59.999Z'],
    ['acknowledged late: feedback still counts from the end of the seven days', '2026-03-06T10:00:00Z', '2026-03-20T01:00:00Z', null, '2026-03-13T14:59:59.999Z', '2026-06-13T14:59:59.999Z'],
    ['extended to six months', '2026-03-06T10:00:00Z', '2026-03-09T01:00:00Z', 6, '2026-03-13T14:59:59.999Z', '2026-09-09T14:59:59.999Z'],
    ['an extension never goes past six months', '2026-03-06T10:00:00Z', '2026-03-09T01:00:00Z', 12, '2026-03-13T14:59:59.999Z', '2026-09-09T14:59:59.999Z'],
    ['a month end: 30 November plus three months is the end of February', '2026-11-23T03:00:00Z', '2026-11-30T03:00:00Z', null, '2026-11-30T14:59:59.999Z', '2027-02-28T14:59:59.999Z'],
    ['a leap year', '2027-11-23T03:00:00Z', '2027-11-30T03:00:00Z', null, '2027-11-30T14:59:59.999Z', '2028-02-29T14:59:59.999Z'],
  ])('%s', (_name, received, acknowledged, extended, ack, feedback) => {
    const due = reportDeadlines({ receivedAt: at(received), acknowledgedAt: acknowledged ? at(acknowledged) : null, extendedMonths: extended }, SEOUL);
    expect(due.acknowledgeBy.toISOString()).toBe(ack);
    expect(due.feedbackBy.toISOString()).toBe(feedback);
  });
});

describe('deadlineState', () => {
  const due = at('2026-03-13T15:00:00Z');
  it.each([
    ['met in time', at('2026-03-10T00:00:00Z'), at('2026-03-20T00:00:00Z'), 'met'],
    ['met late', at('2026-03-14T00:00:00Z'), at('2026-03-20T00:00:00Z'), 'met_late'],
    ['open', null, at('2026-03-01T00:00:00Z'), 'open'],
    ['due within two days', null, at('2026-03-12T00:00:00Z'), 'due_soon'],
    ['passed', null, at('2026-03-14T00:00:00Z'), 'overdue'],
  ] as const)('%s', (_name, done, now, state) => {
    expect(deadlineState(due, done, now)).toBe(state);
  });
});

describe('reportStatistics', () => {
  const now = at('2026-12-01T00:00:00Z');
  const report = (over: Partial<ReportFacts>): ReportFacts => ({
    category: 'bribery', receivedAt: at('2026-04-02T01:00:00Z'), acknowledgedAt: at('2026-04-03T01:00:00Z'), closedAt: at('2026-05-01T01:00:00Z'),
    outcome: 'substantiated', extendedMonths: null, ...over,
  });
  it('counts a cell at the minimum size and withholds a smaller one, with the next smallest so it cannot be subtracted', () => {
    const rows = [
      ...Array.from({ length: 5 }, () => report({})),
      ...Array.from({ length: 6 }, () => report({ category: 'gifts', outcome: 'referred', acknowledgedAt: at('2026-04-20T00:00:00Z') })),
      ...Array.from({ length: 9 }, () => report({ category: 'fraud', closedAt: null, outcome: null })),
      report({ category: 'other' }),
    ];
    const cells = reportStatistics(rows, SEOUL, 5, now);
    const by = (c: string) => cells.find((x) => x.category === c)!;
    expect(by('bribery')).toMatchObject({ quarter: '2026-Q2', withheld: true, received: null });
    expect(by('other')).toMatchObject({ withheld: true, received: null, substantiated: null });
    expect(by('gifts')).toMatchObject({ withheld: false, received: 6, acknowledgedOnTime: 0, referred: 6, substantiated: 0, closed: 6, feedbackOnTime: 6 });
    expect(by('fraud')).toMatchObject({ withheld: false, received: 9, acknowledgedOnTime: 9, closed: 0, feedbackOnTime: 0 });
  });
  it('puts a report in the quarter of its day in the jurisdiction', () => {
    expect(quarterOf(at('2026-03-31T16:00:00Z'), SEOUL)).toBe('2026-Q2');
    expect(quarterOf(at('2026-03-31T14:00:00Z'), SEOUL)).toBe('2026-Q1');
  });
  it('publishes nothing from no reports', () => {
    expect(reportStatistics([], SEOUL, 5, now)).toEqual([]);
  });
});

describe('reportCrypto', () => {
  it('wraps a key for a public key that only its private key opens', () => {
    const alice = newKeyPair();
    const bob = newKeyPair();
    const key = newSecretKey();
    const wrapped = wrapFor(alice.publicKey, key, 'report 1');
    expect(unwrapWith(alice.privateKey, wrapped, 'report 1')).toEqual(key);
    expect(unwrapWith(bob.privateKey, wrapped, 'report 1')).toBeNull();
    expect(unwrapWith(alice.privateKey, wrapped, 'report 2')).toBeNull();
    expect(publicKeyOf(alice.privateKey)).toEqual(alice.publicKey);
  });
  it('encrypts with associated data and refuses altered bytes', () => {
    const key = newSecretKey();
    const sealed = encrypt(key, Buffer.from('what happened'), 'report 7 content');
    expect(decrypt(key, sealed, 'report 7 content')?.toString()).toBe('what happened');
    expect(decrypt(key, sealed, 'report 8 content')).toBeNull();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(decrypt(key, altered, 'report 7 content')).toBeNull();
    expect(decrypt(newSecretKey(), sealed, 'report 7 content')).toBeNull();
  });
  it('stretches a receipt the same way each time, differently per salt and purpose', async () => {
    const salt = Buffer.alloc(16, 1);
    const a = await stretch('1234567890123456', salt);
    expect(await stretch('1234567890123456', salt)).toEqual(a);
    expect(await stretch('1234567890123457', salt)).not.toEqual(a);
    expect(subkey(a, 'lookup')).not.toEqual(subkey(a, 'key'));
  });
  it.each([
    ['1234 5678 9012 3456', '1234567890123456'],
    ['1234-5678-9012-3456', '1234567890123456'],
    ['123456789012345', null],
    ['12345678901234567', null],
    ['abcd567890123456', null],
  ])('normalizes the receipt %s', (typed, expected) => {
    expect(normalizeReceipt(typed)).toBe(expected);
  });
  it('makes 16-digit receipts and groups them by four', () => {
    const r = newReceipt();
    expect(r).toMatch(/^\d{16}$/);
    expect(formatReceipt('1234567890123456')).toBe('1234 5678 9012 3456');
  });
});

describe('referrals: feedback given, counted in the figures, checked', () => {
  it.each([
    ['neither', null, null, null],
    ['closed only', '2026-05-01T00:00:00Z', null, '2026-05-01T00:00:00.000Z'],
    ['referred only: the referral is the feedback', null, '2026-04-01T00:00:00Z', '2026-04-01T00:00:00.000Z'],
    ['referred, then closed: the earlier', '2026-05-01T00:00:00Z', '2026-04-01T00:00:00Z', '2026-04-01T00:00:00.000Z'],
  ])('feedbackGivenAt, %s', (_, closed, referred, expected) => {
    expect(feedbackGivenAt({ closedAt: closed ? at(closed) : null, referredAt: referred ? at(referred) : null })?.toISOString() ?? null).toBe(expected);
  });

  it('counts a referred report in its cell, and its feedback as on time, though it is still open', () => {
    const base: ReportFacts = { category: 'bribery', receivedAt: at('2026-03-02T01:00:00Z'), acknowledgedAt: at('2026-03-03T01:00:00Z'), closedAt: null, outcome: null, extendedMonths: null };
    const rows: ReportFacts[] = [
      { ...base, referredAt: at('2026-03-20T01:00:00Z') },
      { ...base, referredAt: at('2026-03-21T01:00:00Z'), closedAt: at('2026-04-01T01:00:00Z'), outcome: 'referred' },
      { ...base, closedAt: at('2026-04-01T01:00:00Z'), outcome: 'not_substantiated' },
      base,
      base,
    ];
    const [cell] = reportStatistics(rows, SEOUL, 5, at('2026-07-01T00:00:00Z'));
    expect(cell).toMatchObject({ received: 5, referred: 2, feedbackOnTime: 3, closed: 2 });
  });

  const ok = { body: 'police', otherName: '', date: '2026-03-10', reason: 'The payment is a crime for the police.' };
  it.each([
    ['a listed body', ok, []],
    ['another body with its name', { ...ok, body: 'other', otherName: 'Tax office' }, []],
    ['a body this deployment does not offer', { ...ok, body: 'prosecutor' }, ['body']],
    ['a body nobody knows', { ...ok, body: 'interpol' }, ['body']],
    ['another body without a name', { ...ok, body: 'other' }, ['other_name']],
    ['a day before the report arrived', { ...ok, date: '2026-03-01' }, ['referred_on']],
    ['a day after today', { ...ok, date: '2026-03-16' }, ['referred_on']],
    ['a day that does not exist', { ...ok, date: '2026-02-30' }, ['referred_on']],
    ['no reason', { ...ok, reason: ' short ' }, ['referral_reason']],
  ])('referralIssues: %s', (_, draft, fields) => {
    expect(referralIssues(draft, ['police', 'audit_board'], '2026-03-02', '2026-03-15').map((i) => i.field)).toEqual(fields);
  });

  it.each([
    ['minor', 10, 0.2],
    ['serious', 10, 0.5],
    ['grave', 10, 1],
    ['minor', 100, 2],
    ['grave', 100, 10],
  ] as const)('a %s finding deducts on a 0–%i scale %f points', (severity, scale, points) => {
    expect(findingPoints(severity, scale)).toBe(points);
  });
});
