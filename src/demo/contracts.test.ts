import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { contractFlags } from '../commands/contracts/contractFlags.js';
import { DEFAULT_OPEN_TENDER_THRESHOLDS } from '../domain/redFlags.js';
import { seedDemoContracts } from './contracts.js';
import { seedDemo } from './seed.js';

const NOW = new Date('2026-11-24T03:00:00Z');

describe('the demo city’s year of procurement', () => {
  let database: TestDatabase;
  let processes = 0;
  let seedMs = 0;
  let gaveWay = 0;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await seedDemo(database.db, { size: 'small', now: NOW });
    const started = performance.now();
    ({ processes } = await seedDemoContracts(database.db, { size: 'small', now: NOW, giveWay: async () => void gaveWay++ }));
    seedMs = performance.now() - started;
    console.log(`small demo procurement: ${processes} processes in ${Math.round(seedMs)} ms`);
  }, 300_000);
  afterAll(() => database?.close());

  it('has processes in the tender, in implementation and completed, in Korean and English', async () => {
    const rows = await database.db.selectFrom('application as a').innerJoin('procedure as p', 'p.id', 'a.procedure_id')
      .select(['a.title', 'a.status', 'a.stages']).where('p.category', '=', 'procurement').execute();
    expect(rows).toHaveLength(processes);
    const where = new Set(rows.map((r) => (r.stages as { key: string; status: string }[]).find((s) => s.status === 'active')?.key ?? r.status));
    for (const state of ['tender', 'implementation', 'approved']) expect(where, state).toContain(state);
    expect(rows.every((r) => /[가-힣].*\([A-Za-z]/.test(r.title))).toBe(true);
  });

  it('gives way to the visitors before each process and each act it records while a demo serves', async () => {
    const acts = await database.db.selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id')
      .innerJoin('procedure as p', 'p.id', 'a.procedure_id').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('p.category', '=', 'procurement').where('e.seq', '>', 1).executeTakeFirstOrThrow();
    // Once before each process, and once before each act after its opening (some acts record more than one event).
    expect(gaveWay).toBeGreaterThanOrEqual(processes);
    expect(gaveWay).toBeLessThanOrEqual(processes + Number(acts.n));
    expect(gaveWay).toBeGreaterThan(processes * 3);
  });

  it('plants one red flag of each kind the events can show, and debars one supplier while its contract runs', async () => {
    const { flags } = await contractFlags(database.db, { thresholds: DEFAULT_OPEN_TENDER_THRESHOLDS, now: NOW });
    expect(new Set(flags.map((f) => f.flag.kind))).toEqual(new Set(['single_bid', 'above_estimate', 'amendments_raise', 'near_threshold', 'debarred_supplier', 'late_award']));
    const debarments = await database.db.selectFrom('debarment').select(['supplier_name']).execute();
    expect(debarments.map((d) => d.supplier_name)).toEqual(['(주)부실건설']);
  });
});
