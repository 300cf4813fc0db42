/**
 * Errors with stable ids. Every surface (HTML, JSON API) renders the same error in its own format;
 * the message key points into the i18n catalogues so a person reads it in their language.
 */
export type ErrorId =
  | 'not_found'
  | 'validation'
  | 'forbidden'
  | 'unauthenticated'
  | 'csrf'
  | 'conflict'
  | 'invalid_transition'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'locked'
  | 'idempotency_mismatch'
  | 'internal'
  /** The database cannot be reached for now (a restart, a failover); the request changed nothing. */
  | 'unavailable';

const STATUS: Record<ErrorId, number> = {
  not_found: 404,
  validation: 400,
  forbidden: 403,
  unauthenticated: 401,
  csrf: 403,
  conflict: 409,
  invalid_transition: 409,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  locked: 423,
  idempotency_mismatch: 422,
  internal: 500,
  unavailable: 503,
};

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `location.address`. */
  field: string;
  /** Message key in the catalogues. */
  key: string;
  values?: Record<string, string | number>;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly id: ErrorId,
    /** Catalogue key of the human message, e.g. `error.stage_not_started`. */
    readonly key: string,
    readonly values: Record<string, string | number> = {},
    readonly fields: FieldIssue[] = [],
  ) {
    super(`${id}: ${key}`);
    this.status = STATUS[id];
  }
}

export const notFound = (what = 'error.not_found') => new AppError('not_found', what);
export const forbidden = (key = 'error.forbidden') => new AppError('forbidden', key);
export const unauthenticated = () => new AppError('unauthenticated', 'error.unauthenticated');
export const invalidTransition = (key: string, values: Record<string, string | number> = {}) =>
  new AppError('invalid_transition', key, values);
export const validationError = (fields: FieldIssue[]) => new AppError('validation', 'error.validation', {}, fields);
export const conflict = (key: string) => new AppError('conflict', key);
