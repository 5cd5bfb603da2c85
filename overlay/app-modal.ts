/**
 * The app's own modal dialog, when one is open (a Radix, Headless UI, MUI or Bootstrap dialog: an
 * element with `aria-modal="true"`, or a native `<dialog>` opened with `showModal()`). While one is
 * open, help that does not target something inside it steps back.
 *
 * The engine watches for it like any target, through a rule of the runtime's own (its id holds a
 * control character, which no pack's rule id may): the engine already walks what each batch added,
 * indexed by attribute and tag, so a dialog is seen when it appears and costs nothing otherwise.
 * The rule is never shown, never counted and never loads the UI: `withAppModal` hides it from
 * `active()`.
 */
import type { ActiveRule, EngineChange, MatchEngine, Rule } from '../rules/engine';

/**
 * Not a probe's mark (`probes.ts`): the UI must hear of the dialog's changes, which the runtime
 * strips of probes.
 */
export const APP_MODAL_ID = '\u0002app-modal';

const APP_MODAL_RULE: Rule = {
  id: APP_MODAL_ID,
  name: 'App modal dialog',
  kind: 'tip',
  status: 'published',
  where: { urls: [{}] },
  start: 'manual',
  steps: [{ title: '', brief: '', target: { selector: '[aria-modal="true"], dialog[open]' } }],
};

/** The rule set with the runtime's app-modal rule. */
export function withModalRule(rules: readonly Rule[]): Rule[] {
  return [...rules, APP_MODAL_RULE];
}

/** The engine as everything else sees it (without the app-modal rule), plus the open modal. */
/**
 * Every method of the engine, the optional ones too: a wrapper that drops one (as `takesWhole` once
 * was) silently turns the feature off, so the compiler makes each wrapper forward them all.
 */
export interface ModalAwareEngine extends Required<MatchEngine> {
  /** The topmost open app modal, or null. */
  appModal(): Element | null;
}

/** Wraps `engine`, whose rules include the app-modal rule. */
export function withAppModal(engine: MatchEngine): ModalAwareEngine {
  const hide = (list: ActiveRule[]) => list.filter((a) => a.rule.id !== APP_MODAL_ID);
  return {
    setRules: (rules): EngineChange => engine.setRules(withModalRule(rules)),
    setUrl: (url) => engine.setUrl(url),
    update: (batch) => engine.update(batch),
    takesWhole: (batch) => engine.takesWhole?.(batch) ?? false,
    setStep: (ruleId, stepIndex) => engine.setStep(ruleId, stepIndex),
    active: () => hide(engine.active()),
    get: (ruleId) => (ruleId === APP_MODAL_ID ? undefined : engine.get(ruleId)),
    wantsPatterns: () => engine.wantsPatterns?.() ?? false,
    setPatternTester: (tester) => engine.setPatternTester?.(tester) ?? { entered: [], left: [], targets: [] },
    matchesUrl: (pattern) => engine.matchesUrl(pattern),
    problems: () => engine.problems?.() ?? [],
    roots: () => engine.roots(),
    appModal: () => {
      const target = engine.get(APP_MODAL_ID)?.target;
      const found =
        target?.status === 'found' ? [target.element] : target?.status === 'ambiguous' ? target.elements : [];
      // The last in tree order is the one on top (portals go to the end of <body>).
      for (let i = found.length - 1; i >= 0; i--) {
        const element = found[i] as Element;
        if (isOpenModal(element)) return element;
      }
      return null;
    },
  };
}

/** A modal that is on screen: a closed library dialog can stay in the DOM, hidden. */
function isOpenModal(element: Element): boolean {
  if (element.localName === 'dialog' && !element.matches(':modal')) return false;
  return element.getClientRects().length > 0;
}

/** True when `element` is `modal` or inside it, across shadow roots. */
export function insideModal(modal: Element, element: Element | null): boolean {
  for (let node: Node | null = element; node; ) {
    if (node === modal) return true;
    node = node.parentNode ?? (node as ShadowRoot).host ?? null;
  }
  return false;
}
