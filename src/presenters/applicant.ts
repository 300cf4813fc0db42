import type { ApplicantCaseRows } from '../db/repos/documents.js';

/**
 * The applicant presenter: what the person who filed an application (and proved it with the access code)
 * may see beyond the public record: their own contact data, their documents, and requests addressed to them.
 */
export interface ApplicantCase {
  applicant: { name: string; email: string | null; phone: string | null };
  documents: { id: number; filename: string; kind: string; size_bytes: number; uploaded_at: Date }[];
  requests: { seq: number; at: Date; message: string; answered: boolean }[];
  openRequest: boolean;
}

/** The applicant's private view of one application, from its rows (`repos/documents.applicantCaseRows`). */
export function presentApplicantCase(rows: ApplicantCaseRows): ApplicantCase {
  const requests: ApplicantCase['requests'] = [];
  for (const e of rows.requests) {
    if (e.type === 'supplement_requested') {
      requests.push({ seq: e.seq, at: e.occurred_at, message: String(e.private_data.message ?? ''), answered: false });
    } else {
      const open = requests.find((r) => !r.answered);
      if (open) open.answered = true;
    }
  }
  const { applicant } = rows;
  return {
    applicant: { name: applicant.applicant_name, email: applicant.applicant_email, phone: applicant.applicant_phone },
    documents: rows.documents,
    requests,
    openRequest: requests.some((r) => !r.answered),
  };
}
