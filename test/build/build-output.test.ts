/**
 * What the built extension is made of, read from the module graph the build writes
 * (`build/module-graph.ts`): the production build (`npm run build`) and the end-to-end tests' build
 * (`npm run build:e2e`). `npm run test:build` makes both, then runs this file.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { overBudget, PATTERNS_BUNDLE, PICKER_BUNDLE, RECORDER_BUNDLE, UI_BUNDLE } from '../../scripts/size';
import { type BuiltChunk, inPage, modulesWithCode, pageProblems, readModuleGraph, rulesProblems } from './graph';

const root = resolve(import.meta.dirname, '../..');
/**
 * Every bundle the background injects into pages: the overlay's UI, the pattern engine, the picker,
 * the walkthrough recorder,
 * the side panel's part on the page (`OVERLAY_PANEL_FILE`) and the content-health probe
 * (`OVERLAY_PROBE_FILE`). Named here, not imported: the background's modules need WXT's `#imports`.
 */
const INJECTED = [UI_BUNDLE, PATTERNS_BUNDLE, PICKER_BUNDLE, RECORDER_BUNDLE, 'overlay-panel.js', 'overlay-probe.js'];
/** Code only the end-to-end tests and the benchmarks use. */
const TEST_TOOLS = ['background/handlers/test-tools.ts', 'background/usage/naive.ts'];

const builds: [string, string, string][] = [
  ['production', '.output/chrome-mv3', 'npm run build'],
  ['end-to-end', '.output/chrome-mv3-e2e', 'npm run build:e2e'],
];

describe.each(builds)('the %s build', (_name, dir, command) => {
  const outDir = join(root, dir);
  const chunks: BuiltChunk[] = readModuleGraph(outDir, command);
  const page = inPage(chunks, INJECTED);

  it('has its scripts in the module graph: content script, injected bundles, background, pages', () => {
    const files = chunks.map((c) => c.file);
    expect(files).toEqual(
      expect.arrayContaining([
        'content-scripts/overlay.js',
        ...INJECTED,
        'background.js',
        expect.stringMatching(/options/),
      ]),
    );
    // The graph sees what a page script is made of: the engine and the runtime are in the content script.
    const overlay = chunks.find((c) => c.file === 'content-scripts/overlay.js')!;
    expect(overlay.modules.map((m) => m.id)).toEqual(expect.arrayContaining(['rules/engine.ts', 'overlay/runtime.ts']));
    // And what the background is made of: Dexie and the database are there.
    const background = chunks.find((c) => c.file === 'background.js')!;
    expect(background.modules.some((m) => m.id.includes('node_modules/dexie/'))).toBe(true);
    expect(background.modules.some((m) => m.id.startsWith('background/db/'))).toBe(true);
  });

  it('puts no background code, no Dexie and no extension page view into what runs in a page', () => {
    expect(page.map((c) => c.file).sort()).toEqual(expect.arrayContaining(['content-scripts/overlay.js', ...INJECTED]));
    expect(pageProblems(page)).toEqual([]);
  });

  it('writes the always-loaded content script in ASCII alone (a minifier may turn escapes into characters)', () => {
    const code = readFileSync(join(outDir, 'content-scripts/overlay.js'), 'utf8');
    const outside = [...new Set(code)]
      .filter((c) => c.codePointAt(0)! > 0x7f)
      .map((c) => `U+${c.codePointAt(0)!.toString(16)}`);
    expect(outside).toEqual([]);
  });

  it('keeps rules/ pure: its modules import only rules/ and its own packages', () => {
    expect(chunks.some((c) => c.modules.some((m) => m.id.startsWith('rules/')))).toBe(true);
    expect(rulesProblems(chunks)).toEqual([]);
  });
});

describe('code only tests and benchmarks use', () => {
  it('is not in the production build: no test tools, no debug messages', () => {
    const chunks = readModuleGraph(join(root, '.output/chrome-mv3'), 'npm run build');
    // A module the bundler lists with nothing rendered (tree-shaken whole) brings no code.
    expect(TEST_TOOLS.filter((id) => modulesWithCode(chunks).has(id))).toEqual([]);
    const background = readFileSync(join(root, '.output/chrome-mv3/background.js'), 'utf8');
    expect(background).not.toContain('debug.store');
    expect(background).not.toContain('debug.usage');
  });

  it('is in the end-to-end build (so the check above can see it)', () => {
    const chunks = readModuleGraph(join(root, '.output/chrome-mv3-e2e'), 'npm run build:e2e');
    expect(TEST_TOOLS.filter((id) => !modulesWithCode(chunks).has(id))).toEqual([]);
    const background = readFileSync(join(root, '.output/chrome-mv3-e2e/background.js'), 'utf8');
    expect(background).toContain('debug.store');
    expect(background).toContain('debug.usage');
  });
});

describe('the production build', () => {
  it('keeps what it puts into pages within the size budgets (scripts/size.ts)', () => {
    // `npm run build` only prints the sizes: this is what stops a bundle outgrowing its budget.
    expect(overBudget(join(root, '.output/chrome-mv3'))).toEqual([]);
  });
});
