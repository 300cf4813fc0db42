import { createHash } from 'node:crypto';
import type { FieldIssue } from '../errors.js';
import { supplierKey } from './contracts.js';

/**
 * Bidders (ADR 0023): the company a signed-in person bids for, and what a bid they submit themselves must carry. Pure.
 */

/** The normal form of a business registration number: its letters and digits, upper case (`123-45-67890` → `1234567890`). */
export function registrationKey(number: string): string {
  return number.normalize('NFKC').toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export interface BidderProfile {
  companyName: string;
  registrationNumber: string;
}

/** Checks a bidder's profile as typed; the issues name each field. */
export function checkBidderProfile(p: BidderProfile): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const name = p.companyName.trim();
  if (!name || name.length > 200 || !supplierKey(name)) issues.push({ field: 'company_name', key: 'bidders.error.company_name' });
  const number = p.registrationNumber.trim();
  if (!number || number.length > 40 || !/^[0-9A-Z]{4,30}$/.test(registrationKey(number))) issues.push({ field: 'registration_number', key: 'bidders.error.registration_number' });
  return issues;
}

/** The SHA-256 of the integrity pact's text as the bidder was shown it: what their bid says they signed. */
export function pactDigest(text: string): string {
  return createHash('sha256').update(text.normalize('NFC'), 'utf8').digest('hex');
}
