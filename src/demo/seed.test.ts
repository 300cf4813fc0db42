import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/helpers/db.js';
import { testLogSigner } from '../../test/helpers/log.js';
import { Client, testServer } from '../../test/helpers/server.js';
import { auditLog, auditPassed } from '../cli/audit.js';
import { answerSupplement } from '../commands/answerSupplement.js';
import { recordAct } from '../commands/recordAct.js';
import { submitApplication } from '../commands/submitApplication.js';
import { calendarOfJurisdiction } from '../db/repos/calendars.js';
import { activeUnits } from '../db/repos/cases.js';
import { openInquiriesOfUnit } from '../db/repos/inquiries.js';
import type { DB } from '../db/schema.js';
import type { OfficialActor } from '../domain/actor.js';
import { commitText, mentionsCorruption } from '../domain/inquiry.js';
import { hashSecret, normalizeAccessCode } from '../domain/secrets.js';
import { formatNumber } from '../domain/time.js';
import { CATEGORIES, STATUSES, type EventType, type Role } from '../domain/types.js';
import { PROCUREMENT_CATEGORY } from '../domain/contracts.js';
import { replay } from '../domain/workflow.js';
import { integrateAll } from '../jobs/integrateLog.js';
import { demoPdf } from './pdf.js';
import { DEMO_ACCESS_CODE, DEMO_PASSWORD, planDemo, seedDemo, type DemoPlan, type SeedSummary } from './seed.js';

const NOW = new Date('2026-11-24T10:30:00+09:00');

/** Replays every application's events and compares the result with the stored read model, as the commands see it. */
async function checkReadModels(db: Kysely<DB>): Promise<number> {
  const apps = await db
    .selectFrom('application as a')
    .innerJoin('procedure as p', 'p.id', 'a.procedure_id')
    .select(['a.id', 'a.number', 'a.jurisdiction_id', 'a.unit_id', 'a.status', 'a.stages', 'a.assigned_official_id', 'a.active_unit_ids', 'a.last_seq', 'a.closed_at', 'a.received_at', 'p.stages as procedure_stages'])
    .orderBy('a.id')
    .execute();
  const events = await db
    .selectFrom('event')
    .select(['application_id', 'seq', 'type', 'occurred_at', 'recorded_at', 'actor_official_id', 'data', 'private_data'])
    .orderBy('application_id')
    .orderBy('seq')
    .execute();
  const units = await db.selectFrom('unit').select(['id', 'code', 'jurisdiction_id']).execute();
  const byApp = new Map<number, typeof events>();
  for (const e of events) byApp.set(e.application_id, [...(byApp.get(e.application_id) ?? []), e]);
  for (const app of apps) {
    const history = byApp.get(app.id) ?? [];
    expect(history.map((e) => e.seq), app.number).toEqual(history.map((_, i) => i + 1));
    expect(history[0]!.occurred_at.getTime(), app.number).toBe(app.received_at.getTime());
    for (let i = 1; i < history.length; i++) {
      // Both clocks only move forward along a case: acts happen in order and are entered in order.
      expect(history[i]!.occurred_at.getTime(), `${app.number} #${i + 1}`).toBeGreaterThanOrEqual(history[i - 1]!.occurred_at.getTime());
      expect(history[i]!.recorded_at.getTime(), `${app.number} #${i + 1}`).toBeGreaterThanOrEqual(history[i - 1]!.recorded_at.getTime());
    }
    for (const e of history) expect(e.recorded_at.getTime()).toBeGreaterThanOrEqual(e.occurred_at.getTime());
    const state = replay(
      app.procedure_stages,
      history.map((e) => ({ seq: e.seq, type: e.type as EventType, occurredAt: e.occurred_at.toISOString(), officialId: e.actor_official_id, data: { ...e.private_data, ...e.data } })),
    );
    expect(app.status, app.number).toBe(state.status);
    expect(app.stages, app.number).toEqual(state.stages);
    expect(app.assigned_official_id, app.number).toBe(state.assigneeId);
    expect(app.last_seq, app.number).toBe(state.lastSeq);
    const consulted = new Map(history.filter((e) => e.type === 'consultation_requested').map((e) => [e.seq, e.private_data.unit_id as number]));
    const codes = new Map(units.filter((u) => u.jurisdiction_id === app.jurisdiction_id).map((u) => [u.code, u.id]));
    expect(app.active_unit_ids, app.number).toEqual(activeUnits(state, app.procedure_stages, app.unit_id, codes, consulted));
    const closing = history.find((e) => ['decision', 'withdrawn'].includes(e.type));
    expect(app.closed_at?.getTime() ?? null, app.number).toBe(closing ? closing.occurred_at.getTime() : null);
  }
  return apps.length;
}

