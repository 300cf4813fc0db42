import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createOfficial, updateOfficial, type OfficialDraft } from '../../commands/admin/officials.js';
import {
  formatDocuments, formatFields, formatStages, parseDocuments, parseFields, parseStages, saveProcedureVersion,
} from '../../commands/admin/saveProcedureVersion.js';
import { addClosure } from '../../commands/admin/calendar.js';
import { listClosures } from '../../db/repos/calendars.js';
import { createApiKey } from '../../commands/admin/createApiKey.js';
import { createUnit } from '../../commands/admin/createUnit.js';
import { revokeApiKey } from '../../commands/admin/revokeApiKey.js';
import { saveJurisdiction } from '../../commands/admin/saveJurisdiction.js';
import type { OfficialActor } from '../../domain/actor.js';
import type { Role } from '../../domain/types.js';
import { AppError, notFound } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import { AdminPage, OfficialForm, ProcedureForm, type AdminData } from '../../views/admin.js';
import { formFields, rerender } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import { idOrNotFound, parseId } from '../params.js';
import { OFFICE_COOKIE } from '../auth.js';
import { handOff, takeHandoff } from '../../db/repos/handoffs.js';

/** How long a newly issued API key can be shown again in the issuing browser. */
const NEW_KEY_SHOWN_MS = 10 * 60_000;
import type { RouteOptions } from '../context.js';

