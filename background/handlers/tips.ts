/**
 * Personal tips (anyone's own, on an element they picked) and suggestions (admins deciding on the
 * tips people offered the team). Extension pages only.
 */
import type { Suggestion, TeamSuggestions } from '../../messaging/areas/tips';
import { ruleProblems } from '../../rules/index';
import { type Parse, publishDraft, saveDraft } from '../db/drafts';
import {
  createTip,
  decideLocal,
  listTips,
  localSuggestions,
  removeTip,
  saveTipWords,
  suggestTip,
  TipError,
} from '../db/personal-tips';
import { currentUser } from '../db/settings';
import type { Handlers } from '../router';
import type { Store } from '../store';
import type { InboxItem } from '../sync/client';
import type { SyncEngine } from '../sync/engine';

type TipMessages =
  | 'tips.list'
  | 'tips.create'
  | 'tips.save'
  | 'tips.remove'
  | 'tips.suggest'
  | 'suggestions.list'
  | 'suggestions.publish'
  | 'suggestions.decline';

/** What the handlers need of the team server's connection (the sync engine). */
export type TeamInbox = Pick<SyncEngine, 'connected' | 'teamSuggestions' | 'resolveTeamItem' | 'publishDraft'>;

/** A team inbox item as admins see it. */
function fromInbox(item: InboxItem): Suggestion {
  const rule = item.details?.rule ?? null;
  const problems = Array.isArray(item.details?.problems)
    ? (item.details.problems as Suggestion['problems'])
    : ruleProblems(rule);
  const at = Date.parse(item.createdAt);
  return {
    source: 'team',
    id: item.id,
    rule,
    text: item.text,
    from: item.from ?? 'Someone on your team',
    ...(item.url && { url: item.url }),
    suggestedAt: Number.isFinite(at) ? at : 0,
    problems,
  };
}

/**
 * A store guard for an operation that may be refused: a `TipError` (its words are for the person:
 * nothing to fix, nothing changed) comes back as it is, not as a storage problem.
 */
async function words<T>(store: TipStore, operation: () => Promise<T>): Promise<T> {
  const outcome = await store.guard('tips', async () => {
    try {
      return { value: await operation() };
    } catch (error) {
      if (error instanceof TipError) return { refused: error };
      throw error;
    }
  });
  if ('refused' in outcome) throw outcome.refused;
  return outcome.value;
}

/** A call to the team server: its failure is said in words (the server's, not storage's). */
async function teamCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new TipError(error instanceof Error ? error.message : String(error));
  }
}

/** What the handlers need of the background's store. */
export type TipStore = Pick<Store, 'db' | 'now' | 'guard' | 'contentChanged'>;

