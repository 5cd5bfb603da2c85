/**
 * A recorded walkthrough: what the author did in the app (a click on a button or link, a field
 * filled, a navigation) turned into the steps of a draft walkthrough. Each step gets the advance
 * that fits what the author did: a click moves on when the target is clicked, a field when it is
 * filled in, and a step followed by a navigation moves on when the page's URL is the one the author
 * went to. What was typed is never part of a recording: only that a field was filled.
 */
import type { Advance, Rule, Step, Target, UrlPattern } from '../model';
import { ruleIdFor } from './rule';
import { suggestUrlPattern } from './where';

/** One thing the author did while recording, as the background keeps it. */
export type RecordedAction =
  | {
      kind: 'click' | 'fill';
      /** The element's target, from the picker's generator. */
      target: Target;
      /** Words for the element: its accessible name ("Save", "Amount (USD)"), possibly empty. */
      name: string;
      /** Its role ("button", "link", "textbox"). */
      role: string;
      /** A password or other secret field: the step says so and nothing of its value is kept. */
      secret?: boolean;
      /** The page it happened on. */
      url: string;
    }
  | { kind: 'navigate'; url: string };

/** Markdown's own characters in page text, escaped so a name shows as written. */
const escapeMarkdown = (text: string) => text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);

/** A name as one line of sane length. */
const clean = (name: string) => {
  const line = name.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
};

const sameTarget = (a: Target, b: Target) =>
  a.selector === b.selector &&
  a.text === b.text &&
  a.ariaLabel === b.ariaLabel &&
  a.frame === b.frame &&
  a.nth === b.nth;

/** Two URLs that the same `where` pattern would describe (the same page of the app). */
const samePage = (a: string, b: string) =>
  JSON.stringify(suggestUrlPattern(a)) === JSON.stringify(suggestUrlPattern(b));

function titleOf(action: Extract<RecordedAction, { kind: 'click' | 'fill' }>): { title: string; brief: string } {
  const name = clean(action.name);
  const what = action.role === 'link' ? 'link' : action.role === 'textbox' || !action.role ? 'field' : action.role;
  if (action.kind === 'click') {
    return name
      ? { title: name, brief: `Click **${escapeMarkdown(name)}**.` }
      : { title: `Click the ${what}`, brief: `Click the highlighted ${what}.` };
  }
  if (action.secret) {
    return name
      ? { title: name, brief: `Enter your **${escapeMarkdown(name)}**.` }
      : { title: 'Enter your password', brief: 'Enter your password in the highlighted field.' };
  }
  return name
    ? { title: name, brief: `Fill in **${escapeMarkdown(name)}**.` }
    : { title: 'Fill in the field', brief: 'Fill in the highlighted field.' };
}

/** A recorded step and the page it was recorded on. */
export interface RecordedStep {
  step: Step;
  url: string;
}

/**
 * The steps a recording makes, in order: one per click and one per field filled, where typing in
 * the same field again before doing anything else stays one step. A navigation after a step makes
 * that step advance on the new page's URL (with record ids generalised); a navigation before any
 * step, or to the same page, makes none.
 */
export function recordedSteps(actions: readonly RecordedAction[]): RecordedStep[] {
  const out: RecordedStep[] = [];
  let page: string | undefined;
  for (const action of actions) {
    const last = out[out.length - 1];
    if (action.kind === 'navigate') {
      const from = page ?? last?.url;
      page = action.url;
      if (!last || (from !== undefined && samePage(from, action.url))) continue;
      last.step.advance = { url: suggestUrlPattern(action.url) };
      continue;
    }
    page = action.url;
    if (
      action.kind === 'fill' &&
      last?.step.advance === 'input-target' &&
      last.step.target &&
      sameTarget(last.step.target, action.target)
    )
      continue;
    const advance: Advance = action.kind === 'click' ? 'click-target' : 'input-target';
    out.push({
      step: { id: `step-${out.length + 1}`, target: action.target, ...titleOf(action), advance },
      url: action.url,
    });
  }
  return out;
}

export interface RecordedRuleInput {
  actions: readonly RecordedAction[];
  /** The page the recording started on. */
  startUrl: string;
  /** A random part for the id (`crypto.randomUUID().slice(0, 8)`). */
  random: string;
  /** ISO date-time. */
  now: string;
}

/**
 * The draft walkthrough a recording makes, or null when nothing was recorded: its steps, and
 * where it applies — every page a step was recorded on, record ids generalised.
 */
export function recordedRule({ actions, startUrl, random, now }: RecordedRuleInput): Rule | null {
  const recorded = recordedSteps(actions);
  if (!recorded.length) return null;
  const urls: UrlPattern[] = [];
  const seen = new Set<string>();
  for (const url of [recorded[0]!.url, ...recorded.map((r) => r.url)]) {
    const pattern = suggestUrlPattern(url);
    const key = JSON.stringify(pattern);
    if (!seen.has(key)) {
      seen.add(key);
      urls.push(pattern);
    }
  }
  let path = '';
  try {
    path = new URL(startUrl).pathname;
  } catch {
    // A recording always starts on a web page; the name then only lacks its place.
  }
  const name = `Recorded walkthrough${path && path !== '/' ? ` from ${path}` : ''}`;
  return {
    id: ruleIdFor(name, random),
    name,
    kind: 'walkthrough',
    status: 'draft',
    where: { urls },
    start: 'auto',
    steps: recorded.map((r) => r.step),
    updatedAt: now,
  };
}