/** Every reference points at a row that exists (the bulk load may skip the database's own checks). */
async function checkReferences(db: Kysely<DB>): Promise<void> {
  const { rows } = await sql<{ problem: string; n: number }>`
    SELECT 'event without application' AS problem, count(*)::int AS n FROM event e LEFT JOIN application a ON a.id = e.application_id WHERE a.id IS NULL
    UNION ALL SELECT 'event in another jurisdiction', count(*)::int FROM event e JOIN application a ON a.id = e.application_id WHERE a.jurisdiction_id <> e.jurisdiction_id
    UNION ALL SELECT 'event actor missing', count(*)::int FROM event e LEFT JOIN official o ON o.id = e.actor_official_id WHERE e.actor_official_id IS NOT NULL AND o.id IS NULL
    UNION ALL SELECT 'official actor without id', count(*)::int FROM event WHERE actor->>'kind' = 'official' AND actor_official_id IS NULL
    UNION ALL SELECT 'application without private row', count(*)::int FROM application a LEFT JOIN application_private p ON p.application_id = a.id WHERE p.application_id IS NULL
    UNION ALL SELECT 'application procedure in another unit', count(*)::int FROM application a JOIN procedure p ON p.id = a.procedure_id WHERE (p.unit_id <> a.unit_id AND a.transfer_count = 0) OR p.code <> a.procedure_code OR p.jurisdiction_id <> a.jurisdiction_id
    UNION ALL SELECT 'assignee missing', count(*)::int FROM application a LEFT JOIN official o ON o.id = a.assigned_official_id WHERE a.assigned_official_id IS NOT NULL AND o.id IS NULL
    UNION ALL SELECT 'document without event', count(*)::int FROM document d LEFT JOIN event e ON e.application_id = d.application_id AND e.seq = d.event_seq WHERE e.id IS NULL
    UNION ALL SELECT 'document count mismatch', count(*)::int FROM event e
      WHERE e.type IN ('received', 'supplement_received')
        AND (e.data->>'document_count')::int <> (SELECT count(*) FROM document d WHERE d.application_id = e.application_id AND d.event_seq = e.seq)
    UNION ALL SELECT 'official in a unit of another jurisdiction', count(*)::int FROM official o JOIN unit u ON u.id = o.unit_id WHERE u.jurisdiction_id <> o.jurisdiction_id
    UNION ALL SELECT 'inquiry without application or in another jurisdiction', count(*)::int FROM inquiry i LEFT JOIN application a ON a.id = i.application_id WHERE a.id IS NULL OR a.jurisdiction_id <> i.jurisdiction_id
    UNION ALL SELECT 'inquiry unit missing', count(*)::int FROM inquiry i LEFT JOIN unit u ON u.id = i.unit_id WHERE u.id IS NULL OR u.jurisdiction_id <> i.jurisdiction_id
    UNION ALL SELECT 'inquiry citizen missing', count(*)::int FROM inquiry i LEFT JOIN citizen c ON c.id = i.citizen_id WHERE (i.citizen_id IS NOT NULL AND c.id IS NULL) OR (i.asked_by = 'citizen') <> (i.citizen_id IS NOT NULL)
    UNION ALL SELECT 'inquiry answered by someone outside its unit', count(*)::int FROM inquiry i LEFT JOIN official o ON o.id = i.answered_by WHERE i.answered_by IS NOT NULL AND (o.id IS NULL OR o.unit_id <> i.unit_id)
    UNION ALL SELECT 'redaction without inquiry or official', count(*)::int FROM inquiry_redaction r LEFT JOIN inquiry i ON i.id = r.inquiry_id LEFT JOIN official o ON o.id = r.official_id WHERE i.id IS NULL OR o.id IS NULL
  `.execute(db);
  expect(rows.filter((r) => r.n > 0)).toEqual([]);
}