/** Administration of jurisdictions, units, officials, API keys and procedures; admins only, every route. */
export async function adminRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db } = opts;

  // Every route of this plugin, and only those (Fastify encapsulates a plugin's hooks), is for administrators.
  app.addHook('preHandler', officeGuard(mayAdminister));

  async function adminData(): Promise<AdminData> {
    const [jurisdictions, units, officials, keys, procedures, closures] = await Promise.all([
      db.selectFrom('jurisdiction').selectAll().orderBy('code').execute(),
      db.selectFrom('unit').select(['id', 'code', 'name_ko', 'name_en', 'jurisdiction_id', 'phone', 'email']).orderBy('code').execute(),
      db.selectFrom('official as o').innerJoin('unit as u', 'u.id', 'o.unit_id')
        .select(['o.id', 'o.login', 'o.name_ko', 'o.name_en', 'o.title_en', 'u.code as unit_code', 'o.roles', 'o.active']).orderBy('o.login').execute(),
      db.selectFrom('api_key as k').innerJoin('unit as u', 'u.id', 'k.unit_id')
        .select(['k.id', 'k.label', 'k.prefix', 'u.code as unit_code', 'k.created_at', 'k.revoked_at']).orderBy('k.id').execute(),
      db.selectFrom('procedure as p').innerJoin('jurisdiction as j', 'j.id', 'p.jurisdiction_id')
        .select(['p.id', 'p.code', 'p.version', 'p.name_ko', 'p.name_en', 'j.code as jurisdiction_code', 'p.is_current'])
        .orderBy('j.code').orderBy('p.code').orderBy('p.version').execute(),
      listClosures(db),
    ]);
    return { jurisdictions, units, officials, keys, procedures, closures };
  }

  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { errors?: Record<string, string>; notice?: string; newKey?: string } = {}, status = 200) =>
    reply.page(AdminPage({ ctx: opts.ctx(request, reply), data: await adminData(), errors: extra.errors ?? {}, notice: extra.notice, newKey: extra.newKey }), status);

  /** Runs an admin command; on a correctable error re-renders the admin page with it. */
  async function attempt(request: FastifyRequest, reply: FastifyReply, run: (actor: OfficialActor) => Promise<string | void>) {
    try {
      const notice = await run(officialOf(request));
      return reply.redirect(`/admin?saved=1${typeof notice === 'string' ? `&notice=${notice}` : ''}`, 303);
    } catch (error) {
      const data = await adminData();
      return rerender(error, request, reply, (errors) => AdminPage({ ctx: opts.ctx(request, reply), data, errors }));
    }
  }

  app.get<{ Querystring: { saved?: string; key?: string } }>('/admin', async (request, reply) => {
    // A key just issued is shown to the browser that issued it (sealed with its session), after the redirect.
    const newKey = request.query.key
      ? ((await takeHandoff(db, { sessionToken: request.cookies[OFFICE_COOKIE], purpose: 'api_key', ref: request.query.key })) ?? undefined)
      : undefined;
    return page(request, reply, { newKey, notice: request.query.saved || newKey ? request.t('admin.saved') : undefined });
  });

  app.post('/admin/jurisdictions', async (request, reply) => {
    const v = formFields(request.body);
    return attempt(request, reply, (actor) =>
      saveJurisdiction(db, actor, {
        id: v.id ?? '', code: v.code ?? '', nameKo: v.name_ko ?? '', nameEn: v.name_en ?? '', timeZone: v.time_zone ?? '',
        showOfficialNames: v.show_official_names === 'yes',
        inquiryResponseDays: v.inquiry_response_days,
        secondFactorOthers: v.second_factor_others === 'optional' ? 'optional' : v.second_factor_others === 'required' ? 'required' : undefined,
      }),
    );
  });

  app.post('/admin/closures', async (request, reply) => {
    const v = formFields(request.body);
    return attempt(request, reply, (actor) =>
      addClosure(db, actor, {
        jurisdictionId: v.jurisdiction_id ?? '', date: (v.date ?? '').trim(), kind: v.kind === 'closure' ? 'closure' : 'holiday',
        reasonKo: v.reason_ko ?? '', reasonEn: v.reason_en ?? '',
      }),
    );
  });

  app.post('/admin/units', async (request, reply) => {
    const v = formFields(request.body);
    return attempt(request, reply, async (actor) => {
      await createUnit(db, actor, { jurisdictionId: v.jurisdiction_id ?? '', code: (v.code ?? '').trim(), nameKo: v.name_ko ?? '', nameEn: v.name_en ?? '', phone: v.phone, email: v.email });
    });
  });

  app.post('/admin/keys', async (request, reply) => {
    const v = formFields(request.body);
    try {
      const key = await createApiKey(db, officialOf(request), parseId(v.unit_id) ?? 0, v.label ?? '');
      // Shown once, on the page this redirects to, in this browser only; never stored or logged in clear.
      const ref = key.slice(0, 10);
      await handOff(db, { sessionToken: request.cookies[OFFICE_COOKIE]!, purpose: 'api_key', ref, secret: key, ttlMs: NEW_KEY_SHOWN_MS });
      return reply.redirect(`/admin?key=${encodeURIComponent(ref)}#keys`, 303);
    } catch (error) {
      const data = await adminData();
      return rerender(error, request, reply, (errors) => AdminPage({ ctx: opts.ctx(request, reply), data, errors }));
    }
  });

  app.post<{ Params: { id: string } }>('/admin/keys/:id/revoke', async (request, reply) =>
    attempt(request, reply, (actor) => revokeApiKey(db, actor, idOrNotFound(request.params.id))),
  );

  const units = () => db.selectFrom('unit').select(['id', 'code', 'name_ko', 'name_en', 'jurisdiction_id', 'phone', 'email']).orderBy('code').execute();

  function officialDraft(v: Record<string, string>, body: unknown): OfficialDraft {
    const raw = (body as Record<string, unknown> | null | undefined)?.roles;
    const roles = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String) as Role[];
    return {
      login: (v.login ?? '').trim().toLowerCase(), password: v.password || undefined, unitId: parseId(v.unit_id) ?? 0,
      nameKo: v.name_ko ?? '', nameEn: v.name_en ?? '', titleKo: v.title_ko ?? '', titleEn: v.title_en ?? '', roles, active: v.active === 'yes',
    };
  }

  app.get('/admin/officials/new', async (request, reply) =>
    reply.page(OfficialForm({ ctx: opts.ctx(request, reply), units: await units(), errors: {} })),
  );

  app.post('/admin/officials', async (request, reply) => {
    const v = formFields(request.body);
    try {
      await createOfficial(db, officialOf(request), officialDraft(v, request.body));
      return reply.redirect('/admin?saved=1#officials', 303);
    } catch (error) {
      const list = await units();
      return rerender(error, request, reply, (errors) => OfficialForm({ ctx: opts.ctx(request, reply), units: list, errors }));
    }
  });

  app.get<{ Params: { id: string } }>('/admin/officials/:id', async (request, reply) => {
    const id = idOrNotFound(request.params.id);
    const official = await db.selectFrom('official').select(['id', 'login', 'name_ko', 'name_en', 'title_ko', 'title_en', 'unit_id', 'roles', 'active']).where('id', '=', id).executeTakeFirst();
    if (!official) throw notFound();
    return reply.page(OfficialForm({ ctx: opts.ctx(request, reply), official, units: await units(), errors: {} }));
  });

  app.post<{ Params: { id: string } }>('/admin/officials/:id', async (request, reply) => {
    const id = idOrNotFound(request.params.id);
    const official = await db.selectFrom('official').select(['id', 'login', 'name_ko', 'name_en', 'title_ko', 'title_en', 'unit_id', 'roles', 'active']).where('id', '=', id).executeTakeFirst();
    if (!official) throw notFound();
    const v = formFields(request.body);
    try {
      await updateOfficial(db, officialOf(request), id, { ...officialDraft(v, request.body), login: official.login });
      return reply.redirect('/admin?saved=1#officials', 303);
    } catch (error) {
      const list = await units();
      return rerender(error, request, reply, (errors) => OfficialForm({ ctx: opts.ctx(request, reply), official, units: list, errors }));
    }
  });

  const jurisdictions = () => db.selectFrom('jurisdiction').selectAll().orderBy('code').execute();

  app.get('/admin/procedures/new', async (request, reply) =>
    reply.page(ProcedureForm({ ctx: opts.ctx(request, reply), values: { statutory_days: '10', fee_krw: '0' }, jurisdictions: await jurisdictions(), units: await units(), errors: {}, editing: false })),
  );

  app.get<{ Params: { id: string } }>('/admin/procedures/:id', async (request, reply) => {
    const id = idOrNotFound(request.params.id);
    const p = await db.selectFrom('procedure as p').innerJoin('unit as u', 'u.id', 'p.unit_id').selectAll('p').select('u.code as unit_code').where('p.id', '=', id).executeTakeFirst();
    if (!p) throw notFound();
    const values = {
      jurisdiction_id: p.jurisdiction_id, code: p.code, category: p.category, unit_code: p.unit_code, name_ko: p.name_ko, name_en: p.name_en,
      purpose_ko: p.purpose_ko, purpose_en: p.purpose_en, legal_basis_ko: p.legal_basis_ko, legal_basis_en: p.legal_basis_en,
      fee_krw: String(p.fee_krw), statutory_days: String(p.statutory_days),
      stages: formatStages(p.stages), documents: formatDocuments(p.documents), fields: formatFields(p.fields),
    };
    return reply.page(ProcedureForm({ ctx: opts.ctx(request, reply), values, jurisdictions: await jurisdictions(), units: await units(), errors: {}, editing: true }));
  });

  app.post('/admin/procedures', async (request, reply) => {
    const v = formFields(request.body);
    try {
      await saveProcedureVersion(db, officialOf(request), {
        jurisdictionId: v.jurisdiction_id ?? '', code: (v.code ?? '').trim(), category: v.category ?? '', unitCode: v.unit_code ?? '',
        name: { ko: v.name_ko ?? '', en: v.name_en ?? '' }, purpose: { ko: v.purpose_ko ?? '', en: v.purpose_en ?? '' },
        legalBasis: { ko: v.legal_basis_ko ?? '', en: v.legal_basis_en ?? '' },
        feeKrw: Number(v.fee_krw || 0), statutoryDays: Number(v.statutory_days),
        stages: parseStages(v.stages ?? ''), documents: parseDocuments(v.documents ?? ''), fields: parseFields(v.fields ?? ''),
      });
      return reply.redirect('/admin?saved=1#procedures', 303);
    } catch (error) {
      if (error instanceof AppError && error.id === 'forbidden') throw error;
      const [js, us] = await Promise.all([jurisdictions(), units()]);
      return rerender(error, request, reply, (errors) => ProcedureForm({ ctx: opts.ctx(request, reply), values: v, jurisdictions: js, units: us, errors, editing: false }));
    }
  });
}
