import { FREQUENCIES, nextDigestAt, type FollowKind, type Frequency } from '../../domain/alerts.js';
import { boundingBox, isPoint, MAX_RADIUS_M, MIN_RADIUS_M } from '../../domain/geo.js';
import { isEmailAddress } from '../../domain/notifications.js';
import { NUMBER_PATTERN } from '../../domain/time.js';
import { isClosed } from '../../domain/workflow.js';
import type { Status } from '../../domain/types.js';
import { inTransaction } from '../../db/repos/cases.js';
import {
  applicationToFollow, countLiveFollows, describeFollows, insertFollow, lockFollowerAddress, renewFollow, sameLiveFollow, setFollowFrequency,
  type FollowTargetColumns,
} from '../../db/repos/follows.js';
import { findKnownPlaces } from '../../db/repos/map.js';
import { countMailSince, enqueueMail } from '../../db/repos/outbox.js';
import { currentProcedureByCodes, isCurrentProcedureCode } from '../../db/repos/procedures.js';
import { findUnitIdByCode } from '../../db/repos/units.js';
import type { Db, Tx } from '../../db/types.js';
import { AppError, notFound, validationError, type FieldIssue } from '../../errors.js';

/** Confirmation e-mails one address may be sent per hour; beyond it the form refuses and writes nothing. */
export const FOLLOW_CONFIRMATIONS_PER_HOUR = 3;
/** Active follows one address may have. */
export const MAX_FOLLOWS_PER_ADDRESS = 50;
/** Longest name a follower may give an area. */
export const MAX_PLACE_LENGTH = 200;

/** What to follow, as a form or the API names it. */
export type FollowTargetInput =
  | { kind: 'application'; number: string }
  | { kind: 'unit'; unit: string }
  | { kind: 'procedure'; jurisdiction: string; procedure: string }
  | { kind: 'area'; lat?: number; lng?: number; radiusM?: number; place?: string; procedure?: string };

export interface CreateFollowProps {
  /** The address as typed; ignored when `citizen` is given (their signed-in address is used). */
  email?: string;
  /** A signed-in citizen: their address is confirmed already, so the follow starts at once. */
  citizen?: { id: number; email: string };
  /** The language alerts are written in. */
  locale: string;
  frequency: string;
  target: FollowTargetInput;
  /** When daily digests go out. */
  digest: { hour: number; timeZone: string };
  now?: Date;
}

export interface CreatedFollow {
  id: number;
  /** `pending`: a confirmation e-mail is on its way; `confirmed`: alerts start now; `already`: the same follow existed. */
  state: 'pending' | 'confirmed' | 'already';
}

/**
 * Starts following an application, a unit, a procedure or an area. A signed-in citizen's follow is confirmed at once;
 * anyone else gets a confirmation e-mail first (double opt-in), at most FOLLOW_CONFIRMATIONS_PER_HOUR per address, so
 * the form cannot be used to bomb someone's inbox. Anonymously, an address that already follows the thing gets an
 * e-mail saying so (with its manage link) and the answer is the same `pending` as for a new follow, so the form tells
 * nobody who follows what; a signed-in citizen following again just changes the frequency.
 * Throws `validation` naming each bad field, `not_found` for an unknown target, `rate_limited`; each writes nothing.
 */
export async function createFollow(db: Db, props: CreateFollowProps): Promise<CreatedFollow> {
  const now = props.now ?? new Date();
  const email = (props.citizen?.email ?? props.email ?? '').trim();
  const issues: FieldIssue[] = [];
  if (!props.citizen && !isEmailAddress(email)) issues.push({ field: 'email', key: 'error.email' });
  if (!(FREQUENCIES as readonly string[]).includes(props.frequency)) issues.push({ field: 'frequency', key: 'error.follow_frequency' });
  const target = await resolveTarget(db, props.target, issues);
  if (issues.length || !target) throw validationError(issues);
  const frequency = props.frequency as Frequency;

  return inTransaction(db, async (trx) => {
    // One address at a time, so two parallel requests cannot both pass the limits.
    await lockFollowerAddress(trx, email);
    const existing = await sameLiveFollow(trx, email, target);
    const nextDigest = frequency === 'daily' ? nextDigestAt(now, props.digest.hour, props.digest.timeZone) : null;
    if (existing?.confirmed_at && props.citizen) {
      await setFollowFrequency(trx, existing.id, frequency, nextDigest);
      return { id: existing.id, state: 'already' as const };
    }
    if (!props.citizen) await checkConfirmationLimit(trx, email, now);
    if (existing?.confirmed_at) {
      // Someone typed an address that already follows this. The page must not tell them so (nor may they change it):
      // the owner of the address is told by e-mail, with the link that manages it.
      const [described] = await describeFollows(trx, [existing.id]);
      await enqueueMail(trx, {
        idempotencyKey: `follow-exists-${existing.id}-${now.getTime()}`,
        kind: 'follow_exists',
        recipient: email,
        locale: props.locale,
        params: { follow: existing.id, frequency: described!.frequency, target: described!.target } as unknown as Record<string, unknown>,
      });
      return { id: existing.id, state: 'pending' as const };
    }
    if (!existing) await checkFollowCount(trx, email);
    let id: number;
    if (existing) {
      id = existing.id;
      await renewFollow(trx, id, { frequency, locale: props.locale, ...(props.citizen ? { citizen: { id: props.citizen.id, confirmedAt: now, nextDigestAt: nextDigest } } : {}) });
    } else {
      id = await insertFollow(trx, {
        ...target,
        email,
        citizen_id: props.citizen?.id ?? null,
        locale: props.locale,
        frequency,
        created_at: now,
        confirmed_at: props.citizen ? now : null,
        next_digest_at: props.citizen ? nextDigest : null,
      });
    }
    if (props.citizen) return { id, state: 'confirmed' as const };
    const [described] = await describeFollows(trx, [id]);
    await enqueueMail(trx, {
      idempotencyKey: `follow-confirm-${id}-${now.getTime()}`,
      kind: 'follow_confirm',
      recipient: email,
      locale: props.locale,
      params: { follow: id, frequency, target: described!.target } as unknown as Record<string, unknown>,
    });
    return { id, state: 'pending' as const };
  });
}

