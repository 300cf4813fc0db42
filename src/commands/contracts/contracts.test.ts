import fs from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { createFixture, type Fixture } from '../../../test/helpers/fixture.js';
import { findPublicProcess, insertProcurementProcedure } from '../../db/repos/contracts.js';
import { sequenceCommitted } from '../../jobs/integrateLog.js';
import { readEntries } from '../../log/store.js';
import { recordPackage, releasePackage, releasesOf, type OcdsContext } from '../../presenters/ocds.js';
import { presentApplication } from '../../presenters/public.js';
import { AppError } from '../../errors.js';
import { recordAct } from '../recordAct.js';
import { submitApplication } from '../submitApplication.js';
import { declareConflict, withdrawDeclaredConflict } from '../fair/declareConflict.js';
import { partyKeys } from '../fair/partyKeys.js';
import { DEFAULT_OPEN_TENDER_THRESHOLDS } from '../../domain/redFlags.js';
import { contractFlags } from './contractFlags.js';
import { debarSupplier } from './debarSupplier.js';
import { openProcess } from './openProcess.js';
import { recordContractAct, type RecordContractActProps } from './recordContractAct.js';
import { contractImplementationFlags } from '../../domain/contractImplementationFlags.js';

const SPECS = new URL('../../../../shared/specs/ocds-1.1.5/', import.meta.url);
const schema = (name: string) => JSON.parse(fs.readFileSync(new URL(name, SPECS), 'utf8')) as Record<string, unknown>;
const codelist = (name: string) => fs.readFileSync(new URL(`codelists/${name}`, SPECS), 'utf8').split('\n').slice(1).filter(Boolean).map((l) => l.split(',')[0]!);

/** Sealed bids: these amounts and names must reach no public output before the recorded opening. */
const CANARY_BIDDER = 'Canarybid Xq9 Construction';
const CANARY_AMOUNT = 987_654_321;
const OTHER_BIDDER = '(주)한빛건설';

