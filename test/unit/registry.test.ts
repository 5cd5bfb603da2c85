// @vitest-environment happy-dom
/**
 * Every kind of help and every kind of condition is registered everywhere it must be: a new kind
 * added to the rule model and missing from one of these places fails here, by name.
 *
 * - A condition kind: the schema accepts it, its evaluator is in `rules/conditions/` (one file per
 *   kind) and registered in `rules/conditions/index.ts`, the JSON Schema lists it, and both engines
 *   evaluate it on a page.
 * - A kind of help: the schema accepts it, it has its folder in `overlay-ui/`, and the overlay's
 *   controller shows a rule of that kind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OverlayController } from '../../overlay-ui/controller';
import { CONDITIONS } from '../../rules/conditions';
import { createEngine } from '../../rules/engine';
import { CONDITION_KINDS, type Condition, RULE_KINDS, type Rule, type RuleKind } from '../../rules/model';
import { createNaiveEngine } from '../../rules/naive-engine';
import { parsePack } from '../../rules/parse-pack';
import { createLinearTester } from '../../rules/regex/linear';
import { type FakeHost, fakeHost, step } from './overlay/fakes';
import { URLPatternImpl } from './rules/dom';

const root = join(import.meta.dirname, '../..');
const URL_HERE = 'https://crm.example.com/accounts/7';
const PAGE = '<input id="zip" value="12345"><button id="save">Save</button>';

/** A condition of each kind that holds on `PAGE` at `URL_HERE`. */
const HOLDS: Record<(typeof CONDITION_KINDS)[number], Condition> = {
  exists: { exists: { selector: '#save' } },
  absent: { absent: { selector: '#missing' } },
  url: { url: 'https://crm.example.com/accounts/:id' },
  value: { value: { target: { selector: '#zip' }, matches: '^\\d{5}$' } },
  all: { all: [{ exists: { selector: '#zip' } }, { exists: { selector: '#save' } }] },
  any: { any: [{ exists: { selector: '#missing' } }, { exists: { selector: '#save' } }] },
  not: { not: { exists: { selector: '#missing' } } },
};

const rule = (id: string, kind: RuleKind, when?: Condition): Rule => ({
  id,
  name: id,
  kind,
  status: 'published',
  where: { urls: ['https://crm.example.com/*'], ...(when && { when }) },
  start: 'auto',
  steps: [
    step(`${id} step`, {
      target: { selector: kind === 'hint' ? '#zip' : '#save' },
      ...(kind === 'hint' && { validate: { matches: '^\\d{5}$', message: 'Five digits' } }),
    }),
  ],
});

const pack = (rules: Rule[]) => ({ format: 2, id: 'p', name: 'P', version: 1, rules, checklists: [] });

beforeEach(() => {
  document.body.innerHTML = PAGE;
});

describe('every condition kind is registered', () => {
  const schema = JSON.parse(readFileSync(join(root, 'rules/schema/rule-pack.schema.json'), 'utf8'));
  const documented = (schema.$defs.Condition.anyOf as { required: string[] }[]).flatMap((b) => b.required);

  it('in the evaluators and the JSON Schema, as many as the model has', () => {
    expect(Object.keys(CONDITIONS).sort()).toEqual([...CONDITION_KINDS].sort());
    expect(documented.sort()).toEqual([...CONDITION_KINDS].sort());
  });

  it.each(CONDITION_KINDS)('%s: accepted by the schema, in its own file, evaluated by both engines', (kind) => {
    const when = HOLDS[kind];
    const parsed = parsePack(pack([rule(`when-${kind}`, 'tip', when)]));
    expect(parsed.problems).toEqual([]);
    expect(existsSync(join(root, `rules/conditions/${kind}.ts`)), `rules/conditions/${kind}.ts`).toBe(true);
    const options = { root: document, url: URL_HERE, URLPattern: URLPatternImpl, testPattern: createLinearTester() };
    for (const [name, create] of [
      ['engine', createEngine],
      ['naive engine', createNaiveEngine],
    ] as const) {
      const holds = create({ ...options, rules: [rule('holds', 'tip', when)] });
      expect(
        holds.active().map((a) => a.rule.id),
        `${name}: ${JSON.stringify(when)} holds`,
      ).toEqual(['holds']);
      const fails = create({ ...options, rules: [rule('fails', 'tip', { not: when })] });
      expect(fails.active(), `${name}: not ${JSON.stringify(when)} fails`).toEqual([]);
    }
  });
});

describe('every kind of help is registered', () => {
  let host: FakeHost | undefined;
  afterEach(() => host?.abort.abort());

  /** What the controller shows of each kind: typed by kind, so a new kind must say here how it shows. */
  const shown: Record<RuleKind, (c: OverlayController) => string[]> = {
    walkthrough: (c) => (c.walkthrough ? [c.walkthrough.rule.id] : []),
    tip: (c) => c.tips.views.map((v) => v.rule.id),
    hint: (c) => c.hints.views.map((v) => v.rule.id),
  };

  it('as many as the model has', () => {
    expect(Object.keys(shown).sort()).toEqual([...RULE_KINDS].sort());
  });

  it.each(RULE_KINDS)('%s: accepted by the schema, in its own folder, shown by the overlay', (kind) => {
    const help = rule(`a-${kind}`, kind);
    expect(parsePack(pack([help])).problems).toEqual([]);
    expect(existsSync(join(root, `overlay-ui/${kind}`)), `overlay-ui/${kind}/`).toBe(true);
    const target = document.querySelector<HTMLElement>(help.steps[0]!.target!.selector)!;
    // A hint shows while its field has focus.
    if (kind === 'hint') target.focus();
    host = fakeHost([help]);
    host.engine.targets.set(help.id, target);
    const controller = new OverlayController(host);
    host.emit({ targets: [help.id] });
    expect(shown[kind](controller)).toEqual([help.id]);
  });
});
