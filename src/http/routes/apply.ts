import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { saveDraft, type SavedDraft } from '../../commands/drafts/saveDraft.js';
import { submitDraft } from '../../commands/drafts/submitDraft.js';
import { applicationIdByNumber } from '../../db/repos/cases.js';
import { draftLinkMailedTo, findDraft, type DraftRow } from '../../db/repos/drafts.js';
import { handOff } from '../../db/repos/handoffs.js';
import { listProcedures, type CatalogueRow } from '../../db/repos/publicRead.js';
import { AppError, notFound } from '../../errors.js';
import { ApplyPage, type FormDraft } from '../../views/apply.js';
import { CheckAnswersPage, DraftSavedPage } from '../../views/checkAnswers.js';
import { checkApplicationForm } from '../applicationForm.js';
import { startSession } from '../auth.js';
import type { RouteOptions } from '../context.js';
import { formFields, readFormFiles, rerender } from '../forms.js';

/** How long the receipt page can show the access code again (a reload, going back to it) in the browser that applied. */
export const RECEIPT_HANDOFF_MS = 2 * 3_600_000;

/** A draft's token as `newToken` makes it (32 random bytes, base64url); anything else is not looked up. */
const DRAFT_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Applying online: the form, "check your answers" and "save and continue later". What the form holds is kept as a draft
 * (`commands/drafts`) behind a random token in the path; the application is filed only from its check page, once.
 */
