import { forbidden } from '../errors.js';
import type { Actor, OfficialActor } from '../domain/actor.js';

/** Who may do what on the reporting channel's office side. Each throws `forbidden` naming the missing right. */

/**
 * The reports' queue: investigators, and the head of office for the report cards addressed to them (not auditors,
 * supervisors or administrators).
 */
export function mayInvestigate(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind === 'official' && (actor.roles.includes('investigator') || actor.roles.includes('head'))) return;
  throw forbidden('report.forbidden_investigate');
}

/** Whose reports an official works: the investigators', the head's, or both. */
export function recipientsOf(actor: OfficialActor): ('investigators' | 'head')[] {
  return [...(actor.roles.includes('investigator') ? ['investigators' as const] : []), ...(actor.roles.includes('head') ? ['head' as const] : [])];
}

/** One report: its recipient (investigators, or the head of office) in its own jurisdiction. */
export function mayInvestigateReport(actor: Actor, report: { jurisdiction_id: string; recipient: 'investigators' | 'head' }): asserts actor is OfficialActor {
  mayInvestigate(actor);
  if (actor.jurisdictionId !== report.jurisdiction_id || !recipientsOf(actor).includes(report.recipient)) throw forbidden('report.forbidden_investigate');
}

/** Deciding requests to see a confidential reporter's identity: custodians of the report's jurisdiction. */
export function mayKeepCustody(actor: Actor, jurisdictionId?: string): asserts actor is OfficialActor {
  if (actor.kind === 'official' && actor.roles.includes('custodian') && (!jurisdictionId || actor.jurisdictionId === jurisdictionId)) return;
  throw forbidden('report.forbidden_custody');
}

/** The channel's key unlock page: investigators and custodians. */
export function mayHoldReportKeys(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind === 'official' && ['investigator', 'custodian', 'head'].some((r) => actor.roles.includes(r as 'investigator'))) return;
  throw forbidden('report.forbidden_investigate');
}

/** Who opened which report, when: auditors (never the reports' content). */
export function mayReadReportAccess(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind === 'official' && actor.roles.includes('auditor')) return;
  throw forbidden('error.forbidden_audit');
}
