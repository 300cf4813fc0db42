import { conflictEvents } from '../../db/repos/contracts.js';
import { conflictsBearingOn, matchableConflicts } from '../../db/repos/fair.js';
import type { Db, Tx } from '../../db/types.js';
import type { Bid } from '../../domain/contracts.js';
import { conflictMatches } from '../../domain/conflicts.js';
import type { ConflictFact, ConflictRole } from '../../domain/redFlags.js';
import type { EventType } from '../../domain/types.js';
import { evolve, initialState } from '../../domain/workflow.js';
import type { PartyKeys } from '../fair/partyKeys.js';

/**
 * The bids an evaluating official may not score: those whose bidder's name or registration number matches a conflict
 * of interest the official declared (keyed hashes of the normal forms, as fair handling matches a case's parties),
 * unless the official stepped aside from this process. Oldest bid first.
 */
export async function conflictedBids(trx: Tx, keys: PartyKeys, officialId: number, applicationId: number, bids: readonly Bid[]): Promise<number[]> {
  const declared = await conflictsBearingOn(trx, [officialId], applicationId);
  // A declaration made for this very process is a recusal: the official is out of it altogether (`recuse`).
  if (!declared.length || declared.some((c) => c.application_id === applicationId)) return [];
  const hits: number[] = [];
  for (const b of bids) {
    const name = keys.hash('name', b.bidder.name);
    const registration = keys.hash('registration', b.registrationNumber);
    const parties = { names: name ? [name] : [], registrations: registration ? [registration] : [], addresses: [], parcels: [] };
    if (declared.some((c) => conflictMatches({ name: c.name_hash, registration: c.registration_hash, address: null, parcel: null }, parties).length)) hits.push(b.bid);
  }
  return hits;
}

/** A supplier an act bore on, and the officials who answered for the act then. */
interface Candidate {
  seq: number;
  at: Date;
  supplier: { name: string; registration?: string };
  officials: { id: number; role: ConflictRole }[];
}

/**
 * The suppliers of each process in conflict with an official who acted on it, for the red flags: every evaluated
 * bidder of an evaluation and the supplier of an award, matched (keyed hashes of name and registration number, as
 * fair handling matches) against the general declarations of the official who recorded the act and of the process's
 * assignee at the time, in force when the act happened. Keyed by process id. Only the supplier's name, the official's
 * role and id leave here; never a hash, never anything a declaration says.
 */
export async function conflictFacts(db: Db, keys: PartyKeys, applicationIds: readonly number[]): Promise<Map<number, ConflictFact[]>> {
  const byProcess = new Map<number, Candidate[]>();
  let process: number | null = null;
  let state = initialState([], '');
  let bids = new Map<number, { name: string; registration?: string }>();
  for (const e of await conflictEvents(db, applicationIds)) {
    if (e.application_id !== process) {
      process = e.application_id;
      state = initialState([], '');
      bids = new Map();
    }
    const data = { ...(e.data as Record<string, unknown>), ...(e.private_data as Record<string, unknown>) };
    const officials = (role: ConflictRole) => [
      ...(e.actor_official_id !== null ? [{ id: e.actor_official_id, role }] : []),
      ...(state.assigneeId !== null && state.assigneeId !== e.actor_official_id ? [{ id: state.assigneeId, role: 'assigned' as const }] : []),
    ];
    const add = (supplier: { name: string; registration?: string } | undefined, role: ConflictRole) => {
      if (!supplier?.name) return;
      const list = byProcess.get(e.application_id) ?? [];
      list.push({ seq: e.seq, at: e.occurred_at, supplier, officials: officials(role) });
      byProcess.set(e.application_id, list);
    };
    if (e.type === 'bid_received') {
      const registration = typeof data.registration_number === 'string' ? data.registration_number : undefined;
      bids.set(data.bid as number, { name: (data.bidder as { name: string }).name, ...(registration ? { registration } : {}) });
    } else if (e.type === 'bids_evaluated') {
      for (const s of data.scores as { bid: number }[]) add(bids.get(s.bid), 'evaluator');
    } else if (e.type === 'awarded') {
      const won = typeof data.bid === 'number' ? bids.get(data.bid) : undefined;
      add({ name: (data.supplier as { name: string }).name, ...(won?.registration ? { registration: won.registration } : {}) }, 'awarding');
    } else {
      state = evolve(state, { seq: e.seq, type: e.type as EventType, occurredAt: e.occurred_at.toISOString(), officialId: e.actor_official_id, data });
    }
  }
  const officialIds = [...new Set([...byProcess.values()].flatMap((list) => list.flatMap((c) => c.officials.map((o) => o.id))))];
  const declared = await matchableConflicts(db, officialIds);
  const out = new Map<number, ConflictFact[]>();
  if (!declared.length) return out;
  const hashed = new Map<string, string | null>();
  const hash = (field: 'name' | 'registration', value: string | undefined) => {
    if (!value) return null;
    const key = `${field}\u0000${value}`;
    if (!hashed.has(key)) hashed.set(key, keys.hash(field, value));
    return hashed.get(key)!;
  };
  for (const [id, candidates] of byProcess) {
    const facts: ConflictFact[] = [];
    for (const c of candidates) {
      const name = hash('name', c.supplier.name);
      const registration = hash('registration', c.supplier.registration);
      const parties = { names: name ? [name] : [], registrations: registration ? [registration] : [], addresses: [], parcels: [] };
      for (const o of c.officials) {
        const live = declared.filter((d) => d.official_id === o.id && d.declared_at.getTime() <= c.at.getTime() && (d.withdrawn_at === null || d.withdrawn_at.getTime() > c.at.getTime()));
        if (live.some((d) => conflictMatches({ name: d.name_hash, registration: d.registration_hash, address: null, parcel: null }, parties).length)) {
          facts.push({ seq: c.seq, supplier: c.supplier.name, role: o.role, officialId: o.id });
        }
      }
    }
    if (facts.length) out.set(id, facts);
  }
  return out;
}
