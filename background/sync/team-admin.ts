/**
 * What an admin does on the team server from this browser, beside sync: publish a draft into one
 * of the team's packs, roll a team pack back, read and decide on the team's tip suggestions, read
 * the team's insights. Each uses the connection sync keeps (`connection.ts`), and each failure
 * comes back as a sentence that says what to do. `SyncEngine` (`engine.ts`) adds the sync itself.
 */
import type { InsightsReport } from '../../insights/model';
import type { Problem } from '../../rules/index';
import { draftAsNextVersion, type Parse, type PublishResult, ruleProblemsAt, storeTeamPublished } from '../db/drafts';
import {
  currentPacks,
  type InboxItem,
  lastPublishedVersion,
  openSuggestions,
  publishTeamPack,
  resolveInboxItem,
  rollBackTeamPack,
  type ServerSettings,
  teamInsights,
} from './client';
import { describeError, SERVER_KEY, type ServerConfig, type SyncDeps, settingsOf } from './connection';
import { storeServerPacks } from './packs';
import { SyncError } from './push';

export class TeamConnection {
  constructor(protected readonly deps: SyncDeps) {}

  /** The server this browser is connected to, or null. */
  protected async config(): Promise<ServerConfig | null> {
    const row = await this.deps.db.settings.get(SERVER_KEY);
    const value = row?.value as ServerConfig | undefined;
    return value && typeof value.serverUrl === 'string' && typeof value.token === 'string' ? value : null;
  }

  /** The team's insights from the connected server (a sentence saying why not, when they cannot be read). */
  async teamInsights(filter: { from: string; to: string; packId?: string; ruleId?: string }): Promise<InsightsReport> {
    const config = await this.config();
    if (!config) throw new Error('No team server is connected: connect one in Stepwise settings.');
    try {
      return await teamInsights(settingsOf(config, this.deps), filter, Date.now());
    } catch (error) {
      if (error instanceof SyncError && error.kind === 'forbidden')
        throw new Error(
          `The team's figures need an admin token; this browser is connected as ${config.person?.name ?? 'a member'}. Ask your admin, or look at this browser's figures.`,
        );
      throw error;
    }
  }

  /** Whether a team server is connected. */
  async connected(): Promise<boolean> {
    return (await this.config()) !== null;
  }

  /**
   * The team's open tip suggestions from the server's inbox; null when no server is connected.
   * Throws a sentence saying why they cannot be read (a member's token, the server unreachable).
   */
  async teamSuggestions(): Promise<InboxItem[] | null> {
    const config = await this.config();
    if (!config) return null;
    try {
      return await openSuggestions(settingsOf(config, this.deps));
    } catch (error) {
      throw this.adminError(error, config, "The team's suggestions");
    }
  }

  /** Marks a suggestion of the team's inbox resolved with `note`; false when no server is connected. */
  async resolveTeamItem(id: string, note: string): Promise<boolean> {
    const config = await this.config();
    if (!config) return false;
    try {
      await resolveInboxItem(settingsOf(config, this.deps), id, note);
      return true;
    } catch (error) {
      throw this.adminError(error, config, 'Deciding on a team suggestion');
    }
  }

  private adminError(error: unknown, config: ServerConfig, what: string): Error {
    if (error instanceof SyncError && error.kind === 'forbidden')
      return new Error(
        `${what} needs an admin token; this browser is connected as ${config.person?.name ?? 'a member'}. Ask your admin.`,
      );
    const { message, action } = describeError(error);
    return new Error(
      `${what}: ${message}. ${error instanceof SyncError && error.kind === 'rejected' ? '' : action}`.trim(),
    );
  }

