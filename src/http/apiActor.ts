import type { FastifyRequest } from 'fastify';
import { activeOfficialOfUnit } from '../db/repos/administration.js';
import type { Db } from '../db/types.js';
import type { OfficialActor, SystemActor } from '../domain/actor.js';
import { AppError, unauthenticated } from '../errors.js';

/**
 * The guard of a JSON API write, attached to the route before its body is validated (`preValidation`): a unit-scoped
 * API key or a signed-in official may go on (the command then asks the policy), anyone else is `unauthenticated`, so
 * a client without a valid key learns that first rather than how its body would have been judged.
 */
export async function apiWriterGuard(request: FastifyRequest): Promise<void> {
  if (!request.system && !request.official) throw unauthenticated();
}

/**
 * The office actor behind an API write: the key's system, acting for `actingLogin` when it names an active official
 * of the key's unit (a validation error on `acting_official` when it names anyone else), or the signed-in official.
 */
export async function apiActor(db: Db, request: FastifyRequest, actingLogin?: string): Promise<OfficialActor | SystemActor> {
  if (request.system) {
    if (!actingLogin) return request.system;
    const officialId = await activeOfficialOfUnit(db, actingLogin, request.system.unitId);
    if (officialId === undefined) throw new AppError('validation', 'error.acting_official');
    return { ...request.system, onBehalfOf: officialId };
  }
  if (request.official) return request.official;
  throw unauthenticated();
}
