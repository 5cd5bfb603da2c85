/**
 * The background's store: the database, the usage recorder, storage health and a cache of the
 * rules that may show. One per running background, created by `startBackground` and handed to
 * the handlers that need it.
 */
import type { Checklist, Rule } from '../rules/index';
import { StepwiseDatabase } from './db/database';
import { StoreHealth } from './db/health';
import { liveContent } from './db/live-content';
import { listPacks } from './db/packs';
import { notifyPanels } from './pages';
import { UsageRecorder } from './usage/recorder';
import { storageWriteAheadLog, type WriteAheadLog } from './usage/write-ahead';

export interface StoreOptions {
  /** The database's name (tests give each store its own). */
  dbName?: string;
  wal?: WriteAheadLog;
  now?: () => number;
  flushDelayMs?: number;
}

/** Published rules and checklists of the packs that are on. */
export interface LiveContent {
  rules: Rule[];
  checklists: Checklist[];
  /** How many packs are on. */
  packs: number;
  /** Each live rule's version (`ruleRevision`), by rule id. */
  revisions: Map<string, string>;
}

export class Store {
  readonly health: StoreHealth;
  readonly db: StepwiseDatabase;
  readonly usage: UsageRecorder;
  readonly wal: WriteAheadLog & { appends: number };
  readonly now: () => number;
  readonly startedAt: number;
  private content: Promise<LiveContent> | null = null;
  #contentRevision = 0;

  constructor(options: StoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.startedAt = Date.now();
    this.health = new StoreHealth(this.now);
    this.db = new StepwiseDatabase({
      name: options.dbName,
      onBlocked: () => this.health.report('database', { name: 'BlockedError' }),
      onReady: () => this.health.clear('database'),
    });
    const wal = options.wal ?? storageWriteAheadLog();
    const counted = {
      appends: 0,
      append: (id: string, segment: Parameters<WriteAheadLog['append']>[1]) => {
        counted.appends++;
        return wal.append(id, segment);
      },
      readAll: () => wal.readAll(),
      remove: (ids: readonly string[]) => wal.remove(ids),
    };
    this.wal = counted;
    this.usage = new UsageRecorder({
      db: this.db,
      wal: this.wal,
      health: this.health,
      now: this.now,
      flushDelayMs: options.flushDelayMs,
    });
  }

  /** The rules that may show, read once and kept until packs change. */
  liveContent(): Promise<LiveContent> {
    if (!this.content) {
      this.content = liveContent(this.db, this.health);
      this.content.catch(() => {
        this.content = null;
      });
    }
    return this.content;
  }

  /** Packs changed: the next page reads them again, and the side panel shows them. */
  contentChanged(): void {
    this.content = null;
    this.#contentRevision++;
    notifyPanels();
  }

  /** Names the packs' content as it is now: another value after any change, or a restart. */
  get contentKey(): string {
    return `${this.startedAt}:${this.#contentRevision}`;
  }

  /**
   * Looks at storage now: opens the database and reads every pack and rule, so a problem (a
   * blocked upgrade, an unreadable record) is found and reported before anyone trips on it.
   */
  async checkup(): Promise<void> {
    const look = this.guard('database', async () => {
      await listPacks(this.db, this.health);
      this.content = null;
      await this.liveContent();
    }).catch(() => undefined); // reported in health: that is what the checkup is for
    // A blocked upgrade never finishes opening: answer with what is known by then.
    await Promise.race([look, new Promise((resolve) => setTimeout(resolve, 1500))]);
  }

  /**
   * Runs a storage operation for `area`: a failure is recorded for the options page and comes
   * back as an error saying what happened and what to do.
   */
  async guard<T>(area: string, operation: () => Promise<T>): Promise<T> {
    try {
      const value = await operation();
      this.health.clear(area);
      return value;
    } catch (error) {
      const problem = this.health.report(area, error);
      throw new Error(`${problem.message} ${problem.action}`);
    }
  }
}
