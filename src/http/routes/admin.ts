import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addClosure } from '../../commands/admin/calendar.js';
import { createOfficial, updateOfficial } from '../../commands/admin/officials.js';
import { saveProcedureVersion } from '../../commands/admin/saveProcedureVersion.js';
import { createApiKey } from '../../commands/admin/createApiKey.js';
import { createUnit } from '../../commands/admin/createUnit.js';
import { revokeApiKey } from '../../commands/admin/revokeApiKey.js';
import { saveJurisdiction } from '../../commands/admin/saveJurisdiction.js';
import { saveDeclarationRules } from '../../commands/admin/saveDeclarationRules.js';
import { listJurisdictionSettings, listUnits, officialToEdit, procedureVersion } from '../../db/repos/administration.js';
import { handOff, takeHandoff } from '../../db/repos/handoffs.js';
import type { OfficialActor } from '../../domain/actor.js';
import { AppError, notFound } from '../../errors.js';
import { mayAdminister } from '../../policies/index.js';
import { AdminPage, OfficialForm } from '../../views/admin.js';
import { ProcedureForm } from '../../views/procedureEditor.js';
import { closureDraft, jurisdictionDraft, officialDraft, officialTyped, unitDraft } from '../adminForms.js';
import { applyOp, newProcedureValues, parseOp, procedureDraft, procedureFormValues } from '../procedureEditor.js';
import { OFFICE_COOKIE } from '../auth.js';
import type { RouteOptions } from '../context.js';
import { formFields, rerender } from '../forms.js';
import { officeGuard, officialOf } from '../guards.js';
import { adminData } from '../pages/admin.js';
import { declarationRulesPage, rulesJurisdiction } from '../pages/declarations.js';
import { idOrNotFound, parseId } from '../params.js';

/** How long a newly issued API key can be shown again in the issuing browser. */
const NEW_KEY_SHOWN_MS = 10 * 60_000;

