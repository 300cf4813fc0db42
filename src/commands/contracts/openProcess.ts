import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { METHODS, parseValue, PROCUREMENT_CATEGORIES, type Method, type ProcurementCategory } from '../../domain/contracts.js';
import { validationError, type FieldIssue } from '../../errors.js';
import { mayOpenProcess } from '../../policies/index.js';
import { submitApplication, type Receipt } from '../submitApplication.js';

export interface OpenProcessProps {
  jurisdictionCode: string;
  /** The department's procurement procedure. */
  procedureCode: string;
  title: string;
  /** Where the goods go or the works are done; the department's address when none. */
  place: string;
  category: string;
  method: string;
  estimatedAmount: string;
  currency: string;
  actor: OfficialActor;
  now?: Date;
}

/** The terms read from the form, or the issues with each field. */
export function checkTerms(p: Pick<OpenProcessProps, 'title' | 'place' | 'category' | 'method' | 'estimatedAmount' | 'currency'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!p.title.trim() || p.title.trim().length > 300) issues.push({ field: 'title', key: 'contracts.error.title' });
  if (!p.place.trim() || p.place.trim().length > 300) issues.push({ field: 'place', key: 'contracts.error.place' });
  if (!(PROCUREMENT_CATEGORIES as readonly string[]).includes(p.category)) issues.push({ field: 'category', key: 'contracts.error.category' });
  if (!(METHODS as readonly string[]).includes(p.method)) issues.push({ field: 'method', key: 'contracts.error.method' });
  issues.push(...parseValue(p.estimatedAmount, p.currency, 'estimate').issues);
  return issues;
}

/**
 * Opens a contracting process: a case of the department's procurement procedure, filed by its officer through the one
 * filing path (`submitApplication`), whose `received` event publishes the terms (category, method, estimate and
 * currency) as the procedure's public fields. The department is the case's party; no person's data is asked.
 */
export async function openProcess(db: Db, props: OpenProcessProps): Promise<Receipt> {
  const issues = checkTerms(props);
  if (issues.length) throw validationError(issues);
  const { value } = parseValue(props.estimatedAmount, props.currency, 'estimate');
  return submitApplication(db, {
    jurisdictionCode: props.jurisdictionCode,
    procedureCode: props.procedureCode,
    title: props.title,
    location: { address: props.place },
    applicant: { name: props.actor.unitCode },
    fields: {
      category: props.category as ProcurementCategory, method: props.method as Method,
      estimated_amount: String(value!.amount), currency: value!.currency,
    },
    documents: [],
    channel: 'counter',
    actor: props.actor,
    policy: mayOpenProcess,
    now: props.now,
  });
}
