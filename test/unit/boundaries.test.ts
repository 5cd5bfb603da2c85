import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** What the pure core may not touch, with the reason shown when it does. */
const forbidden: [RegExp, string][] = [
  [
    /from\s+['"](#imports|wxt[/'"]|wxt\/|dexie|webextension-polyfill|preact)/,
    'imports WXT, Dexie, the polyfill or Preact',
  ],
  [/\b(browser|chrome)\.(runtime|storage|tabs|scripting|permissions)\b/, 'calls a browser extension API'],
  [/\bindexedDB\b/, 'touches IndexedDB'],
];

describe('rules/ is the pure core', () => {
  const files = sourceFiles(join(root, 'rules'));

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s uses no browser, WXT, Dexie or Preact', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const problems = forbidden.filter(([pattern]) => pattern.test(text)).map(([, why]) => why);
    expect(problems).toEqual([]);
  });
});

describe('entrypoints are wiring only', () => {
  it('keeps each entrypoint in its own folder, with no loose helper files', () => {
    const entries = readdirSync(join(root, 'entrypoints'), { withFileTypes: true });
    expect(entries.filter((e) => !e.isDirectory()).map((e) => e.name)).toEqual([]);
  });

  it('keeps the always-loaded content script on the browser’s own API: no polyfill, no WXT context', () => {
    const files = [...sourceFiles(join(root, 'overlay')), ...sourceFiles(join(root, 'entrypoints/overlay'))];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const name = relative(root, file);
      // The entry may take `defineUnlistedScript` from #imports (it holds no browser code).
      if (name !== 'entrypoints/overlay/index.ts') expect(text, name).not.toMatch(/from\s+['"]#imports['"]/);
      expect(text, name).not.toMatch(/from\s+['"](wxt[/'"]|webextension-polyfill|@wxt-dev\/)/);
      expect(text, name).not.toMatch(/ContentScriptContext|defineContentScript|messaging\/send['"]/);
    }
  });

  it('keeps content scripts free of Dexie', () => {
    const content = sourceFiles(join(root, 'entrypoints/overlay'));
    for (const file of content) expect(readFileSync(file, 'utf8')).not.toMatch(/from\s+['"]dexie/);
  });
});
