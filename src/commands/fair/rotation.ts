import { officialPublicActor, unitPublicActor } from '../../db/repos/actors.js';
import type { LockedCase } from '../../db/repos/cases.js';
import {
  applicantIdentity, conflictsBearingOn, noteRotation, previousOfficialForApplicant, rotationCandidates, saveApplicationParty,
} from '../../db/repos/fair.js';
import type { Tx } from '../../db/types.js';
import { chooseAssignee, type AssignmentDecision } from '../../domain/assignment.js';
import { conflictMatches, isRegistrationField } from '../../domain/conflicts.js';
import { eventPayload, type PublicActor } from '../../domain/events.js';
import type { PlannedEvent } from '../changeCase.js';
import type { PartyKeys } from './partyKeys.js';

/** A case's parties as keyed hashes: the applicant's name and registration numbers, the address and the parcel. */
export interface CaseParties {
  names: string[];
  registrations: string[];
  addresses: string[];
  parcels: string[];
}

/** The keyed hashes of a case's parties; stores the applicant's on first use, for later cases of the same applicant. */
export async function caseParties(trx: Tx, app: LockedCase['app'], keys: PartyKeys): Promise<CaseParties> {
  const identity = await applicantIdentity(trx, app.id);
  const name = keys.hash('name', identity?.applicant_name);
  const registrations = Object.entries(identity?.fields ?? {})
    .filter(([key]) => isRegistrationField(key))
    .map(([, value]) => keys.hash('registration', value))
    .filter((h): h is string => h !== null)
    .slice(0, 20);
  if (name) await saveApplicationParty(trx, { applicationId: app.id, jurisdictionId: app.jurisdiction_id, applicantHash: name, registrationHash: registrations[0] ?? null });
  const address = keys.hash('address', app.address);
  const parcel = keys.hash('parcel', app.parcel_id);
  return { names: name ? [name] : [], registrations, addresses: address ? [address] : [], parcels: parcel ? [parcel] : [] };
}

/** Which officials (by id) declared a conflict matching a case's parties, and which stepped aside from this case. */
export async function conflictedOfficials(trx: Tx, officialIds: number[], app: LockedCase['app'], parties: CaseParties): Promise<{ conflict: Set<number>; recused: Set<number> }> {
  const conflict = new Set<number>();
  const recused = new Set<number>();
  for (const c of await conflictsBearingOn(trx, officialIds, app.id)) {
    if (c.application_id === app.id) recused.add(c.official_id);
    else if (conflictMatches({ name: c.name_hash, registration: c.registration_hash, address: c.address_hash, parcel: c.parcel_hash }, parties).length) conflict.add(c.official_id);
  }
  return { conflict, recused };
}

/**
 * Asks the rotation (`domain/assignment`) whom a unit should give the case to now: the case's responsible unit, or
 * the unit that works one of its stages.
 */
export async function planRotation(trx: Tx, app: LockedCase['app'], keys: PartyKeys, current: number | null, unitId = app.unit_id): Promise<AssignmentDecision> {
  const candidates = await rotationCandidates(trx, unitId);
  const parties = await caseParties(trx, app, keys);
  const { conflict, recused } = await conflictedOfficials(trx, candidates.map((c) => c.id), app, parties);
  const previous = parties.names[0] ? await previousOfficialForApplicant(trx, app.jurisdiction_id, parties.names[0], unitId, app.id) : null;
  return chooseAssignee({
    candidates: candidates.map((c) => ({ ...c, conflict: conflict.has(c.id), recused: recused.has(c.id) })),
    previousForApplicant: previous,
    current,
  });
}

/** The rotation's chosen official as the public sees them, noting the rotation's turn; null when nobody was chosen. */
export async function rotationAssignee(trx: Tx, decision: AssignmentDecision, at: Date): Promise<{ id: number; actor: PublicActor } | null> {
  if (decision.chosen === null) return null;
  await noteRotation(trx, decision.chosen, at);
  return { id: decision.chosen, actor: await officialPublicActor(trx, decision.chosen) };
}

/**
 * The `assigned_by_rotation` event for a case nobody holds, or null when nobody in the unit is eligible (the case
 * then waits, unassigned, for its supervisor). With a `stage`, the handler of that stage in the unit that works it
 * (the case's own assignee stays). The unit acts: no person chose.
 */
export async function rotationEvent(
  trx: Tx, app: LockedCase['app'], keys: PartyKeys, at: Date, recordedAt: Date, stage?: { key: string; unitId: number },
): Promise<PlannedEvent | null> {
  const unitId = stage?.unitId ?? app.unit_id;
  const decision = await planRotation(trx, app, keys, null, unitId);
  const assignee = await rotationAssignee(trx, decision, at);
  if (!assignee) return null;
  const data = stage ? { stage: stage.key, assignee: assignee.actor, rule: decision.rule } : { assignee: assignee.actor, rule: decision.rule };
  return {
    payload: eventPayload('assigned_by_rotation', data, { assignee_id: assignee.id, rotation: decision }),
    occurredAt: at,
    recordedAt,
    actorOfficialId: null,
    actor: await unitPublicActor(trx, unitId),
  };
}
