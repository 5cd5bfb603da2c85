/** Who am I, and the admins' token management. */

import type { ChangeCache } from '../db/changes';
import { HttpError } from '../http/errors';
import { type AreaPlugin, errors } from '../http/types';
import { createToken, listTokens, revokeToken, type TokenLookup } from './tokens';

const TokenInfo = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'role', 'createdAt', 'lastUsedAt', 'revokedAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'member'] },
    createdAt: { type: 'string', format: 'date-time' },
    lastUsedAt: { type: ['string', 'null'], format: 'date-time' },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const Name = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;

export const authRoutes: AreaPlugin<{ tokens?: ChangeCache<TokenLookup | null> }> = async (app, { db, tokens }) => {
  app.get(
    '/me',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Who you are: your token and your workspace',
        security: [{ token: [] }],
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['workspace', 'token'],
            properties: {
              workspace: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'name'],
                properties: { id: { type: 'string' }, name: { type: 'string' } },
              },
              token: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'name', 'role'],
                properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
              },
            },
          },
          ...errors(401),
        },
      },
    },
    async (request) => {
      const { caller } = request;
      const workspace = await db
        .selectFrom('workspaces')
        .select(['id', 'name'])
        .where('id', '=', caller.workspaceId)
        .executeTakeFirstOrThrow();
      return { workspace, token: { id: caller.tokenId, name: caller.name, role: caller.role } };
    },
  );

  app.get(
    '/tokens',
    {
      config: { admin: true },
      schema: {
        tags: ['tokens'],
        summary: "The workspace's tokens, revoked ones included (never their secrets)",
        security: [{ token: [] }],
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['tokens'],
            properties: { tokens: { type: 'array', items: TokenInfo } },
          },
          ...errors(401, 403),
        },
      },
    },
    async (request) => ({ tokens: await listTokens(db, request.caller.workspaceId) }),
  );

  app.post(
    '/tokens',
    {
      config: { admin: true },
      schema: {
        tags: ['tokens'],
        summary: 'Makes a token for a member or an admin; its secret is shown in this answer only',
        security: [{ token: [] }],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'role'],
          properties: { name: Name, role: { type: 'string', enum: ['admin', 'member'] } },
        },
        response: {
          201: {
            type: 'object',
            additionalProperties: false,
            required: ['token', 'info'],
            properties: { token: { type: 'string', description: 'Shown once: hand it to its owner' }, info: TokenInfo },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const made = await createToken(db, {
        workspaceId: request.caller.workspaceId,
        role: request.body.role,
        name: request.body.name.trim(),
        createdBy: request.caller.tokenId,
      });
      return reply.status(201).send(made);
    },
  );

  app.delete(
    '/tokens/:tokenId',
    {
      config: { admin: true },
      schema: {
        tags: ['tokens'],
        summary: 'Revokes a token: it stops working at once, and stays listed',
        security: [{ token: [] }],
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['tokenId'],
          properties: { tokenId: { type: 'string', minLength: 1, maxLength: 100 } },
        },
        response: { 200: TokenInfo, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const info = await revokeToken(db, request.caller.workspaceId, request.params.tokenId);
      // This process forgets the token now; the others when the change notice reaches them.
      tokens?.forget(request.params.tokenId);
      if (!info) throw new HttpError(404, 'not-found', `There is no token ${request.params.tokenId} in this workspace`);
      return info;
    },
  );
};
