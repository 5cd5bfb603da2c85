import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(import.meta.dirname, '../../../overlay-ui/overlay.css'), 'utf8').replace(
  /\/\*[\s\S]*?\*\//g,
  '',
);

/** `@keyframes name { … }` blocks, with the properties their frames set. */
function keyframes(): { name: string; properties: string[] }[] {
  const out: { name: string; properties: string[] }[] = [];
  for (const match of css.matchAll(/@keyframes\s+([\w-]+)\s*\{((?:[^{}]*\{[^{}]*\})*)\s*\}/g)) {
    const properties = [...(match[2] ?? '').matchAll(/([\w-]+)\s*:/g)].map((m) => m[1] as string);
    out.push({ name: match[1] as string, properties: [...new Set(properties)] });
  }
  return out;
}

/** Selectors whose rule sets an animation other than `none`, outside media queries. */
function animated(): { selector: string; value: string }[] {
  const outside = css
    .replace(/@media[^{]*\{(?:[^{}]*\{[^{}]*\})*\s*\}/g, '')
    .replace(/@keyframes[^{]*\{(?:[^{}]*\{[^{}]*\})*\s*\}/g, '');
  const out: { selector: string; value: string }[] = [];
  for (const rule of outside.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const value = /(?:^|;)\s*animation(?:-name)?\s*:\s*([^;]+)/.exec(rule[2] ?? '')?.[1]?.trim();
    if (value && value !== 'none') out.push({ selector: (rule[1] ?? '').trim(), value });
  }
  return out;
}

describe('motion in the overlay', () => {
  it('animates only what the compositor can (transform, opacity)', () => {
    const frames = keyframes();
    expect(frames.length).toBeGreaterThan(0);
    for (const { name, properties } of frames) {
      expect(
        properties.filter((p) => p !== 'transform' && p !== 'opacity'),
        name,
      ).toEqual([]);
    }
  });

  it('stops after a few pulses', () => {
    const animations = animated();
    expect(animations.length).toBeGreaterThan(0);
    for (const { selector, value } of animations) {
      expect(value, selector).not.toMatch(/infinite/);
      const count = value.split(/\s+/).find((part) => /^\d+(\.\d+)?$/.test(part));
      expect(Number(count), `${selector}: an iteration count of 5 or less`).toBeLessThanOrEqual(5);
    }
  });

  it('keeps still for people who ask for reduced motion', () => {
    const reduced =
      /@media\s*\(prefers-reduced-motion:\s*reduce\)\s*\{((?:[^{}]*\{[^{}]*\})*)\s*\}/.exec(css)?.[1] ?? '';
    for (const { selector } of animated()) {
      const rule = new RegExp(`${selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\{[^}]*animation:\\s*none`);
      expect(reduced, selector).toMatch(rule);
    }
  });
});
