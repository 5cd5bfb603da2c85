/** The team's insights for admins: funnels, outcomes and content health over a range of days. */
import { HttpError } from '../http/errors';
import { type AreaPlugin, errors } from '../http/types';
import { type InsightsQuery, teamFunnels, teamHealth, teamOutcomes, teamRules } from './read';

const Day = { type: 'string', format: 'date' } as const;
const Query = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: Day,
    to: Day,
    packId: { type: 'string', minLength: 1, maxLength: 200 },
    ruleId: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;
/** The funnels' query: a range and filter, and how many of the most started funnels to give. */
const FunnelQuery = {
  ...Query,
  properties: {
    ...Query.properties,
    limit: { type: 'integer', minimum: 1, maximum: 10_000, description: 'The most started this many (default: all)' },
  },
} as const;
/** The health query: a range and filter, and how much of each rule to give. */
const HealthQuery = {
  ...Query,
  properties: {
    ...Query.properties,
    detail: {
      type: 'string',
      enum: ['full', 'summary'],
      description:
        "full (default): every step of each rule; summary: what the Insights page draws, each rule's status and worst step, and in steps only those with a selector to suggest",
    },
  },
} as const;
/** The shapes are the Insights page's own (`insights/model.ts`), documented there. */
const Loose = { type: 'object', additionalProperties: true } as const;
const Listed = { type: 'array', items: Loose } as const;

/** At most a year at once: the sums stay quick and a mistyped year is caught. */
const MAX_DAYS = 366;

function checkRange(q: InsightsQuery): void {
  const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
  if (days < 1) throw new HttpError(400, 'bad-request', `to: ${q.to} is before from (${q.from})`);
  if (days > MAX_DAYS) throw new HttpError(400, 'bad-request', `from–to: ${days} days; at most ${MAX_DAYS} at once`);
}

export const insightsRoutes: AreaPlugin = async (app, { db }) => {
  const route = <T>(
    path: string,
    summary: string,
    reply: object,
    read: (workspaceId: string, q: InsightsQuery) => Promise<T>,
    ranged = true,
    querystring: object = ranged ? Query : { type: 'object', additionalProperties: false, properties: {} },
  ) =>
    app.get(
      path,
      {
        config: { admin: true },
        schema: {
          tags: ['insights'],
          summary,
          security: [{ token: [] }],
          querystring,
          response: { 200: reply, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const q = request.query as InsightsQuery;
        if (ranged) checkRange(q);
        return read(request.caller.workspaceId, q);
      },
    );

  route(
    '/insights/funnels',
    "Each walkthrough's funnel (started, each step reached, completed) with its drop-off step, comments and stuck requests",
    {
      type: 'object',
      required: ['funnels', 'walkthroughs'],
      properties: { funnels: Listed, walkthroughs: { type: 'integer' } },
    },
    (ws, q) => teamFunnels(db, ws, q),
    true,
    FunnelQuery,
  );
  route(
    '/insights/outcomes',
    'Walkthroughs completed and abandoned, field hints followed, checklists finished, per day',
    { type: 'object', required: ['outcomes'], properties: { outcomes: Loose } },
    async (ws, q) => ({ outcomes: await teamOutcomes(db, ws, q) }),
  );
  route(
    '/insights/health',
    "Every rule's content health from members' runs: working, failing (its target missing), or unchecked",
    { type: 'object', required: ['health'], properties: { health: Listed } },
    async (ws, q) => ({ health: await teamHealth(db, ws, q) }),
    true,
    HealthQuery,
  );
  route(
    '/insights/rules',
    'The published packs and rules to filter the insights by',
    { type: 'object', required: ['packs', 'rules'], properties: { packs: Listed, rules: Listed } },
    async (ws) => teamRules(db, ws),
    false,
  );
};
