import { forbidden } from '../errors.js';
import type { Actor, OfficialActor } from '../domain/actor.js';

/** Who may do what on the reporting channel's office side. Each throws `forbidden` naming the missing right. */

/** The investigators' queue and reports: investigators only (not auditors, supervisors or administrators). */
export function mayInvestigate(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind === 'official' && actor.roles.includes('investigator')) return;
  throw forbidden('report.forbidden_investigate');
}

/** One report: investigators of its own jurisdiction. */
export function mayInvestigateReport(actor: Actor, reportJurisdictionId: string): asserts actor is OfficialActor {
  mayInvestigate(actor);
  if (actor.jurisdictionId !== reportJurisdictionId) throw forbidden('report.forbidden_investigate');
}

/** Deciding requests to see a confidential reporter's identity: custodians of the report's jurisdiction. */
export function mayKeepCustody(actor: Actor, jurisdictionId?: string): asserts actor is OfficialActor {
  if (actor.kind === 'official' && actor.roles.includes('custodian') && (!jurisdictionId || actor.jurisdictionId === jurisdictionId)) return;
  throw forbidden('report.forbidden_custody');
}

/** The channel's key unlock page: investigators and custodians. */
export function mayHoldReportKeys(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind === 'official' && (actor.roles.includes('investigator') || actor.roles.includes('custodian'))) return;
  throw forbidden('report.forbidden_investigate');
}

/** Who opened which report, when: auditors (never the reports' content). */
export function mayReadReportAccess(actor: Actor): asserts actor is OfficialActor {
  if (actor.kind === 'official' && actor.roles.includes('auditor')) return;
  throw forbidden('error.forbidden_audit');
}
