import type { ComponentChildren } from 'preact';
import { citizenOwnsApplication } from '../../db/repos/citizens.js';
import { clockOfPublicCase } from '../../db/repos/clocks.js';
import { applicantCaseRows } from '../../db/repos/documents.js';
import { applicantInquiries } from '../../db/repos/inquiries.js';
import { accessesOfApplication } from '../../db/repos/personalDataAccess.js';
import { findPublicCase, type PublicCaseRow } from '../../db/repos/publicRead.js';
import { integritySurveyPanel } from './integrity.js';
import type { Db } from '../../db/types.js';
import { AppError, notFound } from '../../errors.js';
import { presentApplicantCase } from '../../presenters/applicant.js';
import { presentApplication } from '../../presenters/public.js';
import { FileAccessList } from '../../views/access.js';
import { MyApplicationPage } from '../../views/applicant.js';
import { ReceiptPage } from '../../views/apply.js';
import type { ViewContext } from '../../views/context.js';
import { ApplicantInquiries } from '../../views/inquiries.js';

/**
 * The case an applicant's session (`applicationId`) grants, by number: `not_found` for an unknown number, `forbidden`
 * for anyone else's case.
 */
export async function applicantCase(db: Db, number: string, applicationId: number | undefined): Promise<PublicCaseRow> {
  const found = await findPublicCase(db, number);
  if (!found) throw notFound('error.application_not_found');
  if (applicationId !== found.id) throw new AppError('forbidden', 'error.applicant_sign_in');
  return found;
}

/**
 * The case a signed-in citizen may open as its applicant without the access code (filed with their e-mail address, or
 * linked by them), by number; undefined otherwise.
 */
export async function citizenCase(db: Db, number: string, citizen: { id: number; email: string } | undefined): Promise<PublicCaseRow | undefined> {
  if (!citizen) return undefined;
  const found = await findPublicCase(db, number);
  if (!found || !(await citizenOwnsApplication(db, citizen.id, citizen.email, found.id))) return undefined;
  return found;
}

/**
 * The applicant's private page for their case, read once: the public record, their own data and documents, the
 * questions they may see and who in the office opened the file. The result renders it with a form's errors, a
 * notice and the rating panel, so a refused form can be shown again without reading anything twice.
 */
export async function myApplicationPage(db: Db, ctx: ViewContext, found: PublicCaseRow) {
  const zone = found.jurisdiction.time_zone;
  const mine = presentApplicantCase(await applicantCaseRows(db, found.id));
  const inquiries = ApplicantInquiries({ ctx, number: found.number, inquiries: await applicantInquiries(db, found.id), zone, withdrawn: found.status === 'withdrawn' });
  // The clock gives the private page the same due dates, with their calculation, as the public one.
  const app = presentApplication(found, await clockOfPublicCase(db, found));
  const fileAccess = FileAccessList({ ctx, accesses: await accessesOfApplication(db, found.id), zone });
  const integrity = await integritySurveyPanel(db, ctx, found.number, found.id, zone);
  return (page: { errors: Record<string, string>; values?: Record<string, string>; notice?: string; rating?: ComponentChildren }) =>
    MyApplicationPage({ ctx, app, mine, zone, errors: page.errors, values: page.values, notice: page.notice, inquiries, rating: page.rating, integrity, fileAccess });
}

/** The online receipt: the number and access code with what was filed, its legal due date, and how to come back. */
export async function receiptPage(db: Db, ctx: ViewContext, found: PublicCaseRow, accessCode: string, publicUrl: string) {
  const app = presentApplication(found, await clockOfPublicCase(db, found));
  return ReceiptPage({ ctx, number: found.number, accessCode, app, zone: found.jurisdiction.time_zone, publicUrl });
}
