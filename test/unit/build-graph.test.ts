/**
 * The build-output checks (test/build/graph.ts) catch what they are for: fed module graphs that
 * break each rule, they name the file and the module; fed a clean one, they find nothing.
 */
import { describe, expect, it } from 'vitest';
import { type BuiltChunk, type BuiltModule, inPage, packageOf, pageProblems, rulesProblems } from '../build/graph';

const mod = (id: string, imports: string[] = [], dynamicImports: string[] = []): BuiltModule => ({
  id,
  bytes: 10,
  imports,
  dynamicImports,
});
const chunk = (file: string, modules: BuiltModule[], imports: string[] = []): BuiltChunk => ({
  file,
  imports,
  modules,
});

const clean: BuiltChunk[] = [
  chunk('content-scripts/overlay.js', [
    mod('overlay/runtime.ts', ['rules/engine.ts', 'messaging/send.ts']),
    mod('rules/engine.ts', ['rules/conditions/index.ts']),
    mod('rules/conditions/index.ts'),
    mod('node_modules/wxt/dist/browser.mjs'),
  ]),
  chunk('overlay-ui.js', [mod('overlay-ui/mount.tsx', ['node_modules/preact/dist/preact.module.js'])]),
  chunk('background.js', [
    mod('background/start.ts', ['background/db/database.ts', 'rules/index.ts']),
    mod('rules/index.ts', ['rules/parse-pack.ts']),
    mod('rules/parse-pack.ts', ['node_modules/valibot/dist/index.mjs']),
    mod('node_modules/dexie/dist/dexie.js'),
  ]),
];

describe('the build-output checks', () => {
  it('find nothing wrong in a clean graph', () => {
    expect(pageProblems(inPage(clean, ['overlay-ui.js']))).toEqual([]);
    expect(rulesProblems(clean)).toEqual([]);
  });

  it('read the package of a module id, scoped or not', () => {
    expect(packageOf('node_modules/preact/hooks/dist/hooks.module.js')).toBe('preact');
    expect(packageOf('/x/node_modules/a/node_modules/@wxt-dev/browser/src/index.mjs')).toBe('@wxt-dev/browser');
    expect(packageOf('rules/engine.ts')).toBeUndefined();
  });

  it('catch background code and Dexie in a content script, and in a chunk it imports', () => {
    const graph = [
      chunk(
        'content-scripts/overlay.js',
        [mod('overlay/runtime.ts', ['background/store.ts']), mod('background/store.ts')],
        ['chunks/shared.js'],
      ),
      chunk('chunks/shared.js', [mod('node_modules/dexie/dist/dexie.js')]),
      chunk('background.js', [mod('background/start.ts'), mod('node_modules/dexie/dist/dexie.js')]),
    ];
    expect(pageProblems(inPage(graph, []))).toEqual([
      'content-scripts/overlay.js carries background code: background/store.ts',
      'chunks/shared.js carries Dexie: node_modules/dexie/dist/dexie.js',
    ]);
  });

  it('catch the same in a bundle the background injects into a page', () => {
    const graph = [chunk('picker.js', [mod('pages/popup/App.tsx'), mod('background/db/picks.ts')])];
    expect(pageProblems(inPage(graph, ['picker.js']))).toEqual([
      "picker.js carries an extension page's view: pages/popup/App.tsx",
      'picker.js carries background code: background/db/picks.ts',
    ]);
    expect(inPage(graph, [])).toEqual([]);
  });

  it.each([
    ['preact/hooks', 'node_modules/preact/hooks/dist/hooks.module.js', 'Preact'],
    ['preact', 'node_modules/preact/dist/preact.module.js', 'Preact'],
    ['wxt/browser', 'node_modules/wxt/dist/browser.mjs', 'WXT'],
    ['#imports', '\0virtual:wxt-imports', 'a virtual module'],
    ['@wxt-dev/browser', 'node_modules/@wxt-dev/browser/src/index.mjs', 'WXT'],
    ['webextension-polyfill', 'node_modules/webextension-polyfill/dist/browser-polyfill.js', 'a browser API'],
    ['dexie', 'node_modules/dexie/import-wrapper.mjs', 'Dexie'],
    ['another package', 'node_modules/lodash/lodash.js', 'the package lodash'],
    ['the background', 'background/store.ts', 'code outside rules/'],
  ])('catch rules/ importing %s, statically or dynamically', (_what, imported, why) => {
    for (const graph of [
      [chunk('background.js', [mod('rules/engine/rule-view.ts', [imported])])],
      [chunk('overlay-ui.js', [mod('rules/conditions/value.ts', [], [imported])])],
    ]) {
      const [problem, ...more] = rulesProblems(graph);
      expect(more).toEqual([]);
      expect(problem).toMatch(new RegExp(`^rules/[a-z/-]+\\.ts imports ${why}`));
      expect(problem).toContain(imported);
    }
  });
});
