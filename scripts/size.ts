/**
 * Prints the size of what Stepwise puts into pages: each content script (loaded on every page of
 * a site that is on) and the overlay's UI bundle (loaded only once help applies), raw and gzipped,
 * against their budgets. `npm run build` runs it after the Chrome build; pass another build folder
 * to measure that one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ScriptSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The overlay's UI bundle inside a build (WXT unlisted script `entrypoints/overlay-ui`). */
export const UI_BUNDLE = 'overlay-ui.js';
/** The linear-time pattern engine (WXT unlisted script `entrypoints/overlay-patterns`). */
export const PATTERNS_BUNDLE = 'overlay-patterns.js';
/** The element picker (WXT unlisted script `entrypoints/picker`), loaded only when an author picks. */
export const PICKER_BUNDLE = 'picker.js';
/** The walkthrough recorder (WXT unlisted script `entrypoints/recorder`), loaded only while recording. */
export const RECORDER_BUNDLE = 'recorder.js';
/**
 * Budgets, gzipped: the always-loaded content script, it plus the UI bundle, and the pattern
 * engine (loaded only where a rule that tests a pattern applies).
 */
export const BUDGET = { contentScript: 15_000, total: 35_000, patterns: 50_000 };

function measure(outDir: string, file: string): ScriptSize {
  const body = readFileSync(join(outDir, file));
  return { file, bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length };
}

/** Sizes of the scripts injected into pages: `content-scripts/*.js` in a built extension. */
export function contentScriptSizes(outDir: string): ScriptSize[] {
  const dir = join(outDir, 'content-scripts');
  if (!existsSync(dir)) throw new Error(`No content scripts in ${outDir}: build the extension first`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => measure(outDir, `content-scripts/${f}`));
}

/** The size of a bundle the background injects on demand (the UI bundle by default). */
export function uiBundleSize(outDir: string, file = UI_BUNDLE): ScriptSize {
  if (!existsSync(join(outDir, file))) throw new Error(`No ${file} in ${outDir}: build the extension first`);
  return measure(outDir, file);
}

/**
 * What is over its budget in the build at `outDir`, each as "what: N gzipped bytes, budget B" (empty
 * when everything fits). `npm run test:build` fails on any; `npm run build` prints them.
 */
export function overBudget(outDir: string): string[] {
  const overlay = contentScriptSizes(outDir);
  const main = overlay.find((s) => s.file === 'content-scripts/overlay.js');
  const total = (main?.gzipBytes ?? 0) + uiBundleSize(outDir).gzipBytes;
  const patterns = uiBundleSize(outDir, PATTERNS_BUNDLE);
  const over = (what: string, bytes: number, budget: number) =>
    bytes > budget ? [`${what}: ${bytes} gzipped bytes, budget ${budget}`] : [];
  return [
    ...overlay.flatMap((s) => over(s.file, s.gzipBytes, BUDGET.contentScript)),
    ...over('overlay + UI', total, BUDGET.total),
    ...over(patterns.file, patterns.gzipBytes, BUDGET.patterns),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = resolve(process.argv[2] ?? '.output/chrome-mv3');
  const line = (s: ScriptSize, note: string) =>
    console.log(
      `  ${s.file.padEnd(36)} ${String(s.bytes).padStart(8)} bytes  ${String(s.gzipBytes).padStart(7)} gzipped  ${note}`,
    );
  console.log(`Scripts Stepwise puts into pages, in ${outDir}:`);
  const overlay = contentScriptSizes(outDir);
  for (const s of overlay) line(s, `always loaded (budget ${BUDGET.contentScript})`);
  const ui = uiBundleSize(outDir);
  line(ui, 'loaded once help applies');
  const patterns = uiBundleSize(outDir, PATTERNS_BUNDLE);
  line(patterns, `loaded where a rule tests a pattern (budget ${BUDGET.patterns})`);
  line(uiBundleSize(outDir, PICKER_BUNDLE), 'loaded only when an author picks an element');
  line(uiBundleSize(outDir, RECORDER_BUNDLE), 'loaded only while an author records a walkthrough');
  const main = overlay.find((s) => s.file === 'content-scripts/overlay.js');
  const total = (main?.gzipBytes ?? 0) + ui.gzipBytes;
  console.log(
    `  ${'overlay + UI'.padEnd(36)} ${''.padStart(14)}  ${String(total).padStart(7)} gzipped  budget ${BUDGET.total}`,
  );
  const over = overBudget(outDir);
  // Printed here; `npm run test:build` fails on it.
  if (over.length) console.warn(`Over budget: ${over.join('; ')}`);
}
