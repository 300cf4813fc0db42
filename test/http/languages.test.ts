import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedureFormValues } from '../../src/http/procedureEditor.js';
import { PASSWORD, createFixture, type Fixture } from '../helpers/fixture.js';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { Client, testServer } from '../helpers/server.js';
import { officialPublicActor } from '../../src/db/repos/actors.js';

describe.each(DIALECTS)('languages on %s', (dialect) => {
  let database: TestDatabase;
  let fx: Fixture;
  let app: FastifyInstance;
  let admin: Client;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    fx = await createFixture(database.db);
    app = await testServer(database);
    admin = new Client(app);
    await admin.login('admin', PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('answers in the language of the query, then the cookie it leaves, then Accept-Language, with lang and dir', async () => {
    const visitor = new Client(app);
    const arabic = await visitor.get('/procedures', { 'accept-language': 'ar-EG,ar;q=0.9' });
    expect(arabic.body).toContain('<html lang="ar" dir="rtl">');
    const chinese = await visitor.get('/procedures', { 'accept-language': 'zh-Hans-CN' });
    expect(chinese.body).toContain('<html lang="zh" dir="ltr">');
    const french = await visitor.get('/procedures?lang=fr', { 'accept-language': 'zh-CN' });
    expect(french.body).toContain('<html lang="fr" dir="ltr">');
    // The choice is remembered: the next page without `lang` is French despite the browser's Chinese.
    const next = await visitor.get('/register', { 'accept-language': 'zh-CN' });
    expect(next.body).toContain('<html lang="fr"');
  });

  it('answers the JSON API’s errors in the language the client accepts', async () => {
    const english = await app.inject({ method: 'GET', url: '/api/v1/applications/2026-TS-9999999', headers: { 'accept-language': 'en' } });
    const korean = await app.inject({ method: 'GET', url: '/api/v1/applications/2026-TS-9999999', headers: { 'accept-language': 'ko' } });
    expect(english.statusCode).toBe(404);
    const a = english.json<{ error: { id: string; message: string } }>();
    const b = korean.json<{ error: { id: string; message: string } }>();
    expect(a.error.id).toBe(b.error.id);
    expect(a.error.message).not.toBe(b.error.message);
    expect(b.error.message).toMatch(/[가-힣]/);
  });

  it('lets an administrator choose a jurisdiction’s languages and name it in them', async () => {
    const res = await admin.postForm(
      '/admin/jurisdictions',
      { id: fx.jurisdictionId, code: 'TS', name_ko: '시험시', name_en: 'Test City', name_fr: 'Ville d’essai', time_zone: 'Asia/Seoul', show_official_names: 'yes', main_locale: 'ko', offered_locales: ['fr', 'ar'] },
      { csrf: await admin.csrf('/admin') },
    );
    expect(res.statusCode).toBe(303);
    const row = await database.db.selectFrom('jurisdiction').select(['main_locale', 'offered_locales', 'names']).where('id', '=', fx.jurisdictionId).executeTakeFirstOrThrow();
    expect(row).toEqual({ main_locale: 'ko', offered_locales: ['ko', 'en', 'fr', 'ar'], names: { fr: 'Ville d’essai' } });
  });

  it('refuses a main language the jurisdiction does not offer, changing nothing', async () => {
    const res = await admin.postForm(
      '/admin/jurisdictions',
      { id: fx.jurisdictionId, code: 'TS', name_ko: '시험시', name_en: 'Test City', time_zone: 'Asia/Seoul', show_official_names: 'yes', main_locale: 'ru', offered_locales: ['fr'] },
      { csrf: await admin.csrf('/admin') },
    );
    expect(res.statusCode).toBe(400);
    const row = await database.db.selectFrom('jurisdiction').select('main_locale').where('id', '=', fx.jurisdictionId).executeTakeFirstOrThrow();
    expect(row.main_locale).toBe('ko');
  });

  it('saves a procedure’s names and stage names in other languages and shows a missing one in the main language, marked', async () => {
    const p = await database.db.selectFrom('procedure').selectAll().where('code', '=', 'building-permit').where('is_current', '=', true).executeTakeFirstOrThrow();
    // The procedure editor's form as it opens on the current version, with names added in French and Arabic.
    const intake = p.stages.findIndex((s) => s.key === 'intake');
    const form = {
      ...procedureFormValues({ ...p, unit_code: 'TS-BUILD' }),
      name_fr: 'Permis de construire', name_ar: 'رخصة بناء',
      [`stage.${intake}.name_fr`]: 'Examen de la demande', [`stage.${intake}.name_ar`]: 'فحص الطلب', op: 'save',
    };
    // A problem elsewhere in the form refuses the save and keeps the names typed in other languages.
    const bad = await admin.postForm('/admin/procedures', { ...form, [`stage.${intake}.name_en`]: '' }, { csrf: await admin.csrf('/admin') });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Examen de la demande');
    const saved = await admin.postForm('/admin/procedures', form, { csrf: await admin.csrf('/admin') });
    expect(saved.statusCode).toBe(303);

    const visitor = new Client(app);
    const french = await visitor.get('/procedures/TS/building-permit?lang=fr');
    expect(french.body.match(/<h1>.*?<\/h1>/)?.[0]).toBe('<h1>Permis de construire</h1>');
    expect(french.body).toContain('Examen de la demande');
    // Spanish has no text: the Korean original shows with its language and a note saying which it is.
    const spanish = await visitor.get('/procedures/TS/building-permit?lang=es');
    expect(spanish.body).toContain(`<span lang="ko" dir="ltr">${p.name_ko}</span>`);
    expect(spanish.body).toMatch(/class="fallback-lang">\(en coreano\)/);
    const arabic = await visitor.get('/procedures/TS/building-permit?lang=ar');
    expect(arabic.body).toContain('<h1>رخصة بناء</h1>');
    expect(arabic.body).toContain('فحص الطلب');
  });

  it('shows no name in a language the jurisdiction stops offering, but still speaks that language itself', async () => {
    // The jurisdiction withdraws Arabic; the Arabic names written for it stay stored but are not shown.
    const res = await admin.postForm(
      '/admin/jurisdictions',
      { id: fx.jurisdictionId, code: 'TS', name_ko: '시험시', name_en: 'Test City', name_fr: 'Ville d’essai', time_zone: 'Asia/Seoul', show_official_names: 'yes', main_locale: 'ko', offered_locales: ['fr'] },
      { csrf: await admin.csrf('/admin') },
    );
    expect(res.statusCode).toBe(303);
    const p = await database.db.selectFrom('procedure').select(['name_ko', 'texts']).where('code', '=', 'building-permit').where('is_current', '=', true).executeTakeFirstOrThrow();
    expect(p.texts.name?.ar).toBe('رخصة بناء');
    const visitor = new Client(app);
    const arabic = await visitor.get('/procedures/TS/building-permit?lang=ar');
    // The interface is still Arabic, right to left, and the switcher still offers all seven languages.
    expect(arabic.body).toContain('<html lang="ar" dir="rtl">');
    for (const l of ['ko', 'en', 'zh', 'fr', 'es', 'ru']) expect(arabic.body).toContain(`href="/lang/${l}?`);
    expect(arabic.body).toContain('<span aria-current="true" lang="ar" dir="rtl">العربية</span>');
    // The content is in the main language, marked, in the catalogue too.
    expect(arabic.body).not.toContain('رخصة بناء');
    expect(arabic.body).not.toContain('فحص الطلب');
    expect(arabic.body).toContain(`<span lang="ko" dir="ltr">${p.name_ko}</span>`);
    const list = await visitor.get('/procedures?lang=ar');
    expect(list.body).not.toContain('رخصة بناء');
    expect(list.body).toContain(`<span lang="ko" dir="ltr">${p.name_ko}</span>`);
    // French, still offered, keeps its names.
    const french = await visitor.get('/procedures/TS/building-permit?lang=fr');
    expect(french.body).toContain('<h1>Permis de construire</h1>');
  });

  it('marks a name shown in the main language in drop-downs and captions, where no markup can carry its language', async () => {
    const p = await database.db.selectFrom('procedure').select(['name_ko']).where('code', '=', 'building-permit').where('is_current', '=', true).executeTakeFirstOrThrow();
    const visitor = new Client(app);
    const register = await visitor.get('/register?lang=es');
    expect(register.statusCode).toBe(200);
    expect(register.body).toMatch(new RegExp(`<option value="building-permit"[^>]*>${p.name_ko} \\(en coreano\\)</option>`));
    const statistics = await visitor.get('/statistics?lang=ru');
    expect(statistics.statusCode).toBe(200);
    expect(statistics.body).toContain('<option value="TS" selected>시험시 (на языке: корейский)</option>');
  });

  it('names an official in the other languages, keeps them when a save is refused, and freezes the offered ones into acts', async () => {
    const typed = {
      login: 'polyglot', password: 'a long enough password for this', unit_id: String(fx.units.build), name_ko: '김민준', name_en: 'Kim Min-jun',
      name_fr: 'Kim Min-jun', name_ar: 'كيم مين-جون', title_ko: '주무관', title_en: 'Officer', title_fr: 'Agent administratif', title_ar: 'موظف إداري', active: 'yes',
    };
    // No role chosen: refused, and every name typed comes back in its field.
    const refused = await admin.postForm('/admin/officials', typed, { csrf: await admin.csrf('/admin/officials/new') });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('value="كيم مين-جون"');
    expect(refused.body).toContain('value="Agent administratif"');
    const saved = await admin.postForm('/admin/officials', { ...typed, roles: 'official' }, { csrf: await admin.csrf('/admin/officials/new') });
    expect(saved.statusCode).toBe(303);
    const row = await database.db.selectFrom('official').select(['id', 'names', 'titles']).where('login', '=', 'polyglot').executeTakeFirstOrThrow();
    expect(row.names).toEqual({ fr: 'Kim Min-jun', ar: 'كيم مين-جون' });
    expect(row.titles).toEqual({ fr: 'Agent administratif', ar: 'موظف إداري' });
    // The jurisdiction offers French but no longer Arabic: an act carries the French title and name, not the Arabic.
    const actor = await officialPublicActor(database.db, row.id);
    expect(actor.title).toEqual({ ko: '주무관', en: 'Officer', fr: 'Agent administratif' });
    expect(actor.name).toEqual({ ko: '김민준', en: 'Kim Min-jun', fr: 'Kim Min-jun' });
    // The edit form shows them again.
    const form = await admin.get(`/admin/officials/${row.id}`);
    expect(form.body).toContain('name="title_ar" lang="ar" dir="rtl" value="موظف إداري"');
  });
});
