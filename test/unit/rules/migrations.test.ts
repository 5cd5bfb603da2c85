import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../rules/migrations';
import { FORMAT_VERSION } from '../../../rules/model';
import { parsePack } from '../../../rules/parse-pack';

const EXAMPLES = join(import.meta.dirname, '../../../rules/migrations/examples');
const FORMATS = Array.from({ length: FORMAT_VERSION }, (_, i) => i + 1);
const example = (format: number) => join(EXAMPLES, `format-${format}.json`);
const read = (format: number): unknown => JSON.parse(readFileSync(example(format), 'utf8'));

describe('rule-pack migrations', () => {
  it.each(FORMATS)('has a saved example of format %i', (format) => {
    expect(existsSync(example(format)), `add rules/migrations/examples/format-${format}.json`).toBe(true);
    expect((read(format) as { format: number }).format).toBe(format);
  });

  it.each(FORMATS.slice(0, -1))('has a migration step from format %i', (format) => {
    expect(typeof (MIGRATIONS as Record<number, unknown>)[format]).toBe('function');
  });

  it.each(FORMATS)('reads the format %i example without a problem', (format) => {
    const result = parsePack(read(format));
    expect(result.problems).toEqual([]);
    expect(result.skipped).toBe(0);
    expect(result.migratedFrom).toBe(format < FORMAT_VERSION ? format : undefined);
  });

  it.each(FORMATS.slice(0, -1))('migrates the format %i example to the next one exactly', (format) => {
    const step = (MIGRATIONS as unknown as Record<number, (p: unknown) => unknown>)[format]!;
    expect(step(read(format))).toEqual(read(format + 1));
  });

  it('passes malformed input on for the validation to report, without throwing', () => {
    const step = MIGRATIONS[1] as unknown as (p: unknown) => unknown;
    for (const input of [{ format: 1 }, { format: 1, rules: [null, 7, { where: 5 }, { where: { when: 'x' } }] }]) {
      expect(() => step(input)).not.toThrow();
    }
    const result = parsePack({
      format: 1,
      id: 'p',
      name: 'P',
      version: 1,
      rules: [{ where: { when: [{ colour: 1 }] } }],
    });
    expect(result.problems.map((p) => p.path)).toContain('rules[0].where.when');
  });
});
