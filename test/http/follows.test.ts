import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FOLLOW_CONFIRMATIONS_PER_HOUR } from '../../src/commands/follows/createFollow.js';
import { recordAct } from '../../src/commands/recordAct.js';
import { submitApplication } from '../../src/commands/submitApplication.js';
import { dispatchAlerts, INSTANT_ALERTS_PER_HOUR } from '../../src/jobs/dispatchAlerts.js';
import { sendPendingMail, type SendOptions } from '../../src/jobs/sendMail.js';
import { linkSecret } from '../../src/db/repos/outbox.js';
import { signLink } from '../../src/mail/links.js';
import { renderMail } from '../../src/mail/render.js';
import type { Mailer } from '../../src/mail/transport.js';
import { CANARY, PDF, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, type TestDatabase } from '../helpers/db.js';
import { openMailWorld, type MailWorld } from '../helpers/mailWorld.js';
import { Client } from '../helpers/server.js';
import type { TestSmtp } from '../helpers/smtp.js';

const PUBLIC_URL = 'http://daylight.test';
const DIGEST = { hour: 8, timeZone: 'Asia/Seoul' };
/** Seoul City Hall; the area followed in these tests is 500 m around it. */
const HALL = { lat: 37.5665, lng: 126.978 };
const NORTH_300M = { lat: HALL.lat + 300 / 111_195, lng: HALL.lng };
const NORTH_900M = { lat: HALL.lat + 900 / 111_195, lng: HALL.lng };