export async function applyRoutes(app: FastifyInstance, opts: RouteOptions): Promise<void> {
  const { db, config } = opts;
  const limited = { config: { rateLimit: { max: config.FORM_RATE_LIMIT, timeWindow: '1 minute' } } };

  /** A draft's pages hold what the person typed: no cache keeps them, and no link from them tells another site the token. */
  const privately = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');

  async function procedureOf(jurisdiction: string, code: string): Promise<CatalogueRow> {
    const [p] = await listProcedures(db, { jurisdiction, code });
    if (!p) throw notFound('error.procedure_not_found');
    return p;
  }

  /** The live draft a path's token opens, with its procedure; not found when the token is malformed, unknown or expired. */
  async function draftOf(token: string): Promise<{ draft: DraftRow; p: CatalogueRow }> {
    const draft = DRAFT_TOKEN.test(token) ? await findDraft(db, token, new Date()) : undefined;
    if (!draft) throw notFound('draft.not_found');
    return { draft, p: await procedureOf(draft.jurisdictionCode, draft.procedureCode) };
  }

  const formDraft = (token: string, draft: DraftRow): FormDraft => ({ token, documents: draft.documents });

  const form = (request: FastifyRequest, reply: FastifyReply, p: CatalogueRow, values: Record<string, string>, errors: Record<string, string>, draft?: FormDraft) =>
    ApplyPage({ ctx: opts.ctx(request, reply), p, values, errors, maxBytes: config.UPLOAD_MAX_BYTES, draft });

  /**
   * A posted form, new or from a draft. "Save and continue later" keeps it and shows the link; "Continue" keeps it and
   * goes to the check page when everything is answered, or shows the form again with every problem named. A first form
   * with problems and no file worth keeping is shown again without starting a draft.
   */
  async function postForm(request: FastifyRequest, reply: FastifyReply, p: CatalogueRow, token?: string): Promise<FastifyReply> {
    privately(reply);
    const values = formFields(request.body);
    const save = values.op === 'save';
    const { files, tooLarge } = await readFormFiles(request.body, config.UPLOAD_MAX_BYTES);
    if (!token && !save) {
      try {
        checkApplicationForm(p, values, files.map((f) => ({ kind: f.field.replace(/^doc_/, '') })), 'online', tooLarge);
      } catch (error) {
        if (files.length === 0) return rerender(error, request, reply, (errors) => form(request, reply, p, values, errors));
      }
    }
    const remove = Object.entries(values).filter(([k, v]) => k.startsWith('remove_doc_') && v).map(([k]) => k.slice('remove_doc_'.length));
    let saved: SavedDraft;
    try {
      saved = await saveDraft(db, { token, procedure: p, values, files, remove, locale: request.locale, ttlDays: config.DRAFT_TTL_DAYS, mailLink: save });
    } catch (error) {
      return rerender(error, request, reply, (errors) => form(request, reply, p, values, errors));
    }
    const draft = await findDraft(db, saved.token, new Date());
    if (!draft) throw notFound('draft.not_found');
    try {
      if (save) {
        // What was typed may be finished later, but a refused file must be said at once.
        const refused = [...tooLarge, ...saved.fileIssues];
        if (refused.length) throw new AppError(tooLarge.length ? 'payload_too_large' : 'unsupported_media_type', 'error.too_large', {}, refused);
        return reply.redirect(`/apply/${saved.token}/saved`, 303);
      }
      checkApplicationForm(p, draft.answers, draft.documents, 'online', tooLarge, saved.fileIssues);
      return reply.redirect(`/apply/${saved.token}/check`, 303);
    } catch (error) {
      return rerender(error, request, reply, (errors) => form(request, reply, p, draft.answers, errors, formDraft(saved.token, draft)));
    }
  }

  app.get<{ Params: { j: string; code: string } }>('/procedures/:j/:code/apply', async (request, reply) => {
    const p = await procedureOf(request.params.j, request.params.code);
    return reply.page(form(request, reply, p, {}, {}));
  });

  app.post<{ Params: { j: string; code: string } }>('/procedures/:j/:code/apply', limited, async (request, reply) =>
    postForm(request, reply, await procedureOf(request.params.j, request.params.code)),
  );

  app.get<{ Params: { token: string } }>('/apply/:token', async (request, reply) => {
    privately(reply);
    const { draft, p } = await draftOf(request.params.token);
    if (draft.submittedNumber) return reply.redirect(`/my/${draft.submittedNumber}/receipt`, 303);
    return reply.page(form(request, reply, p, draft.answers, {}, formDraft(request.params.token, draft)));
  });

  app.post<{ Params: { token: string } }>('/apply/:token', limited, async (request, reply) => {
    const { draft, p } = await draftOf(request.params.token);
    if (draft.submittedNumber) return reply.redirect(`/my/${draft.submittedNumber}/receipt`, 303);
    return postForm(request, reply, p, request.params.token);
  });

  app.get<{ Params: { token: string } }>('/apply/:token/check', async (request, reply) => {
    privately(reply);
    const { token } = request.params;
    const { draft, p } = await draftOf(token);
    if (draft.submittedNumber) return reply.redirect(`/my/${draft.submittedNumber}/receipt`, 303);
    try {
      checkApplicationForm(p, draft.answers, draft.documents, 'online');
    } catch (error) {
      // Saved unfinished, or the procedure asks for more since: the form, with what is missing named.
      return rerender(error, request, reply, (errors) => form(request, reply, p, draft.answers, errors, formDraft(token, draft)));
    }
    return reply.page(CheckAnswersPage({ ctx: opts.ctx(request, reply), p, values: draft.answers, draft: formDraft(token, draft) }));
  });

  app.post<{ Params: { token: string } }>('/apply/:token/submit', limited, async (request, reply) => {
    privately(reply);
    const { token } = request.params;
    const { draft, p } = await draftOf(token);
    try {
      const filed = await submitDraft(db, {
        token,
        locale: request.locale,
        keys: opts.partyKeys,
        check: (answers, documents) => checkApplicationForm(p, answers, documents, 'online'),
      });
      // Filed before (a reload, a second press): the receipt of the one application it became.
      if (!filed.receipt) return reply.redirect(`/my/${filed.number}/receipt`, 303);
      const applicationId = await applicationIdByNumber(db, filed.number);
      if (applicationId === undefined) throw notFound('error.application_not_found');
      const session = await startSession(db, reply, config, { applicationId });
      // Post/redirect/get: the receipt is a page of its own, so reloading it never files the application again.
      await handOff(db, { sessionToken: session, purpose: 'receipt', ref: filed.number, secret: filed.receipt.accessCode, ttlMs: RECEIPT_HANDOFF_MS });
      return reply.redirect(`/my/${filed.number}/receipt`, 303);
    } catch (error) {
      return rerender(error, request, reply, (errors) => form(request, reply, p, draft.answers, errors, formDraft(token, draft)));
    }
  });

  // "Save and continue later" from the check page: the link, e-mailed when an address was given.
  app.post<{ Params: { token: string } }>('/apply/:token/later', limited, async (request, reply) => {
    const { draft, p } = await draftOf(request.params.token);
    if (draft.submittedNumber) return reply.redirect(`/my/${draft.submittedNumber}/receipt`, 303);
    await saveDraft(db, { token: request.params.token, procedure: p, values: draft.answers, files: [], locale: request.locale, ttlDays: config.DRAFT_TTL_DAYS, mailLink: true });
    return reply.redirect(`/apply/${request.params.token}/saved`, 303);
  });

  app.get<{ Params: { token: string } }>('/apply/:token/saved', async (request, reply) => {
    privately(reply);
    const { token } = request.params;
    const { draft, p } = await draftOf(token);
    if (draft.submittedNumber) return reply.redirect(`/my/${draft.submittedNumber}/receipt`, 303);
    const mailedTo = await draftLinkMailedTo(db, draft.id);
    return reply.page(DraftSavedPage({ ctx: opts.ctx(request, reply), p, token, expiresAt: draft.expiresAt, publicUrl: config.publicUrl, mailedTo }));
  });
}
