import type { Category, Status } from './types.js';

/**
 * BLDS (the Building & Land Development Specification, permitdata.org) as Daylight maps onto it: pure tables from
 * Daylight's statuses and catalogue categories to BLDS's mapped values. No I/O.
 */

/** BLDS's `StatusCurrentMapped` values. */
export type BldsStatusMapped = 'Application Accepted' | 'In Review' | 'Permit Issued' | 'Inspection Phase' | 'Permit Finaled' | 'Permit Cancelled';

/**
 * A Daylight status in BLDS's words. A received application is accepted; one under review, or waiting for the
 * applicant, is in review (in its inspection phase while a site inspection is its latest act); an approval issues the
 * permit; a rejection or a withdrawal cancels it. Daylight ends at the decision, so nothing is ever `Permit Finaled`.
 */
export function bldsStatus(status: Status, inspecting = false): BldsStatusMapped {
  switch (status) {
    case 'received':
      return 'Application Accepted';
    case 'in_review':
    case 'awaiting_applicant':
      return inspecting ? 'Inspection Phase' : 'In Review';
    case 'approved':
    case 'approved_with_conditions':
      return 'Permit Issued';
    case 'rejected':
    case 'withdrawn':
      return 'Permit Cancelled';
  }
}

/** BLDS's `PermitClassMapped`. */
export const BLDS_PERMIT_CLASSES = ['Residential', 'Non-Residential'] as const;
export type BldsPermitClass = (typeof BLDS_PERMIT_CLASSES)[number];

/** BLDS's `PermitTypeMapped` values an administrator may map a procedure onto. */
export const BLDS_PERMIT_TYPES = [
  'Building', 'Demolition', 'Electrical', 'Mechanical', 'Plumbing', 'Grading', 'Sign', 'Fire', 'Right of Way', 'Environmental', 'Land Use', 'Business License', 'Other',
] as const;
export type BldsPermitType = (typeof BLDS_PERMIT_TYPES)[number];

/** How a catalogue category maps onto BLDS's permit class and type, one row per category. */
export const BLDS_CATEGORY_MAP: Record<Category, { permitClass: BldsPermitClass; permitType: BldsPermitType }> = {
  building: { permitClass: 'Non-Residential', permitType: 'Building' },
  housing: { permitClass: 'Residential', permitType: 'Building' },
  transport: { permitClass: 'Non-Residential', permitType: 'Right of Way' },
  environment: { permitClass: 'Non-Residential', permitType: 'Environmental' },
  land: { permitClass: 'Non-Residential', permitType: 'Land Use' },
  commerce: { permitClass: 'Non-Residential', permitType: 'Business License' },
  culture: { permitClass: 'Non-Residential', permitType: 'Other' },
  advertising: { permitClass: 'Non-Residential', permitType: 'Sign' },
  roads: { permitClass: 'Non-Residential', permitType: 'Right of Way' },
  food: { permitClass: 'Non-Residential', permitType: 'Business License' },
  health: { permitClass: 'Non-Residential', permitType: 'Business License' },
  real_estate: { permitClass: 'Non-Residential', permitType: 'Land Use' },
};

/** The BLDS class and type of a category; an unknown category is non-residential and `Other`. */
export function bldsPermitKind(category: string): { permitClass: BldsPermitClass; permitType: BldsPermitType } {
  return BLDS_CATEGORY_MAP[category as Category] ?? { permitClass: 'Non-Residential', permitType: 'Other' };
}

/** A BLDS date: the local calendar date (YYYY-MM-DD) of an RFC 3339 time, as it reads in its own offset. */
export function bldsDate(rfc3339: string | null | undefined): string {
  return rfc3339 ? rfc3339.slice(0, 10) : '';
}
