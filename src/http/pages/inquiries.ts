import type { FastifyRequest } from 'fastify';
import type { Asker } from '../../commands/inquiries/openInquiry.js';
import { applicationIdByNumber } from '../../db/repos/cases.js';
import { clockOfPublicCase } from '../../db/repos/clocks.js';
import { officeInquiries, publicInquiries } from '../../db/repos/inquiries.js';
import type { PublicCaseRow } from '../../db/repos/publicRead.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { mayReadPrivateInquiry } from '../../policies/index.js';
import { presentApplication } from '../../presenters/public.js';
import type { ViewContext } from '../../views/context.js';
import { InquirySection, OfficeInquiries } from '../../views/inquiries.js';
import { ApplicationPage } from '../../views/public/application.js';
import { CITIZEN_COOKIE, citizenFromSession } from '../auth.js';

/** Pages assembled from several reads: an application's public page with its questions, the office's questions section. */

/** Who may ask on an application's page: its applicant (access-code session), else a signed-in citizen. */
export async function askerOf(db: Db, request: FastifyRequest, applicationId: number): Promise<Asker | undefined> {
  if (request.applicantApplicationId === applicationId) return { kind: 'applicant', applicationId };
  const citizen = await citizenFromSession(db, request.cookies[CITIZEN_COOKIE]);
  return citizen ? { kind: 'citizen', citizenId: citizen.id, email: citizen.email } : undefined;
}

/**
 * The case's questions for its public page. A question is stored in the transaction that records its `inquiry_opened`
 * event, so a case whose events (as read for this page) open none has none to show: most cases, whose pages then
 * cost one query less when rendered.
 */
async function inquiriesOnPage(db: Db, found: PublicCaseRow) {
  return found.events.some((e) => e.type === 'inquiry_opened') ? publicInquiries(db, found.id) : [];
}

/** The whole public application page with its questions section (used by the GET and by a refused POST). */
export async function applicationPageWithInquiries(
  db: Db,
  request: FastifyRequest,
  ctx: ViewContext,
  found: PublicCaseRow,
  form: { values?: Record<string, string>; errors?: Record<string, string>; asked?: { no: number; corruption: boolean } } = {},
) {
  const asker = await askerOf(db, request, found.id);
  const zone = found.jurisdiction.time_zone;
  const app = presentApplication(found, await clockOfPublicCase(db, found));
  return ApplicationPage({
    ctx,
    app,
    zone,
    privateLink: request.applicantApplicationId === found.id,
    extra: InquirySection({
      ctx,
      number: found.number,
      inquiries: await inquiriesOnPage(db, found),
      events: app.events,
      zone,
      asker: asker?.kind ?? null,
      withdrawn: app.status === 'withdrawn',
      values: form.values ?? {},
      errors: form.errors ?? {},
      asked: form.asked,
    }),
  });
}

/** The questions section of the office's case page. */
export async function officeInquirySection(db: Db, ctx: ViewContext, actor: OfficialActor, number: string, zone: string, errors: Record<string, string> = {}) {
  const applicationId = await applicationIdByNumber(db, number);
  if (applicationId === undefined) return null;
  const canAnswer = actor.roles.includes('official') || actor.roles.includes('supervisor');
  const inquiries = (await officeInquiries(db, applicationId)).map((q) =>
    q.private && !mayReadPrivateInquiry(actor, q.unit_id) ? { ...q, question: null, answer: null, question_text: null, answer_text: null } : q,
  );
  return OfficeInquiries({ ctx, number, inquiries, zone, mayAnswerUnitId: canAnswer ? actor.unitId : null, errors });
}
