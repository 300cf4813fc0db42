import { DateTime } from 'luxon';
import { withinArea, type Area } from './geo.js';
import type { EventType } from './types.js';

/**
 * Who hears about what: the rules that decide whether an event concerns a follow, and when a daily digest is due.
 * The dispatcher narrows candidates in SQL (indexes per kind, an area's bounding box); these functions decide.
 */

export const FOLLOW_KINDS = ['application', 'unit', 'procedure', 'area'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];

export const FREQUENCIES = ['instant', 'daily'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** What a follower of one application hears about: each public step, questions answered, a passed due date. */
export const APPLICATION_ALERT_EVENTS: readonly EventType[] = [
  'received',
  'assigned',
  'stage_started',
  'stage_completed',
  'supplement_requested',
  'supplement_received',
  'transferred',
  'deadline_extended',
  'deadline_passed',
  'decision',
  'withdrawn',
  'inquiry_opened',
  'inquiry_answered',
];

/** What a follower of a unit, a procedure or an area hears about: new applications and decisions there. */
export const AREA_ALERT_EVENTS: readonly EventType[] = ['received', 'decision'];

/** A follow as matching needs it. */
export interface FollowRule {
  kind: FollowKind;
  applicationId: number | null;
  unitId: number | null;
  jurisdictionId: string | null;
  procedureCode: string | null;
  area: Area | null;
}

/** An event with the public facts of its application as they stand when the dispatcher reads it. */
export interface AlertEvent {
  type: string;
  applicationId: number;
  unitId: number;
  jurisdictionId: string;
  procedureCode: string;
  lat: number | null;
  lng: number | null;
}

/** Whether an event concerns a follow. Never throws. */
export function followMatches(follow: FollowRule, e: AlertEvent): boolean {
  if (follow.kind === 'application') {
    return follow.applicationId === e.applicationId && (APPLICATION_ALERT_EVENTS as readonly string[]).includes(e.type);
  }
  if (!(AREA_ALERT_EVENTS as readonly string[]).includes(e.type)) return false;
  switch (follow.kind) {
    case 'unit':
      return follow.unitId === e.unitId;
    case 'procedure':
      return follow.jurisdictionId === e.jurisdictionId && follow.procedureCode === e.procedureCode;
    case 'area':
      if (!follow.area || e.lat === null || e.lng === null) return false;
      if (follow.procedureCode && follow.procedureCode !== e.procedureCode) return false;
      return withinArea(follow.area, { lat: e.lat, lng: e.lng });
  }
}

/**
 * The first moment strictly after `after` when the local clock in `timeZone` reads `hour`:00 — when a daily digest
 * is next due. Follows the zone's rules, so a digest stays at the same local hour across daylight-saving changes.
 */
export function nextDigestAt(after: Date, hour: number, timeZone: string): Date {
  const local = DateTime.fromJSDate(after, { zone: timeZone });
  let candidate = local.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (candidate.toMillis() <= after.getTime()) candidate = candidate.plus({ days: 1 }).set({ hour, minute: 0, second: 0, millisecond: 0 });
  return candidate.toJSDate();
}

/** Items one digest lists before it says how many more there are. */
export const DIGEST_MAX_ITEMS = 50;
