import { inTransaction } from '../../db/repos/cases.js';
import { insertConflict, withdrawConflict } from '../../db/repos/fair.js';
import type { Db } from '../../db/types.js';
import type { OfficialActor } from '../../domain/actor.js';
import { CONFLICT_KINDS, type ConflictKind } from '../../domain/conflicts.js';
import { notFound, validationError, type FieldIssue } from '../../errors.js';
import { mayDeclare } from '../../policies/fair.js';
import type { PartyKeys } from './partyKeys.js';

/** A declaration as the official types it; every text is optional but one identifier is needed. */
export interface ConflictDraft {
  kind: string;
  partyName: string;
  registration: string;
  address: string;
  parcel: string;
  note: string;
}

/** The clear text a declaration seals: what its official and auditors read back. */
export interface DeclaredParty {
  partyName?: string;
  registration?: string;
  address?: string;
  parcel?: string;
  note?: string;
  reason?: string;
}

const LIMITS = { partyName: 200, registration: 40, address: 300, parcel: 60, note: 1000 } as const;

/** The owner a declaration's sealed text is bound to. */
export const conflictOwner = (officialId: number) => `conflict:official:${officialId}`;

/**
 * An official declares a conflict of interest (a relative, a former employer, a business interest, a neighbour, …).
 * The party's identifiers are stored as keyed hashes of their normal forms, matched by the rotation against every
 * later case's applicant, registration numbers, address and parcel; the clear text is sealed for the official and
 * auditors. Refused, writing nothing, without a kind or without anything to match on.
 */
export async function declareConflict(db: Db, props: { actor: OfficialActor; draft: ConflictDraft; keys: PartyKeys; now?: Date }): Promise<number> {
  mayDeclare(props.actor);
  const d = props.draft;
  const issues: FieldIssue[] = [];
  if (!CONFLICT_KINDS.includes(d.kind as ConflictKind)) issues.push({ field: 'kind', key: 'fair.error.kind_required' });
  for (const [field, max] of Object.entries(LIMITS) as [keyof typeof LIMITS, number][]) {
    if (d[field].length > max) issues.push({ field: fieldName(field), key: 'fair.error.too_long', values: { max } });
  }
  const hashes = props.keys.hashes({ name: d.partyName, registration: d.registration, address: d.address, parcel: d.parcel });
  if (!hashes.name && !hashes.registration && !hashes.address && !hashes.parcel) issues.push({ field: 'party_name', key: 'fair.error.party_required' });
  if (issues.length) throw validationError(issues);
  const clear: DeclaredParty = Object.fromEntries(
    Object.entries({ partyName: d.partyName, registration: d.registration, address: d.address, parcel: d.parcel, note: d.note }).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v),
  );
  return inTransaction(db, (trx) =>
    insertConflict(trx, {
      jurisdictionId: props.actor.jurisdictionId, officialId: props.actor.id, kind: d.kind, applicationId: null, hashes,
      sealed: props.keys.seal(conflictOwner(props.actor.id), JSON.stringify(clear)), at: props.now ?? new Date(),
    }),
  );
}

/** Withdraws one of the official's own general declarations (a relationship that ended); the record stays. */
export async function withdrawDeclaredConflict(db: Db, props: { actor: OfficialActor; id: number; now?: Date }): Promise<void> {
  mayDeclare(props.actor);
  const done = await inTransaction(db, (trx) => withdrawConflict(trx, props.actor.id, props.id, props.now ?? new Date()));
  if (!done) throw notFound('fair.error.declaration_not_found');
}

function fieldName(field: keyof typeof LIMITS): string {
  return { partyName: 'party_name', registration: 'registration', address: 'address', parcel: 'parcel', note: 'note' }[field];
}
