/**
 * Errors as JSON that say what is wrong: `{ error, message, problems? }`, where `error` is a
 * stable code for programs, `message` a sentence for people, and `problems` lists each wrong
 * field by its JSON path (`batches[3].deltas[0].day`).
 */
import type { FastifyError, FastifyInstance } from 'fastify';

export interface Problem {
  path: string;
  message: string;
}

/** An error a route answers with: its status, code, sentence and details. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: { problems?: Problem[]; [key: string]: unknown } = {},
  ) {
    super(message);
  }
}

/** The error body's JSON Schema, shared by every route's error responses. */
export const ErrorBody = {
  $id: 'Error',
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: 'A stable code: invalid-body, unauthorized, forbidden, not-found…' },
    message: { type: 'string', description: 'What is wrong and what to do, in words.' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
} as const;

/** `/batches/3/deltas/0/day` → `batches[3].deltas[0].day`. */
export function jsonPath(pointer: string, extra?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra) parts.push(extra);
  return parts.reduce((path, part) => {
    if (/^\d+$/.test(part)) return `${path}[${part}]`;
    if (/^[A-Za-z_$][\w$-]*$/.test(part)) return path ? `${path}.${part}` : part;
    return `${path}[${JSON.stringify(part)}]`;
  }, '');
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** One validation issue in words, with its JSON path. */
function describe(issue: AjvIssue): Problem {
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return { path: jsonPath(issue.instancePath, String(p.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: jsonPath(issue.instancePath, String(p.additionalProperty)), message: 'is not a known field' };
    case 'enum':
      return {
        path: jsonPath(issue.instancePath),
        message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'discriminator':
      return {
        path: jsonPath(issue.instancePath, String(p.tag)),
        message:
          p.error === 'tag'
            ? 'is required, as a string'
            : `${JSON.stringify(p.tagValue)} is not one this server knows (is the extension newer than the server?)`,
      };
    case 'const':
      return { path: jsonPath(issue.instancePath), message: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'format':
      return {
        path: jsonPath(issue.instancePath),
        message: p.format === 'date' ? 'must be a day written YYYY-MM-DD' : `must be a valid ${String(p.format)}`,
      };
    default:
      return { path: jsonPath(issue.instancePath), message: issue.message ?? 'is not valid' };
  }
}

/** Installs the JSON error handler and the 404 for unknown routes. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & Partial<HttpError>, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send({ error: error.code, message: error.message, ...error.details });
    }
    if (error.validation) {
      const where = error.validationContext ?? 'body';
      const problems = (error.validation as AjvIssue[]).map(describe);
      const first = problems[0];
      return reply.status(400).send({
        error: `invalid-${where}`,
        message: first
          ? `The request ${where} is not valid: ${first.path ? `${first.path} ` : ''}${first.message}`
          : `The request ${where} is not valid`,
        problems,
      });
    }
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return reply.status(429).send({ error: 'rate-limited', message: error.message });
    }
    if (status >= 400 && status < 500) {
      const code = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'body-too-large' : 'bad-request';
      const message =
        code === 'body-too-large'
          ? `The request body is larger than this server accepts (${request.routeOptions.bodyLimit ?? 'its limit'} bytes): send less at a time`
          : error.message;
      return reply.status(status).send({ error: code, message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .status(500)
      .send({ error: 'server-error', message: 'The server failed on this request; it was logged. Try again later.' });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ error: 'not-found', message: `There is no ${request.method} ${request.url.split('?')[0]} here` });
  });
}