async function officialActor(db: Kysely<DB>, login: string): Promise<OfficialActor> {
  const o = await db
    .selectFrom('official as o')
    .innerJoin('unit as u', 'u.id', 'o.unit_id')
    .select(['o.id', 'o.login', 'o.jurisdiction_id', 'o.unit_id', 'u.code', 'o.roles'])
    .where('o.login', '=', login)
    .executeTakeFirstOrThrow();
  return { kind: 'official', id: o.id, login: o.login, jurisdictionId: o.jurisdiction_id, unitId: o.unit_id, unitCode: o.code, roles: o.roles as Role[] };
}

describe.each(DIALECTS)('small demo seed on %s', (dialect) => {
  let database: TestDatabase;
  let summary: SeedSummary;
  let seedMs = 0;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    const started = performance.now();
    summary = await seedDemo(database.db, { size: 'small', now: NOW });
    seedMs = performance.now() - started;
    console.log(`small demo seed on ${dialect}: ${Math.round(seedMs)} ms`);
  });
  afterAll(() => database?.close());

  it('sets up the demo city, its departments, officials and catalogue', async () => {
    const { db } = database;
    const jurisdictions = await db.selectFrom('jurisdiction').selectAll().orderBy('code').execute();
    expect(jurisdictions.map((j) => [j.code, j.show_official_names, j.time_zone])).toEqual([
      ['DB', true, 'Asia/Seoul'],
      ['HN', true, 'Asia/Seoul'],
      ['SB', false, 'Asia/Seoul'],
    ]);
    const units = await db.selectFrom('unit').selectAll().execute();
    expect(units.length).toBeGreaterThanOrEqual(10);
    for (const u of units) {
      expect(u.code).toMatch(/^(HN|DB|SB)-[A-Z]+$/);
      expect(u.name_ko && u.name_en && u.phone && u.email).toBeTruthy();
    }
    const officials = await db.selectFrom('official').selectAll().execute();
    expect(officials.length).toBeGreaterThanOrEqual(40);
    expect(new Set(officials.map((o) => o.password_hash)).size).toBe(1);
    for (const u of units) expect(officials.filter((o) => o.unit_id === u.id && o.roles.includes('supervisor')), u.code).toHaveLength(1);
    const roleCount = (role: Role) => officials.filter((o) => o.roles.includes(role)).length;
    expect(roleCount('auditor')).toBe(1);
    expect(roleCount('admin')).toBe(1);
    expect(roleCount('clerk')).toBeGreaterThanOrEqual(2);
    expect(roleCount('official')).toBeGreaterThanOrEqual(20);

    const procedures = await db.selectFrom('procedure').selectAll().execute();
    const current = procedures.filter((p) => p.is_current);
    expect(current.length).toBeGreaterThanOrEqual(20);
    expect(new Set(current.map((p) => p.category)).size).toBeGreaterThanOrEqual(8);
    // Permit procedures, and procurement procedures (ADR 0022), which are not among the permit categories.
    for (const p of current) expect([...CATEGORIES, PROCUREMENT_CATEGORY]).toContain(p.category);
    expect(current.some((p) => p.category === PROCUREMENT_CATEGORY)).toBe(true);
    expect(procedures.some((p) => !p.is_current && procedures.some((q) => q.is_current && q.code === p.code && q.jurisdiction_id === p.jurisdiction_id && q.version === p.version + 1))).toBe(true);
    const unitJurisdiction = new Map(units.map((u) => [u.code, u.jurisdiction_id]));
    const permits = (list: typeof procedures) => list.filter((p) => p.category !== PROCUREMENT_CATEGORY);
    for (const p of permits(procedures)) {
      expect(p.stages.length, p.code).toBeGreaterThanOrEqual(3);
      expect(p.stages.length, p.code).toBeLessThanOrEqual(7);
      expect(p.stages.at(-1)?.key, p.code).toBe('decision');
      for (const s of p.stages) if (s.unit_code) expect(unitJurisdiction.get(s.unit_code), `${p.code} ${s.key}`).toBe(p.jurisdiction_id);
      expect(p.fields.some((f) => f.public)).toBe(true);
      expect(p.documents.some((d) => d.required)).toBe(true);
    }
    // At least one procedure runs two consultations with other units side by side.
    expect(procedures.some((p) => p.stages.filter((s) => s.parallel && s.unit_code).length >= 2)).toBe(true);

    expect(summary).toMatchObject({ jurisdictions: 3, units: units.length, officials: officials.length, procedures: permits(current).length, password: 'daylight-demo' });
    const logins = new Map(summary.logins.map((l) => [l.login, l]));
    expect(logins.get('admin')?.roles).toEqual(['admin']);
    expect(logins.get('auditor')?.roles).toEqual(['auditor']);
    expect(logins.get('clerk')?.roles).toEqual(['clerk']);
    expect(logins.get('clerk2')?.roles).toEqual(['clerk']);
    expect(logins.get('db.build.head')).toEqual({ login: 'db.build.head', roles: ['supervisor'], unit: 'DB-BUILD' });
    expect(logins.get('db.build.1')?.roles).toEqual(['official']);
  });

  it('files about a dozen applications that show every status', async () => {
    const { db } = database;
    const apps = await db.selectFrom('application').selectAll().execute();
    expect(apps.length).toBeGreaterThanOrEqual(12);
    expect(summary.applications).toBe(apps.length);
    expect(new Set(apps.map((a) => a.status))).toEqual(new Set(STATUSES));
    expect(new Set(apps.map((a) => a.channel))).toEqual(new Set(['online', 'counter', 'post', 'api']));
    const events = await db.selectFrom('event').select(['type', 'occurred_at', 'recorded_at', 'log_index']).execute();
    expect(summary.events).toBe(events.length);
    for (const type of ['received', 'assigned', 'reassigned', 'stage_started', 'stage_completed', 'supplement_requested', 'supplement_received', 'consultation_requested', 'consultation_answered', 'site_inspection', 'decision', 'withdrawn']) {
      expect(events.some((e) => e.type === type), type).toBe(true);
    }
    expect(events.some((e) => e.recorded_at.getTime() - e.occurred_at.getTime() > 3_600_000)).toBe(true);
    for (const a of apps) {
      expect(a.title).not.toMatch(/[{}]/);
      expect(a.received_at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(a.access_code_hash).toBe(hashSecret(normalizeAccessCode(DEMO_ACCESS_CODE)));
    }
    for (const e of events) expect(e.recorded_at.getTime()).toBeLessThanOrEqual(NOW.getTime());
  });

  it('keeps every history consistent with the domain and the stored read model', async () => {
    expect(await checkReadModels(database.db)).toBe(summary.applications);
    await checkReferences(database.db);
  });

  it('publishes actors as each jurisdiction allows and keeps personal data private', async () => {
    const { db } = database;
    const events = await db
      .selectFrom('event as e')
      .innerJoin('jurisdiction as j', 'j.id', 'e.jurisdiction_id')
      .select(['j.code', 'e.type', 'e.actor', 'e.data', 'e.actor_official_id'])
      .execute();
    for (const e of events) {
      if (e.actor?.kind !== 'official') continue;
      if (e.code === 'SB') expect(e.actor.name).toBeUndefined();
      else expect(e.actor.name?.ko).toMatch(/^[가-힣]{2,4}$/);
    }
    expect(events.find((e) => e.type === 'received' && e.actor?.kind === 'applicant')?.actor).toEqual({ kind: 'applicant' });
    const applicants = await db.selectFrom('application_private').selectAll().execute();
    const published = JSON.stringify([events.map((e) => [e.actor, e.data]), await db.selectFrom('application').select(['title', 'address', 'parcel_id']).execute()]);
    for (const p of applicants) {
      for (const secret of [p.applicant_name, p.applicant_email, p.applicant_phone, ...Object.values(p.fields)]) {
        if (secret) expect(published).not.toContain(secret);
      }
    }
  });

  // Before the next test, whose acts may rightly write applicants' mail: this is about what the seed leaves.
  it('asks no questions, so the journeys built on it start from an empty list', async () => {
    const { db } = database;
    for (const table of ['inquiry', 'citizen', 'outbox'] as const) {
      expect(await db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(), table).toEqual({ n: 0 });
    }
  });

  it('leaves the numbering and every open case where the commands can carry on', async () => {
    const { db } = database;
    const counter = await db.selectFrom('number_counter as c').innerJoin('jurisdiction as j', 'j.id', 'c.jurisdiction_id').select(['c.last']).where('j.code', '=', 'DB').where('c.year', '=', 2026).executeTakeFirstOrThrow();
    const pdf = demoPdf(['test']);
    const receipt = await submitApplication(db, {
      jurisdictionCode: 'DB',
      procedureCode: 'food-restaurant-licence',
      title: '동부구 하늘로 1 시험식당 일반음식점',
      location: { address: '하늘특별시 동부구 하늘로 1' },
      applicant: { name: '시험 신청인' },
      fields: { business_name: '시험식당', floor_area: '40', business_number: '123-45-67890' },
      documents: ['hygiene_training', 'health_certificate', 'floor_plan'].map((kind) => ({ kind, filename: `${kind}.pdf`, bytes: pdf })),
      channel: 'online',
      now: NOW,
    });
    expect(receipt.number).toBe(formatNumber(2026, 'DB', counter.last + 1));

    const waiting = await db.selectFrom('application').select(['id', 'number']).where('status', '=', 'awaiting_applicant').orderBy('id').executeTakeFirstOrThrow();
    await answerSupplement(db, { number: waiting.number, applicationId: waiting.id, documents: [{ kind: 'other', filename: 'answer.pdf', bytes: pdf }], now: NOW });

    const fresh = await db
      .selectFrom('application as a')
      .innerJoin('unit as u', 'u.id', 'a.unit_id')
      .select(['a.number', 'u.code'])
      .where('a.status', '=', 'received')
      .where('a.assigned_official_id', 'is', null)
      .orderBy('a.id')
      .executeTakeFirstOrThrow();
    const head = await officialActor(db, `${fresh.code.toLowerCase().replace('-', '.')}.head`);
    const officer = await officialActor(db, `${fresh.code.toLowerCase().replace('-', '.')}.1`);
    await recordAct(db, { number: fresh.number, act: { type: 'assigned', officialId: officer.id }, actor: head, now: NOW });
    await recordAct(db, { number: fresh.number, act: { type: 'stage_started', stage: 'intake' }, actor: officer, now: NOW });

    const reviewing = await db.selectFrom('application').select(['number']).where('status', '=', 'in_review').where('jurisdiction_id', '=', 'dongbu.haneul.example').orderBy('id').executeTakeFirstOrThrow();
    const events = await db.selectFrom('event as e').innerJoin('application as a', 'a.id', 'e.application_id').select(['e.type', 'e.data']).where('a.number', '=', reviewing.number).orderBy('e.seq').execute();
    const open = events.find((e) => e.type === 'consultation_requested');
    if (open) {
      const unit = (open.data.unit as { code: string }).code;
      const answerer = await officialActor(db, `${unit.toLowerCase().replace('-', '.')}.head`);
      const seq = events.indexOf(open) + 1;
      await recordAct(db, { number: reviewing.number, act: { type: 'consultation_answered', stage: String(open.data.stage), requestSeq: seq }, actor: answerer, now: NOW });
    }
    expect(await checkReadModels(db)).toBe(summary.applications + 1);
  });

  it('closes the days the government closed offices: designated days recorded with their history, election days by law', async () => {
    const { db } = database;
    for (const j of await db.selectFrom('jurisdiction').select(['id', 'calendar_version']).execute()) {
      const calendar = await calendarOfJurisdiction(db, j.id);
      expect(calendar.whyClosed('2025-01-27')?.source, j.id).toBe('designated');
      expect(calendar.whyClosed('2025-06-03')?.source, j.id).toBe('designated');
      expect(calendar.whyClosed('2026-06-03')?.source, j.id).toBe('statute');
      const history = await db.selectFrom('calendar_change').select(['version', 'kind']).where('jurisdiction_id', '=', j.id).orderBy('version').execute();
      expect(history.map((h) => h.version), j.id).toEqual([1, 2, 3]);
      expect(j.calendar_version).toBe(3);
    }
  });

  it('writes the office’s delay reasons in the office’s language, so the statistics never count one reason once per language', async () => {
    const reasons = await database.db.selectFrom('event').select(sql<string>`data->>'reason'`.as('reason')).where('type', '=', 'delay_reason_given').execute();
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(r.reason).toMatch(/[가-힣]/);
  });

  it('refuses a database that already holds jurisdictions', async () => {
    await expect(seedDemo(database.db, { size: 'small', now: NOW })).rejects.toThrow(/already holds/);
  });
});

