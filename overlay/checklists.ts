/**
 * Checklists on the page. Each checklist, and each of its items, becomes a rule that the engine
 * evaluates like any other (the same incremental matching and the same conditions), under an id
 * no pack rule can have: ids refuse control characters. A checklist's rule applies where the
 * checklist does; an item's rule where the checklist does and its `doneWhen` holds.
 *
 * The overlay's UI never sees them (`visibleEngine` leaves them out of the engine's answers), and
 * `PageReporter` tells the background what holds on the page: which rules apply, which checklists
 * apply and which of their items are met. The background keeps the progress and tells the panel.
 */
import type { PageReport } from '../messaging/areas/checklists';
import type { Checklist, EngineChange, MatchEngine, Rule, Where } from '../rules/engine';
import type { Send } from './bridge';
import type { SignalTimers } from './timers';

/** Starts the id of a checklist's rule and separates an item's id from its checklist's. */
const MARK = '\u0001';
const ours = (id: string) => id[0] === MARK;

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
    probe(MARK + id, where),
    ...items.map((item) =>
      probe(MARK + id + MARK + item.id, {
        ...where,
        when: where.when ? { all: [where.when, item.doneWhen] } : item.doneWhen,
      }),
    ),
  ]);
}

/** Takes the checklists' rule ids out of `change`; true when there were any. */
export function takeChecklists(change: EngineChange): boolean {
  let moved = false;
  for (const list of [change.entered, change.left, change.targets]) {
    const kept = list.filter((id) => !ours(id));
    if (kept.length !== list.length) {
      moved = true;
      list.splice(0, list.length, ...kept);
    }
  }
  return moved;
}

/** The engine as the UI sees it: without the checklists' rules. */
export function visibleEngine(engine: MatchEngine): MatchEngine {
  const strip = (change: EngineChange) => {
    takeChecklists(change);
    return change;
  };
  return {
    setRules: (rules) => strip(engine.setRules(rules)),
    setUrl: (url) => strip(engine.setUrl(url)),
    update: (batch) => strip(engine.update(batch)),
    setStep: (id, index) => strip(engine.setStep(id, index)),
    active: () => engine.active().filter((a) => !ours(a.rule.id)),
    get: (id) => (ours(id) ? undefined : engine.get(id)),
    matchesUrl: (pattern) => engine.matchesUrl(pattern),
    roots: () => engine.roots(),
    wantsPatterns: () => engine.wantsPatterns?.() ?? false,
    setPatternTester: (tester) => strip(engine.setPatternTester!(tester)),
    problems: () => engine.problems?.() ?? [],
  };
}

/** What holds on the page at `url`, as the engine (given the checklists' rules) answers now. */
export function readPage(engine: MatchEngine, url: string): PageReport {
  const rules: string[] = [];
  const checklists = new Map<string, string[]>();
  for (const { rule } of engine.active()) {
    if (!ours(rule.id)) {
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
        // The background could not take it (restarting): try again a little later.
        this.#sent = '';
        if (++this.#tries <= 3) this.schedule(1000 * this.#tries);
      },
    );
  }
}
