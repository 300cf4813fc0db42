import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { linkSecret } from '../../src/db/repos/outbox.js';
import { renderMail } from '../../src/mail/render.js';
import { CANARY, PASSWORD, PDF, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';

/** A comment planted like personal data: it may never reach a public output. */
const COMMENT = 'CANARY-INTEGRITY-COMMENT-5521 the inspector hinted at a gift';

/** Every answer of the external survey, with the given choice for the experience question. */
const answers = (offer: string, extra: Record<string, string> = {}) => ({
  item_offer: offer, item_initiator: offer === 'none' ? 'not_applicable' : 'official_hinted', item_frequency: offer === 'none' ? 'never' : 'once',
  item_amount: offer === 'none' ? 'none' : 'under_100k', item_extra_contacts: 'never', item_standards_disclosed: 'agree', item_procedure_followed: 'agree',
  item_fairness: 'strongly_agree', item_no_undue_demand: 'agree', item_objection: 'na', item_overall: 'agree', ...extra,
});

describe.each(DIALECTS)('the integrity survey and index on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let server: FastifyInstance;
  const closed: { number: string; code: string; id: number }[] = [];
  const db = () => database.db;

  const submit = async (title: string) => {
    const r = await submitApplication(db(), {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address: '9 Integrity-ro' },
      applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, fields: { floor_area: '40', business_no: CANARY.business_no },
      documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    });
    const row = await db().selectFrom('application').select('id').where('number', '=', r.number).executeTakeFirstOrThrow();
    return { number: r.number, code: r.accessCode, id: Number(row.id) };
  };

  async function approve(number: string) {
    const { a1, fire1 } = fx.officials;
    const acts = [
      [a1, { type: 'stage_started', stage: 'intake' }], [a1, { type: 'stage_completed', stage: 'intake' }],
      [fire1, { type: 'stage_started', stage: 'fire' }], [a1, { type: 'stage_started', stage: 'structure' }],
      [fire1, { type: 'stage_completed', stage: 'fire' }], [a1, { type: 'stage_completed', stage: 'structure' }],
      [a1, { type: 'stage_started', stage: 'decision' }], [a1, { type: 'decision', outcome: 'approved' }],
    ] as const;
    for (const [actor, act] of acts) await recordAct(db(), { number, act, actor });
  }

  /** The survey link of an application, from its invitation e-mail as rendered for sending. */
  async function surveyLink(applicationId: number): Promise<string> {
    const mail = await db().selectFrom('outbox').select(['id', 'idempotency_key', 'kind', 'recipient', 'locale', 'application_id', 'params', 'attempts'])
      .where('application_id', '=', applicationId).where('kind', '=', 'integrity_invitation').executeTakeFirstOrThrow();
    const message = renderMail({ ...mail, locale: 'en' }, { publicUrl: 'https://daylight.test', linkSecret: await linkSecret(db()) });
    const link = /https:\/\/daylight\.test(\/integrity\/survey\/[A-Za-z0-9_-]+)/.exec(message.text)?.[1];
    expect(link).toBeDefined();
    return link!;
  }

  const count = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db())).rows[0]!.n);

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(db());
    server = await testServer(database, { PUBLIC_URL: 'https://daylight.test', INTEGRITY_MIX_BATCH: '3' });
    for (let i = 0; i < 4; i++) {
      const app = await submit(`Closed case ${i}`);
      await approve(app.number);
      closed.push(app);
    }
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('invites each closing case once, in its own e-mail beside the closing one', async () => {
    const mails = await db().selectFrom('outbox').select(['kind', 'application_id']).where('application_id', '=', closed[0]!.id).execute();
    expect(mails.filter((m) => m.kind === 'integrity_invitation')).toHaveLength(1);
    expect(mails.filter((m) => m.kind === 'applicant_event').length).toBeGreaterThan(1);
    expect(await count('integrity_invitation')).toBe(4);
    const open = await submit('Still open');
    expect(await db().selectFrom('integrity_invitation').select('id').where('application_id', '=', open.id).execute()).toHaveLength(0);
  });

  it('keeps an invitation open for the year’s window, counted from the closing act', async () => {
    const invitation = async (id: number) => db().selectFrom('integrity_invitation').select(['expires_at', 'year']).where('application_id', '=', id).executeTakeFirstOrThrow();
    const closedAt = async (id: number) => (await db().selectFrom('application').select('closed_at').where('id', '=', id).executeTakeFirstOrThrow()).closed_at!;
    const first = await invitation(closed[0]!.id);
    const model = (await db().selectFrom('integrity_year').select('model').where('year', '=', first.year).executeTakeFirstOrThrow()).model as { windowDays: number };
    expect(first.expires_at.getTime() - (await closedAt(closed[0]!.id)).getTime()).toBe(model.windowDays * 86_400_000);
    await sql`UPDATE integrity_year SET model = jsonb_set(model, '{windowDays}', '45') WHERE year = ${first.year}`.execute(db());
    try {
      const app = await submit('Closed under a longer window');
      await approve(app.number);
      expect((await invitation(app.id)).expires_at.getTime() - (await closedAt(app.id)).getTime()).toBe(45 * 86_400_000);
    } finally {
      await sql`UPDATE integrity_year SET model = jsonb_set(model, '{windowDays}', ${sql.lit(String(model.windowDays))}) WHERE year = ${first.year}`.execute(db());
    }
  });

  it('explains a missing answer in the reader’s language, keeps what was chosen, and changes nothing', async () => {
    const link = await surveyLink(closed[0]!.id);
    const client = new Client(server);
    const page = await client.get(`${link}?lang=en`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Who will see your answers');
    expect(page.body).toContain('href="/report"');
    const partial = { ...answers('none'), item_overall: '' };
    const en = await client.postForm(`${link}?lang=en`, partial, { csrf: await client.csrf(link) });
    expect(en.statusCode).toBe(400);
    expect(en.body).toContain('Choose an answer, or “I prefer not to say”.');
    expect(en.body).toMatch(/value="strongly_agree" checked/);
    const ko = await client.postForm(`${link}?lang=ko`, { ...answers('none'), item_fairness: 'bribe' }, { csrf: await client.csrf(link) });
    expect(ko.statusCode).toBe(400);
    expect(ko.body).toContain('제시된 응답 항목이 아닙니다.');
    const forged = await client.postForm(`${link}?lang=en`, answers('none'), { csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    expect(await count('integrity_ballot') + (await count('integrity_answer'))).toBe(0);
    expect((await db().selectFrom('integrity_invitation').select('answered').where('application_id', '=', closed[0]!.id).executeTakeFirstOrThrow()).answered).toBe(false);
  });

  it('takes one answer per link, then refuses the link with a clear message', async () => {
    const link = await surveyLink(closed[0]!.id);
    const client = new Client(server);
    const ok = await client.postForm(`${link}?lang=en`, answers('asked', { comment: COMMENT }), { csrf: await client.csrf(link) });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/integrity/thanks');
    const again = await client.postForm(`${link}?lang=en`, answers('none'), { csrf: await client.csrf('/track') });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This survey has already been answered.');
    expect((await client.get(`${link}?lang=ko`)).body).toContain('이미 응답한 설문입니다.');
    expect(await count('integrity_ballot')).toBe(1);
    const unknown = await client.get('/integrity/survey/not-a-real-token-000000000000');
    expect(unknown.statusCode).toBe(404);
  });

  it('keeps answers in the ballot box until a batch is complete, then counts them together in a random order', async () => {
    for (const app of closed.slice(1, 3)) {
      const link = await surveyLink(app.id);
      const client = new Client(server);
      expect((await client.postForm(link, answers('none'), { csrf: await client.csrf(link) })).statusCode).toBe(303);
    }
    expect(await count('integrity_ballot')).toBe(0);
    expect(await count('integrity_answer')).toBe(3);
  });

  it('leaves nothing by which anyone with full database access could join an answer to its application', async () => {
    // 1. No column of an answer refers to an application, an applicant, an invitation or a token, or holds a time.
    const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
      SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name IN ('integrity_answer', 'integrity_ballot')`.execute(db());
    for (const c of columns.rows) {
      expect(c.column_name).not.toMatch(/application|applicant|invitation|token|official|created|updated|_at$|time|seq|number/);
      expect(c.data_type).not.toMatch(/timestamp|date|time/);
    }
    // 2. No foreign key leads from an answer to anything but the jurisdiction and the unit, and none leads to it.
    const keys = await sql<{ source: string; target: string }>`
      SELECT tc.table_name AS source, ccu.table_name AS target FROM information_schema.table_constraints tc
      JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
      WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
        AND (tc.table_name IN ('integrity_answer', 'integrity_ballot') OR ccu.table_name IN ('integrity_answer', 'integrity_ballot', 'integrity_invitation'))`.execute(db());
    for (const k of keys.rows) {
      if (k.source === 'integrity_answer' || k.source === 'integrity_ballot') expect(['jurisdiction', 'unit']).toContain(k.target);
      else expect(k.target).toBe('integrity_invitation');
    }
    expect(keys.rows.filter((k) => k.target === 'integrity_invitation')).toEqual([]);
    // 3. No value of an answer row appears in its invitation: ids are random and unrelated.
    const invitations = await db().selectFrom('integrity_invitation').selectAll().where('answered', '=', true).execute();
    const counted = await db().selectFrom('integrity_answer').selectAll().execute();
    expect(invitations).toHaveLength(3);
    for (const i of invitations) {
      for (const a of counted) for (const value of Object.values(a)) expect([i.id, i.token_hash, String(i.application_id)]).not.toContain(value);
    }
    // 4. The answers of a batch were written by one transaction, after the last invitation was used: neither the
    //    writing transaction nor the physical order tells which invitation an answer belongs to.
    const answerXids = await sql<{ xmin: string }>`SELECT xmin::text AS xmin FROM integrity_answer`.execute(db());
    expect(new Set(answerXids.rows.map((r) => r.xmin)).size).toBe(1);
    const invitationXids = await sql<{ xmin: string }>`SELECT xmin::text AS xmin FROM integrity_invitation WHERE answered`.execute(db());
    expect(new Set(invitationXids.rows.map((r) => r.xmin)).size).toBe(3);
    // 5. Within a batch, every stratum an answer keeps is shared by every invitation of the batch, so even the
    //    strata cannot tell them apart (same unit, procedure, year and outcome here).
    const strata = new Set(counted.map((a) => `${a.unit_id}/${a.procedure_code}/${a.year}/${a.outcome}`));
    const invited = new Set(invitations.map((i) => `${i.unit_id}/${i.procedure_code}/${i.year}/${i.outcome}`));
    expect(strata).toEqual(invited);
    expect(strata.size).toBe(1);
    // 6. The planted comment is in the counted answers (for the auditors) but nowhere near the application.
    expect(counted.map((a) => a.comment)).toContain(COMMENT);
    const applicationRows = await sql<{ row: string }>`SELECT row_to_json(a)::text AS row FROM application a`.execute(db());
    for (const r of applicationRows.rows) expect(r.row).not.toContain('CANARY-INTEGRITY');
  });

  it('lets an applicant open the survey from their private page with a fresh single-use link', async () => {
    const client = new Client(server);
    await client.postForm('/track', { number: closed[3]!.number, code: closed[3]!.code });
    const page = `/my/${closed[3]!.number}`;
    const mine = await client.get(`${page}?lang=en`);
    expect(mine.body).toContain('Answer the survey');
    const old = await surveyLink(closed[3]!.id);
    const opened = await client.postForm(`${page}/integrity-survey`, {}, { csrf: await client.csrf(page) });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toMatch(/^\/integrity\/survey\//);
    expect(opened.headers.location).not.toBe(old);
    expect((await client.get(old)).statusCode).toBe(404);
    expect((await client.get(String(opened.headers.location))).statusCode).toBe(200);
  });

  it('lets an official answer the internal survey once a year', async () => {
    const official = new Client(server);
    await official.login('a1', PASSWORD);
    const page = '/office/integrity-survey';
    const form = await official.get(`${page}?lang=en`);
    expect(form.body).toContain('unfair instructions');
    const internal = { item_unfair_instructions: 'never', item_personnel_favouritism: 'once', item_budget_misuse: 'never', item_reporting_safe: 'agree' };
    expect((await official.postForm(page, internal, { csrf: await official.csrf(page) })).statusCode).toBe(303);
    const again = await official.postForm(`${page}?lang=en`, internal, { csrf: await official.csrf(page) });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already answered');
    expect(await count('integrity_participation')).toBe(1);
  });

  it('lets an auditor enter a deduction with its reference, refuses bad points by name, and keeps others out', async () => {
    const year = new Date().getUTCFullYear();
    const auditor = new Client(server);
    await auditor.login('auditor', PASSWORD);
    const page = `/office/integrity/${year}`;
    const office = await auditor.get(page);
    expect(office.statusCode).toBe(200);
    // The auditors read the comments, with no case; administrators, who manage the model, do not.
    expect(office.body).toContain(COMMENT);
    for (const n of closed) expect(office.body).not.toContain(n.number);
    const bad = await auditor.postForm(`${page}/assessments?lang=en`, { unit: 'TS-BUILD', kind: 'deduction', points: '99', reference: 'Case A' }, { csrf: await auditor.csrf(page) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a number from 0 to 10');
    expect(bad.body).toContain('value="Case A"');
    const ok = await auditor.postForm(`${page}/assessments`, { unit: 'TS-BUILD', kind: 'deduction', points: '0.2', reference: 'Disciplinary decision 2026-17' }, { csrf: await auditor.csrf(page) });
    expect(ok.statusCode).toBe(303);
    const early = await auditor.postForm(`${page}/publish?lang=en`, {}, { csrf: await auditor.csrf(page) });
    expect(early.statusCode).toBe(409);
    expect(early.body).toContain('is not over yet');

    const official = new Client(server);
    await official.login('a1', PASSWORD);
    expect((await official.get(page)).statusCode).toBe(403);
    const admin = new Client(server);
    await admin.login('admin', PASSWORD);
    const adminView = await admin.get(page);
    expect(adminView.statusCode).toBe(200);
    expect(adminView.body).not.toContain(COMMENT);
    expect((await admin.postForm(`${page}/assessments`, { unit: 'TS-BUILD', kind: 'deduction', points: '1', reference: 'x' }, { csrf: await admin.csrf('/office/integrity') })).statusCode).toBe(403);
    expect(await count('integrity_assessment')).toBe(1);
  });

  it('lets an auditor switch an open year to the 2022 preset, refuses a broken model by name, and samples by procedure', async () => {
    const year = new Date().getUTCFullYear();
    const auditor = new Client(server);
    await auditor.login('auditor', PASSWORD);
    const page = `/office/integrity/${year}`;
    const broken = await auditor.postForm(`${page}/model?lang=en`, { model: '{"preset": "custom", "scale": 10' }, { csrf: await auditor.csrf(page) });
    expect(broken.statusCode).toBe(400);
    expect(broken.body).toContain('This is not valid JSON.');
    const invalid = await auditor.postForm(`${page}/model?lang=en`, { model: JSON.stringify({ preset: 'custom', scale: 7 }) }, { csrf: await auditor.csrf(page) });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('The model is not valid');
    expect(invalid.body).toContain('scale');
    const stored = async () => (await db().selectFrom('integrity_year').select('model').where('year', '=', year).executeTakeFirstOrThrow()).model as { scale: number };
    expect((await stored()).scale).toBe(10);
    expect((await auditor.postForm(`${page}/model`, { preset: 'acrc_2022' }, { csrf: await auditor.csrf(page) })).statusCode).toBe(303);
    expect((await stored()).scale).toBe(100);
    expect((await auditor.postForm(`${page}/model`, { preset: 'acrc_classic' }, { csrf: await auditor.csrf(page) })).statusCode).toBe(303);

    // A procedure sampled at 0% invites nobody when its cases close.
    const bad = await auditor.postForm('/office/integrity/sampling?lang=en', { procedure: 'building-permit', percent: '150' }, { csrf: await auditor.csrf('/office/integrity') });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a whole number from 0 to 100.');
    expect((await auditor.postForm('/office/integrity/sampling', { procedure: 'building-permit', percent: '0' }, { csrf: await auditor.csrf('/office/integrity') })).statusCode).toBe(303);
    const unsampled = await submit('Closed, not sampled');
    await approve(unsampled.number);
    expect(await db().selectFrom('integrity_invitation').select('id').where('application_id', '=', unsampled.id).execute()).toEqual([]);
    await auditor.postForm('/office/integrity/sampling', { procedure: 'building-permit', percent: '100' }, { csrf: await auditor.csrf('/office/integrity') });
  });

  it('publishes a past year, freezes its model, and shows it to anyone without any comment or personal data', async () => {
    const year = new Date().getUTCFullYear();
    // Move this year's figures to last year, as if the year had passed, so it can be published now.
    const last = year - 1;
    for (const table of ['integrity_year', 'integrity_invitation', 'integrity_answer', 'integrity_assessment', 'integrity_ballot']) {
      await sql`UPDATE ${sql.table(table)} SET year = ${last} WHERE year = ${year}`.execute(db());
    }
    await sql`UPDATE integrity_year SET model = jsonb_set(model, '{minSample}', '2') WHERE year = ${last}`.execute(db());
    const auditor = new Client(server);
    await auditor.login('auditor', PASSWORD);
    const page = `/office/integrity/${last}`;
    expect((await auditor.postForm(`${page}/publish`, {}, { csrf: await auditor.csrf(page) })).statusCode).toBe(303);
    const frozen = await auditor.postForm(`${page}/model?lang=en`, { preset: 'acrc_2022' }, { csrf: await auditor.csrf(page) });
    expect(frozen.statusCode).toBe(409);
    await expect(sql`UPDATE integrity_year SET model = '{}' WHERE year = ${last}`.execute(db())).rejects.toThrow(/frozen/);

    const visitor = new Client(server);
    const outputs = [
      await visitor.get('/integrity?lang=en'),
      await visitor.get(`/integrity/TS/${last}?lang=en`),
      await visitor.get(`/integrity/TS/${last}/methodology?lang=en`),
      await visitor.get(`/integrity/TS/${last}/units.csv`),
      await visitor.get(`/integrity/TS/${last}/procedures.csv`),
      await visitor.get(`/integrity/TS/${last}/deductions.csv`),
      await visitor.get(`/integrity/TS/${last}.json`),
      await visitor.get('/integrity/TS/units/TS-BUILD?lang=en'),
    ];
    for (const r of outputs) {
      expect(r.statusCode).toBe(200);
      for (const canary of [COMMENT, 'CANARY-INTEGRITY', CANARY.name, CANARY.email, CANARY.phone, ...closed.map((c) => c.number)]) expect(r.body).not.toContain(canary);
    }
    const json = JSON.parse(outputs[6]!.body);
    const build = json.units.find((u: { unit: string }) => u.unit === 'TS-BUILD');
    expect(build.respondents).toBe(3);
    expect(build.deducted).toBe(0.2);
    expect(build.experience).toMatchObject({ successes: 1, n: 3 });
    expect(outputs[2]!.body).toContain('Disciplinary decision 2026-17');
    expect(outputs[2]!.body).toContain('0.763');
    // A year not published is not public.
    expect((await visitor.get(`/integrity/TS/${year}?lang=en`)).statusCode).toBe(404);
    // In Arabic each interval keeps its ends in order: isolated in the tables, and inside the summary's sentences
    // between a left-to-right isolate opened before the lower end and closed after the upper one.
    const arabic = (await visitor.get(`/integrity/TS/${last}?lang=ar`)).body;
    expect(arabic).toMatch(/<bdi dir="ltr" class="interval">\(\d[\d.]*–\d[\d.]*\)<\/bdi>/);
    expect(arabic).toMatch(/<bdi dir="ltr" class="interval">\d[\d.]*%–\d[\d.]*%<\/bdi>/);
    expect(arabic).toMatch(/\u2066\d[\d.]*–\d[\d.]*\u2069/);
    expect(arabic).toMatch(/\u2066\d[\d.]*%–\d[\d.]*%\u2069/);
    expect((await visitor.get(`/integrity/TS/${last}?lang=en`)).body).not.toMatch(/[\u2066\u2069]/);
  });
});
