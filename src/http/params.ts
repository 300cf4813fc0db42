import { z } from 'zod';
import { notFound } from '../errors.js';

/** The largest id a database `integer` column holds. */
export const MAX_ID = 2_147_483_647;

/** A database id from a path or a form: a whole number from 1 to 2³¹−1 written in digits, or undefined. */
export function parseId(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^[0-9]{1,10}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= 1 && n <= MAX_ID ? n : undefined;
}

/** An id from a path; anything that cannot be one names nothing, so the answer is 404 with the given message. */
export function idOrNotFound(text: unknown, key = 'error.not_found'): number {
  const id = parseId(text);
  if (id === undefined) throw notFound(key);
  return id;
}

/** A positive id as a zod schema for forms and the JSON API (coerced from text). */
export const idSchema = () => z.coerce.number().int().min(1).max(MAX_ID);