/** Administration of jurisdictions, units, officials, API keys and procedures; admins only, every route. */
export async function adminRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db } = opts;

  // Every route here is for administrators: anonymous page views go to sign in, anyone else is refused.
  const administrators = { preHandler: officeGuard(mayAdminister) };

  const page = async (request: FastifyRequest, reply: FastifyReply, extra: { errors?: Record<string, string>; notice?: string; newKey?: string } = {}, status = 200) =>
    reply.page(AdminPage({ ctx: opts.ctx(request, reply), data: await adminData(db), errors: extra.errors ?? {}, notice: extra.notice, newKey: extra.newKey }), status);

  /** Runs an admin command; on a correctable error re-renders the admin page with it. */
  async function attempt(request: FastifyRequest, reply: FastifyReply, run: (actor: OfficialActor) => Promise<string | void>) {
    try {
      const notice = await run(officialOf(request));
      return reply.redirect(`/admin?saved=1${typeof notice === 'string' ? `&notice=${notice}` : ''}`, 303);
    } catch (error) {
      const data = await adminData(db);
      return rerender(error, request, reply, (errors) => AdminPage({ ctx: opts.ctx(request, reply), data, errors }));
    }
  }

  app.get<{ Querystring: { saved?: string; key?: string } }>('/admin', administrators, async (request, reply) => {
    // A key just issued is shown to the browser that issued it (sealed with its session), after the redirect.
    const newKey = request.query.key
      ? ((await takeHandoff(db, { sessionToken: request.cookies[OFFICE_COOKIE], purpose: 'api_key', ref: request.query.key })) ?? undefined)
      : undefined;
    return page(request, reply, { newKey, notice: request.query.saved || newKey ? request.t('admin.saved') : undefined });
  });

  app.post('/admin/jurisdictions', administrators, async (request, reply) => {
    const v = formFields(request.body);
    return attempt(request, reply, (actor) => saveJurisdiction(db, actor, jurisdictionDraft(v, request.body)));
  });

  app.post('/admin/closures', administrators, async (request, reply) => {
    const v = formFields(request.body);
    return attempt(request, reply, (actor) => addClosure(db, actor, closureDraft(v)));
  });

  app.post('/admin/units', administrators, async (request, reply) => {
    const v = formFields(request.body);
    return attempt(request, reply, async (actor) => {
      await createUnit(db, actor, unitDraft(v));
    });
  });

  app.post('/admin/keys', administrators, async (request, reply) => {
    const v = formFields(request.body);
    try {
      const key = await createApiKey(db, officialOf(request), parseId(v.unit_id) ?? 0, v.label ?? '');
      // Shown once, on the page this redirects to, in this browser only; never stored or logged in clear.
      const ref = key.slice(0, 10);
      await handOff(db, { sessionToken: request.cookies[OFFICE_COOKIE]!, purpose: 'api_key', ref, secret: key, ttlMs: NEW_KEY_SHOWN_MS });
      return reply.redirect(`/admin?key=${encodeURIComponent(ref)}#keys`, 303);
    } catch (error) {
      const data = await adminData(db);
      return rerender(error, request, reply, (errors) => AdminPage({ ctx: opts.ctx(request, reply), data, errors }));
    }
  });

  app.post<{ Params: { id: string } }>('/admin/keys/:id/revoke', administrators, async (request, reply) =>
    attempt(request, reply, (actor) => revokeApiKey(db, actor, idOrNotFound(request.params.id))),
  );

  app.get<{ Params: { code: string }; Querystring: { saved?: string } }>('/admin/declarations/:code', administrators, async (request, reply) => {
    const notice = request.query.saved ? request.t('admin.saved') : undefined;
    return reply.page((await declarationRulesPage(db, opts.ctx(request, reply), request.params.code, { notice }))({}));
  });

  app.post<{ Params: { code: string } }>('/admin/declarations/:code', administrators, async (request, reply) => {
    const jurisdiction = await rulesJurisdiction(db, request.params.code);
    const values = formFields(request.body);
    try {
      await saveDeclarationRules(db, { actor: officialOf(request), jurisdictionId: jurisdiction.id, values });
      return reply.redirect(`/admin/declarations/${jurisdiction.code}?saved=1`, 303);
    } catch (error) {
      return rerender(error, request, reply, await declarationRulesPage(db, opts.ctx(request, reply), jurisdiction.code, { values }));
    }
  });

  app.get('/admin/officials/new', administrators, async (request, reply) =>
    reply.page(OfficialForm({ ctx: opts.ctx(request, reply), units: await listUnits(db), errors: {} })),
  );

  app.post('/admin/officials', administrators, async (request, reply) => {
    const v = formFields(request.body);
    try {
      await createOfficial(db, officialOf(request), officialDraft(v, request.body));
      return reply.redirect('/admin?saved=1#officials', 303);
    } catch (error) {
      const units = await listUnits(db);
      return rerender(error, request, reply, (errors) => OfficialForm({ ctx: opts.ctx(request, reply), typed: officialTyped(v, request.body), units, errors }));
    }
  });

  app.get<{ Params: { id: string } }>('/admin/officials/:id', administrators, async (request, reply) => {
    const official = await officialToEdit(db, idOrNotFound(request.params.id));
    if (!official) throw notFound();
    return reply.page(OfficialForm({ ctx: opts.ctx(request, reply), official, units: await listUnits(db), errors: {} }));
  });

  app.post<{ Params: { id: string } }>('/admin/officials/:id', administrators, async (request, reply) => {
    const official = await officialToEdit(db, idOrNotFound(request.params.id));
    if (!official) throw notFound();
    const v = formFields(request.body);
    try {
      // A login never changes once created: the form shows it read-only, and whatever comes back is ignored.
      await updateOfficial(db, officialOf(request), official.id, { ...officialDraft(v, request.body), login: official.login });
      return reply.redirect('/admin?saved=1#officials', 303);
    } catch (error) {
      const units = await listUnits(db);
      return rerender(error, request, reply, (errors) => OfficialForm({ ctx: opts.ctx(request, reply), official, typed: officialTyped(v, request.body), units, errors }));
    }
  });

  /** The procedure editor with these values; `render` takes the errors, so a refusal can fill them in. */
  const procedureForm = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, unsaved = false) => {
    const [jurisdictions, units] = await Promise.all([listJurisdictionSettings(db), listUnits(db)]);
    const editing = Boolean(values.base_version && values.base_version !== '0');
    return (errors: Record<string, string> = {}) => ProcedureForm({ ctx: opts.ctx(request, reply), values, jurisdictions, units, errors, editing, unsaved });
  };

  app.get('/admin/procedures/new', administrators, async (request, reply) => reply.page((await procedureForm(request, reply, newProcedureValues()))()));

  app.get<{ Params: { id: string } }>('/admin/procedures/:id', administrators, async (request, reply) => {
    const p = await procedureVersion(db, idOrNotFound(request.params.id));
    if (!p) throw notFound();
    return reply.page((await procedureForm(request, reply, procedureFormValues(p)))());
  });

  // One route for the editor's every button: a row added, removed or moved comes back unsaved with all that was
  // typed; "Save" (or Enter) saves a new version against the version the page was opened from.
  app.post('/admin/procedures', administrators, async (request, reply) => {
    const { op: rawOp, ...v } = formFields(request.body);
    const op = parseOp(rawOp);
    if (op.kind !== 'save') return reply.page((await procedureForm(request, reply, applyOp(v, op).values, true))());
    try {
      await saveProcedureVersion(db, officialOf(request), procedureDraft(v));
      return reply.redirect('/admin?saved=1#procedures', 303);
    } catch (error) {
      if (error instanceof AppError && error.id === 'forbidden') throw error;
      return rerender(error, request, reply, await procedureForm(request, reply, v));
    }
  });
}
