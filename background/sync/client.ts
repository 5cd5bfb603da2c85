/**
 * The team server's calls for the extension: who a token is (`/v1/me`), the current packs with
 * their ETag (`/v1/packs/current`), the team's insights, and publishing a pack from the editor
 * (admins). Pure (no browser API): given `fetch`.
 */
import { FUNNELS_WITH_DAILY } from '../../insights/aggregate';
import type { Funnel, InsightsReport, Outcomes, RuleHealth } from '../../insights/model';
import { serverOrigin } from '../../messaging/server-address';
import { errorOf, retryAfter, SyncError } from './push';

export { serverOrigin };

export interface ServerSettings {
  serverUrl: string;
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface Identity {
  workspace: { id: string; name: string };
  token: { id: string; name: string; role: 'admin' | 'member' };
}

/** Answers a call may expect besides success, handed back to the caller instead of thrown. */
type Expected = readonly number[];

/**
 * A call with the token; the answer (a success, a `304`, or a status in `expected`), or a
 * `SyncError` saying what happened.
 */
async function call(
  settings: ServerSettings,
  path: string,
  init: {
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
    headers?: Record<string, string>;
    body?: unknown;
    expected?: Expected;
  } = {},
): Promise<Response> {
  const doFetch = settings.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(new URL(path, settings.serverUrl).toString(), {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${settings.token}`,
        ...(init.body !== undefined && { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(settings.timeoutMs ?? 30_000),
    });
  } catch {
    throw new SyncError('offline', `The server at ${settings.serverUrl} could not be reached`, true);
  }
  if (res.ok || res.status === 304 || init.expected?.includes(res.status)) return res;
  const { message } = await errorOf(res);
  switch (res.status) {
    case 401:
      throw new SyncError('unauthorized', message, false);
    case 403:
      throw new SyncError('forbidden', message, false);
    case 404:
      // An item the server does not know (another workspace's, or gone) says so in its message.
      if (init) throw new SyncError('rejected', message, false);
      throw new SyncError('protocol', `No Stepwise server answers at ${settings.serverUrl} (HTTP 404)`, false);
    case 400:
      if (init) throw new SyncError('rejected', message, false);
      throw new SyncError('server', message, true, retryAfter(res));
    case 429:
    case 503:
      throw new SyncError('busy', message, true, retryAfter(res));
    default:
      throw new SyncError('server', message, true, retryAfter(res));
  }
}

/** A GET with the token. */
const get = (settings: ServerSettings, path: string, headers: Record<string, string> = {}) =>
  call(settings, path, { headers });

async function json<T>(res: Response, check: (body: T) => boolean): Promise<T> {
  let body: T;
  try {
    body = (await res.json()) as T;
  } catch {
    body = undefined as T;
  }
  if (!body || !check(body)) {
    throw new SyncError(
      'protocol',
      'The server answered in a form Stepwise does not know: is the address right?',
      false,
    );
  }
  return body;
}

/** Who the token belongs to, and in which workspace. */
export async function whoAmI(settings: ServerSettings): Promise<Identity> {
  const res = await get(settings, '/v1/me');
  return json<Identity>(
    res,
    (b) =>
      typeof b.workspace?.id === 'string' && typeof b.workspace?.name === 'string' && typeof b.token?.name === 'string',
  );
}

export type PacksAnswer = { changed: false; etag: string } | { changed: true; etag: string | null; packs: unknown[] };

/** The workspace's current packs, unless they are still those of `etag` (a `304`). */
export async function currentPacks(settings: ServerSettings, etag?: string): Promise<PacksAnswer> {
  const res = await get(settings, '/v1/packs/current', etag ? { 'if-none-match': etag } : {});
  if (res.status === 304) return { changed: false, etag: res.headers.get('etag') ?? etag ?? '' };
  const body = await json<{ packs: unknown[] }>(res, (b) => Array.isArray(b.packs));
  return { changed: true, etag: res.headers.get('etag'), packs: body.packs };
}

/** The team's insights for a filter, from the server's aggregate endpoints (admin tokens only). */
export async function teamInsights(
  settings: ServerSettings,
  filter: { from: string; to: string; packId?: string; ruleId?: string },
  now: number,
): Promise<InsightsReport> {
  const query = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.packId) query.set('packId', filter.packId);
  if (filter.ruleId) query.set('ruleId', filter.ruleId);
  const read = async <T>(path: string, check: (body: T) => boolean) =>
    json<T>(await get({ timeoutMs: 60_000, ...settings }, path), check);
  // The page lists the most started funnels (those with their days): the rest only count.
  const funnelQuery = new URLSearchParams(query);
  funnelQuery.set('limit', String(FUNNELS_WITH_DAILY));
  const [{ funnels, walkthroughs }, { outcomes }, { health }, { packs, rules }] = await Promise.all([
    read<{ funnels: Funnel[]; walkthroughs?: number }>(`/v1/insights/funnels?${funnelQuery}`, (b) =>
      Array.isArray(b.funnels),
    ),
    read<{ outcomes: Outcomes }>(`/v1/insights/outcomes?${query}`, (b) => Array.isArray(b.outcomes?.daily)),
    // What the page draws of each rule's health (every step of a thousand rules is most of the bytes).
    read<{ health: RuleHealth[] }>(`/v1/insights/health?${query}&detail=summary`, (b) => Array.isArray(b.health)),
    read<Pick<InsightsReport, 'packs' | 'rules'>>('/v1/insights/rules', (b) => Array.isArray(b.rules)),
  ]);
  const o = outcomes;
  return {
    range: { from: filter.from, to: filter.to },
    generatedAt: now,
    packs,
    rules,
    funnels,
    // A server before `limit` answers every funnel, and no count.
    walkthroughs: walkthroughs ?? funnels.length,
    outcomes,
    health,
    hasData:
      funnels.some((f) => f.started > 0) ||
      o.completed + o.abandoned + o.hintsCorrected + o.checklistsFinished + o.helpful + o.unhelpful > 0 ||
      health.some((h) => h.status !== 'unchecked'),
  };
}

/** What the server said to a pack published from this browser. */
export type PublishAnswer =
  | { published: true; version: number }
  /** The pack is not valid, or its rule ids clash with another pack's: each problem by its JSON path. */
  | { published: false; reason: 'invalid'; message: string; problems: { path: string; message: string }[] }
  /** The version is taken: another version was published (or the pack rolled back) since. */
  | { published: false; reason: 'version-taken'; message: string };

/** Publishes `pack` as a new version of the team's pack (admin tokens only). */
export async function publishTeamPack(settings: ServerSettings, pack: unknown): Promise<PublishAnswer> {
  const res = await call(settings, '/v1/packs', { method: 'POST', body: pack, expected: [409, 422] });
  if (res.status === 409 || res.status === 422) {
    const { message, problems } = await errorOf(res);
    return res.status === 409
      ? { published: false, reason: 'version-taken', message }
      : { published: false, reason: 'invalid', message, problems };
  }
  const body = await json<{ version: number }>(res, (b) => Number.isInteger(b.version));
  return { published: true, version: body.version };
}

/** The highest version of `packId` the server has ever published (current or not), or null. */
export async function lastPublishedVersion(settings: ServerSettings, packId: string): Promise<number | null> {
  const res = await get(settings, '/v1/packs');
  const body = await json<{ packs: { packId: string; versions: { version: number }[] }[] }>(res, (b) =>
    Array.isArray(b.packs),
  );
  const versions = body.packs.find((p) => p.packId === packId)?.versions.map((v) => v.version) ?? [];
  return versions.length ? Math.max(...versions) : null;
}

/** Makes `version` the team's current version of `packId` (a roll-back; admin tokens only). */
export async function rollBackTeamPack(settings: ServerSettings, packId: string, version: number): Promise<void> {
  await call(settings, `/v1/packs/${encodeURIComponent(packId)}/current`, { method: 'PUT', body: { version } });
}

/** An item of the team's inbox, as the server lists it (`GET /v1/inbox`). */
export interface InboxItem {
  id: string;
  kind: 'help' | 'comment' | 'suggestion' | 'target-missing';
  status: 'open' | 'resolved';
  ruleId: string | null;
  url: string | null;
  text: string | null;
  details: Record<string, unknown>;
  from: string | null;
  createdAt: string;
  receivedAt: string;
  resolution?: string | null;
}

/** The team's open tip suggestions, newest first (admin tokens only; at most 500). */
export async function openSuggestions(settings: ServerSettings): Promise<InboxItem[]> {
  const res = await get(settings, '/v1/inbox?kind=suggestion&status=open&limit=500');
  const body = await json<{ items: InboxItem[] }>(res, (b) => Array.isArray(b.items));
  return body.items.filter((i) => i.kind === 'suggestion');
}

/** Marks an inbox item resolved, with a note the team's server keeps beside it. */
export async function resolveInboxItem(settings: ServerSettings, id: string, resolution: string): Promise<void> {
  await call(settings, `/v1/inbox/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: { status: 'resolved', resolution: resolution.slice(0, 5000) },
  });
}
