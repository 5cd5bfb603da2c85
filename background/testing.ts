/**
 * Drafts under test, one per tab, on the background's side. Kept in the session storage area
 * (extension contexts only, it outlives a stopped worker and goes when the browser closes) and
 * in memory once read. A test's walkthrough progress is kept here too, never in the database: a
 * draft tried out must leave the person's own progress, and the usage counts, as they were.
 */
import { browser } from '#imports';
import type { DraftTest, RuleProgress } from '../messaging/messages';
import type { Rule } from '../rules/index';

const KEY = 'draftTests';

/** A draft under test in a tab, as it is kept. */
export interface TestState {
  tabId: number;
  draftId: string;
  /** The draft's rule as it was when the test started (checked: it has no problems). */
  rule: Rule;
  /** Epoch milliseconds. */
  startedAt: number;
  /** Where the test's walkthrough is (the overlay's `progress.update` for the rule). */
  progress?: RuleProgress;
}

export const summaryOf = (state: TestState): DraftTest => ({
  tabId: state.tabId,
  draftId: state.draftId,
  ruleId: state.rule.id,
  name: state.rule.name,
  kind: state.rule.kind,
  startedAt: state.startedAt,
});

/** The tests by tab, read once per worker and written through; changes go one at a time. */
export class DraftTests {
  #states: Promise<Map<number, TestState>> | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  #load(): Promise<Map<number, TestState>> {
    this.#states ??= browser.storage.session.get(KEY).then(
      (found) => new Map(((found[KEY] as TestState[] | undefined) ?? []).map((s) => [s.tabId, s])),
      () => new Map(),
    );
    return this.#states;
  }

  /** The test in `tabId`, if any (none for a message that came from no tab). */
  async get(tabId: number | undefined): Promise<TestState | undefined> {
    if (tabId === undefined) return undefined;
    return (await this.#load()).get(tabId);
  }

  /** Every test going on, in any tab. */
  async all(): Promise<TestState[]> {
    return [...(await this.#load()).values()];
  }

  /** Changes the test in `tabId` (`undefined` ends it); resolves with the test as it was. */
  update(
    tabId: number,
    change: (state: TestState | undefined) => TestState | undefined,
  ): Promise<TestState | undefined> {
    const run = this.#queue.then(async () => {
      const states = await this.#load();
      const before = states.get(tabId);
      const after = change(before);
      if (after) states.set(tabId, after);
      else states.delete(tabId);
      if (after || before) await browser.storage.session.set({ [KEY]: [...states.values()] });
      return before;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Where a walkthrough under test stands once its draft changed: at the same step (found by its
 * id, else at the same place, else at the new last step) while the run is still going, so the
 * author sees the changed step where they were. A run that was finished or closed, or a rule
 * that is no longer a walkthrough, has no place to keep: it starts over.
 */
export function placeIn(before: Rule, after: Rule, progress: RuleProgress | undefined): RuleProgress | undefined {
  if (progress?.status !== 'active' || after.kind !== 'walkthrough' || after.steps.length === 0) return undefined;
  const to = (index: number) => {
    const id = before.steps[index]?.id;
    const found = id === undefined ? -1 : after.steps.findIndex((s) => s.id === id);
    return found !== -1 ? found : Math.min(index, after.steps.length - 1);
  };
  const shown = progress.shown?.map(to);
  return {
    ...progress,
    stepIndex: to(progress.stepIndex),
    ...(shown && { shown: [...new Set(shown)].sort((a, b) => a - b) }),
  };
}

/** The one instance of the worker: handlers and the tab listener share it. */
let tests: DraftTests | undefined;
export const draftTests = (): DraftTests => (tests ??= new DraftTests());
