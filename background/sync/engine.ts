/**
 * Sync with the team server, as the background runs it: connect (check the token with the server,
 * keep it), then on start-up, on an alarm and on request pull the team's packs (with the ETag, so
 * an unchanged set costs a `304`) and push the outbox. After a failure the next attempt waits,
 * doubling each time up to an hour, with jitter (so a team's browsers do not all come back at
 * once); an error that waiting cannot fix (a revoked token) stops the attempts until the person
 * acts. Nothing is lost while offline: the outbox keeps every batch until the server has it, and
 * the server applies each batch once.
 *
 * No browser API here (the background wires the alarm and messages), so tests run it against the
 * real server with an in-memory IndexedDB.
 */

import type { SyncStatus } from '../../messaging/areas/sync';
import { clientId } from '../db/settings';
import { currentPacks, type Identity, serverOrigin, whoAmI } from './client';
import { describeError, SERVER_KEY, type ServerConfig, settingsOf } from './connection';
import { outboxSource, waitingCount } from './outbox';
import { storeServerPacks } from './packs';
import { pushOutbox, SyncError } from './push';
import { TeamConnection } from './team-admin';

export type { SyncDeps } from './connection';
export { describeError } from './connection';
export type { SyncStatus };

/** The alarm that runs sync. */
export const SYNC_ALARM = 'stepwise-sync';
/** Minutes between alarms: a push when something waits; a pull every PULL_EVERY_MS. */
export const SYNC_ALARM_MINUTES = 1;
const PULL_EVERY_MS = 5 * 60_000;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 60 * 60_000;
const STATE_KEY = 'sync.state';

interface SyncState {
  etag?: string;
  lastSyncAt?: number;
  lastPullAt?: number;
  failures: number;
  lastError?: { message: string; action: string; at: number };
  nextAttemptAt?: number;
  /** The last error cannot be fixed by waiting: no attempt until the person acts. */
  paused?: boolean;
  /** Packs of the last pull that could not be stored, and why (the others were). */
  packProblem?: { message: string; action: string; at: number };
}

export class SyncEngine extends TeamConnection {
  private running: Promise<void> | null = null;

  private async state(): Promise<SyncState> {
    const row = await this.deps.db.settings.get(STATE_KEY);
    const value = row?.value as SyncState | undefined;
    return value && typeof value === 'object' ? { ...value, failures: Number(value.failures) || 0 } : { failures: 0 };
  }

  private saveState(state: SyncState): Promise<unknown> {
    return this.deps.db.settings.put({ key: STATE_KEY, value: state });
  }

  async status(): Promise<SyncStatus> {
    const { db } = this.deps;
    const [config, state, waiting, serverPacks] = await Promise.all([
      this.config(),
      this.state(),
      waitingCount(db),
      db.packs.where('source').equals('server').count(),
    ]);
    return {
      connected: config !== null,
      ...(config && { serverUrl: config.serverUrl, workspace: config.workspace, person: config.person }),
      ...(state.lastSyncAt && { lastSyncAt: state.lastSyncAt }),
      ...((state.lastError ?? state.packProblem) && { lastError: state.lastError ?? state.packProblem }),
      ...(config && state.nextAttemptAt && !state.paused && { nextAttemptAt: state.nextAttemptAt }),
      waiting,
      serverPacks,
      syncing: this.running !== null,
    };
  }

  /**
   * Checks `url` and `token` with the server and keeps them; then syncs. Throws a sentence saying
   * what is wrong and what to do (nothing is kept then).
   */
  async connect(url: string, token: string): Promise<SyncStatus> {
    const serverUrl = serverOrigin(url);
    let identity: Identity;
    try {
      identity = await whoAmI({ serverUrl, token, fetch: this.deps.fetch });
    } catch (error) {
      const { message, action } = describeError(error);
      const what =
        error instanceof SyncError && error.kind === 'unauthorized'
          ? 'Check the token (copy it whole), or ask your admin for a new one.'
          : error instanceof SyncError && error.kind === 'offline'
            ? 'Check the address, and that the server runs.'
            : action;
      throw new Error(`Could not connect: ${message}. ${what}`);
    }
    await this.running?.catch(() => undefined);
    const config: ServerConfig = {
      serverUrl,
      token,
      workspace: identity.workspace,
      person: { name: identity.token.name, role: identity.token.role },
    };
    await this.deps.db.transaction('rw', this.deps.db.settings, async () => {
      await this.deps.db.settings.put({ key: SERVER_KEY, value: config });
      await this.deps.db.settings.put({ key: STATE_KEY, value: { failures: 0 } satisfies SyncState });
    });
    await this.syncNow();
    return this.status();
  }

  /** Forgets the server and its token; packs, counts and the outbox stay. */
  async disconnect(): Promise<SyncStatus> {
    await this.running?.catch(() => undefined);
    await this.deps.db.settings.bulkDelete([SERVER_KEY, STATE_KEY]);
    return this.status();
  }

  /** Pulls and pushes now (one sync at a time: a second call waits for the running one). */
  async syncNow(): Promise<SyncStatus> {
    if (!this.running) {
      this.running = this.run(true).finally(() => {
        this.running = null;
      });
    }
    await this.running;
    return this.status();
  }

  /** The alarm: syncs when connected, not waiting out a back-off, and there is something to do. */
  async onAlarm(): Promise<void> {
    if (this.running) return;
    const state = await this.state();
    if (state.paused || (state.nextAttemptAt && this.deps.now() < state.nextAttemptAt)) return;
    this.running = this.run(false).finally(() => {
      this.running = null;
    });
    await this.running;
  }

  private async run(forced: boolean): Promise<void> {
    const { db, now } = this.deps;
    const config = await this.config();
    if (!config) return;
    const state = await this.state();
    const settings = settingsOf(config, this.deps);
    try {
      const pullDue = forced || !state.lastPullAt || now() - state.lastPullAt >= PULL_EVERY_MS || state.failures > 0;
      if (pullDue) {
        const answer = await currentPacks(settings, state.etag);
        if (answer.changed) {
          const stored = await storeServerPacks(db, answer.packs, this.deps.parsePack, now());
          if (stored.stored || stored.removed) this.deps.contentChanged();
          // A pack that could not be stored is tried again on the next pull (no ETag kept).
          state.etag = stored.problems.length ? undefined : (answer.etag ?? undefined);
          state.packProblem = stored.problems.length
            ? {
                message: stored.problems.join(' '),
                action: 'Tell your admin: the pack must be fixed and published again.',
                at: now(),
              }
            : undefined;
        }
        state.lastPullAt = now();
      }
      await this.deps.flushUsage();
      const installationId = await db.transaction('rw', db.settings, () => clientId(db));
      await pushOutbox(outboxSource(db), { ...settings, installationId });
      await this.saveState({
        ...(state.etag && { etag: state.etag }),
        ...(state.lastPullAt && { lastPullAt: state.lastPullAt }),
        ...(state.packProblem && { packProblem: state.packProblem }),
        lastSyncAt: now(),
        failures: 0,
      });
    } catch (error) {
      const { message, action, retryable } = describeError(error);
      const failures = state.failures + 1;
      const wait = Math.min(FIRST_WAIT_MS * 2 ** (failures - 1), LONGEST_WAIT_MS);
      const asked = error instanceof SyncError ? (error.retryAfterMs ?? 0) : 0;
      const jittered = wait / 2 + (this.deps.random ?? Math.random)() * (wait / 2);
      await this.saveState({
        ...state,
        failures,
        lastError: { message, action, at: now() },
        nextAttemptAt: now() + Math.max(jittered, asked),
        paused: !retryable,
      });
    }
  }
}
