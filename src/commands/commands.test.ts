import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARY, PDF, STAGES, createFixture, type Fixture } from '../../test/helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { loadCaseForUpdate } from '../db/repos/cases.js';
import { hashSecret, normalizeAccessCode } from '../domain/secrets.js';
import { AppError } from '../errors.js';
import { saveProcedureVersion } from './admin/saveProcedureVersion.js';
import { answerSupplement } from './answerSupplement.js';
import { recordAct } from './recordAct.js';
import { submitApplication, type SubmitApplicationProps } from './submitApplication.js';
import { sequenceCommitted } from '../jobs/integrateLog.js';

const base = (over: Partial<SubmitApplicationProps> = {}): SubmitApplicationProps => ({
  jurisdictionCode: 'TS',
  procedureCode: 'building-permit',
  title: 'Two-storey retail building',
  location: { address: '12 Haneul-ro', lat: 37.5, lng: 127.01 },
  applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone },
  fields: { floor_area: '420', business_no: CANARY.business_no },
  documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }],
  channel: 'online',
  ...over,
});

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe.each(DIALECTS)('commands on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
  });
  afterAll(async () => database?.close());
  const db = () => database.db;
  const count = async (table: 'event' | 'application' | 'document') =>
    Number((await db().selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

  it('files an application online with a public number, a private access code and a received event', async () => {
    const receipt = await submitApplication(db(), base());
    expect(receipt.number).toMatch(/^\d{4}-TS-\d{7}$/);
    const app = await db().selectFrom('application').selectAll().where('number', '=', receipt.number).executeTakeFirstOrThrow();
    expect(app.access_code_hash).toBe(hashSecret(normalizeAccessCode(receipt.accessCode)));
    expect(app.status).toBe('received');
    const events = await db().selectFrom('event').selectAll().where('application_id', '=', app.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe('received');
    expect(events[0]!.data).toMatchObject({ title: 'Two-storey retail building', fields: { floor_area: '420' }, channel: 'online' });
    expect(JSON.stringify(events[0]!.data)).not.toContain(CANARY.business_no);
    expect(JSON.stringify(events[0]!.actor)).toBe('{"kind":"applicant"}');
    const priv = await db().selectFrom('application_private').selectAll().where('application_id', '=', app.id).executeTakeFirstOrThrow();
    expect(priv).toMatchObject({ applicant_name: CANARY.name, fields: { business_no: CANARY.business_no } });
    const doc = await db().selectFrom('document').selectAll().where('application_id', '=', app.id).executeTakeFirstOrThrow();
    expect(Buffer.from(doc.content).equals(PDF)).toBe(true);
  });

  it('numbers applications consecutively', async () => {
    const a = await submitApplication(db(), base());
    const b = await submitApplication(db(), base());
    expect(Number(b.number.slice(-7)) - Number(a.number.slice(-7))).toBe(1);
  });

  it.each<[string, Partial<SubmitApplicationProps>, string]>([
    ['a missing required document', { documents: [] }, 'validation'],
    ['a missing required field', { fields: {} }, 'validation'],
    ['a non-numeric number field', { fields: { floor_area: 'big' } }, 'validation'],
    ['a file that is not a PDF or image', { documents: [{ kind: 'plan', filename: 'x.pdf', bytes: Buffer.from('<html>') }] }, 'unsupported_media_type'],
    ['an unknown procedure', { procedureCode: 'nope' }, 'not_found'],
    ['a document the procedure does not ask for', { documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }, { kind: 'selfie', filename: 's.pdf', bytes: PDF }] }, 'validation'],
  ])('refuses %s and writes nothing', async (_name, over, id) => {
    const before = [await count('application'), await count('event'), await count('document')];
    const error = await errorOf(submitApplication(db(), base(over)));
    expect(error.id).toBe(id);
    expect([await count('application'), await count('event'), await count('document')]).toEqual(before);
  });

  it('lets a clerk register a counter application without uploads, in the clerk’s name', async () => {
    const receipt = await submitApplication(db(), base({ channel: 'counter', documents: [], actor: fx.officials.clerk, receivedAt: new Date(Date.now() - 3_600_000) }));
    const app = await db().selectFrom('application').select('id').where('number', '=', receipt.number).executeTakeFirstOrThrow();
    const event = await db().selectFrom('event').selectAll().where('application_id', '=', app.id).executeTakeFirstOrThrow();
    expect(event.actor).toMatchObject({ kind: 'official', name: { en: 'Jeong Chang-gu' }, unit: { code: 'TS-BUILD' } });
    expect(event.recorded_at.getTime() - event.occurred_at.getTime()).toBeGreaterThan(3_000_000);
  });

  it('refuses counter registration by an official without the clerk role', async () => {
    const error = await errorOf(submitApplication(db(), base({ channel: 'counter', actor: fx.officials.a1 })));
    expect(error.id).toBe('forbidden');
  });

  it('works an application through every stage to an approval, keeping the read model equal to a replay', async () => {
    const { number } = await submitApplication(db(), base());
    const { a1, boss, fire1 } = fx.officials;
    await recordAct(db(), { number, act: { type: 'assigned', officialId: a1.id }, actor: boss });
    await recordAct(db(), { number, act: { type: 'stage_started', stage: 'intake' }, actor: a1 });
    await recordAct(db(), { number, act: { type: 'stage_completed', stage: 'intake', note: 'Complete' }, actor: a1, internalNote: CANARY.internal });
    await recordAct(db(), { number, act: { type: 'stage_started', stage: 'fire' }, actor: fire1 });
    await recordAct(db(), { number, act: { type: 'stage_started', stage: 'structure' }, actor: a1 });
    await recordAct(db(), { number, act: { type: 'site_inspection', stage: 'structure', note: 'Foundations as drawn' }, actor: a1 });
    await recordAct(db(), { number, act: { type: 'stage_completed', stage: 'fire' }, actor: fire1 });
    await recordAct(db(), { number, act: { type: 'stage_completed', stage: 'structure' }, actor: a1 });
    await recordAct(db(), { number, act: { type: 'stage_started', stage: 'decision' }, actor: boss });
    const done = await recordAct(db(), { number, act: { type: 'decision', outcome: 'approved_with_conditions', conditions: 'Noise barrier during works' }, actor: boss });
    expect(done).toMatchObject({ type: 'decision', seq: 11 });
    const row = await db().selectFrom('application').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
    expect(row.status).toBe('approved_with_conditions');
    expect(row.closed_at).not.toBeNull();
    const replayed = await db().transaction().execute((trx) => loadCaseForUpdate(trx, number));
    expect(row.stages).toEqual(replayed.state.stages);
    expect(row.stages.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(row.assigned_official_id).toBe(a1.id);
    const fireEvent = await db().selectFrom('event').select(['actor', 'private_data']).where('application_id', '=', row.id).where('seq', '=', 5).executeTakeFirstOrThrow();
    expect(fireEvent.actor).toMatchObject({ unit: { code: 'TS-FIRE' } });
  });

  it('refuses out-of-order acts and acts outside the official’s unit, changing nothing', async () => {
    const { number } = await submitApplication(db(), base());
    const before = await count('event');
    const cases: [Parameters<typeof recordAct>[1], string][] = [
      [{ number, act: { type: 'stage_completed', stage: 'intake' }, actor: fx.officials.a1 }, 'error.stage_not_active'],
      [{ number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.road1 }, 'error.forbidden_other_unit'],
      [{ number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.clerk }, 'error.forbidden_act'],
      [{ number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.auditor }, 'error.forbidden_act'],
      [{ number, act: { type: 'assigned', officialId: fx.officials.a2.id }, actor: fx.officials.a1 }, 'error.forbidden_assign_others'],
      [{ number, act: { type: 'assigned', officialId: fx.officials.road1.id }, actor: fx.officials.boss }, 'error.assignee_not_eligible'],
      [{ number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1, occurredAt: new Date(Date.now() + 3_600_000) }, 'error.occurred_in_future'],
      [{ number: '2026-TS-9999999', act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 }, 'error.application_not_found'],
    ];
    for (const [props, key] of cases) expect((await errorOf(recordAct(db(), props))).key).toBe(key);
    expect(await count('event')).toBe(before);
  });

  it('a rejection must carry reasons and routes of redress', async () => {
    const { number } = await submitApplication(db(), base());
    await recordAct(db(), { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    expect((await errorOf(recordAct(db(), { number, act: { type: 'decision', outcome: 'rejected', reasons: 'Too tall' }, actor: fx.officials.a1 }))).key).toBe('error.rejection_needs_redress');
    await recordAct(db(), { number, act: { type: 'decision', outcome: 'rejected', reasons: 'Too tall', redress: 'Appeal within 90 days' }, actor: fx.officials.a1 });
    const row = await db().selectFrom('application').select(['status']).where('number', '=', number).executeTakeFirstOrThrow();
    expect(row.status).toBe('rejected');
  });

  it('pauses for a supplement the applicant answers with documents', async () => {
    const { number } = await submitApplication(db(), base());
    await recordAct(db(), { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    await recordAct(db(), { number, act: { type: 'supplement_requested', stage: 'intake', message: CANARY.message, note: 'Drawings incomplete' }, actor: fx.officials.a1 });
    const app = await db().selectFrom('application').select(['id', 'status']).where('number', '=', number).executeTakeFirstOrThrow();
    expect(app.status).toBe('awaiting_applicant');
    const other = await db().selectFrom('application').select('id').where('number', '!=', number).executeTakeFirstOrThrow();
    expect((await errorOf(answerSupplement(db(), { number, applicationId: other.id, documents: [{ kind: 'supplement', filename: 'a.pdf', bytes: PDF }] }))).id).toBe('forbidden');
    await answerSupplement(db(), { number, applicationId: app.id, documents: [{ kind: 'supplement', filename: 'a.pdf', bytes: PDF }], message: 'Here they are' });
    const after = await db().selectFrom('application').select(['status', 'last_seq']).where('id', '=', app.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'in_review', last_seq: 4 });
    expect(await db().selectFrom('document').select('id').where('application_id', '=', app.id).where('event_seq', '=', 4).execute()).toHaveLength(1);
  });

  it('appends events without a log index, then sequences every committed one with no gaps, each case in its own order', async () => {
    const unsequenced = await db().selectFrom('event').select('id').where('log_index', 'is', null).execute();
    expect(unsequenced.length).toBeGreaterThan(0);
    // Concurrent writers on several cases, then the sequencer (twice at once, as two instances would).
    const numbers = await Promise.all([1, 2, 3].map(async () => (await submitApplication(db(), base())).number));
    await Promise.all(numbers.map((number) => recordAct(db(), { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 })));
    await Promise.all([sequenceCommitted(db()), sequenceCommitted(db())]);
    const rows = await db().selectFrom('event').select(['log_index', 'application_id', 'seq']).orderBy('log_index').execute();
    expect(rows.map((r) => r.log_index)).toEqual(rows.map((_, i) => i));
    const counter = await db().selectFrom('log_sequence').select('next_index').executeTakeFirstOrThrow();
    expect(counter.next_index).toBe(rows.length);
    const lastSeq = new Map<number, number>();
    for (const r of rows) {
      expect(r.seq).toBeGreaterThan(lastSeq.get(r.application_id) ?? 0);
      lastSeq.set(r.application_id, r.seq);
    }
  });

  it('never lets an event be rewritten or deleted', async () => {
    const event = await db().selectFrom('event').select('id').executeTakeFirstOrThrow();
    await expect(db().updateTable('event').set({ type: 'decision' }).where('id', '=', event.id).execute()).rejects.toThrow(/append-only/);
    await expect(db().deleteFrom('event').where('id', '=', event.id).execute()).rejects.toThrow(/append-only/);
  });

  it('serialises concurrent acts on one application: one wins, the other is refused, no fork', async () => {
    const { number } = await submitApplication(db(), base());
    const results = await Promise.allSettled([
      recordAct(db(), { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 }),
      recordAct(db(), { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a2 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const app = await db().selectFrom('application').select(['id', 'last_seq']).where('number', '=', number).executeTakeFirstOrThrow();
    expect(app.last_seq).toBe(2);
  });

  it.skipIf(dialect === 'pglite')('gives an act that waited for the lock the history as the act holding it left it', async () => {
    const { number } = await submitApplication(db(), base());
    let waiting!: Promise<unknown>;
    await db().transaction().execute(async (trx) => {
      await recordAct(trx, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
      // The second act starts reading while the first still holds the row, and so reads the case before the first's
      // event in its statement's snapshot; it must still complete the stage the first one started.
      waiting = recordAct(db(), { number, act: { type: 'stage_completed', stage: 'intake' }, actor: fx.officials.a1 });
      const holder = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx)).rows[0]!.pid;
      // Asked on another connection each time: a transaction sees one snapshot of pg_stat_activity.
      for (;;) {
        const blocked = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_stat_activity WHERE ${holder}::int = ANY(pg_blocking_pids(pid))`.execute(db());
        if (blocked.rows[0]!.n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    });
    await waiting;
    const app = await db().selectFrom('application').select(['id', 'last_seq', 'stages']).where('number', '=', number).executeTakeFirstOrThrow();
    expect(app.last_seq).toBe(3);
    expect(app.stages.find((s) => s.key === 'intake')?.status).toBe('done');
    const types = await db().selectFrom('event').select('type').where('application_id', '=', app.id).orderBy('seq').execute();
    expect(types.map((e) => e.type)).toEqual(['received', 'stage_started', 'stage_completed']);
  });

  it('keeps the version an application was filed under when the procedure changes', async () => {
    const { number } = await submitApplication(db(), base());
    await saveProcedureVersion(db(), fx.officials.admin, {
      jurisdictionId: fx.jurisdictionId, code: 'building-permit', category: 'building', unitCode: 'TS-BUILD',
      name: { ko: '건축허가', en: 'Building permit' }, purpose: { ko: '목적', en: 'Purpose' }, legalBasis: { ko: '건축법', en: 'Building Act' },
      feeKrw: 30000, statutoryDays: 10, documents: [], fields: [],
      stages: [STAGES[0]!, { ...STAGES[3]! }],
    });
    const newer = await submitApplication(db(), base({ documents: [], fields: {} }));
    const versions = await db()
      .selectFrom('application as a').innerJoin('procedure as p', 'p.id', 'a.procedure_id')
      .select(['a.number', 'p.version', 'p.stages']).where('a.number', 'in', [number, newer.number]).orderBy('a.id').execute();
    expect(versions.map((v) => [v.version, v.stages.length])).toEqual([[1, 4], [2, 2]]);
    // The old application still moves through its own four stages.
    await recordAct(db(), { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1 });
    await recordAct(db(), { number, act: { type: 'stage_completed', stage: 'intake' }, actor: fx.officials.a1 });
    await recordAct(db(), { number, act: { type: 'stage_started', stage: 'fire' }, actor: fx.officials.fire1 });
  });
});
