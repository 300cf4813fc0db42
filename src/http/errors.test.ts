import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, toAppError } from './errors.js';

/** An error as node-postgres or Node's sockets raise it. */
const failure = (message: string, fields: Record<string, unknown> = {}) => Object.assign(new Error(message), fields);

describe('a database that cannot be reached is a 503, not a 500', () => {
  it.each([
    ['the server refused the connection', failure('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' })],
    ['the connection was reset', failure('read ECONNRESET', { code: 'ECONNRESET' })],
    ['the server is shutting down (admin_shutdown)', failure('terminating connection due to administrator command', { code: '57P01' })],
    ['the server is starting up (cannot_connect_now)', failure('the database system is starting up', { code: '57P03' })],
    ['a connection exception (class 08)', failure('connection failure', { code: '08006' })],
    ['the connection closed under a query', failure('Connection terminated unexpectedly')],
    ['no connection within the pool’s timeout', failure('timeout exceeded when trying to connect')],
    ['a connection attempt timed out', failure('Connection terminated due to connection timeout', { cause: failure('Connection terminated unexpectedly') })],
    ['every address refused (AggregateError)', Object.assign(new AggregateError([failure('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' })], ''), {})],
    ['a client that already failed', failure('Client has encountered a connection error and is not queryable')],
  ])('%s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const appError = toAppError(error);
    expect(appError.id).toBe('unavailable');
    expect(appError.status).toBe(503);
  });

  it.each([
    ['a unique violation', failure('duplicate key value violates unique constraint', { code: '23505' })],
    ['a syntax error in our SQL', failure('syntax error at or near "SELEC"', { code: '42601' })],
    ['a programming error', new TypeError('Cannot read properties of undefined')],
  ])('but %s stays an internal error', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(toAppError(error).id).toBe('internal');
  });
});
