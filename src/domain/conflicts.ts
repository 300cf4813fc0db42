/**
 * Conflicts of interest, the pure parts: the kinds a code of conduct names, and the normal forms party identifiers
 * are hashed in, so that "주식회사 한빛건설", "(주)한빛건설" and "Hanbit  Construction Co., Ltd." each match their own
 * spellings and a registration number matches with or without its dashes. Hashing itself is keyed with a server
 * secret (`commands/fair/partyKeys`); nothing here sees a key.
 */

/** What the declared party is to the official (Korea's Act on the Prevention of Conflict of Interest, art. 5). */
export const CONFLICT_KINDS = ['relative', 'former_employer', 'business_interest', 'neighbour', 'other'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** Which identifier of a party a hash is of; part of what is hashed, so a name never matches a parcel. */
export type PartyField = 'name' | 'registration' | 'address' | 'parcel';

/** Legal-form words that say nothing about who a company is; dropped before a name is compared. */
const LEGAL_FORMS = [
  '주식회사', '유한회사', '합자회사', '합명회사', '유한책임회사', '사단법인', '재단법인', '(주)', '㈜', '(유)', '(사)', '(재)',
  'co., ltd.', 'co. ltd.', 'co.,ltd.', 'co ltd', 'company limited', 'corporation', 'incorporated', 'limited', 'corp.', 'corp', 'inc.', 'inc', 'ltd.', 'ltd', 'llc', 'gmbh',
];

/**
 * A legal form as a pattern: Korean forms are removed wherever they stand (they are written joined to the name);
 * Latin ones only as whole words, so "Princeton" keeps its "inc".
 */
function formPattern(form: string): RegExp {
  const escaped = form.normalize('NFKC').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return /^[\x20-\x7e]+$/.test(form) ? new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu') : new RegExp(escaped, 'gu');
}

const LEGAL_FORM_PATTERNS = LEGAL_FORMS.map(formPattern);

/** The upper bound of any identifier we normalise: longer input is cut, so the cost of a request stays bounded. */
const MAX_LENGTH = 300;

/**
 * A name in the form it is compared in: Unicode NFKC, lower case, legal forms removed, then only letters and digits.
 * Empty when nothing identifying is left.
 */
export function normaliseName(value: string): string {
  let s = value.slice(0, MAX_LENGTH).normalize('NFKC').toLowerCase();
  for (const pattern of LEGAL_FORM_PATTERNS) s = s.replace(pattern, ' ');
  return s.replace(/[^\p{L}\p{N}]+/gu, '');
}

/** A registration number (business, corporate, resident) as digits and letters only, upper case. */
export function normaliseRegistration(value: string): string {
  return value.slice(0, MAX_LENGTH).normalize('NFKC').toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** An address: NFKC, lower case, runs of anything but letters and digits collapsed to one space. */
export function normaliseAddress(value: string): string {
  return value.slice(0, MAX_LENGTH).normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A parcel id: digits and letters only, so "1168010100-1-0123" and "1168010100 1 0123" are one parcel. */
export function normaliseParcel(value: string): string {
  return normaliseRegistration(value);
}

const NORMALISERS: Record<PartyField, (value: string) => string> = {
  name: normaliseName,
  registration: normaliseRegistration,
  address: normaliseAddress,
  parcel: normaliseParcel,
};

/** The normal form of one identifier, or null when nothing identifying is left of it. */
export function normaliseParty(field: PartyField, value: string | null | undefined): string | null {
  if (!value) return null;
  const normal = NORMALISERS[field](value);
  return normal.length >= 2 ? normal : null;
}

/** Keyed hashes of one party's identifiers (any may be missing). */
export interface PartyHashes {
  name: string | null;
  registration: string | null;
  address: string | null;
  parcel: string | null;
}

/** Which identifiers of a declared party match a case's parties; empty when none does. */
export function conflictMatches(declared: PartyHashes, caseParties: { names: string[]; registrations: string[]; addresses: string[]; parcels: string[] }): PartyField[] {
  const hits: PartyField[] = [];
  if (declared.name && caseParties.names.includes(declared.name)) hits.push('name');
  if (declared.registration && caseParties.registrations.includes(declared.registration)) hits.push('registration');
  if (declared.address && caseParties.addresses.includes(declared.address)) hits.push('address');
  if (declared.parcel && caseParties.parcels.includes(declared.parcel)) hits.push('parcel');
  return hits;
}

/** Whether a procedure field holds a registration number, by its key (e.g. `business_no`, `corp_registration`). */
export function isRegistrationField(key: string): boolean {
  return /(^|_)(no|number|registration|reg|brn|crn)$/.test(key) || key.includes('registration');
}