describe.each(DIALECTS)('follows and alerts on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let server: FastifyInstance;
  let smtp: TestSmtp;
  let mailer: Mailer;
  const sendOptions: SendOptions = { publicUrl: PUBLIC_URL, maxAttempts: 3, retryBaseMs: 60_000 };

  let world: MailWorld;

  beforeAll(async () => {
    world = await openMailWorld(dialect, PUBLIC_URL);
    ({ database, fx, smtp, mailer, server } = world);
  });
  afterAll(async () => {
    await world?.close();
  });
  // Each test starts with the log read up to now, an empty outbox queue and an empty mailbox.
  beforeEach(async () => {
    await dispatch();
    await sendPendingMail(database.db, mailer, sendOptions);
    smtp.received.length = 0;
  });

  const dispatch = (now?: Date) => dispatchAlerts(database.db, { digest: DIGEST, ...(now ? { now: () => now } : {}) });
  const count = async (table: 'follow' | 'alert' | 'outbox') => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0]!.n);
  const file = (title: string, at: { lat: number; lng: number } | null, address = '10 Sejong-daero') =>
    submitApplication(database.db, {
      jurisdictionCode: 'TS', procedureCode: 'building-permit', title, location: { address, ...(at ?? {}) },
      applicant: { name: CANARY.name, email: CANARY.email, phone: CANARY.phone }, fields: { floor_area: '10', business_no: CANARY.business_no },
      documents: [{ kind: 'plan', filename: 'p.pdf', bytes: PDF }], channel: 'online',
    });
  /** The newest outbox row of a kind to an address, rendered as sent. */
  const lastMail = async (kind: string, to: string) => {
    const row = await database.db
      .selectFrom('outbox')
      .select(['id', 'idempotency_key', 'kind', 'recipient', 'locale', 'application_id', 'params', 'attempts'])
      .where('kind', '=', kind)
      .where(sql<string>`lower(recipient)`, '=', to.toLowerCase())
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (!row) return undefined;
    return renderMail(row, { publicUrl: PUBLIC_URL, linkSecret: await linkSecret(database.db) });
  };
  const linkIn = (text: string, prefix: string) => text.match(new RegExp(`${PUBLIC_URL}(${prefix}[A-Za-z0-9_.-]+)`))?.[1];
  const mailsTo = async (to: string, kind?: string) =>
    (await database.db.selectFrom('outbox').select(['kind', 'params']).where(sql<string>`lower(recipient)`, '=', to.toLowerCase()).execute()).filter((r) => !kind || r.kind === kind);

  it('follows an area by double opt-in: nothing before confirmation, then an alert for a new application inside it and none outside', async () => {
    const email = 'neighbour.area@example.org';
    const client = new Client(server);
    const form = await client.get('/follow?kind=area&lang=en');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Address or place');
    const res = await client.postForm('/follow?lang=en', { kind: 'area', lat: String(HALL.lat), lng: String(HALL.lng), radius: '500', frequency: 'instant', email }, { csrf: await client.csrf('/follow?kind=area') });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your e-mail');
    const confirmMail = await lastMail('follow_confirm', email);
    expect(confirmMail!.text).toContain('within 500 m of 37.56650, 126.97800');
    const confirmPath = linkIn(confirmMail!.text, '/follows/confirm/')!;
    expect(confirmPath).toBeDefined();

    // Before confirming, a new application in the area alerts nobody.
    await file('Before confirmation', NORTH_300M);
    await dispatch();
    expect(await mailsTo(email, 'follow_alert')).toHaveLength(0);

    // A mail scanner's GET confirms nothing; the button does.
    const page = await client.get(`${confirmPath}?lang=en`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm the alerts');
    expect(await database.db.selectFrom('follow').select('confirmed_at').where('email', '=', email).executeTakeFirstOrThrow()).toEqual({ confirmed_at: null });
    const confirmed = await client.postForm(`${confirmPath}?lang=en`, {}, { csrf: await client.csrf(confirmPath) });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('alerts start now');

    const inside = await file('A new cafe near the hall', NORTH_300M);
    await file('Far away', NORTH_900M);
    await file('Nowhere on the map', null);
    await dispatch();
    const alerts = await mailsTo(email, 'follow_alert');
    expect(alerts).toHaveLength(1);
    const alert = (await lastMail('follow_alert', email))!;
    expect(alert.subject).toContain(inside.number);
    expect(alert.text).toContain('A new cafe near the hall');
    // Public facts only: nothing of the applicant's reaches a stranger's inbox.
    for (const value of Object.values(CANARY)) expect(JSON.stringify(alert)).not.toContain(value);

    // Dispatching again sends nothing twice.
    await dispatch();
    expect(await mailsTo(email, 'follow_alert')).toHaveLength(1);
  });

  it('delivers alerts over SMTP in the follower\'s language with a manage link that changes and stops them without signing in', async () => {
    const email = 'ko.follower@example.org';
    const client = new Client(server);
    // Korean is the default language: the form, the confirmation and the alerts are in Korean.
    await client.postForm('/follow', { kind: 'unit', unit: 'TS-BUILD', frequency: 'instant', email }, { csrf: await client.csrf('/follow?kind=unit&unit=TS-BUILD') });
    await sendPendingMail(database.db, mailer, sendOptions);
    const confirmation = smtp.received.find((m) => m.envelopeTo.includes(email))!;
    expect(confirmation.subject).toBe('데이라이트 알림을 확인해 주십시오');
    expect(confirmation.text).toContain('건축과의 새 신청과 처분 결과');
    const confirmPath = linkIn(confirmation.text, '/follows/confirm/')!;
    await client.postForm(confirmPath, {}, { csrf: await client.csrf(confirmPath) });

    const { number } = await file('Unit news', null);
    await dispatch();
    await sendPendingMail(database.db, mailer, sendOptions);
    const alert = smtp.received.find((m) => m.envelopeTo.includes(email) && m.subject.includes(number))!;
    expect(alert).toBeDefined();
    expect(alert.subject).toMatch(new RegExp(`^알림 · ${number}: `));
    expect(alert.text).toContain('Unit news');
    expect(alert.text).not.toContain(CANARY.name);
    const managePath = linkIn(alert.text, '/follows/')!;
    expect(JSON.stringify(alert.headers.get('list'))).toContain(managePath);

    const manage = await client.get(`${managePath}?lang=en`);
    expect(manage.statusCode).toBe(200);
    expect(manage.headers['cache-control']).toContain('no-store');
    expect(manage.body).toContain('New applications and decisions in Building Division');
    expect(manage.body).toContain('1 alert so far');
    // A bad frequency changes nothing.
    const bad = await client.postForm(`${managePath}?lang=en`, { frequency: 'hourly' }, { csrf: await client.csrf(managePath) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose how often.');
    const daily = await client.postForm(`${managePath}?lang=en`, { frequency: 'daily' }, { csrf: await client.csrf(managePath) });
    expect(daily.statusCode).toBe(303);
    expect((await client.get(`${daily.headers.location}&lang=en`)).body).toContain('Saved.');
    const row = await database.db.selectFrom('follow').select(['frequency', 'next_digest_at']).where('email', '=', email).executeTakeFirstOrThrow();
    expect(row.frequency).toBe('daily');
    expect(row.next_digest_at).not.toBeNull();

    const stopped = await client.postForm(`${managePath}/stop`, {}, { csrf: await client.csrf(managePath) });
    expect(stopped.statusCode).toBe(303);
    const stoppedPage = await client.get(`${stopped.headers.location}&lang=en`);
    expect(stoppedPage.body).toContain('You will receive no more e-mails about this.');
    expect(stoppedPage.body).toContain('Start this alert again');
    await file('After stopping', null);
    await dispatch(new Date(Date.now() + 2 * 86_400_000));
    expect((await mailsTo(email)).filter((m) => m.kind !== 'follow_confirm')).toHaveLength(1);

    // Started again, it hears only of what happens from then on (as a daily digest, as chosen).
    const resumed = await client.postForm(`${managePath}/resume`, {}, { csrf: await client.csrf(managePath) });
    expect((await client.get(`${resumed.headers.location}&lang=en`)).body).toContain('Started again');
    const after = await file('After starting again', null);
    await dispatch(new Date(Date.now() + 2 * 86_400_000));
    const digests = await mailsTo(email, 'follow_digest');
    expect(digests).toHaveLength(1);
    expect(JSON.stringify(digests[0]!.params)).toContain(after.number);
    expect(JSON.stringify(digests[0]!.params)).not.toContain('After stopping');

    // A forged or altered link, or a confirmation link used to manage, opens nothing.
    expect((await client.get(`${managePath}x`)).statusCode).toBe(404);
    expect((await client.get(confirmPath.replace('/confirm', ''))).statusCode).toBe(404);
  });

  it('refuses bad input with a clear error in the user\'s language and writes nothing', async () => {
    const client = new Client(server);
    const csrf = await client.csrf('/follow?kind=area');
    const before = { follow: await count('follow'), outbox: await count('outbox') };
    const cases: { fields: Record<string, string>; status: number; message: string; lang?: string }[] = [
      { fields: { kind: 'area', lat: '37.5', lng: '127', radius: '500', frequency: 'instant', email: 'not-an-address' }, status: 400, message: 'Enter an e-mail address like name@example.org.' },
      { fields: { kind: 'area', lat: '37.5', lng: '127', radius: '20', frequency: 'instant', email: 'a@example.org' }, status: 400, message: 'Choose a distance between 50 and 5000 metres.' },
      { fields: { kind: 'area', lat: '37.5', radius: '500', frequency: 'instant', email: 'a@example.org' }, status: 400, message: 'Give both latitude and longitude as numbers' },
      { fields: { kind: 'area', lat: '95', lng: '127', radius: '500', frequency: 'instant', email: 'a@example.org' }, status: 400, message: 'Give both latitude and longitude as numbers' },
      { fields: { kind: 'area', place: 'No Such Street 999', radius: '500', frequency: 'instant', email: 'a@example.org' }, status: 400, message: 'We could not find this address in the register.' },
      { fields: { kind: 'area', radius: '500', frequency: 'instant', email: 'a@example.org' }, status: 400, message: 'Give an address or coordinates.' },
      { fields: { kind: 'area', lat: '37.5', lng: '127', radius: '500', frequency: 'weekly', email: 'a@example.org' }, status: 400, message: 'Choose how often.' },
      { fields: { kind: 'area', lat: '37.5', lng: '127', radius: '500', frequency: 'instant', email: 'a@example.org', place: 'x'.repeat(250) }, status: 400, message: 'at most 200 characters' },
      { fields: { kind: 'area', lat: '37.5', lng: '127', radius: '20', frequency: 'instant', email: 'a@example.org' }, status: 400, message: '50미터에서 5000미터 사이의 반경을 고르십시오.', lang: 'ko' },
      { fields: { kind: 'application', number: '2026-TS-9999999', frequency: 'instant', email: 'a@example.org' }, status: 404, message: 'There is no application with that number.' },
      { fields: { kind: 'unit', unit: 'NOPE', frequency: 'instant', email: 'a@example.org' }, status: 404, message: 'We could not find that page.' },
    ];
    // Several problems at once are listed in the form's order (where, then how often, then the address).
    const many = await client.postForm('/follow?lang=en', { kind: 'area', radius: '20', frequency: 'weekly', email: 'x' }, { csrf });
    const at = ['href="#f-place"', 'href="#f-radius"', 'href="#f-frequency"', 'href="#f-email"'].map((link) => many.body.indexOf(link));
    expect(at.every((p) => p > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    for (const c of cases) {
      const res = await client.postForm(`/follow?lang=${c.lang ?? 'en'}`, c.fields, { csrf });
      expect(res.statusCode, JSON.stringify(c.fields)).toBe(c.status);
      expect(res.body, JSON.stringify(c.fields)).toContain(c.message);
    }
    // A closed application has nothing more to follow.
    const { number } = await file('Withdrawn soon', null);
    await recordAct(database.db, { number, act: { type: 'withdrawn' }, actor: fx.officials.a1 });
    const closed = await client.postForm('/follow?lang=en', { kind: 'application', number, frequency: 'instant', email: 'a@example.org' }, { csrf });
    expect(closed.statusCode).toBe(409);
    expect(closed.body).toContain('This application is closed');
    expect(await count('follow')).toBe(before.follow);
    // The applicant's own e-mails (received, withdrawn, the integrity survey's invitation), nothing else.
    expect(await count('outbox')).toBe(before.outbox + 3);
  });

  it('finds an area by an address already in the register, with no outside geocoder', async () => {
    await file('Known corner', NORTH_300M, '45 Gazetteer-gil');
    const client = new Client(server);
    const res = await client.postForm('/follow?lang=en', { kind: 'area', place: '45 gazetteer-gil', radius: '250', frequency: 'daily', email: 'place@example.org' }, { csrf: await client.csrf('/follow?kind=area') });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('within 250 m of 45 gazetteer-gil');
    const row = await database.db.selectFrom('follow').select(['lat', 'lng', 'radius_m']).where('email', '=', 'place@example.org').executeTakeFirstOrThrow();
    expect(row).toEqual({ lat: NORTH_300M.lat, lng: NORTH_300M.lng, radius_m: 250 });
  });

  it('refuses an expired confirmation link and one for a stopped follow, confirming nothing', async () => {
    const client = new Client(server);
    const email = 'late.confirmer@example.org';
    await client.postForm('/follow', { kind: 'unit', unit: 'TS-ROAD', frequency: 'instant', email }, { csrf: await client.csrf('/follow?kind=unit&unit=TS-ROAD') });
    const confirmPath = linkIn((await lastMail('follow_confirm', email))!.text, '/follows/confirm/')!;
    // Eight days later the link has expired.
    await database.db.updateTable('follow').set({ created_at: new Date(Date.now() - 8 * 86_400_000) } as never).where('email', '=', email).execute();
    const page = await client.get(`${confirmPath}?lang=en`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This confirmation link has expired. Follow again to get a new one.');
    const post = await client.postForm(`${confirmPath}?lang=en`, {}, { csrf: await client.csrf('/follow') });
    expect(post.statusCode).toBe(410);
    expect((await database.db.selectFrom('follow').select('confirmed_at').where('email', '=', email).executeTakeFirstOrThrow()).confirmed_at).toBeNull();

    // A follow stopped before it was confirmed stays stopped.
    await database.db.updateTable('follow').set({ created_at: new Date(), stopped_at: new Date() } as never).where('email', '=', email).execute();
    const stopped = await client.postForm(`${confirmPath}?lang=ko`, {}, { csrf: await client.csrf('/follow') });
    expect(stopped.statusCode).toBe(410);
    expect(stopped.body).toContain('중지된 알림입니다.');
    expect((await database.db.selectFrom('follow').select('confirmed_at').where('email', '=', email).executeTakeFirstOrThrow()).confirmed_at).toBeNull();
    expect((await client.get('/follows/confirm/forged.token')).statusCode).toBe(404);
  });

  it('tells nobody on the page whether an address already follows something, and lets nobody but its owner change it', async () => {
    const email = 'watcher@example.org';
    const client = new Client(server);
    const csrf = await client.csrf('/follow?kind=unit&unit=TS-FIRE');
    await client.postForm('/follow?lang=en', { kind: 'unit', unit: 'TS-FIRE', frequency: 'instant', email }, { csrf });
    const confirmPath = linkIn((await lastMail('follow_confirm', email))!.text, '/follows/confirm/')!;
    await client.postForm(confirmPath, {}, { csrf: await client.csrf(confirmPath) });
    // A stranger tries the same address: the same answer as for a new follow, nothing changed, and the owner is told.
    const stranger = new Client(server);
    const probe = await stranger.postForm('/follow?lang=en', { kind: 'unit', unit: 'TS-FIRE', frequency: 'daily', email }, { csrf: await stranger.csrf('/follow?kind=unit&unit=TS-FIRE') });
    const fresh = await stranger.postForm('/follow?lang=en', { kind: 'unit', unit: 'TS-FIRE', frequency: 'daily', email: 'nobody.yet@example.org' }, { csrf: await stranger.csrf('/follow?kind=unit&unit=TS-FIRE') });
    const sentence = (body: string) => body.match(/<p class="notice" role="status">([^<]*)</)![1]!.replace(/[\w.]+@example\.org/, 'X');
    expect(sentence(probe.body)).toBe(sentence(fresh.body));
    expect(probe.body).not.toContain('You already receive');
    const rows = await database.db.selectFrom('follow').select(['frequency', 'stopped_at']).where('email', '=', email).execute();
    expect(rows).toEqual([{ frequency: 'instant', stopped_at: null }]);
    const told = (await lastMail('follow_exists', email))!;
    expect(told.subject).toBe('You already receive these Daylight alerts');
    expect(linkIn(told.text, '/follows/')).toBeDefined();
  });

  it('refuses to restart a stopped follow next to a newer live one of the same thing (no double alerts)', async () => {
    const email = 'twice@example.org';
    const client = new Client(server);
    await client.postForm('/signin', { email }, { csrf: await client.csrf('/signin') });
    const signInPath = linkIn((await lastMail('citizen_sign_in', email))!.text, '/signin/')!;
    await client.postForm(signInPath, {}, { csrf: await client.csrf(signInPath) });
    const follow = () => client.postForm('/follow', { kind: 'unit', unit: 'TS-ROAD', frequency: 'instant' });
    await follow();
    const [old] = await database.db.selectFrom('follow').select('id').where('email', '=', email).execute();
    const managePath = `/follows/${signLink(await linkSecret(database.db), { p: 'follow', f: Number(old!.id) })}`;
    await client.postForm(`${managePath}/stop`, {}, { csrf: await client.csrf(managePath) });
    await follow();
    expect(await database.db.selectFrom('follow').select('id').where('email', '=', email).where('stopped_at', 'is', null).execute()).toHaveLength(1);
    const resumed = await client.postForm(`${managePath}/resume?lang=en`, {}, { csrf: await client.csrf(managePath) });
    expect(resumed.statusCode).toBe(409);
    expect(resumed.body).toContain('already receives these alerts through another, newer follow');
    expect(await database.db.selectFrom('follow').select('id').where('email', '=', email).where('stopped_at', 'is', null).execute()).toHaveLength(1);
    // The account lists both, the stopped one marked so, with its link (to restart it later).
    const me = await client.get('/me?lang=en');
    expect(me.body).toContain(managePath);
    expect(me.body).toMatch(/Stopped<\/span>/);
  });

  it('limits confirmation e-mails to one address so the form cannot bomb an inbox', async () => {
    const client = new Client(server);
    const csrf = await client.csrf('/follow?kind=area');
    const victim = 'victim@example.org';
    for (let i = 0; i < FOLLOW_CONFIRMATIONS_PER_HOUR; i++) {
      const res = await client.postForm('/follow?lang=en', { kind: 'area', lat: String(HALL.lat + i * 0.01), lng: String(HALL.lng), radius: '500', frequency: 'instant', email: victim }, { csrf });
      expect(res.statusCode).toBe(200);
    }
    const before = { follow: await count('follow'), outbox: await count('outbox') };
    const refused = await client.postForm('/follow?lang=en', { kind: 'area', lat: '37.4', lng: String(HALL.lng), radius: '500', frequency: 'instant', email: victim.toUpperCase() }, { csrf });
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('three confirmation links to this address in the last hour');
    expect({ follow: await count('follow'), outbox: await count('outbox') }).toEqual(before);
  });

  it('starts a signed-in citizen\'s follow at once and lists it in their account', async () => {
    const email = 'signed.in@example.org';
    const client = new Client(server);
    const { number } = await file('Followed by a citizen', null);
    // From the follow form's "sign in instead", signing in comes back to the form; a foreign "next" is ignored.
    await client.get('/signin?next=//evil.example/x');
    expect(client.cookies.has('dl_next')).toBe(false);
    await client.get(`/signin?next=${encodeURIComponent(`/follow?kind=application&number=${number}`)}`);
    await client.postForm('/signin', { email }, { csrf: await client.csrf('/signin') });
    const signIn = await lastMail('citizen_sign_in', email);
    const signInPath = linkIn(signIn!.text, '/signin/')!;
    const signedIn = await client.postForm(signInPath, {}, { csrf: await client.csrf(signInPath) });
    expect(signedIn.headers.location).toBe(`/follow?kind=application&number=${number}`);

    const form = await client.get(`/follow?kind=application&number=${number}&lang=en`);
    expect(form.body).toContain(`Every public step of application ${number}`);
    expect(form.body).toContain('the address you signed in with');
    const res = await client.postForm('/follow?lang=en', { kind: 'application', number, frequency: 'instant' }, { csrf: await client.csrf(`/follow?kind=application&number=${number}`) });
    expect(res.body).toContain('Alerts now go to signed.in@example.org');
    expect(await mailsTo(email, 'follow_confirm')).toHaveLength(0);
    // Following the same thing again keeps one follow.
    const again = await client.postForm('/follow?lang=en', { kind: 'application', number, frequency: 'daily' }, { csrf: await client.csrf(`/follow?kind=application&number=${number}`) });
    expect(again.body).toContain('You already receive these alerts');
    expect(await database.db.selectFrom('follow').select('frequency').where('email', '=', email).execute()).toEqual([{ frequency: 'daily' }]);
    await client.postForm('/follow?lang=en', { kind: 'application', number, frequency: 'instant' }, { csrf: await client.csrf(`/follow?kind=application&number=${number}`) });

    await recordAct(database.db, { number, act: { type: 'stage_started', stage: 'intake' }, actor: fx.officials.a1, internalNote: CANARY.internal });
    await recordAct(database.db, { number, act: { type: 'stage_completed', stage: 'intake' }, actor: fx.officials.a1 });
    await dispatch();
    const alerts = await mailsTo(email, 'follow_alert');
    expect(alerts).toHaveLength(2);
    expect(JSON.stringify(alerts)).not.toContain(CANARY.internal);

    const me = await client.get('/me?lang=en');
    expect(me.body).toContain('Your alerts');
    expect(me.body).toContain(`Every public step of application ${number}`);
  });

  it('gathers a daily follow\'s alerts into one digest at the digest hour', async () => {
    const email = 'digest@example.org';
    const client = new Client(server);
    await client.postForm('/follow', { kind: 'procedure', j: 'TS', procedure: 'building-permit', frequency: 'daily', email }, { csrf: await client.csrf('/follow?kind=procedure&j=TS&procedure=building-permit') });
    const confirmPath = linkIn((await lastMail('follow_confirm', email))!.text, '/follows/confirm/')!;
    await client.postForm(confirmPath, {}, { csrf: await client.csrf(confirmPath) });
    const { next_digest_at } = await database.db.selectFrom('follow').select('next_digest_at').where('email', '=', email).executeTakeFirstOrThrow();
    expect(next_digest_at).not.toBeNull();

    const a = await file('First of the day', null);
    const b = await file('Second of the day', null);
    await dispatch();
    expect(await mailsTo(email, 'follow_digest')).toHaveLength(0);
    // At the digest hour: one e-mail with both.
    await dispatch(new Date(next_digest_at!.getTime() + 1000));
    const digests = await mailsTo(email, 'follow_digest');
    expect(digests).toHaveLength(1);
    const mail = (await lastMail('follow_digest', email))!;
    expect(mail.text).toContain(a.number);
    expect(mail.text).toContain(b.number);
    expect(mail.subject).toContain('2');
    const after = await database.db.selectFrom('follow').select('next_digest_at').where('email', '=', email).executeTakeFirstOrThrow();
    expect(after.next_digest_at!.getTime()).toBe(next_digest_at!.getTime() + 86_400_000);
    // Nothing new: no empty digest.
    await dispatch(new Date(after.next_digest_at!.getTime() + 1000));
    expect(await mailsTo(email, 'follow_digest')).toHaveLength(1);
  });

  it('stops a pass once it has written enough alerts and goes on from the next event in the following pass', async () => {
    const emails = ['crowd.1@example.org', 'crowd.2@example.org', 'crowd.3@example.org'];
    for (const email of emails) {
      await database.db.insertInto('follow').values({ email, locale: 'en', kind: 'unit', unit_id: fx.units.build, frequency: 'daily', confirmed_at: new Date(Date.now() - 1000) } as never).execute();
    }
    const crowdAlerts = async () =>
      Number((await sql<{ n: string }>`SELECT count(*) AS n FROM alert JOIN follow f ON f.id = alert.follow_id WHERE f.email LIKE 'crowd.%'`.execute(database.db)).rows[0]!.n);
    await file('Crowd one', null);
    await file('Crowd two', null);
    const first = await dispatchAlerts(database.db, { digest: DIGEST, maxAlerts: 2 });
    expect(first).toMatchObject({ events: 1, more: true });
    expect(await crowdAlerts()).toBe(3);
    const second = await dispatchAlerts(database.db, { digest: DIGEST, maxAlerts: 2 });
    expect(second).toMatchObject({ events: 1, more: false });
    expect(await crowdAlerts()).toBe(6);
    expect(await dispatchAlerts(database.db, { digest: DIGEST, maxAlerts: 2 })).toMatchObject({ events: 0, more: false });
    await database.db.updateTable('follow').set({ stopped_at: new Date() }).where('email', 'in', emails).execute();
  });

  it('caps instant alerts per hour and gathers the rest into a digest an hour later', async () => {
    const email = 'busy.area@example.org';
    const client = new Client(server);
    await client.postForm('/signin', { email }, { csrf: await client.csrf('/signin') });
    const signInPath = linkIn((await lastMail('citizen_sign_in', email))!.text, '/signin/')!;
    await client.postForm(signInPath, {}, { csrf: await client.csrf(signInPath) });
    const far = { lat: 35.1796, lng: 129.0756 }; // away from the other tests' areas
    await client.postForm('/follow', { kind: 'area', lat: String(far.lat), lng: String(far.lng), radius: '1000', frequency: 'instant' }, { csrf: await client.csrf('/follow?kind=area') });
    for (let i = 0; i < INSTANT_ALERTS_PER_HOUR + 3; i++) await file(`Busy ${i}`, far);
    await dispatch();
    expect(await mailsTo(email, 'follow_alert')).toHaveLength(INSTANT_ALERTS_PER_HOUR);
    expect(await mailsTo(email, 'follow_digest')).toHaveLength(0);
    await dispatch(new Date(Date.now() + 3_600_000 + 5_000));
    const digest = await mailsTo(email, 'follow_digest');
    expect(digest).toHaveLength(1);
    expect((digest[0]!.params as { items: unknown[] }).items).toHaveLength(3);
  });
});
