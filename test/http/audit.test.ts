import { hash } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import type { OfficialActor } from '../../src/domain/actor.js';
import { AUDIT_LISTS, auditCount, auditList, type AuditQuery } from '../../src/db/repos/audit.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

const DAY = 86_400_000;
/** A delay reason that would be a formula, with quotes and a line break, to check the CSV's escaping. */
const NASTY_REASON = '=HYPERLINK("http://evil.example"), "waiting"\nfor the survey';

describe.each(DIALECTS)('audit view on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  /** Overdue in the Building Division, with a late entry and a delay reason. */
  let overdue: string;
  /** Transferred three times (escalated), now with the Roads Division; its transfers were entered late. */
  let pingPong: string;

  const submit = (title: string, receivedAt: Date) =>
    submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address: '1 Audit-ro' },
      applicant: { name: CANARY.name, email: CANARY.email }, fields: { floor_area: '50' }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }],
      channel: 'online', receivedAt,
    });

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database, { LATE_ENTRY_MINUTES: '60' });
    const road = await database.db
      .insertInto('official')
      .values({
        jurisdiction_id: fx.jurisdictionId, unit_id: fx.units.road, login: 'roadboss', password_hash: await hash(PASSWORD), name_ko: '도과장', name_en: 'Do Gwa-jang',
        title_ko: '과장', title_en: 'Head of division', roles: ['supervisor'],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const roadboss: OfficialActor = { kind: 'official', id: road.id, login: 'roadboss', jurisdictionId: fx.jurisdictionId, unitId: fx.units.road, unitCode: 'TS-ROAD', roles: ['supervisor'] };

    const monthAgo = new Date(Date.now() - 30 * DAY);
    ({ number: overdue } = await submit('Overdue warehouse', monthAgo));
    await recordAct(database.db, { number: overdue, act: { type: 'stage_started', stage: 'intake' }, occurredAt: new Date(monthAgo.getTime() + 3_600_000), actor: fx.officials.a1 });
    await recordAct(database.db, { number: overdue, act: { type: 'delay_reason_given', stage: 'intake', reason: NASTY_REASON }, actor: fx.officials.a1 });

    const tenDaysAgo = new Date(Date.now() - 10 * DAY);
    ({ number: pingPong } = await submit('Ping-pong kiosk', tenDaysAgo));
    const at = (d: number) => new Date(tenDaysAgo.getTime() + d * DAY);
    await recordAct(database.db, { number: pingPong, act: { type: 'transferred', unitCode: 'TS-ROAD', reason: 'Sits on the road' }, occurredAt: at(1), actor: fx.officials.boss });
    await recordAct(database.db, { number: pingPong, act: { type: 'transferred', unitCode: 'TS-BUILD', reason: 'It is a building' }, occurredAt: at(2), actor: roadboss });
    await recordAct(database.db, { number: pingPong, act: { type: 'transferred', unitCode: 'TS-ROAD', reason: 'Road occupancy first' }, occurredAt: at(3), actor: fx.officials.boss });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const as = async (login: string | null) => {
    const c = new Client(app);
    if (login) await c.login(login, PASSWORD);
    return c;
  };
  const section = (body: string, list: string) => body.match(new RegExp(`<table data-testid="audit-${list}">[\\s\\S]*?</table>`))?.[0] ?? '';

  it.each([
    // who, sees the Building case, sees the Roads case's late entries
    ['auditor', true, true],
    ['boss', true, false],
    ['roadboss', false, true],
  ])('lets %s open the audit view within their scope', async (login, seesBuilding, seesRoads) => {
    const c = await as(login);
    const page = await c.get('/office/audit', { 'accept-language': 'en' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/office/audit">Audit</a>');
    for (const list of ['overdue', 'delays', 'late']) expect(section(page.body, list).includes(overdue)).toBe(seesBuilding);
    expect(section(page.body, 'late').includes(pingPong)).toBe(seesRoads);
    // Every chain passes through both divisions, so both heads and the auditor see it, escalated at the third transfer.
    const chains = section(page.body, 'transfers');
    expect(chains).toContain(pingPong);
    expect(chains.replace(/<[^>]+>/g, '')).toContain('TS-BUILD → TS-ROAD → TS-BUILD → TS-ROAD');
    for (const canary of [CANARY.name, CANARY.email]) expect(page.body).not.toContain(canary);
    // A delay reason names its stage as the procedure does, not by its code.
    if (seesBuilding) {
      expect(section(page.body, 'delays')).toContain('<td>Intake review</td>');
      expect(section(page.body, 'delays')).not.toContain('<td>intake</td>');
    }

    const csv = await c.get('/office/audit.csv?list=late');
    expect(csv.statusCode).toBe(200);
    expect(csv.body.includes(overdue)).toBe(seesBuilding);
    expect(csv.body.includes(pingPong)).toBe(seesRoads);
  });

  it.each(['a1', 'clerk', 'admin', 'road1'])('refuses %s', async (login) => {
    const c = await as(login);
    expect((await c.get('/office/audit')).statusCode).toBe(403);
    expect((await c.get('/office/audit.csv?list=overdue')).statusCode).toBe(403);
    expect((await c.get('/office', { 'accept-language': 'en' })).body).not.toContain('href="/office/audit"');
  });

  it('counts every row of a list, not only those on the page, and stops counting past the cap', async () => {
    const q: AuditQuery = { scope: { unitId: null }, filters: {}, lateEntryMinutes: 60, limit: 1 };
    const all = await auditList(database.db, 'late', { ...q, limit: 1000 });
    expect(all.length).toBeGreaterThan(1);
    expect(await auditList(database.db, 'late', q)).toHaveLength(1);
    expect(await auditCount(database.db, 'late', q)).toBe(all.length);
    // Past the cap the count reads one more than the cap, and no further.
    expect(await auditCount(database.db, 'late', q, new Date(), 1)).toBe(2);
    for (const list of AUDIT_LISTS) {
      expect(await auditCount(database.db, list, q), list).toBe((await auditList(database.db, list, { ...q, limit: 1000 })).length);
    }
    // The page's contents and headings carry the counts.
    const page = await (await as('auditor')).get('/office/audit?lang=en');
    expect(page.body).toContain(`href="#audit-late">Late entries (${all.length})</a>`);
  });

  it('sends anonymous visitors to sign in', async () => {
    const c = await as(null);
    for (const url of ['/office/audit', '/office/audit.csv?list=delays']) {
      const res = await c.get(url);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/office/login?next=${encodeURIComponent(url)}`);
    }
  });

  it('filters by unit, procedure and official, and keeps a supervisor inside their unit whatever they ask for', async () => {
    const auditor = await as('auditor');
    const byRoad = await auditor.get('/office/audit?unit=TS-ROAD');
    expect(section(byRoad.body, 'overdue')).not.toContain(overdue);
    expect(section(byRoad.body, 'late')).toContain(pingPong);
    const byA1 = await auditor.get(`/office/audit?official=${fx.officials.a1.id}`);
    expect(section(byA1.body, 'late')).toContain(overdue);
    expect(section(byA1.body, 'late')).not.toContain(pingPong);
    expect(section(byA1.body, 'transfers')).not.toContain(pingPong);
    const byBoss = await auditor.get(`/office/audit.csv?list=transfers&official=${fx.officials.boss.id}`);
    expect(byBoss.body).toContain(pingPong);
    const none = await auditor.get('/office/audit.csv?list=overdue&procedure=no-such-procedure');
    expect(none.body.trim().split('\r\n')).toHaveLength(1);
    expect((await auditor.get('/office/audit?official=abc')).statusCode).toBe(400);
    expect((await auditor.get('/office/audit.csv?list=everything')).statusCode).toBe(400);

    const roadboss = await as('roadboss');
    const peek = await roadboss.get('/office/audit.csv?list=overdue&unit=TS-BUILD');
    expect(peek.body).not.toContain(overdue);
  });

  it('exports each list as CSV with quotes, line breaks and formula-like cells escaped', async () => {
    const auditor = await as('auditor');
    const contents = (await auditor.get('/office/audit', { 'accept-language': 'en' })).body;
    // The lists' counts come first, each a jump to its section.
    for (const list of ['overdue', 'delays', 'late', 'transfers']) expect(contents).toMatch(new RegExp(`data-testid="contents"[^]*href="#audit-${list}"`));
    const csv = await auditor.get('/office/audit.csv?list=delays');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('daylight-audit-delays.csv');
    // A byte-order mark first, so spreadsheet programs read the Korean as UTF-8.
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = csv.body.slice(1).split('\r\n');
    expect(header).toBe('number,jurisdiction,unit_code,unit_ko,unit_en,procedure_code,procedure_en,title,stage,reason,official_ko,official_en,occurred_at,recorded_at');
    expect(rows[0]).toContain(`${overdue},TS,TS-BUILD,건축과,Building Division,building-permit,Building permit,Overdue warehouse,intake,"'=HYPERLINK(""http://evil.example""), ""waiting""\nfor the survey",김민준,Kim Min-jun,`);
    expect(rows[0]).toMatch(/,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00,/);

    const transfers = (await auditor.get('/office/audit.csv?list=transfers')).body.split('\r\n');
    expect(transfers[0]).toContain('transfer_count,escalated_at,chain');
    expect(transfers[1]).toMatch(new RegExp(`^${pingPong},.*,3,\\d{4}-[^,]+,TS-BUILD > TS-ROAD > TS-BUILD > TS-ROAD,Road occupancy first,`));
    const page = await auditor.get('/office/audit', { 'accept-language': 'ko' });
    expect(page.body).toContain('감사: 사이버 점검');
  });
});