describe('demo seed determinism', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const d of databases) await d.close();
  });

  async function publicRows() {
    const database = await openTestDatabase('pglite');
    databases.push(database);
    await seedDemo(database.db, { size: 'small', now: NOW });
    const { db } = database;
    return {
      applications: await db
        .selectFrom('application')
        .select(['id', 'number', 'title', 'address', 'parcel_id', 'lat', 'lng', 'channel', 'status', 'received_at', 'closed_at', 'stages', 'active_unit_ids', 'assigned_official_id'])
        .orderBy('id')
        .execute(),
      events: await db
        .selectFrom('event as e')
        .innerJoin('application as a', 'a.id', 'e.application_id')
        .select(['a.number', 'e.seq', 'e.type', 'e.occurred_at', 'e.recorded_at', 'e.actor', 'e.data', 'e.private_data'])
        .orderBy('a.number')
        .orderBy('e.seq')
        .execute(),
      officials: await db.selectFrom('official').select(['login', 'name_ko', 'name_en', 'roles', 'unit_id']).orderBy('id').execute(),
      documents: await db.selectFrom('document').select(['application_id', 'event_seq', 'kind', 'sha256']).orderBy('id').execute(),
    };
  }

  it('gives the same rows for the same seed and moment', async () => {
    const first = await publicRows();
    const second = await publicRows();
    expect(second).toEqual(first);
  });

  it('plans the full demo the same way each time, and differently for another seed', () => {
    const outline = (plan: DemoPlan) => plan.cases.map((c) => [c.number, c.draft.title, c.history.events.map((e) => [e.type, e.occurredAt, e.recordedAt, e.data])]);
    const first = planDemo({ size: 'full', now: NOW });
    const again = planDemo({ size: 'full', now: NOW });
    expect(outline(again)).toEqual(outline(first));
    expect(again.inquiries).toEqual(first.inquiries);
    expect(planDemo({ size: 'small', now: NOW }).inquiries.inquiries).toEqual([]);
    const titles = (plan: DemoPlan) => plan.cases.map((c) => c.draft.title);
    expect(titles(planDemo({ size: 'small', now: NOW, seed: 7 }))).not.toEqual(titles(planDemo({ size: 'small', now: NOW })));
  });
});

