import { bidderOfCitizen } from '../../db/repos/bidders.js';
import { calendarFor } from '../../db/repos/calendars.js';
import type { Db } from '../../db/types.js';
import { contractState, decideContract, PROCUREMENT_CATEGORY, termsOf, type Bid, type Value } from '../../domain/contracts.js';
import { assertStageActive } from '../../domain/workflow.js';
import { AppError, invalidTransition } from '../../errors.js';
import { changeCase } from '../changeCase.js';

export interface SubmitBidProps {
  number: string;
  /** The signed-in citizen whose bidder profile bids. */
  citizenId: number;
  value: Value;
  /** The bidder ticked the integrity pact's declaration. */
  integrityPact: boolean;
  /** SHA-256 of the pact's text as the bidder was shown it, and its language. */
  pactSha256: string;
  pactLocale: string;
  now?: Date;
}

export interface SubmittedBid {
  bid: number;
  /** True when this bidder's same bid was already recorded (a retried submission): nothing new was written. */
  repeated: boolean;
}

/** Thrown inside the transaction to leave it without writing when the bidder already bid. */
class AlreadyBid extends Error {
  constructor(readonly existing: Bid) {
    super('already bid');
  }
}

/**
 * A bidder submits their sealed bid on an open tender through the one write path: the tender stage must be active,
 * the deadline not passed, the integrity pact signed (`domain/contracts.decideContract`). The company's name and the
 * amount go to the event's private part only, until the public opening. One bid per bidder: a retried submission of
 * the same bid answers with it and records nothing; a different second bid is refused.
 */
export async function submitBid(db: Db, props: SubmitBidProps): Promise<SubmittedBid> {
  const bidder = await bidderOfCitizen(db, props.citizenId);
  if (!bidder) throw new AppError('forbidden', 'bidders.error.no_profile');
  try {
    const changed = await changeCase(db, props.number, async ({ procedure, jurisdiction, state, events }, trx) => {
      const now = props.now ?? new Date();
      if (procedure.category !== PROCUREMENT_CATEGORY) throw invalidTransition('contracts.error.not_a_process');
      const contract = contractState(events);
      const mine = contract.bids.find((b) => b.bidderId === bidder.id);
      if (mine) throw new AlreadyBid(mine);
      // Past the deadline the tender stage may still be open: the deadline's refusal is the clearer one.
      if (contract.tenderEnd && now.getTime() > Date.parse(contract.tenderEnd)) throw invalidTransition('contracts.error.bid_after_deadline');
      assertStageActive(state, 'tender', now.toISOString());
      const terms = termsOf(events[0]?.data.fields as Record<string, unknown>);
      if (!terms) throw invalidTransition('contracts.error.not_a_process');
      const payload = decideContract(contract, {
        type: 'bid_received', bidder: { name: bidder.company_name }, value: props.value, integrityPact: props.integrityPact,
        account: { bidderId: bidder.id, registrationNumber: bidder.registration_number, pactSha256: props.pactSha256, pactLocale: props.pactLocale },
      }, { terms, occurredAt: now, calendar: await calendarFor(trx, jurisdiction) });
      // The bidder is no official and, until the opening, no name: the event's public actor stays empty.
      return { event: { payload, occurredAt: now, recordedAt: now, actorOfficialId: null, actor: null }, result: { bid: (payload.data as { bid: number }).bid } };
    });
    return { bid: changed.bid, repeated: false };
  } catch (error) {
    if (!(error instanceof AlreadyBid)) throw error;
    const same = error.existing.value.amount === props.value.amount && error.existing.value.currency === props.value.currency;
    if (!same) throw new AppError('conflict', 'bidders.error.already_bid', { bid: error.existing.bid });
    return { bid: error.existing.bid, repeated: true };
  }
}
