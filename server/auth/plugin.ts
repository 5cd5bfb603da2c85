/**
 * Authentication for every `/v1` route: the bearer token must be known and not revoked; admin
 * routes (`config: { admin: true }`) refuse member tokens. The caller's workspace then scopes every
 * query the route makes. Failed attempts are counted per client address: past the limit, the
 * address is refused (429) before its token is looked at, so tokens cannot be guessed at speed.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ChangeCache } from '../db/changes';
import type { Database } from '../db/schema';
import { HttpError } from '../http/errors';
import type { FailedAttempts } from './failures';
import { type TokenLookup, touchToken, verifyToken } from './tokens';

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : header;
}

export interface AuthOptions {
  db: Kysely<Database>;
  tokens?: ChangeCache<TokenLookup | null>;
  failures: FailedAttempts;
}

/** Adds the authentication hook to `scope` (a plugin's encapsulated instance). */
export function requireToken(scope: FastifyInstance, { db, tokens, failures }: AuthOptions): void {
  scope.addHook('onRequest', async (request, reply) => {
    const wait = failures.blockedFor(request.ip);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      reply.header('Retry-After', String(seconds));
      throw new HttpError(
        429,
        'rate-limited',
        `Too many requests with a missing or wrong token from this address: at most ${failures.max} a minute. Check the token, and try again in ${seconds} s.`,
      );
    }
    const result = await verifyToken(db, bearer(request), tokens);
    if (!('tokenId' in result)) {
      failures.fail(request.ip);
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