export function tipHandlers(store: TipStore, team: TeamInbox, parse: Parse): Pick<Handlers, TipMessages> {
  const { db } = store;
  const user = () => currentUser(db);

  /** The team item that carries this browser's tip `tipId`, when a server is connected and has it. */
  const teamItemOf = async (tipId: string): Promise<InboxItem | undefined> =>
    (await team.teamSuggestions())?.find(
      (i) => i.ruleId === tipId || (i.details?.rule as { id?: unknown })?.id === tipId,
    );

  return {
    'tips.list': ({ url }) =>
      store.guard('tips', async () => ({
        tips: await listTips(db, await user(), url),
        connected: await team.connected(),
      })),
    'tips.create': ({ url, target, element, elementName }) =>
      words(store, async () => {
        const tip = await createTip(
          db,
          await user(),
          { url, target, ...(element && { element }), ...(elementName && { elementName }) },
          store.now(),
        );
        return { tip };
      }),
    'tips.save': ({ id, title, text }) =>
      words(store, async () => {
        // Read from the database at each page's greeting: a reload shows the tip as it is now.
        const tip = await saveTipWords(db, await user(), id, { title, text }, store.now());
        return { tip };
      }),
    'tips.remove': ({ id }) =>
      store.guard('tips', async () => {
        return removeTip(db, await user(), id);
      }),
    'tips.suggest': ({ id }) =>
      words(store, async () => {
        const tip = await suggestTip(db, await user(), id, store.now());
        return { tip, connected: await team.connected() };
      }),
    'suggestions.list': () =>
      store.guard('tips', async () => {
        let teamAnswer: TeamSuggestions = { status: 'not-connected' };
        try {
          const items = await team.teamSuggestions();
          if (items) teamAnswer = { status: 'connected', items: items.map(fromInbox) };
        } catch (error) {
          teamAnswer = { status: 'error', message: error instanceof Error ? error.message : String(error) };
        }
        const onServer = new Set(
          teamAnswer.status === 'connected'
            ? teamAnswer.items
                .map((s) => (s.rule as { id?: unknown } | null)?.id)
                .filter((id) => typeof id === 'string')
            : [],
        );
        // A suggestion of this browser that the server has is listed once, as the team's.
        const local = (await localSuggestions(db)).filter((s) => !onServer.has(s.id));
        return { local, team: teamAnswer };
      }),
    'suggestions.publish': ({ source, id, rule, packId, packName }) =>
      words(store, async () => {
        const ruleId = (rule as { id?: unknown } | null)?.id;
        if (typeof rule !== 'object' || rule === null || Array.isArray(rule) || typeof ruleId !== 'string' || !ruleId)
          return {
            published: false as const,
            problems: [{ path: 'id', message: 'the suggestion is not a rule with an id' }],
          };
        const hadDraft = (await db.drafts.where('id').equals(ruleId).count()) > 0;
        await saveDraft(db, { id: ruleId, rule, packId }, store.now());
        // Into one of the team's packs: published on the team server (as the editor publishes).
        const result =
          (await team.publishDraft(ruleId, parse)) ?? (await publishDraft(db, ruleId, parse, store.now(), packName));
        if (!result.published) {
          // The suggestion stays as it was; no draft is left behind that the admin did not make.
          if (!hadDraft) await db.drafts.delete(ruleId);
          return result;
        }
        store.contentChanged();
        const note = `Published in pack "${result.packId}" (version ${result.version}).`;
        await decideLocal(
          db,
          source === 'local' ? id : ruleId,
          { status: 'published', packId: result.packId },
          store.now(),
        );
        let serverUpdated = false;
        if (source === 'team') serverUpdated = await teamCall(() => team.resolveTeamItem(id, note));
        else {
          const item = await teamItemOf(id).catch(() => undefined);
          if (item) serverUpdated = await teamCall(() => team.resolveTeamItem(item.id, note));
        }
        return { ...result, serverUpdated };
      }),
    'suggestions.decline': ({ source, id, note }) =>
      words(store, async () => {
        if (source === 'team') {
          const serverUpdated = await teamCall(() => team.resolveTeamItem(id, note));
          if (!serverUpdated)
            throw new TipError(
              'No team server is connected: connect it in Settings to decide on the team’s suggestions.',
            );
          return { declined: true as const, serverUpdated };
        }
        const tip = await db.personalTips.get(id);
        if (!tip?.suggestion) throw new TipError(`There is no suggestion "${id}" in this browser.`);
        // Sent already: the server's copy gets the note too. Still queued: it need not go at all.
        let serverUpdated = false;
        if (tip.suggestion.status === 'sent') {
          const item = await teamItemOf(id).catch(() => undefined);
          if (item) serverUpdated = await teamCall(() => team.resolveTeamItem(item.id, note));
        } else {
          await db.transaction('rw', db.outbox, async () => {
            const queued = await db.outbox
              .where('kind')
              .equals('suggestion')
              .filter((e) => e.kind === 'suggestion' && e.tipId === id)
              .primaryKeys();
            await db.outbox.bulkDelete(queued);
          });
        }
        await decideLocal(db, id, { status: 'declined', note }, store.now());
        return { declined: true as const, serverUpdated };
      }),
  };
}
