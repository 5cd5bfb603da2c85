/**
 * Random and malformed packs: wrong types, huge strings, invalid selectors and regular
 * expressions, deep nesting, keys like `__proto__`. Validation never throws, never pollutes a
 * prototype, and returns either nothing usable or a pack whose every rule passes it again.
 * Seeded: a failure names the pack's seed.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem, parsePack } from '../../../rules/parse-pack';
import { HEAVY_TEST_MS } from '../../budget';
import { condition, type Random, random, ruleSet, selector } from './random';

const PACKS = Number(process.env.FUZZ_PACKS ?? 10_000);
const BASE_SEED = Number(process.env.FUZZ_SEED ?? 424_242);

const NASTY_STRINGS = [
  '',
  ' ',
  'div >> span',
  'a:is(',
  '((((',
  '(a+)+$',
  '(\\w+\\s?)+$',
  '[',
  '\\',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  '\u0000',
  '\ud800',
  '🙂'.repeat(50),
  'x'.repeat(100_000),
  'https://*.example.com/*',
  'https://crm.example.com/accounts/:id',
  'htps//x',
  '2025-05-01T09:30:00Z',
];
const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'id',
  'name',
  'kind',
  'steps',
  'target',
  'selector',
  'where',
  'urls',
  'when',
  'all',
  'not',
  'value',
  'matches',
  'flags',
  'format',
  'rules',
  'checklists',
];

/** Any JSON value, sometimes nasty. */
function junk(r: Random, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 9)) {
    case 0:
      return r.pick(NASTY_STRINGS);
    case 1:
      return r.pick([0, -1, 1.5, 1e308, Number.NaN, 2 ** 53]);
    case 2:
      return r.chance(0.5);
    case 3:
      return null;
    case 4:
      return selector(r);
    case 5:
      return undefined;
    case 6:
      return Array.from({ length: r.int(4) }, () => junk(r, depth + 1));
    case 7: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--)
        Object.defineProperty(o, r.pick(KEYS), {
          value: junk(r, depth + 1),
          enumerable: true,
          configurable: true,
          writable: true,
        });
      return o;
    }
    default:
      return condition(r);
  }
}

/** Damages a value in place: a wrong type, a missing key, an extra key, a deeper copy. */
function damage(r: Random, value: unknown, depth = 0): unknown {
  if (typeof value !== 'object' || value === null || depth > 6) return r.chance(0.1) ? junk(r) : value;
  const keys = Object.keys(value);
  if (!keys.length) return value;
  const key = r.pick(keys);
  const target = value as Record<string, unknown>;
  switch (r.int(5)) {
    case 0:
      target[key] = junk(r);
      break;
    case 1:
      delete target[key];
      break;
    case 2:
      Object.defineProperty(target, r.pick(KEYS), {
        value: junk(r),
        enumerable: true,
        configurable: true,
        writable: true,
      });
      break;
    default:
      target[key] = damage(r, target[key], depth + 1);
  }
  return value;
}

function deep(depth: number): unknown {
  let c: unknown = { exists: { selector: '#a' } };
  for (let i = 0; i < depth; i++) c = i % 2 ? { not: c } : { all: [c, []] };
  return c;
}

function pack(seed: number): unknown {
  const r = random(seed);
  const kind = r.int(10);
  if (kind === 0) return junk(r);
  if (kind === 1) {
    // Through JSON, as an imported file would be: `__proto__` becomes an own key.
    const text = JSON.stringify({ format: 2, id: 'p', name: 'P', version: 1, rules: [] }).replace(
      '"rules"',
      '"__proto__":{"polluted":true},"rules"',
    );
    return JSON.parse(text);
  }
  const rules = ruleSet(r, 1 + r.int(4)) as unknown[];
  if (kind === 2) (rules[0] as { where: { when: unknown } }).where.when = deep(20 + r.int(5000));
  const base: Record<string, unknown> = {
    format: r.chance(0.9) ? 2 : r.pick([1, 3, '2', 0]),
    id: 'p',
    name: 'P',
    version: 1,
    rules,
  };
  for (let i = 1 + r.int(6); i > 0; i--) damage(r, base);
  // Deep nesting stays an object (JSON.stringify itself would overflow); the rest goes through JSON.
  if (kind === 2) return base;
  return JSON.parse(JSON.stringify(base, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? 0 : v)));
}

describe('pack validation under fuzzing', () => {
  it(
    `survives ${PACKS} random and malformed packs`,
    () => {
      let usable = 0;
      let problems = 0;
      for (let i = 0; i < PACKS; i++) {
        const seed = BASE_SEED + i;
        const input = pack(seed);
        let result: ReturnType<typeof parsePack>;
        try {
          result = parsePack(input);
        } catch (e) {
          throw new Error(`parsePack threw on the pack of seed ${seed}: ${String(e)}`);
        }
        expect(({} as Record<string, unknown>).polluted, `seed ${seed} polluted Object.prototype`).toBeUndefined();
        expect(Object.hasOwn(Object.prototype, 'polluted'), `seed ${seed}`).toBe(false);
        for (const p of result.problems) {
          expect(
            typeof p.path === 'string' && typeof p.message === 'string' && p.message.length > 0,
            `seed ${seed}: ${formatProblem(p)}`,
          ).toBe(true);
        }
        problems += result.problems.length;
        if (result.pack) {
          usable++;
          // What validation kept is valid: reading it again finds nothing to report.
          const again = parsePack(structuredClone(result.pack));
          expect(again.problems.map(formatProblem), `seed ${seed}`).toEqual([]);
          expect(again.pack?.rules.length, `seed ${seed}`).toBe(result.pack.rules.length);
        } else {
          expect(result.problems.length, `seed ${seed}: an unusable pack says why`).toBeGreaterThan(0);
        }
      }
      // The generator reaches both outcomes, so the assertions above are exercised.
      expect(usable).toBeGreaterThan(PACKS / 10);
      expect(problems).toBeGreaterThan(PACKS);
    },
    HEAVY_TEST_MS,
  );
});
