/**
 * Personal tips: a tip a person writes for themselves on an element they picked. It is a rule of
 * the pack format like any tip (the same engine shows it, the same checks apply), kept to the site
 * it was written on, and offered to the team as it is: an admin who publishes it gets a rule that
 * needs no conversion.
 */
import type { Problem, Rule, Target, UrlPattern } from '../model';
import { ruleIdFor, ruleProblems } from './rule';
import { suggestUrlPattern } from './where';

/** How long a personal tip's title and text may be (the team server takes 5,000 characters). */
export const PERSONAL_TIP_LIMITS = { title: 120, text: 2000 } as const;

/** A personal tip's words: an optional title and the text (Markdown). */
export interface PersonalTipWords {
  title: string;
  text: string;
}

export interface PersonalTipInput {
  /** The picked element's target. */
  target: Target;
  /** The page it was picked on. */
  url: string;
  /** Words for the element ("Amount (USD)"), for the tip's name. */
  elementName?: string;
  /** A random part for the id (`crypto.randomUUID().slice(0, 8)`). */
  random: string;
  /** ISO date-time. */
  now: string;
}

/**
 * Where a personal tip shows: pages like the one it was written on (record ids generalised, as the
 * editor suggests), on that site only — a tip about one app's field has no business on another's.
 */
export function personalTipWhere(url: string): UrlPattern {
  const u = new URL(url);
  const page = suggestUrlPattern(url);
  return {
    protocol: u.protocol.replace(/:$/, ''),
    hostname: u.hostname,
    ...(u.port && { port: u.port }),
    ...(typeof page === 'object' ? page : { pathname: '/*' }),
  };
}

/** A new personal tip on one element, with no words yet. */
export function personalTipRule({ target, url, elementName, random, now }: PersonalTipInput): Rule {
  const element = elementName?.replace(/\s+/g, ' ').trim().slice(0, 80);
  const name = element ? `My tip: ${element}` : 'My tip';
  return {
    id: ruleIdFor(`my tip ${element ?? ''}`, random),
    name,
    kind: 'tip',
    status: 'published',
    where: { urls: [personalTipWhere(url)] },
    start: 'auto',
    steps: [{ id: 'step-1', target, title: '', brief: '' }],
    updatedAt: now,
  };
}

/** The tip with these words: the card's title is the title given, else the start of the text. */
export function withPersonalTipWords(rule: Rule, words: PersonalTipWords, now: string): Rule {
  const title = words.title.trim();
  const text = words.text.trim();
  const firstLine =
    text
      .split('\n')[0]
      ?.replace(/[*_`#>[\]]/g, '')
      .trim() ?? '';
  const shownTitle = title || (firstLine.length > 60 ? `${firstLine.slice(0, 59)}…` : firstLine);
  const [step, ...rest] = rule.steps;
  return {
    ...rule,
    steps: [{ ...(step ?? { id: 'step-1' }), title: shownTitle, brief: text }, ...rest],
    updatedAt: now,
  };
}

/** The words a personal tip was given (the title only when the person wrote one). */
export function personalTipWords(rule: Rule, explicitTitle: boolean): PersonalTipWords {
  const step = rule.steps[0];
  return { title: explicitTitle ? (step?.title ?? '') : '', text: step?.brief ?? '' };
}

/**
 * What stops a personal tip from showing or being suggested, in words for the person who writes
 * it (no JSON paths: the form has two fields), then anything the pack checks find.
 */
export function personalTipProblems(rule: Rule, words: PersonalTipWords): Problem[] {
  const problems: Problem[] = [];
  if (!words.text.trim()) problems.push({ path: 'text', message: 'Write the tip: its text is empty.' });
  if (words.text.length > PERSONAL_TIP_LIMITS.text)
    problems.push({
      path: 'text',
      message: `The text is ${words.text.length} characters long; keep it under ${PERSONAL_TIP_LIMITS.text}.`,
    });
  if (words.title.length > PERSONAL_TIP_LIMITS.title)
    problems.push({
      path: 'title',
      message: `The title is ${words.title.length} characters long; keep it under ${PERSONAL_TIP_LIMITS.title}.`,
    });
  if (problems.length) return problems;
  return ruleProblems(rule);
}
