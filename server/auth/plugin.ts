/**
 * Authentication for every `/v1` route: the bearer token must be known and not revoked; admin
 * routes (`config: { admin: true }`) refuse member tokens. The caller's workspace then scopes every
 * query the route makes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { HttpError } from '../http/errors';
import { touchToken, verifyToken } from './tokens';

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : header;
}

/** Adds the authentication hook to `scope` (a plugin's encapsulated instance). */
export function requireToken(scope: FastifyInstance, db: Kysely<Database>): void {
  scope.addHook('onRequest', async (request, reply) => {
    const result = await verifyToken(db, bearer(request));
    if (!('tokenId' in result)) {
      reply.header('WWW-Authenticate', 'Bearer realm="stepwise"');
      throw new HttpError(401, 'unauthorized', result.message, { reason: result.reason });
    }
    request.caller = result;
    if (request.routeOptions.config.admin && result.role !== 'admin') {
      throw new HttpError(403, 'forbidden', 'This needs an admin token; yours is a member token');
    }
    // Best effort: a failed note of "last used" must not fail the request.
    touchToken(db, result.tokenId).catch((error) => request.log.warn({ err: error }, 'could not note token use'));
  });
}
