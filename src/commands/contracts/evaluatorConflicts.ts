import { conflictsBearingOn } from '../../db/repos/fair.js';
import type { Tx } from '../../db/types.js';
import type { Bid } from '../../domain/contracts.js';
import { conflictMatches } from '../../domain/conflicts.js';
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
