/**
 * Pushing the outbox to the team server: oldest batches first, in pushes of a bounded size, each
 * acknowledged batch removed only after the server said so. Pure (no browser API): the background
 * gives it the outbox and `fetch`, and the server's tests drive it against the real server.
 *
 * The server applies a batch only if its number is above the last it applied for this
 * installation, in the same transaction: a push cut off mid-answer is simply sent again.
 */
import type { Batch, PushReply } from '../../server/sync/schemas';

export type { Batch, PushReply };

/** Where the batches wait (the outbox table in the extension; an array in tests). */
export interface OutboxSource {
  /** The oldest `limit` batches, by sequence number. */
  oldest(limit: number): Promise<Batch[]>;
  /** The server has these batches: remove them. */
  acknowledge(seqs: number[]): Promise<void>;
  /** The server refused this batch for good: set it aside (never deleted) so the rest can go. */
  setAside?(batch: Batch, reason: string): Promise<void>;
}

export interface PushSettings {
  serverUrl: string;
  token: string;
  installationId: string;
  fetch?: typeof fetch;
  /** Batches per push (at most); fewer when they hold many deltas. */
  maxBatches?: number;
  /** Usage deltas per push (at most). */
  maxDeltas?: number;
  /** A push that has not answered by then is given up (and sent again later). */
  timeoutMs?: number;
}

/** Why a push stopped: what to tell the person, and whether trying again later may help. */
export class SyncError extends Error {
  constructor(
    readonly kind: 'offline' | 'unauthorized' | 'forbidden' | 'rejected' | 'busy' | 'server' | 'protocol',
    message: string,
    readonly retryable: boolean,
    /** The server asked to wait this long (429, 503). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface PushOutcome {
  /** Batches the server now has (applied by these pushes, or before). */
  acknowledged: number;
  /** Batches set aside because the server refused them. */
  setAside: number;
  pushes: number;
}

function size(batch: Batch): number {
  return batch.kind === 'usage' ? Math.max(1, batch.deltas.length) : 1;
}

/** Reads a server's JSON error body, or describes the status. */
export async function errorOf(
  res: Response,
): Promise<{ message: string; problems: { path: string; message: string }[] }> {
  try {
    const body = (await res.json()) as { message?: string; problems?: { path: string; message: string }[] };
    return { message: body.message ?? `HTTP ${res.status}`, problems: body.problems ?? [] };
  } catch {
    return { message: `HTTP ${res.status}`, problems: [] };
  }
}

export function retryAfter(res: Response): number | undefined {
  const value = res.headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** Pushes one set of batches; the server's answer, or a `SyncError`. */
async function pushOnce(settings: PushSettings, batches: Batch[]): Promise<PushReply> {
  const doFetch = settings.fetch ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs ?? 30_000);
  let res: Response;
  try {
    res = await doFetch(new URL('/v1/sync/push', settings.serverUrl).toString(), {
      method: 'POST',
      headers: { authorization: `Bearer ${settings.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ installationId: settings.installationId, batches }),
      signal: controller.signal,
    });
    if (res.ok) {
      const reply = (await res.json()) as PushReply;
      if (typeof reply?.lastSeq !== 'number' || !Array.isArray(reply.applied) || !Array.isArray(reply.duplicates)) {
        throw new SyncError(
          'protocol',
          'The server answered in a form Stepwise does not know: is the address right?',
          true,
        );
      }
      return reply;
    }
  } catch (error) {
    if (error instanceof SyncError) throw error;
    // No answer, or an answer cut off: the batches may or may not be in; sending them again is safe.
    throw new SyncError('offline', 'The server could not be reached; Stepwise keeps everything and tries again', true);
  } finally {
    clearTimeout(timer);
  }
  const { message, problems } = await errorOf(res);
  switch (res.status) {
    case 401:
      throw new SyncError('unauthorized', message, false);
    case 403:
      throw new SyncError('forbidden', message, false);
    case 400:
    case 422: {
      const index = problems.map((p) => /^batches\[(\d+)\]/.exec(p.path)?.[1]).find((i) => i !== undefined);
      const err = new SyncError('rejected', message, true);
      (err as SyncError & { batchIndex?: number }).batchIndex = index === undefined ? undefined : Number(index);
      throw err;
    }
    case 413:
      throw new SyncError('rejected', message, true);
    case 429:
    case 503:
      throw new SyncError('busy', message, true, retryAfter(res));
    default:
      throw new SyncError('server', message, true, retryAfter(res));
  }
}

/**
 * Pushes the whole outbox, oldest first. Stops at the first error (thrown as `SyncError`, after
 * everything acknowledged so far was removed). A push the server finds too large is split; a batch
 * it refuses as invalid is set aside (when the source can) so it never blocks the ones after it.
 */
export async function pushOutbox(source: OutboxSource, settings: PushSettings): Promise<PushOutcome> {
  const maxDeltas = settings.maxDeltas ?? 10_000;
  let maxBatches = settings.maxBatches ?? 500;
  const outcome: PushOutcome = { acknowledged: 0, setAside: 0, pushes: 0 };
  for (;;) {
    const waiting = await source.oldest(maxBatches);
    if (!waiting.length) return outcome;
    const batches: Batch[] = [];
    let deltas = 0;
    for (const batch of waiting) {
      if (batches.length && deltas + size(batch) > maxDeltas) break;
      batches.push(batch);
      deltas += size(batch);
    }
    let reply: PushReply;
    try {
      outcome.pushes++;
      reply = await pushOnce(settings, batches);
    } catch (error) {
      if (!(error instanceof SyncError) || error.kind !== 'rejected') throw error;
      const index = (error as SyncError & { batchIndex?: number }).batchIndex;
      if (index === undefined && batches.length > 1) {
        // Too large, or no batch named: send fewer at a time.
        maxBatches = Math.max(1, Math.floor(batches.length / 2));
        continue;
      }
      const bad = batches[index ?? 0];
      if (!bad || !source.setAside) throw error;
      await source.setAside(bad, error.message);
      outcome.setAside++;
      continue;
    }
    const done = batches.filter((b) => b.seq <= reply.lastSeq).map((b) => b.seq);
    await source.acknowledge(done);
    outcome.acknowledged += done.length;
    if (done.length < batches.length) {
      throw new SyncError(
        'protocol',
        'The server did not take every batch it was sent; Stepwise tries again later',
        true,
      );
    }
  }
}
