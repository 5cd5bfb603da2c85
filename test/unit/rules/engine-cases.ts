/**
 * What the engine tests share: the saved CRM form's URL, a one-step rule to match, a resolution in a
 * comparable form, and both engines (indexed and naive) that every behaviour is checked against.
 */

import { createEngine } from '../../../rules/engine';
import type { CreateEngine, Resolution } from '../../../rules/engine-api';
import type { Condition, Rule, Target } from '../../../rules/model';
import { createNaiveEngine } from '../../../rules/naive-engine';

export const FORM_URL = 'https://crm.example.com/opportunities/new';

/** A published walkthrough with one step, on every CRM page; `target` and `when` fill in the rest. */
export function rule(id: string, over: Partial<Rule> & { target?: Target; when?: Condition } = {}): Rule {
  const { target, when, ...rest } = over;
  return {
    id,
    name: id,
    kind: 'walkthrough',
    status: 'published',
    where: { urls: ['https://crm.example.com/*'], ...(when && { when }) },
    start: 'auto',
    steps: [{ title: 'Step', brief: 'Do it.', ...(target && { target }) }],
    ...rest,
  };
}

/** What a resolution says, in a comparable form. */
export function describeResolution(r: Resolution | null | undefined): unknown {
  if (!r) return r;
  if (r.status === 'not-found') return 'not-found';
  const els = r.status === 'found' ? [r.element] : r.elements;
  return { [r.status]: els.map((e) => e.id || e.getAttribute('name') || e.localName), via: r.via };
}

/** The indexed engine and the naive reference it must agree with. */
export const ENGINES: [string, CreateEngine][] = [
  ['indexed engine', createEngine],
  ['naive engine', createNaiveEngine],
];
