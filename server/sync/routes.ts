/** The outbox push: usage, requests, comments, suggestions and reports, each batch applied exactly once. */
import { type AreaPlugin, errors } from '../http/types';
import { type IngestOptions, ingest } from './ingest';
import { PushBody, PushReply } from './schemas';

export const syncRoutes: AreaPlugin<{ ingest: IngestOptions }> = async (app, options) => {
  app.post(
    '/sync/push',
    {
      schema: {
        tags: ['sync'],
        summary: "Pushes an installation's outbox batches; each is applied exactly once",
        description:
          'Send batches oldest first, from the oldest not yet acknowledged. A batch whose seq is at or below the ' +
          "installation's last applied seq is acknowledged as a duplicate and not applied again; the push is " +
          'applied whole or not at all. Remove from the outbox every batch listed in applied or duplicates.',
        security: [{ token: [] }],
        body: PushBody,
        response: { 200: PushReply, ...errors(400, 401, 413, 429) },
      },
    },
    async (request) => ingest(options.db, request.caller, request.body, options.ingest),
  );
};