const NONE = { application_id: null, unit_id: null, jurisdiction_id: null, procedure_code: null, lat: null, lng: null, radius_m: null, min_lat: null, max_lat: null, min_lng: null, max_lng: null, place: null };

/** Checks what is to be followed and turns it into the follow's columns; adds to `issues` or throws `not_found`. */
async function resolveTarget(db: Db, input: FollowTargetInput, issues: FieldIssue[]): Promise<FollowTargetColumns | undefined> {
  const kind: FollowKind = input.kind;
  switch (input.kind) {
    case 'application': {
      const number = input.number.trim().toUpperCase();
      if (!NUMBER_PATTERN.test(number)) throw notFound('error.application_not_found');
      const row = await applicationToFollow(db, number);
      if (!row) throw notFound('error.application_not_found');
      if (isClosed(row.status as Status)) throw new AppError('invalid_transition', 'error.follow_closed');
      return { ...NONE, kind, application_id: row.id };
    }
    case 'unit': {
      const unitId = await findUnitIdByCode(db, input.unit);
      if (unitId === undefined) throw notFound('error.not_found');
      return { ...NONE, kind, unit_id: unitId };
    }
    case 'procedure': {
      const row = await currentProcedureByCodes(db, input.jurisdiction, input.procedure);
      if (!row) throw notFound('error.procedure_not_found');
      return { ...NONE, kind, jurisdiction_id: row.jurisdiction_id, procedure_code: row.code };
    }
    case 'area': {
      const place = input.place?.trim() ? input.place.trim() : null;
      if (place && place.length > MAX_PLACE_LENGTH) issues.push({ field: 'place', key: 'error.too_long', values: { max: MAX_PLACE_LENGTH } });
      const radius = input.radiusM;
      if (radius === undefined || !Number.isInteger(radius) || radius < MIN_RADIUS_M || radius > MAX_RADIUS_M) {
        issues.push({ field: 'radius', key: 'error.follow_radius', values: { min: MIN_RADIUS_M, max: MAX_RADIUS_M } });
      }
      let lat = input.lat;
      let lng = input.lng;
      const typedPoint = lat !== undefined || lng !== undefined;
      if (typedPoint && !isPoint(lat, lng)) issues.push({ field: 'lat', key: 'error.follow_point' });
      if (!typedPoint) {
        const [found] = place && place.length <= MAX_PLACE_LENGTH ? await findKnownPlaces(db, place, 1) : [];
        if (found) ({ lat, lng } = found);
        else issues.push({ field: 'place', key: place ? 'error.place_not_found' : 'error.follow_place_required' });
      }
      let procedureCode: string | null = null;
      if (input.procedure?.trim()) {
        const code = input.procedure.trim();
        if (!(await isCurrentProcedureCode(db, code))) issues.push({ field: 'procedure', key: 'error.procedure_not_found' });
        else procedureCode = code;
      }
      if (issues.length || lat === undefined || lng === undefined || radius === undefined) return undefined;
      const box = boundingBox({ lat, lng, radiusM: radius });
      return {
        ...NONE,
        kind,
        procedure_code: procedureCode,
        lat,
        lng,
        radius_m: radius,
        min_lat: box.minLat,
        max_lat: box.maxLat,
        min_lng: box.minLng,
        max_lng: box.maxLng,
        place,
      };
    }
  }
}

async function checkConfirmationLimit(trx: Tx, email: string, now: Date) {
  const sent = await countMailSince(trx, { kinds: ['follow_confirm', 'follow_exists'], recipient: email, since: new Date(now.getTime() - 3_600_000) });
  if (sent >= FOLLOW_CONFIRMATIONS_PER_HOUR) throw new AppError('rate_limited', 'error.follow_rate_limited');
}

async function checkFollowCount(trx: Tx, email: string) {
  if ((await countLiveFollows(trx, email)) >= MAX_FOLLOWS_PER_ADDRESS) {
    throw validationError([{ field: 'email', key: 'error.follow_too_many', values: { max: MAX_FOLLOWS_PER_ADDRESS } }]);
  }
}