  /**
   * Publishes a draft of one of the team's packs to the team server (admins only): built on the
   * team's current version, pulled first, so what another admin published since is kept, and
   * stored here once the server has it. Null when the draft's pack is not the team's (it is then
   * published in this browser). The draft is kept whenever it is not published.
   */
  async publishDraft(id: string, parse: Parse): Promise<PublishResult | null> {
    const { db, now } = this.deps;
    const draft = await db.drafts.get(id);
    const pack = draft && (await db.packs.get(draft.packId));
    if (!draft || pack?.source !== 'server') return null;
    const refused = (message: string): PublishResult => ({ published: false, problems: [{ path: '', message }] });
    const config = await this.config();
    if (!config)
      return refused(
        `“${pack.name}” is your team's pack, and this browser is not connected to the team server: connect in Stepwise settings (Team server), then publish. The draft is kept.`,
      );
    if (config.person?.role !== 'admin')
      return refused(
        `Only an admin can publish into the team's pack “${pack.name}”; this browser is connected as ${config.person?.name ?? 'a member'}. The draft is kept: ask an admin to publish it.`,
      );
    const settings = settingsOf(config, this.deps);
    try {
      let version: number | undefined;
      // A second try when another version was published (or the pack rolled back) meanwhile.
      for (let attempt = 0; attempt < 2; attempt++) {
        await this.pullForPublish(settings);
        const base = await db.packs.get(draft.packId);
        if (base?.source !== 'server')
          return refused(
            `“${pack.name}” is no longer published on the team server (an admin withdrew it): nothing was published. The draft is kept.`,
          );
        const composed = await draftAsNextVersion(db, id, parse, now(), version);
        if ('problems' in composed) return composed;
        const answer = await publishTeamPack(settings, composed.pack);
        if (answer.published) {
          await storeTeamPublished(db, composed.pack, id, now());
          this.deps.contentChanged();
          return { published: true, packId: composed.pack.id, version: composed.pack.version, team: true };
        }
        if (answer.reason === 'invalid') {
          const index = composed.pack.rules.findIndex((r) => r.id === id);
          const own = ruleProblemsAt(answer.problems, index);
          return { published: false, problems: own.length ? own : answer.problems };
        }
        const last = await lastPublishedVersion(settings, pack.id);
        version = Math.max(last ?? 0, composed.pack.version) + 1;
      }
      return refused(
        `Another version of “${pack.name}” was published at the same time: nothing was published. The draft is kept; publish it again.`,
      );
    } catch (error) {
      const { message, action } = describeError(error);
      const what =
        error instanceof SyncError && error.kind === 'forbidden'
          ? 'Only an admin can publish into the team’s packs.'
          : error instanceof SyncError && error.kind === 'offline'
            ? 'Publish again when the server answers.'
            : action;
      return refused(`Not published to the team: ${message}. ${what} The draft is kept.`);
    }
  }

  /**
   * Makes a kept version of one of the team's packs the team's current one again (a roll-back on
   * the server, admins only), then pulls it. Null when the pack is not the team's.
   */
  async restoreTeamVersion(packId: string, version: number): Promise<{ version: number; problems: Problem[] } | null> {
    const pack = await this.deps.db.packs.get(packId);
    if (pack?.source !== 'server') return null;
    const refused = (message: string) => ({ version: 0, problems: [{ path: 'version', message }] });
    const config = await this.config();
    if (!config)
      return refused(
        `“${pack.name}” is your team's pack, and this browser is not connected to the team server: connect in Stepwise settings (Team server) to roll it back.`,
      );
    if (config.person?.role !== 'admin') return refused(`Only an admin can roll back the team's pack “${pack.name}”.`);
    const settings = settingsOf(config, this.deps);
    try {
      await rollBackTeamPack(settings, packId, version);
      await this.pullForPublish(settings);
      return { version, problems: [] };
    } catch (error) {
      const { message, action } = describeError(error);
      return refused(`The team's pack was not rolled back: ${message}. ${action}`);
    }
  }

  /** The team's current packs stored here (whatever the ETag says), before publishing on them. */
  protected async pullForPublish(settings: ServerSettings): Promise<void> {
    const answer = await currentPacks(settings);
    if (!answer.changed) return;
    const stored = await storeServerPacks(this.deps.db, answer.packs, this.deps.parsePack, this.deps.now());
    if (stored.stored || stored.removed) this.deps.contentChanged();
  }
}
