/**
 * The layout's rules, checked on the sources: which folder may import what. (What ends up in the
 * built bundles is checked on the build output, in `build-output.test.ts`.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { HEAVY_TEST_MS } from '../budget';

const root = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Source files under these folders of the project, as paths relative to its root. */
const filesUnder = (...dirs: string[]) =>
  dirs
    .flatMap((dir) => (existsSync(join(root, dir)) ? sourceFiles(join(root, dir)) : []))
    .map((f) => relative(root, f));

/**
 * Every module a file imports (static, type-only, dynamic, re-exports), as TypeScript reads them:
 * relative ones as paths from the project root, packages as written.
 */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return importedFiles.map(({ fileName }) =>
    fileName.startsWith('.') ? relative(root, resolve(root, dirname(file), fileName)) : fileName,
  );
}

/** Whether an import (as `importsOf` gives it) lands in one of `dirs`. */
const inside = (imported: string, dirs: readonly string[]) =>
  dirs.some((dir) => imported === dir || imported.startsWith(`${dir}/`));

/** Packages the pure core may not import, subpaths included (`preact/hooks`, `wxt/browser`). */
const FORBIDDEN_PACKAGES: [RegExp, string][] = [
  [/^(#imports|wxt|@wxt-dev\/[^/]+)(\/|$)/, 'WXT'],
  [/^webextension-polyfill(\/|$)/, 'a browser API'],
  [/^dexie(\/|$)/, 'Dexie'],
  [/^(preact|@preact\/[^/]+)(\/|$)/, 'Preact'],
];

/** Why importing `spec` from `rules/` is refused, or undefined when it is allowed. */
function forbiddenInRules(spec: string): string | undefined {
  return FORBIDDEN_PACKAGES.find(([pattern]) => pattern.test(spec))?.[1];
}

/** Uses of the browser's APIs and storage, which the pure core takes as parameters instead. */
const forbiddenUses: [RegExp, string][] = [
  [/\b(browser|chrome)\.(runtime|storage|tabs|scripting|permissions)\b/, 'calls a browser extension API'],
  [/\bindexedDB\b/, 'touches IndexedDB'],
];

describe('rules/ is the pure core', () => {
  const files = sourceFiles(join(root, 'rules'));

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each([
    ['preact/hooks', 'Preact'],
    ['preact', 'Preact'],
    ['@preact/signals', 'Preact'],
    ['wxt/browser', 'WXT'],
    ['wxt', 'WXT'],
    ['#imports', 'WXT'],
    ['@wxt-dev/browser', 'WXT'],
    ['webextension-polyfill', 'a browser API'],
    ['dexie/dist/dexie.mjs', 'Dexie'],
    ['valibot', undefined],
    ['preactish', undefined],
    ['./wxt', undefined],
  ])('refuses an import of %s (%s)', (spec, why) => {
    expect(forbiddenInRules(spec)).toBe(why);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s uses no browser, WXT, Dexie or Preact', (name, file) => {
    // Every import TypeScript sees: static, type-only, side-effect, dynamic, re-exports.
    const imports = importsOf(name).flatMap((spec) => {
      const why = forbiddenInRules(spec);
      return why ? [`imports ${why} (${spec})`] : [];
    });
    const text = readFileSync(file, 'utf8');
    const uses = forbiddenUses.filter(([pattern]) => pattern.test(text)).map(([, why]) => why);
    expect([...imports, ...uses]).toEqual([]);
  });

  it('has Biome refuse the same imports in rules/, subpaths included, and allow them elsewhere', {
    timeout: HEAVY_TEST_MS,
  }, () => {
    // The project's Biome settings, applied to probe files in a scratch copy of the layout.
    const dir = mkdtempSync(join(tmpdir(), 'stepwise-biome-'));
    try {
      const {
        vcs: _vcs,
        files: _files,
        $schema: _schema,
        ...config
      } = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
      writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
      const specs = ['preact/hooks', 'wxt/browser', 'dexie', '#imports', 'webextension-polyfill', 'valibot'];
      const probes = ['rules', 'overlay'].flatMap((folder) =>
        specs.map((spec, i) => {
          mkdirSync(join(dir, folder), { recursive: true });
          const file = `${folder}/probe-${i}.ts`;
          writeFileSync(join(dir, file), `import * as m from '${spec}';\n\nexport const probe = m;\n`);
          return { file, spec };
        }),
      );
      // One run over every probe (a run per probe is slow on a busy machine); errors come back one a line.
      const run = spawnSync(join(root, 'node_modules/.bin/biome'), ['lint', '--reporter=github', 'rules', 'overlay'], {
        cwd: dir,
        encoding: 'utf8',
      });
      const flagged = new Set(
        [...run.stdout.matchAll(/^::error title=lint\/style\/noRestrictedImports,file=([^,]+),/gm)].map((m) =>
          relative(dir, m[1]!),
        ),
      );
      expect(
        probes.filter(({ file }) => flagged.has(file)).map(({ file, spec }) => `${file.split('/')[0]} ${spec}`),
      ).toEqual(specs.filter((s) => s !== 'valibot').map((spec) => `rules ${spec}`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the background owns the database', () => {
  // Views, the overlay and the message contract reach the background by message only; the
  // contract has its own reply types, which the background maps its records to.
  const files = filesUnder(
    'pages',
    'components',
    'overlay',
    'overlay-ui',
    'messaging',
    'entrypoints/options',
    'entrypoints/popup',
    'entrypoints/sidepanel',
    'entrypoints/overlay',
    'entrypoints/overlay-ui',
  );

  it('has files to check in every folder', () => {
    for (const dir of ['pages', 'components', 'overlay', 'overlay-ui', 'messaging']) {
      expect(
        files.some((f) => f.startsWith(`${dir}/`)),
        dir,
      ).toBe(true);
    }
  });

  it.each(files)('%s imports nothing from background/', (file) => {
    expect(importsOf(file).filter((i) => inside(i, ['background']))).toEqual([]);
  });
});

describe('rules/ has front doors', () => {
  // The rest of the code uses the core through its entries only, so its modules can move and
  // change behind them: `rules/engine` for the overlay (no validation code), `rules/authoring` for
  // the picker, the recorder and the editor (the target generator, no validation code either), `rules/patterns`
  // for the on-demand pattern bundle, `rules/index` for everything else. Tests reach into the
  // core's modules on purpose and are not checked.
  const IN_PAGE = ['overlay', 'overlay-ui', 'entrypoints/overlay', 'entrypoints/overlay-ui'];
  const PICKER = ['picker', 'entrypoints/picker', 'recorder', 'entrypoints/recorder'];
  const DOORS: [string[], string[]][] = [
    [IN_PAGE, ['rules/engine']],
    [PICKER, ['rules/authoring']],
    [['entrypoints/overlay-patterns'], ['rules/patterns']],
    [['overlay-probe', 'entrypoints/overlay-probe'], ['rules/probe']],
  ];
  const ELSEWHERE = ['rules/index', 'rules/authoring'];
  const skipped = new Set(['rules', 'test', 'node_modules', '.output', '.wxt', '.git']);
  const top = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !skipped.has(e.name))
    .map((e) => e.name);
  const files = filesUnder(...top).filter((f) => !f.split('/').includes('test'));

  it('has code outside rules/ to check, in page and out', () => {
    expect(files.filter((f) => inside(f, IN_PAGE)).length).toBeGreaterThan(0);
    expect(files.filter((f) => inside(f, PICKER)).length).toBeGreaterThan(0);
    expect(files.filter((f) => inside(f, ['background', 'pages', 'server'])).length).toBeGreaterThan(0);
  });

  it.each(files)('%s imports rules/ only through its doors', (file) => {
    const doors = DOORS.find(([dirs]) => inside(file, dirs))?.[1] ?? ELSEWHERE;
    expect(importsOf(file).filter((i) => inside(i, ['rules']) && !doors.includes(i))).toEqual([]);
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
