import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, TEST_SIGN_IN_SECRET, createFixture, type Fixture } from '../../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { storedSignal, storeSignals, type StoredSignalInput } from '../../db/repos/signals.js';
import { refreshSignalsPass } from '../../jobs/refreshSignals.js';
import { submitApplication } from '../submitApplication.js';
import { partyKeys } from './partyKeys.js';
import { refreshSignals, reviewSignal, yearSignals } from './signals.js';

const YEAR = 2019;

describe.each(DIALECTS)('stored signals on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
  });
  afterAll(async () => database?.close());
  const db = () => database.db;
  const signal = (key: string, figure = 1): StoredSignalInput => ({
    key, jurisdictionId: fx.jurisdictionId, unitId: fx.units.build, year: YEAR, kind: 'gift_near_case', officialId: fx.officials.a1.id, cases: ['2019-TS-0000001'],
    figure, peer: 0, threshold: 90, peers: 0, measure: 'gift_accepted',
  });
  const store = (signals: StoredSignalInput[], at: string) =>
    db().transaction().execute((trx) => storeSignals(trx, YEAR, signals, new Date(at), { cases: 10, truncated: false, watermark: at }));
  const read = () => yearSignals(db(), { year: YEAR, lateEntryMinutes: 60 });

  it('keeps a review on its signal across recomputations, also when the signal is cleared and raised again', async () => {
    await store([signal('gift_near_case:2019:1'), signal('gift_near_case:2019:2')], '2019-06-01T00:00:00Z');
    const key = await reviewSignal(db(), { actor: fx.officials.auditor, year: YEAR, key: 'gift_near_case:2019:1', decision: 'referred', reason: 'Seen before' });
    expect(key).toBe('gift_near_case:2019:1');
    // Recomputed: the same signal with a new figure keeps its review and its first detection.
    await store([signal('gift_near_case:2019:1', 3), signal('gift_near_case:2019:2')], '2019-06-02T00:00:00Z');
    let year = await read();
    expect(year.signals.map((s) => [s.key, s.figure, s.review?.decision ?? null])).toEqual([['gift_near_case:2019:1', 3, 'referred'], ['gift_near_case:2019:2', 1, null]]);
    expect(year.computedAt?.toISOString()).toBe('2019-06-02T00:00:00.000Z');
    // No longer raised: cleared, not deleted, and no longer reviewable.
    await store([signal('gift_near_case:2019:2'), signal('gift_near_case:2019:3')], '2019-06-03T00:00:00Z');
    year = await read();
    expect(year.signals.map((s) => s.key)).toEqual(['gift_near_case:2019:2', 'gift_near_case:2019:3']);
    expect((await storedSignal(db(), 'gift_near_case:2019:1'))?.cleared_at?.toISOString()).toBe('2019-06-03T00:00:00.000Z');
    await expect(reviewSignal(db(), { actor: fx.officials.auditor, year: YEAR, key: 'gift_near_case:2019:1', decision: 'dismissed', reason: 'x' })).rejects.toMatchObject({ id: 'not_found' });
    // Raised again: back with the review it had.
    await store([signal('gift_near_case:2019:1', 2)], '2019-06-04T00:00:00Z');
    year = await read();
    expect(year.signals.map((s) => [s.key, s.review?.decision ?? null])).toEqual([['gift_near_case:2019:1', 'referred']]);
    const row = await db().selectFrom('detected_signal').select(['first_detected_at', 'cleared_at']).where('signal_key', '=', 'gift_near_case:2019:1').executeTakeFirstOrThrow();
    expect([row.first_detected_at.toISOString(), row.cleared_at]).toEqual(['2019-06-01T00:00:00.000Z', null]);
    // A review of another year's key, or of a key never stored, is refused.
    await expect(reviewSignal(db(), { actor: fx.officials.auditor, year: YEAR + 1, key: 'gift_near_case:2019:1', decision: 'dismissed', reason: 'x' })).rejects.toMatchObject({ id: 'not_found' });
  });

  it('recomputes a year only when something it reads changed, and the job stores this year and the last', async () => {
    const now = new Date();
    const thisYear = now.getUTCFullYear();
    expect(await refreshSignals(db(), { year: thisYear, lateEntryMinutes: 60 })).toBe(true);
    expect(await refreshSignals(db(), { year: thisYear, lateEntryMinutes: 60 })).toBe(false);
    // Another late-entry setting reads the facts differently.
    expect(await refreshSignals(db(), { year: thisYear, lateEntryMinutes: 30 })).toBe(true);
    await submitApplication(db(), {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title: 'Retail building', location: { address: '12 Haneul-ro' }, applicant: { name: 'Someone' },
      fields: { floor_area: '10' }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }], channel: 'online', assignment: { keys: partyKeys(TEST_SIGN_IN_SECRET) },
    });
    expect(await refreshSignals(db(), { year: thisYear, lateEntryMinutes: 30 })).toBe(true);
    const stored = await refreshSignalsPass(db(), { lateEntryMinutes: 30, now });
    // This year is current; the last year and the three before it had never been computed.
    expect(stored).toEqual([thisYear - 1, thisYear - 2, thisYear - 3, thisYear - 4]);
    expect(await refreshSignalsPass(db(), { lateEntryMinutes: 30, now })).toEqual([]);
  });
});
