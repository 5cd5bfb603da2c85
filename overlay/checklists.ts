/**
 * Checklists on the page (in the `overlay-panel` bundle, loaded on demand). Each checklist, and
 * each of its items, becomes a probe: a rule the page's engine evaluates like any other (the same
 * incremental matching and conditions). A checklist's probe applies where the checklist does; an
 * item's where the checklist does and its `doneWhen` holds. `PageReporter` tells the background
 * what holds on the page; the background keeps the progress and tells the side panel.
 */
import type { PageReport } from '../messaging/areas/checklists';
import type { Checklist, MatchEngine, Rule, Where } from '../rules/engine';
import type { Send } from './bridge';
import { isProbe, PROBE } from './probes';
import type { SignalTimers } from './timers';

/** Separates an item's id from its checklist's (ids refuse control characters). */
const MARK = PROBE;

const probe = (id: string, where: Where): Rule => ({
  id,
  name: id,
  kind: 'tip',
  status: 'published',
  where,
  start: 'manual',
  steps: [{ title: '', brief: '' }],
});

/** The rules the engine evaluates for `checklists`. */
export function checklistRules(checklists: readonly Checklist[] = []): Rule[] {
  return checklists.flatMap(({ id, where, items }) => [
    probe(PROBE + id, where),
    ...items.map((item) =>
      probe(PROBE + id + MARK + item.id, {
        ...where,
        when: where.when ? { all: [where.when, item.doneWhen] } : item.doneWhen,
      }),
    ),
  ]);
}

/** What holds on the page at `url`, as the engine (given the checklists' rules) answers now. */
export function readPage(engine: MatchEngine, url: string): PageReport {
  const rules: string[] = [];
  const checklists = new Map<string, string[]>();
  for (const { rule } of engine.active()) {
    if (!isProbe(rule.id)) {
      rules.push(rule.id);
      continue;
    }
    const [checklist = '', item] = rule.id.slice(1).split(MARK);
    const met = checklists.get(checklist) ?? [];
    if (item !== undefined) met.push(item);
    checklists.set(checklist, met);
  }
  return { url, rules, checklists: [...checklists].map(([id, met]) => ({ id, met })) };
}

/**
 * The pauses before a report the background could not take is sent again (about two minutes in
 * all: three tries in six seconds lost a page's progress when the worker was slow to start again).
 */
export const RETRY_MS = [1000, 2000, 4000, 8000, 15_000, 30_000, 30_000, 30_000] as const;

/**
 * Tells the background what holds on the page, a moment after it changed (so a burst of changes
 * is one message), and only when it did. A report that could not be sent is sent again.
 */
export class PageReporter {
  #sent = '';
  #due = false;
  #tries = 0;

  constructor(
    private readonly engine: MatchEngine,
    private readonly send: Send,
    private readonly timers: SignalTimers,
    private readonly delayMs = 100,
  ) {}

  /** Something that may change the report happened: it goes out after `delayMs`. */
  schedule(delayMs = this.delayMs): void {
    if (this.#due) return;
    this.#due = true;
    this.timers.timeout(() => {
      this.#due = false;
      this.#report();
    }, delayMs);
  }

  /** What holds on the page now. */
  read(): PageReport {
    return readPage(this.engine, location.href);
  }

  #report(): void {
    // A condition still waiting for the pattern engine would read as not met: wait for it.
    if (this.engine.wantsPatterns?.()) return;
    const report = this.read();
    const key = JSON.stringify(report);
    if (key === this.#sent) return;
    this.#sent = key;
    this.send({ type: 'page.report', ...report }).then(
      () => {
        this.#tries = 0;
      },
      () => {
        // The background could not take it (a worker stopped and starting again, on a busy
        // machine that can take a while): try again, a little later each time.
        this.#sent = '';
        const wait = RETRY_MS[this.#tries++];
        if (wait !== undefined) this.schedule(wait);
      },
    );
  }
}
