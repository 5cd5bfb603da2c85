/** The inbox for admins: requests, comments, suggestions and reports; list and resolve. */
import { type AreaPlugin, errors } from '../http/types';
import { listInbox, setInboxStatus } from './service';

const Kind = { type: 'string', enum: ['help', 'comment', 'suggestion', 'target-missing'] } as const;
const Status = { type: 'string', enum: ['open', 'resolved'] } as const;
const Nullable = { type: ['string', 'null'] } as const;

const InboxItem = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'status', 'ruleId', 'stepId', 'url', 'text', 'details', 'from', 'createdAt', 'receivedAt'],
  properties: {
    id: { type: 'string' },
    kind: Kind,
    status: Status,
    ruleId: Nullable,
    stepId: Nullable,
    url: Nullable,
    text: Nullable,
    details: { type: 'object', additionalProperties: true },
    from: { ...Nullable, description: 'The name on the token that sent it' },
    createdAt: { type: 'string', format: 'date-time' },
    receivedAt: { type: 'string', format: 'date-time' },
    resolvedAt: Nullable,
    resolution: Nullable,
  },
} as const;

const ItemId = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const inboxRoutes: AreaPlugin = async (app, { db }) => {
  app.get(
    '/inbox',
    {
      config: { admin: true },
      schema: {
        tags: ['inbox'],
        summary: 'Help requests, comments, tip suggestions and target-missing reports, newest first',
        security: [{ token: [] }],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: Kind,
            status: Status,
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
            after: { ...ItemId, description: 'The last id of the previous page' },
          },
        },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['items'],
            properties: { items: { type: 'array', items: InboxItem } },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => ({ items: await listInbox(db, request.caller.workspaceId, request.query) }),
  );

  app.patch(
    '/inbox/:itemId',
    {
      config: { admin: true },
      schema: {
        tags: ['inbox'],
        summary: 'Marks an item resolved (with a note) or open again',
        security: [{ token: [] }],
        params: { type: 'object', additionalProperties: false, required: ['itemId'], properties: { itemId: ItemId } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['status'],
          properties: { status: Status, resolution: { type: 'string', minLength: 1, maxLength: 5000 } },
        },
        response: { 200: InboxItem, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => setInboxStatus(db, request.caller, request.params.itemId, request.body),
  );
};
