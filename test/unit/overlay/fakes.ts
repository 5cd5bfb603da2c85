/**
 * Test doubles for the overlay's unit tests: an engine whose answers the test sets (the real
 * engine has its own tests; these check what the overlay does with its answers), and a host.
 */
import { vi } from 'vitest';
import type { OverlayState } from '../../../messaging/messages';
import type { OverlayChange, OverlayHost } from '../../../overlay/bridge';
import { SignalTimers } from '../../../overlay/timers';
import type { ActiveRule, EngineChange, MatchEngine, Resolution } from '../../../rules/engine-api';
import type { Rule, Step, UrlPattern } from '../../../rules/model';
import { createLinearTester } from '../../../rules/regex/linear';

const NO_CHANGE: EngineChange = { entered: [], left: [], targets: [] };

/** An engine that answers from `applies` and `targets`, which the test changes. */
export class ScriptedEngine implements MatchEngine {
  readonly applies = new Set<string>();
  /** Step targets by rule id: what `get(id).target` resolves to. */
  readonly targets = new Map<string, Element | null>();
  readonly steps = new Map<string, number>();
  /** Start and `{ appear }` targets, by rule id. */
  readonly startTargets = new Map<string, Element>();
  readonly advanceTargets = new Map<string, Element>();
  /** URL patterns (as strings) that match now. */
  readonly matchingUrls = new Set<string>();
  readonly calls: string[] = [];
  constructor(public rules: Rule[]) {
    for (const rule of rules) this.applies.add(rule.id);
  }
  setRules(rules: readonly Rule[]) {
    this.rules = [...rules];
    this.calls.push('setRules');
    return NO_CHANGE;
  }
  setUrl(url: string) {
    this.calls.push(`setUrl ${url}`);
    return NO_CHANGE;
  }
  update() {
    this.calls.push('update');
    return NO_CHANGE;
  }
  setStep(ruleId: string, stepIndex: number) {
    this.steps.set(ruleId, stepIndex);
    this.calls.push(`setStep ${ruleId} ${stepIndex}`);
    return { ...NO_CHANGE, targets: [ruleId] };
  }
  active(): ActiveRule[] {
    return this.rules.filter((r) => this.applies.has(r.id)).map((r) => this.get(r.id) as ActiveRule);
  }
  get(ruleId: string): ActiveRule | undefined {
    const rule = this.rules.find((r) => r.id === ruleId);
    if (!rule || !this.applies.has(ruleId)) return undefined;
    const stepIndex = this.steps.get(ruleId) ?? 0;
    const step = rule.steps[stepIndex];
    const element = this.targets.get(ruleId);
    const target: Resolution | null = !step?.target
      ? null
      : element
        ? { status: 'found', element, via: step.target.selector }
        : { status: 'not-found' };
    const found = (el: Element | undefined, via: string): Resolution =>
      el ? { status: 'found', element: el, via } : { status: 'not-found' };
    return {
      rule,
      stepIndex,
      target,
      ...(typeof rule.start === 'object' && {
        startTarget: found(this.startTargets.get(ruleId), rule.start.target.selector),
      }),
      ...(typeof step?.advance === 'object' &&
        'appear' in step.advance && {
          advanceTarget: found(this.advanceTargets.get(ruleId), step.advance.appear.selector),
        }),
    };
  }
  matchesUrl(pattern: UrlPattern): boolean {
    return typeof pattern === 'string' && this.matchingUrls.has(pattern);
  }
  roots() {
    return [];
  }
}

export function state(overrides: Partial<OverlayState> = {}): OverlayState {
  return {
    enabled: true,
    rules: [],
    progress: {},
    completions: {},
    known: [],
    dismissedTips: [],
    settings: { expertAfter: 3 },
    ...overrides,
  };
}

export interface FakeHost extends OverlayHost {
  engine: ScriptedEngine;
  /** The app modal the host reports as open. */
  modal: Element | null;
  abort: AbortController;
  sent: { type: string; [key: string]: unknown }[];
  emit(change?: Partial<OverlayChange>): void;
  currentUrl: string;
}

export function fakeHost(rules: Rule[], overrides: Partial<OverlayState> = {}): FakeHost {
  const abort = new AbortController();
  const listeners: ((change: OverlayChange) => void)[] = [];
  const sent: FakeHost['sent'] = [];
  const engine = new ScriptedEngine(rules);
  const host: FakeHost = {
    ctx: { signal: abort.signal, isValid: true, timers: new SignalTimers(abort.signal) },
    engine,
    state: state({ rules, ...overrides }),
    send: vi.fn(async (message: { type: string }) => {
      sent.push(message as FakeHost['sent'][number]);
      return {};
    }) as unknown as OverlayHost['send'],
    url: () => host.currentUrl,
    subscribe: (listener) => void listeners.push(listener),
    appModal: () => host.modal,
    guard: () => {},
    modal: null,
    // The real linear-time engine, as the patterns bundle registers it.
    patterns: async () => createLinearTester(),
    abort,
    sent,
    currentUrl: 'https://crm.example.com/accounts/7',
    emit: (change = {}) => {
      for (const listener of listeners) listener({ ...NO_CHANGE, ...change });
    },
  };
  return host;
}

export function step(title: string, extra: Partial<Step> = {}): Step {
  return { title, brief: `Do ${title}.`, ...extra };
}

export function walkthrough(id: string, steps: Step[], extra: Partial<Rule> = {}): Rule {
  return {
    id,
    name: `Walkthrough ${id}`,
    kind: 'walkthrough',
    status: 'published',
    where: { urls: ['https://crm.example.com/*'] },
    start: 'auto',
    steps,
    ...extra,
  };
}
