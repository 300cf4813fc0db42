import type { FollowTargetInput } from '../commands/follows/createFollow.js';
import { notFound } from '../errors.js';
import type { FollowFormValues } from '../views/follows.js';

/** Fields a follow form carries; anything else is ignored. */
const FIELDS = ['kind', 'number', 'unit', 'j', 'procedure', 'lat', 'lng', 'radius', 'place', 'email', 'frequency'] as const;

/** The follow form's values (from its query string or its body), trimmed and cut to a sane length. */
export function followValues(source: Record<string, unknown>): FollowFormValues {
  const values: FollowFormValues = {};
  for (const f of FIELDS) {
    const v = source[f];
    if (typeof v === 'string' && v.trim()) values[f] = v.trim().slice(0, 300);
  }
  return values;
}

/** A number typed in a form, or undefined when blank; NaN when it is not a number (the command then names the field). */
const numberOf = (text: string | undefined) => (text === undefined ? undefined : Number(text.replace(',', '.')));

/** What the form asks to follow (an area when it does not say); throws `not_found` for an unknown kind. */
export function targetInput(v: FollowFormValues): FollowTargetInput {
  switch (v.kind) {
    case 'application':
      return { kind: 'application', number: v.number ?? '' };
    case 'unit':
      return { kind: 'unit', unit: v.unit ?? '' };
    case 'procedure':
      return { kind: 'procedure', jurisdiction: v.j ?? '', procedure: v.procedure ?? '' };
    case 'area':
    case undefined:
      return { kind: 'area', lat: numberOf(v.lat), lng: numberOf(v.lng), radiusM: numberOf(v.radius ?? '500'), place: v.place, procedure: v.procedure };
    default:
      throw notFound('error.not_found');
  }
}
