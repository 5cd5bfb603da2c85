/**
 * The sync protocol's JSON Schemas: what an extension pushes from its outbox and what it gets
 * back. Plain JSON Schema (no server code), so the extension can import the types they describe.
 *
 * Every outbox entry is a *batch* with this installation's sequence number `seq` (1, 2, 3… never
 * reused). Send batches oldest first, starting from the oldest not yet acknowledged. The server
 * applies a batch only if its `seq` is above the last one it applied for the installation, and
 * records that number in the same transaction: a batch sent again, twice at once, or after a
 * later one is acknowledged and never counted twice; a push is applied whole or not at all.
 */
import type { FromSchema } from 'json-schema-to-ts';
import { CHECKLIST_EVENTS, USAGE_EVENTS } from '../../rules/index';

const Id = { type: 'string', minLength: 1, maxLength: 200 } as const;
const Text = { type: 'string', minLength: 1, maxLength: 5000 } as const;
const Url = { type: 'string', minLength: 1, maxLength: 8192 } as const;
const Seq = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
const Time = {
  type: 'integer',
  minimum: 0,
  maximum: 8_640_000_000_000_000,
  description: 'Epoch milliseconds',
} as const;

export const UsageEventName = {
  type: 'string',
  enum: [...USAGE_EVENTS, ...CHECKLIST_EVENTS],
  description:
    'What happened to a step (hint-corrected: a field hint shown on an invalid value, the field valid afterwards); checklist-item-done and checklist-completed count under the checklist id as ruleId (and the item id as stepId)',
} as const;

export const UsageDelta = {
  type: 'object',
  additionalProperties: false,
  required: ['ruleId', 'stepId', 'event', 'day', 'count'],
  properties: {
    ruleId: Id,
    stepId: { type: 'string', maxLength: 200, description: 'Empty for events of the whole rule' },
    event: UsageEventName,
    day: { type: 'string', format: 'date', description: 'UTC day, YYYY-MM-DD' },
    count: { type: 'integer', minimum: 1, maximum: 1_000_000_000 },
  },
} as const;

const UsageBatch = {
  type: 'object',
  additionalProperties: false,
  required: ['seq', 'kind', 'createdAt', 'deltas'],
  properties: {
    seq: Seq,
    kind: { const: 'usage' },
    createdAt: Time,
    deltas: { type: 'array', maxItems: 20_000, items: UsageDelta },
  },
} as const;

const HelpBatch = {
  type: 'object',
  additionalProperties: false,
  required: ['seq', 'kind', 'createdAt', 'id', 'text'],
  description:
    '"I\'m stuck here": a request for help with the page it was asked on. The person may leave out any part of the context, the page\'s address included.',
  properties: {
    seq: Seq,
    kind: { const: 'help' },
    createdAt: Time,
    id: Id,
    url: Url,
    text: Text,
    ruleId: Id,
    stepId: Id,
    context: {
      type: 'object',
      description:
        'The rest of the context the person chose to send: ruleName, ruleKind, stepIndex, stepTitle, target (found, ambiguous, missing, waiting, none), events (the last help events on the page), browser, extensionVersion',
    },
  },
} as const;

const CommentBatch = {
  type: 'object',
  additionalProperties: false,
  required: ['seq', 'kind', 'createdAt', 'id', 'ruleId', 'text'],
  description: 'What a person wrote after answering "No" to "Was this helpful?".',
  properties: {
    seq: Seq,
    kind: { const: 'comment' },
    createdAt: Time,
    id: Id,
    ruleId: Id,
    stepId: Id,
    url: Url,
    text: Text,
  },
} as const;

const SuggestionBatch = {
  type: 'object',
  additionalProperties: false,
  required: ['seq', 'kind', 'createdAt', 'id', 'rule'],
  description: 'A personal tip offered to the team; admins review it and may publish it.',
  properties: {
    seq: Seq,
    kind: { const: 'suggestion' },
    createdAt: Time,
    id: Id,
    text: Text,
    rule: { type: 'object', description: 'The tip, as a rule of a rule pack' },
  },
} as const;

const TargetMissingBatch = {
  type: 'object',
  additionalProperties: false,
  required: ['seq', 'kind', 'createdAt', 'ruleId', 'url', 'count'],
  description: 'A rule whose target was not found on a page: where, and how often.',
  properties: {
    seq: Seq,
    kind: { const: 'target-missing' },
    createdAt: Time,
    ruleId: Id,
    stepId: Id,
    url: Url,
    selector: { type: 'string', minLength: 1, maxLength: 2000 },
    count: { type: 'integer', minimum: 1, maximum: 1_000_000_000 },
  },
} as const;

export const Batch = {
  type: 'object',
  discriminator: { propertyName: 'kind' },
  required: ['kind'],
  oneOf: [UsageBatch, HelpBatch, CommentBatch, SuggestionBatch, TargetMissingBatch],
} as const;

export const PushBody = {
  type: 'object',
  additionalProperties: false,
  required: ['installationId', 'batches'],
  properties: {
    installationId: {
      type: 'string',
      pattern: '^[A-Za-z0-9_:-]{8,100}$',
      description: "This browser's id for the server (a random UUID made on first use)",
    },
    batches: { type: 'array', minItems: 1, maxItems: 2000, items: Batch },
  },
} as const;

export const PushReply = {
  type: 'object',
  additionalProperties: false,
  required: ['lastSeq', 'applied', 'duplicates'],
  properties: {
    lastSeq: { type: 'integer', description: 'The highest batch number applied for this installation' },
    applied: { type: 'array', items: { type: 'integer' }, description: 'Batches applied by this push' },
    duplicates: {
      type: 'array',
      items: { type: 'integer' },
      description: 'Batches applied before (by an earlier push): acknowledged, not counted again',
    },
  },
} as const;

export type PushBody = FromSchema<typeof PushBody>;
export type PushReply = FromSchema<typeof PushReply>;
export type Batch = PushBody['batches'][number];
export type UsageDeltaIn = FromSchema<typeof UsageDelta>;
