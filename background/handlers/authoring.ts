/** Authoring: drafts saved as they are edited, publishing them, and a pack's kept versions. */
import type { PackVersionSummary, PageRule } from '../../messaging/messages';
import type { Problem, Rule } from '../../rules/index';
import { patternMatchesUrl } from '../../rules/index';
import {
  listDrafts,
  type Parse,
  type PublishResult,
  packVersions,
  publishDraft,
  restoreVersion,
  saveDraft,
} from '../db/drafts';
import { listPacks, readPackRules } from '../db/packs';
import type { PackVersionRecord } from '../db/records';
import type { Handlers } from '../router';
import type { Store } from '../store';

type AuthoringMessages =
  | 'drafts.list'
  | 'drafts.get'
  | 'drafts.save'
  | 'drafts.remove'
  | 'drafts.publish'
  | 'rules.onPage'
  | 'packs.versions'
  | 'packs.restore';

const summary = (v: PackVersionRecord): PackVersionSummary => ({
  packId: v.packId,
  version: v.version,
  savedAt: v.savedAt,
  reason: v.reason,
  ...(v.ruleId && { ruleId: v.ruleId }),
  rules: v.pack.rules.length,
  pack: v.pack,
});

/** Whether `rule`'s pages include `url`: one of its URL patterns matches and none it leaves out does. */
const onPage = (rule: Rule, url: string) =>
  rule.where.urls.some((p) => patternMatchesUrl(p, url).matches) &&
  !(rule.where.excludeUrls ?? []).some((p) => patternMatchesUrl(p, url).matches);

/**
 * The team server's side of authoring: a draft of a team pack is published there, and a team
 * pack's version restored there (each answers null for a pack that is not the team's).
 */
export interface TeamAuthoring {
  publishDraft(id: string, parse: Parse): Promise<PublishResult | null>;
  restoreTeamVersion(packId: string, version: number): Promise<{ version: number; problems: Problem[] } | null>;
}

export function authoringHandlers(store: Store, parse: Parse, team?: TeamAuthoring): Pick<Handlers, AuthoringMessages> {
  const { db } = store;
  return {
    'drafts.list': ({ url }) => store.guard('drafts', async () => ({ drafts: await listDrafts(db, url) })),
    'drafts.get': ({ id }) => store.guard('drafts', async () => ({ draft: (await db.drafts.get(id)) ?? null })),
    'drafts.save': ({ id, rule, packId, url }) =>
      store.guard('drafts', async () => {
        const saved = await saveDraft(db, { id, rule, ...(packId && { packId }), ...(url && { url }) }, store.now());
        return { updatedAt: saved.updatedAt };
      }),
    'drafts.remove': ({ id }) =>
      store.guard('drafts', async () => {
        const found = (await db.drafts.where('id').equals(id).count()) > 0;
        await db.drafts.delete(id);
        return { removed: found };
      }),
    'drafts.publish': ({ id, packName }) =>
      store.guard('packs', async () => {
        const teamResult = await team?.publishDraft(id, parse);
        if (teamResult) return teamResult;
        const result = await publishDraft(db, id, parse, store.now(), packName);
        if (result.published) store.contentChanged();
        return result;
      }),
    'rules.onPage': ({ url }) =>
      store.guard('packs', async () => {
        const rules: PageRule[] = [];
        for (const pack of await listPacks(db, store.health)) {
          if (!pack.enabled) continue;
          for (const rule of await readPackRules(db, pack.id)) {
            if (rule.status !== 'published' || !onPage(rule, url)) continue;
            const { id, name, kind } = rule;
            rules.push({ id, name, kind, packId: pack.id, packName: pack.name, source: pack.source });
          }
        }
        return { rules };
      }),
    'packs.versions': ({ packId }) =>
      store.guard('packs', async () => ({ versions: (await packVersions(db, packId)).map(summary) })),
    'packs.restore': ({ packId, version }) =>
      store.guard('packs', async () => {
        const teamResult = await team?.restoreTeamVersion(packId, version);
        if (teamResult) return teamResult;
        const result = await restoreVersion(db, packId, version, store.now());
        if (!result.problems.length) store.contentChanged();
        return result;
      }),
  };
}
