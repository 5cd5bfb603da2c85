/**
 * The team server as a Fastify app: one plugin per area (tokens, packs, sync, usage, inbox), each
 * with its routes and JSON Schemas side by side. The schemas validate requests, type the handlers
 * and make the OpenAPI document (`/openapi.json`, read at `/docs`).
 */
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { FailedAttempts } from './auth/failures';
import { requireToken } from './auth/plugin';
import { authRoutes } from './auth/routes';
import type { TokenLookup } from './auth/tokens';
import type { ServerConfig } from './config';
import { ChangeCache, Changes } from './db/changes';
import type { OpenDatabase } from './db/open';
import { ErrorBody, installErrorHandling } from './http/errors';
import './http/types';
import { inboxRoutes } from './inbox/routes';
import { insightsRoutes } from './insights/routes';
import { packRoutes } from './packs/routes';
import type { IngestOptions } from './sync/ingest';
import { syncRoutes } from './sync/routes';
import { LONGEST_WAIT_MS, startRollups } from './usage/rollup';
import { usageRoutes } from './usage/routes';

export const API_VERSION = '1.0.0';

export interface AppOptions {
  config: ServerConfig;
  database: OpenDatabase;
  /** Fastify's logger options (`false` for none). */
  logger?: FastifyServerOptions['logger'];
  /** Tests only: hooks into usage ingestion. */
  ingest?: Omit<IngestOptions, 'usageWrites'>;
}

/** Builds the app over an open database; closing the app stops its roll-ups and closes the database. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: config.bodyLimit,
    // Keys such as __proto__ and constructor.prototype in a body are refused, not parsed.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    ajv: { customOptions: { removeAdditional: false, discriminator: true, allErrors: true } },
    return503OnClosing: true,
  }).withTypeProvider<JsonSchemaToTsProvider>();

  installErrorHandling(app);
  app.addSchema(ErrorBody);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Stepwise team server',
        version: API_VERSION,
        description:
          'Publishes rule packs to a team and gathers usage, help requests, comments, tip suggestions and ' +
          "target-missing reports from members' browsers, each exactly once. Every route under /v1 needs a " +
          'token ("Authorization: Bearer stw.…") and sees only its workspace.',
      },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
      tags: [
        { name: 'tokens', description: 'Who you are; admins make and revoke tokens' },
        { name: 'packs', description: 'Publish rule packs, roll back, and pull the current ones' },
        { name: 'sync', description: "Members' outboxes: usage, requests and reports" },
        { name: 'usage', description: 'Usage counters for admins' },
        { name: 'inbox', description: 'Requests, comments, suggestions and reports for admins' },
        { name: 'insights', description: 'Funnels, outcomes and content health for admins' },
      ],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  // Web pages may call the API only from the origins configured; the extension needs no CORS.
  if (config.corsOrigins.length) await app.register(cors, { origin: config.corsOrigins });

  app.decorateRequest('caller', null as never);
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    // After authentication, so the limit is per token (per address before it).
    hook: 'preHandler',
    keyGenerator: (request) => (request.caller ? `token:${request.caller.tokenId}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'rate-limited',
      message: `Too many requests for this token: at most ${context.max} a minute. Try again in ${Math.ceil(context.ttl / 1000)} s.`,
    }),
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get(
    '/health',
    {
      schema: {
        summary: 'Whether the server and its database answer',
        response: {
          200: {
            type: 'object',
            required: ['ok', 'database'],
            properties: { ok: { type: 'boolean' }, database: { type: 'string', enum: ['pglite', 'postgres'] } },
          },
        },
      },
    },
    async () => {
      await database.db.selectFrom('schema_migrations').select('version').limit(1).execute();
      return { ok: true, database: database.kind };
    },
  );

  // What every request needs, kept in memory and forgotten on a change notice from any process.
  const changes = new Changes();
  await changes.start(database.listen, (error) =>
    app.log.warn({ err: error }, 'cannot listen for changes: tokens and pack revisions are read on every request'),
  );
  const tokens = new ChangeCache<TokenLookup | null>(changes, 'token');
  const revisions = new ChangeCache<number>(changes, 'packs');
  const failures = new FailedAttempts(config.authFailuresPerMinute);

  await app.register(
    async (v1) => {
      requireToken(v1, { db: database.db, tokens, failures });
      const db = database.db;
      await v1.register(authRoutes, { db, tokens });
      await v1.register(packRoutes, { db, revisions });
      await v1.register(syncRoutes, { db, ingest: { ...options.ingest, usageWrites: config.usageWrites } });
      await v1.register(usageRoutes, { db });
      await v1.register(inboxRoutes, { db });
      await v1.register(insightsRoutes, { db });
    },
    { prefix: '/v1' },
  );

  const rollups = startRollups(
    database.db,
    { intervalMs: config.rollupIntervalMs, rests: config.rollupRests, longestWaitMs: LONGEST_WAIT_MS },
    (error) => app.log.error({ err: error }, 'usage roll-up failed; it is tried again'),
  );
  app.addHook('onClose', async () => {
    await rollups.stop();
    await changes.close();
    await database.close();
  });
  return app;
}
