/** Rule packs: publish, list, read a version, roll back or withdraw, and the current packs with an ETag. */
import type { ChangeCache } from '../db/changes';
import { type AreaPlugin, errors } from '../http/types';
import {
  currentPacks,
  getPackVersion,
  listPacks,
  packsEtag,
  packsRevision,
  publishPack,
  setCurrentVersion,
} from './service';

const PackId = { type: 'string', minLength: 1, maxLength: 200 } as const;
const AnyPack = {
  type: 'object',
  additionalProperties: true,
  description: 'A rule pack, in the format of rules/schema/rule-pack.schema.json',
} as const;

const VersionInfo = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'name', 'rules', 'publishedAt', 'publishedBy'],
  properties: {
    version: { type: 'integer' },
    name: { type: 'string' },
    rules: { type: 'integer' },
    publishedAt: { type: 'string', format: 'date-time' },
    publishedBy: { type: ['string', 'null'], description: 'The id of the token that published it' },
  },
} as const;

const PackInfo = {
  type: 'object',
  additionalProperties: false,
  required: ['packId', 'name', 'currentVersion', 'updatedAt', 'versions'],
  properties: {
    packId: { type: 'string' },
    name: { type: 'string' },
    currentVersion: { type: ['integer', 'null'], description: 'The version members get; null once withdrawn' },
    updatedAt: { type: 'string', format: 'date-time' },
    versions: { type: 'array', items: VersionInfo },
  },
} as const;

export const packRoutes: AreaPlugin<{ revisions?: ChangeCache<number> }> = async (app, { db, revisions }) => {
  /** The workspace's pack revision: from memory when no change was announced since it was read. */
  const revisionOf = (workspaceId: string) =>
    revisions ? revisions.get(workspaceId, () => packsRevision(db, workspaceId)) : packsRevision(db, workspaceId);

  app.get(
    '/packs/current',
    {
      schema: {
        tags: ['packs'],
        summary: 'The current version of every published pack (send If-None-Match: an unchanged set costs a 304)',
        security: [{ token: [] }],
        headers: { type: 'object', properties: { 'if-none-match': { type: 'string', maxLength: 200 } } },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['revision', 'packs'],
            properties: { revision: { type: 'integer' }, packs: { type: 'array', items: AnyPack } },
          },
          304: { type: 'null', description: 'Not modified since the ETag sent' },
          ...errors(401),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = request.caller;
      reply.header('Cache-Control', 'private, no-cache');
      const seen = request.headers['if-none-match'];
      if (seen) {
        const etag = packsEtag(await revisionOf(workspaceId));
        if (seen.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
          return reply.status(304).header('ETag', etag).send(null);
        }
      }
      const current = await currentPacks(db, workspaceId);
      // Packs are plain JSON objects; the schema passes them through as they are.
      const body = { revision: current.revision, packs: current.packs as unknown as Record<string, unknown>[] };
      return reply.header('ETag', packsEtag(current.revision)).send(body);
    },
  );

  app.get(
    '/packs',
    {
      config: { admin: true },
      schema: {
        tags: ['packs'],
        summary: 'Every pack of the workspace with its published versions',
        security: [{ token: [] }],
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['packs'],
            properties: { packs: { type: 'array', items: PackInfo } },
          },
          ...errors(401, 403),
        },
      },
    },
    async (request) => ({ packs: await listPacks(db, request.caller.workspaceId) }),
  );

  app.post(
    '/packs',
    {
      config: { admin: true },
      schema: {
        tags: ['packs'],
        summary: 'Publishes a pack as a new version, which becomes current',
        description:
          'The body is the pack itself. It is validated as the extension validates an import; every problem ' +
          'comes back with its JSON path, and nothing is published unless the whole pack is valid. Published ' +
          'versions never change: publish a higher version to change a pack.',
        security: [{ token: [] }],
        body: AnyPack,
        response: {
          201: {
            type: 'object',
            additionalProperties: false,
            required: ['packId', ...VersionInfo.required],
            properties: { packId: PackId, ...VersionInfo.properties },
          },
          ...errors(400, 401, 403, 409, 413, 422),
        },
      },
    },
    async (request, reply) => {
      const published = await publishPack(db, request.caller, request.body);
      revisions?.forget(request.caller.workspaceId);
      return reply.status(201).send(published);
    },
  );

  app.get(
    '/packs/:packId/versions/:version',
    {
      config: { admin: true },
      schema: {
        tags: ['packs'],
        summary: 'One published version of a pack, as published',
        security: [{ token: [] }],
        params: {
          type: 'object',
          additionalProperties: false,
          required: ['packId', 'version'],
          properties: { packId: PackId, version: { type: 'integer', minimum: 0, maximum: 2_147_483_647 } },
        },
        response: { 200: AnyPack, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      (await getPackVersion(
        db,
        request.caller.workspaceId,
        request.params.packId,
        request.params.version,
      )) as unknown as Record<string, unknown>,
  );

  app.put(
    '/packs/:packId/current',
    {
      config: { admin: true },
      schema: {
        tags: ['packs'],
        summary: 'Rolls back (or forward) to a published version, or withdraws the pack with version null',
        security: [{ token: [] }],
        params: { type: 'object', additionalProperties: false, required: ['packId'], properties: { packId: PackId } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['version'],
          properties: { version: { type: ['integer', 'null'], minimum: 0, maximum: 2_147_483_647 } },
        },
        response: { 200: PackInfo, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const info = await setCurrentVersion(db, request.caller.workspaceId, request.params.packId, request.body.version);
      revisions?.forget(request.caller.workspaceId);
      return info;
    },
  );
};
