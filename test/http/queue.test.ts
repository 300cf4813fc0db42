import { hash } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

const DAY = 86_400_000;

/** The row of one case in a page's table, as text without tags. */
function rowOf(html: string, number: string): string {
  const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(`>${number}</a>`));
  expect(row, `a row for ${number}`).toBeDefined();
  return row!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe.each(DIALECTS)('the office queue on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  /** Building Division's overdue case, on which the Roads Division is consulted. */
  let consulted: string;
  /** Building Division's case whose fire-safety stage (the Fire Division's) may start now. */
  let fireStage: string;

  const submit = (title: string, receivedAt: Date) =>
    submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address: '1 Queue-ro' },
      applicant: { name: CANARY.name }, fields: { floor_area: '10' }, documents: [{ kind: 'plan', filename: 'plan.pdf', bytes: PDF }],
      channel: 'online', receivedAt,
    });
  const as = async (login: string) => {
    const client = new Client(app);
    await client.login(login, PASSWORD);
    return client;
  };

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    await database.db
      .insertInto('official')
      .values({
        jurisdiction_id: fx.jurisdictionId, unit_id: fx.units.road, login: 'roadboss', password_hash: await hash(PASSWORD), name_ko: '도과장', name_en: 'Do Gwa-jang',
        title_ko: '과장', title_en: 'Head of division', roles: ['supervisor'],
      })
      .execute();
    const monthAgo = new Date(Date.now() - 30 * DAY);
    ({ number: consulted } = await submit('Consulted warehouse', monthAgo));
    await recordAct(database.db, { number: consulted, act: { type: 'stage_started', stage: 'intake' }, occurredAt: new Date(monthAgo.getTime() + 3_600_000), actor: fx.officials.a1 });
    await recordAct(database.db, { number: consulted, act: { type: 'consultation_requested', stage: 'intake', unitCode: 'TS-ROAD' }, actor: fx.officials.a1 });

    const weekAgo = new Date(Date.now() - 7 * DAY);
    ({ number: fireStage } = await submit('Fire-checked shop', weekAgo));
    await recordAct(database.db, { number: fireStage, act: { type: 'stage_started', stage: 'intake' }, occurredAt: new Date(weekAgo.getTime() + 3_600_000), actor: fx.officials.a1 });
    await recordAct(database.db, { number: fireStage, act: { type: 'stage_completed', stage: 'intake' }, occurredAt: new Date(weekAgo.getTime() + 7_200_000), actor: fx.officials.a1 });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('says when the viewer’s unit is only consulted on another unit’s case, in both languages', async () => {
    const road = await as('road1');
    expect(rowOf((await road.get('/office', { 'accept-language': 'en' })).body, consulted)).toContain('Consultation for Building Division');
    expect(rowOf((await road.get('/office', { 'accept-language': 'ko' })).body, consulted)).toContain('협의 요청: 건축과');
    // The responsible unit sees its own case without a label.
    const build = (await (await as('a1')).get('/office', { 'accept-language': 'en' })).body;
    expect(rowOf(build, consulted)).not.toContain('Consultation for');
    expect(build).not.toContain('data-testid="involvement"');
  });

  it('says when the viewer’s unit owns a stage of another unit’s case', async () => {
    const fire = await as('fire1');
    const row = rowOf((await fire.get('/office', { 'accept-language': 'en' })).body, fireStage);
    expect(row).toContain('Stage for Building Division: Fire safety consultation');
    expect(row).not.toContain('Consultation for');
    expect(rowOf((await fire.get('/office', { 'accept-language': 'ko' })).body, fireStage)).toContain('담당 단계: 소방 협의 (건축과 소관)');
  });

  it('labels a consulted case in a supervisor’s overdue audit list, and not in the responsible unit’s', async () => {
    const roadboss = await as('roadboss');
    const overdue = (await roadboss.get('/office/audit', { 'accept-language': 'en' })).body;
    expect(rowOf(overdue.slice(overdue.indexOf('data-testid="audit-overdue"')), consulted)).toContain('Consultation for Building Division');
    const boss = (await (await as('boss')).get('/office/audit', { 'accept-language': 'en' })).body;
    expect(rowOf(boss.slice(boss.indexOf('data-testid="audit-overdue"')), consulted)).not.toContain('Consultation for');
  });

  it('lays the queue out for a phone: a named, focusable scroll region and cells that carry their column’s name', async () => {
    const body = (await (await as('a1')).get('/office', { 'accept-language': 'en' })).body;
    expect(body).toMatch(/<div class="table-wrap" tabindex="0" role="region" aria-label="My department \(\d+\)">\s*<table class="queue">/);
    for (const label of ['Number', 'Project', 'Current stage', 'Status', 'Assigned to', 'Received']) {
      expect(body).toContain(`data-label="${label}"`);
    }
  });

  it('shows each case’s due date, orders the queue as asked and says what a filter left out', async () => {
    const a1 = await as('a1');
    const body = (await a1.get('/office', { 'accept-language': 'en' })).body;
    expect(body).toContain('data-label="Due"');
    expect(body).toContain('Overdue cases first, then by the nearest due date.');
    // One clock: the overdue mark sits beside the date it is about, which says whose date it is; the page explains it.
    const dueCell = (html: string, n: string) => html.slice(html.indexOf(`>${n}</a>`)).match(/data-testid="queue-due">(.*?)<\/td>/)![1]!;
    expect(dueCell(body, consulted)).toMatch(/Overdue.*(stage: |whole application)/);
    expect(dueCell(body, fireStage)).not.toContain('Overdue');
    expect(body).toContain('A case is marked overdue when that date has passed');
    const order = (html: string) => [consulted, fireStage].sort((x, y) => html.indexOf(`>${x}</a>`) - html.indexOf(`>${y}</a>`));
    // The month-old overdue case comes first by due date and by age; newest first puts the week-old one first.
    expect(order(body)).toEqual([consulted, fireStage]);
    const newest = (await a1.get('/office?sort=newest', { 'accept-language': 'en' })).body;
    expect(order(newest)).toEqual([fireStage, consulted]);
    expect(newest).toContain('Newest received first.');
    const overdue = (await a1.get('/office?overdue=1', { 'accept-language': 'en' })).body;
    expect(overdue).toContain(`>${consulted}</a>`);
    expect(overdue).not.toContain(`>${fireStage}</a>`);
    expect(overdue).toMatch(/My department \(1\) · 2 open in all/);
    expect(overdue).toContain('href="/office?sort=due"');
    // Nonsense in the address falls back to the default view, never an error.
    expect((await a1.get('/office?sort=%00&q=' + 'x'.repeat(500))).statusCode).toBe(200);
  });
});