/** Monday 2 March 2026, 10:00 in Seoul; `day(n)` is n calendar days later. */
const day = (n: number, hour = 10) => new Date(Date.UTC(2026, 2, 2 + n, hour - 9));

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe.each(DIALECTS)('contracting processes on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let number: string;
  const ctx: OcdsContext = { prefix: 'ocds-test01', publicUrl: 'https://daylight.test', publisher: { name: 'Test City', uri: 'https://daylight.test' }, license: 'https://www.kogl.or.kr/info/licenseType1.do' };
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    await insertProcurementProcedure(database.db, { jurisdictionId: fx.jurisdictionId, unitId: fx.units.build, code: 'contracts-build', unitName: { ko: '건축과', en: 'Building Division' } });
  });
  afterAll(async () => database?.close());
  const db = () => database.db;
  const act = (props: Omit<RecordContractActProps, 'actor'> & { at: Date }) => recordContractAct(db(), { actor: fx.officials.a1, occurredAt: props.at, now: props.at, ...props });
  const stage = async (type: 'stage_started' | 'stage_completed', key: string, at: Date) =>
    recordAct(db(), { number, act: { type, stage: key }, actor: fx.officials.a1, occurredAt: at, now: at });
  const move = async (from: string, to: string, at: Date) => {
    await stage('stage_completed', from, at);
    await stage('stage_started', to, at);
  };
  const lastSeq = async () => (await db().selectFrom('application').select('last_seq').where('number', '=', number).executeTakeFirstOrThrow()).last_seq;
  const publicRecord = async () => presentApplication((await findPublicProcess(db(), number))!);
  /** Every public output of the process: its API record, its log entries, its OCDS releases. */
  const everythingPublic = async () => {
    await sequenceCommitted(db());
    const size = Number((await db().selectFrom('event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const leaves = (await readEntries(db(), 0, size)).map((b) => Buffer.from(b).toString('utf8')).join('\n');
    const app = await publicRecord();
    return [JSON.stringify(app), leaves, JSON.stringify(releasePackage(releasesOf(app, ctx), ctx, 'u')), JSON.stringify(recordPackage(app, ctx, 'u'))].join('\n');
  };

  it('refuses malformed terms and opens a process whose received event publishes them', async () => {
    const bad = await errorOf(openProcess(db(), {
      jurisdictionCode: 'TS', procedureCode: 'contracts-build', title: 'Library roof repair', place: '12 Haneul-ro', category: 'furniture', method: 'open',
      estimatedAmount: '12,0x0', currency: 'KRWW', actor: fx.officials.a1, now: day(0),
    }));
    expect(bad.fields.map((f) => f.key).sort()).toEqual(['contracts.error.amount', 'contracts.error.category', 'contracts.error.currency']);
    expect(await db().selectFrom('application').select('id').execute()).toHaveLength(0);
    const other = await errorOf(openProcess(db(), {
      jurisdictionCode: 'TS', procedureCode: 'contracts-build', title: 'Library roof repair', place: '12 Haneul-ro', category: 'works', method: 'open',
      estimatedAmount: '120,000,000', currency: 'KRW', actor: fx.officials.fire1, now: day(0),
    }));
    expect(other.key).toBe('contracts.error.forbidden_open');
    // Nobody files a process as an application, online or at the counter.
    const filed = await errorOf(submitApplication(db(), {
      jurisdictionCode: 'TS', procedureCode: 'contracts-build', title: 'Roof', location: { address: 'x' }, applicant: { name: 'Someone' },
      fields: { category: 'works', method: 'direct', estimated_amount: '1', currency: 'KRW' }, documents: [], channel: 'online',
    }));
    expect(filed.key).toBe('error.procedure_not_found');

    number = (await openProcess(db(), {
      jurisdictionCode: 'TS', procedureCode: 'contracts-build', title: 'Library roof repair', place: '12 Haneul-ro', category: 'works', method: 'open',
      estimatedAmount: '120,000,000', currency: 'krw', actor: fx.officials.a1, now: day(0),
    })).number;
    const app = await publicRecord();
    expect(app.events[0]!.data).toMatchObject({ fields: { category: 'works', method: 'open', estimated_amount: '120000000', currency: 'KRW' } });
    await stage('stage_started', 'planning', day(0));
  });

  it('refuses a tender period under the method’s minimum in working days, then publishes the notice', async () => {
    await move('planning', 'tender', day(1));
    const before = await lastSeq();
    // 3 March 2026 is a Tuesday; ten working days later is 17 March (1 March, a holiday, is behind us).
    const short = await errorOf(act({ number, act: { type: 'tender_published', tenderEnd: '2026-03-12T18:00:00+09:00' }, at: day(1) }));
    expect(short.fields[0]).toMatchObject({ field: 'tender_end', key: 'contracts.error.tender_too_short', values: { days: 10 } });
    expect(await lastSeq()).toBe(before);
    await act({ number, act: { type: 'tender_published', tenderEnd: '2026-03-20T18:00:00+09:00' }, at: day(1) });
    expect((await publicRecord()).events.at(-1)!.data).toMatchObject({ tender_period: { end: '2026-03-20T18:00:00+09:00' }, minimum_days: 10 });
  });

  it('keeps bids sealed in every public output until the opening, and refuses a bid after the deadline', async () => {
    const badAmount = await errorOf(act({ number, act: { type: 'bid_received', bidder: { name: CANARY_BIDDER }, value: { amount: 1, currency: 'USD' }, integrityPact: true }, at: day(5) }));
    expect(badAmount.fields[0]?.key).toBe('contracts.error.currency_mismatch');
    const noPact = await errorOf(act({ number, act: { type: 'bid_received', bidder: { name: CANARY_BIDDER }, value: { amount: 1, currency: 'KRW' }, integrityPact: false }, at: day(5) }));
    expect(noPact.fields[0]?.key).toBe('contracts.error.integrity_pact');
    await act({ number, act: { type: 'bid_received', bidder: { name: CANARY_BIDDER }, value: { amount: CANARY_AMOUNT, currency: 'KRW' }, integrityPact: true }, at: day(5) });
    await act({ number, act: { type: 'bid_received', bidder: { name: OTHER_BIDDER }, value: { amount: 110_000_000, currency: 'KRW' }, integrityPact: true }, at: day(6) });
    const before = await lastSeq();
    const late = await errorOf(act({ number, act: { type: 'bid_received', bidder: { name: 'Late Co' }, value: { amount: 100, currency: 'KRW' }, integrityPact: true }, at: day(18, 19) }));
    expect(late.key).toBe('contracts.error.bid_after_deadline');
    expect(await lastSeq()).toBe(before);

    const sealed = await everythingPublic();
    expect(sealed).not.toContain(CANARY_BIDDER);
    expect(sealed).not.toContain(String(CANARY_AMOUNT));
    expect(sealed).not.toContain('Canarybid');
    expect(sealed).toContain('"bid_received"');

    await move('tender', 'bid_opening', day(18, 20));
    await act({ number, act: { type: 'bids_opened' }, at: day(19) });
    const opened = await everythingPublic();
    expect(opened).toContain(CANARY_BIDDER);
    expect(opened).toContain(String(CANARY_AMOUNT));
    const event = (await publicRecord()).events.at(-1)!;
    expect(event.data).toEqual({ stage: 'bid_opening', bids: [
      { bid: 1, bidder: { name: CANARY_BIDDER }, value: { amount: CANARY_AMOUNT, currency: 'KRW' } },
      { bid: 2, bidder: { name: OTHER_BIDDER }, value: { amount: 110_000_000, currency: 'KRW' } },
    ] });
  });

  it('refuses an award to a debarred supplier, whatever the spelling of its name, and records the award to another', async () => {
    await move('bid_opening', 'evaluation', day(19));
    // The evaluator declared a conflict with one bidder (another spelling of its name): refused until it is withdrawn.
    const keys = partyKeys('contracts test secret');
    const declared = await declareConflict(db(), { actor: fx.officials.a1, keys, draft: { kind: 'former_employer', partyName: '주식회사 한빛건설', registration: '', address: '', parcel: '', note: '' } });
    const beforeEvaluation = await lastSeq();
    const conflicted = await errorOf(recordContractAct(db(), {
      number, actor: fx.officials.a1, partyKeys: keys, occurredAt: day(22), now: day(22),
      act: { type: 'bids_evaluated', scores: [{ bid: 1, score: 91, reason: 'Lowest price' }, { bid: 2, score: 88, reason: 'Sound method' }] },
    }));
    expect(conflicted).toMatchObject({ key: 'contracts.error.evaluator_conflict', values: { bids: '#2' } });
    expect(await lastSeq()).toBe(beforeEvaluation);
    await withdrawDeclaredConflict(db(), { actor: fx.officials.a1, id: declared });
    await act({ number, act: { type: 'bids_evaluated', scores: [{ bid: 1, score: 91, reason: 'Lowest price' }, { bid: 2, score: 88, reason: 'Sound method' }] }, at: day(22) });
    await move('evaluation', 'award', day(23));
    const refused = await errorOf(debarSupplier(db(), { supplierName: 'X', reason: 'Bid rigging', decision: '', startsOn: '2026-02-30', endsOn: '2026-13-01', actor: fx.officials.boss }));
    expect(refused.fields.map((f) => f.field).sort()).toEqual(['decision', 'ends_on', 'starts_on']);
    expect((await errorOf(debarSupplier(db(), { supplierName: 'X', reason: 'r', decision: 'd', startsOn: '2026-01-01', endsOn: '2026-12-31', actor: fx.officials.a1 }))).key).toBe('contracts.error.forbidden_debar');
    await debarSupplier(db(), { supplierName: 'CANARYBID XQ9 CONSTRUCTION CO., LTD.', reason: 'Bid rigging on the bridge tender', decision: 'Decision 2026-17', startsOn: '2026-01-01', endsOn: '2027-12-31', actor: fx.officials.boss });
    const before = await lastSeq();
    const debarred = await errorOf(act({ number, act: { type: 'awarded', bid: 1, supplier: { name: '' }, value: { amount: CANARY_AMOUNT, currency: 'KRW' }, reasons: 'Best score' }, at: day(24) }));
    expect(debarred).toMatchObject({ key: 'contracts.error.debarred', values: { supplier: CANARY_BIDDER, until: '2027-12-31' } });
    expect(await lastSeq()).toBe(before);
    await act({ number, act: { type: 'awarded', bid: 2, supplier: { name: '' }, value: { amount: 110_000_000, currency: 'KRW' }, reasons: 'Best score of the eligible bids' }, at: day(24) });
    expect((await publicRecord()).events.at(-1)!.data).toMatchObject({ supplier: { name: OTHER_BIDDER }, bid: 2 });
  });

  it('signs the contract, refuses an amendment without a reason, amends it, keeps its milestones and payments, and completes it', async () => {
    await move('award', 'standstill', day(25));
    await move('standstill', 'contract', day(31));
    await act({ number, act: { type: 'contract_signed', value: { amount: 110_000_000, currency: 'KRW' } }, at: day(34) });
    await move('contract', 'implementation', day(35));
    const before = await lastSeq();
    const noReason = await errorOf(act({ number, act: { type: 'contract_amended', reason: '  ', value: { amount: 150_000_000, currency: 'KRW' } }, at: day(60) }));
    expect(noReason.fields[0]?.key).toBe('contracts.error.amendment_reason');
    expect(await lastSeq()).toBe(before);
    await act({ number, act: { type: 'contract_amended', reason: 'Asbestos found under the roof', value: { amount: 150_000_000, currency: 'KRW' } }, at: day(60) });
    // The schedule: a milestone due 11 May, met on 16 May; a payment due 20 May, paid on the day; a bad one refused.
    const beforeSchedule = await lastSeq();
    const badMilestone = await errorOf(act({ number, act: { type: 'milestone_scheduled', title: ' ', dueDate: '2026-02-30' }, at: day(61) }));
    expect(badMilestone.fields.map((f) => f.field).sort()).toEqual(['due_date', 'title']);
    const badPayment = await errorOf(act({ number, act: { type: 'payment_scheduled', value: { amount: 75_000_000, currency: 'USD' }, dueDate: '2026-05-20' }, at: day(61) }));
    expect(badPayment.fields[0]).toMatchObject({ field: 'value_currency', key: 'contracts.error.currency_mismatch' });
    expect((await errorOf(act({ number, act: { type: 'payment_made', payment: 1, value: { amount: 1, currency: 'KRW' } }, at: day(61) }))).fields[0]?.field).toBe('payment');
    expect(await lastSeq()).toBe(beforeSchedule);
    await act({ number, act: { type: 'milestone_scheduled', title: 'Roof waterproofed', dueDate: '2026-05-11' }, at: day(61) });
    await act({ number, act: { type: 'payment_scheduled', value: { amount: 75_000_000, currency: 'KRW' }, dueDate: '2026-05-20' }, at: day(61) });
    await act({ number, act: { type: 'milestone_met', milestone: 1 }, at: day(75) });
    expect((await errorOf(act({ number, act: { type: 'milestone_met', milestone: 1 }, at: day(76) }))).key).toBe('contracts.error.milestone_already_met');
    await act({ number, act: { type: 'payment_made', payment: 1, value: { amount: 75_000_000, currency: 'KRW' } }, at: day(79) });
    const record = await publicRecord();
    expect(record.events.at(-1)!.data).toEqual({ stage: 'implementation', payment: 1, value: { amount: 75_000_000, currency: 'KRW' }, due: { amount: 75_000_000, currency: 'KRW' }, due_date: '2026-05-20' });
    expect(contractImplementationFlags(record.events, '2026-06-01')).toEqual([
      { kind: 'late_milestone', seq: record.events.find((e) => e.type === 'milestone_met')!.seq, values: { milestone: 1, days: 5, due: '2026-05-11' } },
    ]);
    await recordAct(db(), { number, act: { type: 'decision', outcome: 'approved', reasons: 'Works accepted' }, actor: fx.officials.a1, occurredAt: day(90), now: day(90) });
    expect((await publicRecord()).status).toBe('approved');
  });

  it('publishes release and record packages that validate against OCDS 1.1.5 and its codelists, each release naming its log entry', async () => {
    await sequenceCommitted(db());
    const app = await publicRecord();
    const releases = releasesOf(app, ctx);
    expect(releases.map((r) => (r.tag as string[])[0])).toEqual([
      'planning', 'tender', 'tenderUpdate', 'tenderUpdate', 'award', 'contract', 'contractAmendment', 'implementation', 'implementation', 'implementation', 'implementation', 'contractTermination',
    ]);
    for (const r of releases) {
      const log = (r.daylight as { event: { seq: number; log_index: number | null } }).event;
      const event = app.events.find((e) => e.seq === log.seq)!;
      expect(log.log_index).toBe(event.log!.index);
    }
    // The package is CommonJS: its class is the default export's `default` under Node's ESM interop.
    const Ajv = AjvDraft04.default;
    const ajv = new Ajv({ strict: false, validateFormats: false });
    ajv.addSchema(schema('release-schema.json'));
    // The record package may embed a versioned release; ours never does, and this schema refuses one if it appeared.
    ajv.addSchema({ id: 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json', not: {} });
    const validRelease = ajv.compile(schema('release-package-schema.json'));
    const validRecord = ajv.compile(schema('record-package-schema.json'));
    const pkg = releasePackage(releases, ctx, 'https://daylight.test/contracts/x/releases.json');
    expect(validRelease(pkg), JSON.stringify(validRelease.errors)).toBe(true);
    const record = recordPackage(app, ctx, 'https://daylight.test/contracts/x/record.json');
    expect(validRecord(record), JSON.stringify(validRecord.errors)).toBe(true);
    const compiled = record.records[0]!.compiledRelease as unknown as { tender: { status: string; procurementMethod: string; mainProcurementCategory: string }; awards: { status: string }[]; contracts: { status: string; value: { amount: number } }[]; parties: { roles: string[] }[] };
    expect(codelist('tenderStatus.csv')).toContain(compiled.tender.status);
    expect(codelist('method.csv')).toContain(compiled.tender.procurementMethod);
    expect(codelist('procurementCategory.csv')).toContain(compiled.tender.mainProcurementCategory);
    expect(codelist('awardStatus.csv')).toContain(compiled.awards[0]!.status);
    expect(compiled.contracts[0]).toMatchObject({
      status: 'terminated', value: { amount: 150_000_000 }, description: 'Completed: Works accepted',
      milestones: [
        { id: 'milestone-1', title: 'Roof waterproofed', type: 'delivery', status: 'met', dueDate: '2026-05-11T23:59:59+09:00', dateMet: '2026-05-16T10:00:00+09:00' },
        { id: 'payment-1', type: 'financing', status: 'met', value: { amount: 75_000_000, currency: 'KRW' }, dueDate: '2026-05-20T23:59:59+09:00' },
      ],
      implementation: { transactions: [{ date: '2026-05-20T10:00:00+09:00', value: { amount: 75_000_000, currency: 'KRW' }, payee: { name: OTHER_BIDDER } }] },
    });
    // milestoneType is an open codelist (not among the specs); milestoneStatus is closed.
    for (const m of (compiled.contracts[0] as unknown as { milestones: { status: string }[] }).milestones) expect(codelist('milestoneStatus.csv')).toContain(m.status);
    // Before the first payment, the contract carries no empty transactions list.
    expect((releases[8]!.contracts as Record<string, unknown>[])[0]).not.toHaveProperty('implementation');
    expect(codelist('contractStatus.csv')).toContain(compiled.contracts[0]!.status);
    for (const role of compiled.parties.flatMap((p) => p.roles)) expect(codelist('partyRole.csv')).toContain(role);
    for (const r of releases) for (const tag of r.tag as string[]) expect(codelist('releaseTag.csv')).toContain(tag);
  });

  it('shows auditors a bidder whose registration number matches the evaluator’s declaration in force, and only then', async () => {
    const keys = partyKeys('contracts test secret');
    const thresholds = DEFAULT_OPEN_TENDER_THRESHOLDS;
    const conflictedOf = async (n: string, withKeys = true) =>
      (await contractFlags(db(), { thresholds, now: day(23), ...(withKeys ? { partyKeys: keys } : {}) })).flags.filter((f) => f.number === n && f.flag.kind === 'conflicted_supplier').map((f) => f.flag.values);
    // The first process's evaluator declared a conflict months after evaluating it: no flag.
    expect(await conflictedOf(number)).toEqual([]);
    number = (await openProcess(db(), {
      jurisdictionCode: 'TS', procedureCode: 'contracts-build', title: 'Bridge lighting', place: '3 Haneul-ro', category: 'works', method: 'open',
      estimatedAmount: '90,000,000', currency: 'KRW', actor: fx.officials.a1, now: day(0),
    })).number;
    await stage('stage_started', 'planning', day(0));
    await move('planning', 'tender', day(1));
    await act({ number, act: { type: 'tender_published', tenderEnd: '2026-03-20T18:00:00+09:00' }, at: day(1) });
    const account = { bidderId: 1, registrationNumber: '123-45-67890', pactSha256: 'a'.repeat(64), pactLocale: 'en' };
    await act({ number, act: { type: 'bid_received', bidder: { name: 'Sori Electric' }, value: { amount: 80_000_000, currency: 'KRW' }, integrityPact: true, account }, at: day(5) });
    await act({ number, act: { type: 'bid_received', bidder: { name: 'Byeol Lighting' }, value: { amount: 85_000_000, currency: 'KRW' }, integrityPact: true }, at: day(6) });
    await move('tender', 'bid_opening', day(18, 20));
    await act({ number, act: { type: 'bids_opened' }, at: day(19) });
    await move('bid_opening', 'evaluation', day(19));
    // Declared under another name, with the registration number without its dashes; the evaluation is recorded without the check.
    await declareConflict(db(), { actor: fx.officials.a1, keys, now: day(20), draft: { kind: 'business_interest', partyName: 'Sori Holdings', registration: '1234567890', address: '', parcel: '', note: '' } });
    await act({ number, act: { type: 'bids_evaluated', scores: [{ bid: 1, score: 90, reason: 'Lowest price' }, { bid: 2, score: 80, reason: 'Sound method' }] }, at: day(22) });
    expect(await conflictedOf(number)).toEqual([{ supplier: 'Sori Electric', role: 'evaluator' }]);
    // Without fair handling's keys (the public counts), the flag is not computed.
    expect(await conflictedOf(number, false)).toEqual([]);
  });
});
