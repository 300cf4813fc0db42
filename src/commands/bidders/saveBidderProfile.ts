import { saveBidder } from '../../db/repos/bidders.js';
import { inTransaction } from '../../db/repos/cases.js';
import type { Db } from '../../db/types.js';
import { checkBidderProfile, registrationKey, type BidderProfile } from '../../domain/bidders.js';
import { supplierKey } from '../../domain/contracts.js';
import { validationError } from '../../errors.js';

/** Creates or changes the company a signed-in citizen bids for; each malformed field is named, nothing is written. */
export async function saveBidderProfile(db: Db, props: BidderProfile & { citizenId: number }): Promise<number> {
  const issues = checkBidderProfile(props);
  if (issues.length) throw validationError(issues);
  const name = props.companyName.trim();
  const number = props.registrationNumber.trim();
  return inTransaction(db, (trx) => saveBidder(trx, {
    citizen_id: props.citizenId, company_name: name, company_key: supplierKey(name), registration_number: number, registration_key: registrationKey(number),
  }));
}