describe('full demo seed on pglite', () => {
  let database: TestDatabase;
  let summary: SeedSummary;

  beforeAll(async () => {
    const opened = performance.now();
    database = await openTestDatabase('pglite');
    const started = performance.now();
    summary = await seedDemo(database.db, { size: 'full', now: NOW });
    const seeded = performance.now();
    console.log(
      `full demo seed on pglite: ${Math.round(seeded - started)} ms for ${summary.applications} applications and ${summary.events} events ` +
        `(opening and migrating the database: ${Math.round(started - opened)} ms)`,
    );
  });
  afterAll(() => database?.close());

  it('fills eighteen months of applications in every status across the catalogue', async () => {
    const { db } = database;
    const apps = await db.selectFrom('application').select(['status', 'received_at', 'procedure_id', 'lat']).execute();
    expect(apps.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(apps.map((a) => a.status))).toEqual(new Set(STATUSES));
    const oldest = Math.min(...apps.map((a) => a.received_at.getTime()));
    expect(NOW.getTime() - oldest).toBeGreaterThan(500 * 86_400_000);
    expect(apps.filter((a) => a.lat !== null).length / apps.length).toBeGreaterThan(0.75);
    const procedures = await db.selectFrom('procedure').select(['id', 'category', 'is_current']).execute();
    const current = procedures.filter((p) => p.is_current);
    expect(current.length).toBeGreaterThanOrEqual(20);
    expect(new Set(current.map((p) => p.category)).size).toBeGreaterThanOrEqual(8);
    // Applications filed before a procedure changed keep the version they were filed under.
    const old = new Set(procedures.filter((p) => !p.is_current).map((p) => p.id));
    expect(apps.some((a) => old.has(a.procedure_id))).toBe(true);
    expect(summary.officials).toBeGreaterThanOrEqual(40);
    expect(summary.units).toBeGreaterThanOrEqual(10);
    const system = await db.selectFrom('event').select('id').where(sql<boolean>`actor->>'kind' = 'system'`).limit(1).execute();
    expect(system).toHaveLength(1);
  });

  it('keeps every history consistent with the domain and the stored read model', async () => {
    expect(await checkReadModels(database.db)).toBe(summary.applications);
    await checkReferences(database.db);
  });

  describe('citizens\' questions', () => {
    let server: FastifyInstance;
    beforeAll(async () => {
      server = await testServer(database);
    });
    afterAll(() => server?.close());

    const inquiries = () =>
      database.db
        .selectFrom('inquiry as i')
        .innerJoin('application as a', 'a.id', 'i.application_id')
        .innerJoin('jurisdiction as j', 'j.id', 'a.jurisdiction_id')
        .innerJoin('unit as u', 'u.id', 'i.unit_id')
        .selectAll('i')
        .select(['a.number', 'a.status', 'a.unit_id as app_unit_id', 'j.code', 'u.code as unit_code'])
        .orderBy('i.id')
        .execute();

    it('asks questions and objections about open and closed cases in every jurisdiction, in the case\'s language', async () => {
      const rows = await inquiries();
      expect(rows.length).toBeGreaterThanOrEqual(40);
      expect(rows.length).toBeLessThanOrEqual(60);
      for (const code of ['HN', 'DB', 'SB']) {
        const here = rows.filter((r) => r.code === code);
        expect(here.length, code).toBeGreaterThanOrEqual(10);
        expect(here.some((r) => r.status === 'in_review' || r.status === 'awaiting_applicant' || r.status === 'received'), code).toBe(true);
        expect(here.some((r) => ['approved', 'approved_with_conditions', 'rejected'].includes(r.status)), code).toBe(true);
        expect(here.some((r) => r.escalated_at !== null), code).toBe(true);
        expect(here.some((r) => r.private), code).toBe(true);
      }
      expect(rows.filter((r) => r.answered_at !== null).length / rows.length).toBeGreaterThan(0.6);
      expect(new Set(rows.map((r) => r.kind))).toEqual(new Set(['question', 'objection']));
      expect(rows.filter((r) => mentionsCorruption(r.question)).length).toBeGreaterThanOrEqual(1);
      expect(rows.filter((r) => r.question_redaction_reason !== null)).toHaveLength(1);
      expect(rows.some((r) => /[가-힣]/.test(r.question)) && rows.some((r) => !/[가-힣]/.test(r.question))).toBe(true);
      const english = new Set((await database.db.selectFrom('event').select(['application_id', 'data']).where('type', '=', 'received').execute()).filter((e) => !/[가-힣]/.test(String(e.data.title))).map((e) => e.application_id));
      for (const r of rows) expect(/[가-힣]/.test(r.question), r.number).toBe(!english.has(r.application_id));
      // Questions go to the unit that has the case; citizens' addresses are the demo's own, never an applicant's.
      for (const r of rows) expect(r.unit_id, r.number).toBe(r.app_unit_id);
      const citizens = await database.db.selectFrom('citizen').select('email').execute();
      for (const c of citizens) expect(c.email).toMatch(/^resident\d+@example\.org$/);
      expect(await database.db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).toEqual({ n: 0 });
    });

    it('records each question as the commands would: its events, due date on the calendar and salted commitments', async () => {
      const { db } = database;
      const rows = await inquiries();
      const events = await db
        .selectFrom('event')
        .select(['application_id', 'seq', 'type', 'occurred_at', 'recorded_at', 'actor', 'actor_official_id', 'data', 'private_data'])
        .where('type', 'in', ['inquiry_opened', 'inquiry_answered', 'inquiry_redacted'])
        .execute();
      const at = new Map(events.map((e) => [`${e.application_id}/${e.seq}`, e]));
      const redacted = new Map(events.filter((e) => e.type === 'inquiry_redacted').map((e) => [`${e.application_id}/${e.data.inquiry}`, e]));
      expect(events).toHaveLength(rows.length + rows.filter((r) => r.answered_at).length + redacted.size);
      for (const r of rows) {
        const calendar = await calendarOfJurisdiction(db, r.jurisdiction_id);
        const opened = at.get(`${r.application_id}/${r.opened_seq}`)!;
        expect(opened, r.number).toMatchObject({ type: 'inquiry_opened', actor: null, actor_official_id: null, private_data: {} });
        expect(opened.occurred_at.getTime()).toBe(r.opened_at.getTime());
        expect(opened.recorded_at.getTime()).toBe(r.opened_at.getTime());
        expect(r.due_at.getTime(), r.number).toBe(calendar.addWorkingDays(r.opened_at, 7).getTime());
        const { text_sha256: committed, ...rest } = opened.data;
        expect(rest).toEqual({ inquiry: r.no, kind: r.kind, private: r.private, due: calendar.toRfc3339(r.due_at) });
        const redaction = redacted.get(`${r.application_id}/${r.no}`);
        if (r.private) expect(committed, r.number).toBeUndefined();
        else if (redaction) {
          // The log keeps the commitment to the text as asked; the shown text verifies against the redaction's.
          expect(redaction.data).toEqual({ inquiry: r.no, field: 'question', reason: r.question_redaction_reason, text_sha256: commitText(r.question_salt, r.question) });
          expect(committed).not.toBe(commitText(r.question_salt, r.question));
          const kept = await db.selectFrom('inquiry_redaction').selectAll().where('inquiry_id', '=', r.id).executeTakeFirstOrThrow();
          expect(kept).toMatchObject({ field: 'question', replacement: r.question, reason: r.question_redaction_reason, seq: redaction.seq });
          expect(kept.original).not.toBe(r.question);
        } else expect(committed, r.number).toBe(commitText(r.question_salt, r.question));
        if (r.answered_at) {
          const answered = at.get(`${r.application_id}/${r.answered_seq}`)!;
          expect(answered, r.number).toMatchObject({ type: 'inquiry_answered', actor_official_id: r.answered_by });
          expect(answered.occurred_at.getTime()).toBe(r.answered_at.getTime());
          expect(answered.occurred_at.getTime()).toBeLessThan(r.due_at.getTime());
          expect(answered.data).toEqual(r.private ? { inquiry: r.no, private: true } : { inquiry: r.no, private: false, text_sha256: commitText(r.answer_salt!, r.answer!) });
        } else expect(r.answer).toBeNull();
      }
    });

    it('flags unanswered questions past their deadline, first in the unit\'s queue and in its head\'s audit list', async () => {
      const rows = await inquiries();
      for (const r of rows) {
        if (r.answered_at || r.due_at.getTime() >= NOW.getTime()) expect(r.escalated_at, r.number).toBeNull();
        else {
          expect(r.escalated_at!.getTime(), r.number).toBeGreaterThan(r.due_at.getTime());
          expect(r.escalated_at!.getTime(), r.number).toBeLessThanOrEqual(NOW.getTime());
        }
      }
      const building = rows.filter((r) => r.unit_code === 'DB-BUILD' && r.escalated_at !== null);
      expect(building.length).toBeGreaterThanOrEqual(1);
      const queue = await openInquiriesOfUnit(database.db, building[0]!.unit_id);
      expect(queue[0]?.escalated_at).not.toBeNull();
      const head = new Client(server);
      await head.login('db.build.head', DEMO_PASSWORD);
      const audit = (await head.get('/office/audit', { 'accept-language': 'en' })).body;
      const list = audit.match(/<table data-testid="audit-inquiries">[\s\S]*?<\/table>/)?.[0] ?? '';
      for (const r of building) expect(list, r.number).toContain(r.number);
    });

    it('never shows a private question or its answer on the public page or API of its application', async () => {
      const rows = await inquiries();
      const secret = rows.filter((r) => r.private);
      expect(secret.length).toBeGreaterThanOrEqual(3);
      const anonymous = new Client(server);
      for (const r of secret) {
        const texts = [r.question, r.answer, r.question_salt, r.answer_salt, r.asker_email].filter((t): t is string => Boolean(t));
        for (const url of [`/applications/${r.number}`, `/api/v1/applications/${r.number}`, `/api/v1/applications/${r.number}/inquiries`, `/applications/${r.number}?lang=en`]) {
          const res = await anonymous.get(url);
          expect(res.statusCode, url).toBe(200);
          for (const t of texts) expect(res.body, `${url} ${t}`).not.toContain(t);
        }
      }
      // Public ones are there, with what a reader needs to check them.
      const shown = rows.find((r) => !r.private && r.answer)!;
      const body = (await anonymous.get(`/api/v1/applications/${shown.number}/inquiries`)).body;
      for (const t of [shown.question, shown.question_salt, shown.answer!, shown.answer_salt!]) expect(body).toContain(JSON.stringify(t).slice(1, -1));
      for (const r of rows.filter((x) => x.citizen_id !== null)) expect(body).not.toContain(r.asker_email);
    });

    it('leaves a log that integrates and audits clean, questions included', async () => {
      const { db } = database;
      await integrateAll(db, testLogSigner());
      const report = await auditLog(db);
      expect(auditPassed(report)).toBe(true);
      expect(report.size).toBe(summary.events);
      const unlogged = await db.selectFrom('event').select('id').where('type', 'like', 'inquiry_%').where('log_index', 'is', null).execute();
      expect(unlogged).toEqual([]);
    });
  });
});
