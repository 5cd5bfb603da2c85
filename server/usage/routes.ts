/** Usage counters for admins. */
import { type AreaPlugin, errors } from '../http/types';
import { readUsage } from './read';

const Day = { type: 'string', format: 'date' } as const;

export const usageRoutes: AreaPlugin = async (app, { db }) => {
  app.get(
    '/usage',
    {
      config: { admin: true },
      schema: {
        tags: ['usage'],
        summary: 'Usage counters per day, rule, step and event',
        security: [{ token: [] }],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { from: Day, to: Day, ruleId: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            required: ['counters'],
            properties: {
              counters: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['day', 'ruleId', 'stepId', 'event', 'count'],
                  properties: {
                    day: { type: 'string' },
                    ruleId: { type: 'string' },
                    stepId: { type: 'string' },
                    event: { type: 'string' },
                    count: { type: 'integer' },
                  },
                },
              },
            },
          },
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => ({ counters: await readUsage(db, request.caller.workspaceId, request.query) }),
  );
};
