/** What the server adds to Fastify's request and route types. */
import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/tokens';
import type { Database } from '../db/schema';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling: set by the authentication hook on every `/v1` route. */
    caller: Caller;
  }
  interface FastifyContextConfig {
    /** Only admin tokens may call this route. */
    admin?: boolean;
  }
}

/** Security requirement for OpenAPI: any token, or an admin's. */
export const memberAuth = [{ token: [] }];
export const adminAuth = [{ token: [] }];

/** The shared error responses, by status. */
export function errors(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries(statuses.map((s) => [s, { $ref: 'Error#' }]));
}

/** An area's plugin: its routes typed from their JSON Schemas, given the database. */
export type AreaPlugin<Extra extends object = object> = FastifyPluginAsyncJsonSchemaToTs<{
  Options: { db: Kysely<Database> } & Extra;
}>;
