/**
 * Checks on what a build is made of, read from the module graph the build writes
 * (`build/module-graph.ts`). Pure functions over that graph, so a unit test can feed them a graph
 * that breaks each rule (`test/unit/build-graph.test.ts`) and the build tests the real one
 * (`test/build/build-output.test.ts`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltChunk } from '../../build/module-graph';
import { moduleGraphDir } from '../../build/module-graph';

export type { BuiltChunk, BuiltModule } from '../../build/module-graph';

/** The module graph of the build in `outDir`; fails, with the command to run, when there is none. */
export function readModuleGraph(outDir: string, command: string): BuiltChunk[] {
  const dir = moduleGraphDir(outDir);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  if (files.length === 0) throw new Error(`No module graph in ${dir}: run \`${command}\` first`);
  return files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as BuiltChunk);
}

/** The package a module id comes from (`@scope/name` or `name`), or undefined for the project's own code. */
export function packageOf(id: string): string | undefined {
  const at = id.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [first, second] = id.slice(at + 'node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : first;
}

/** Whether a module id is one of the bundler's or a plugin's virtual modules (WXT's `#imports`, say). */
export const isVirtual = (id: string) => id.startsWith('\0') || id.startsWith('virtual:') || id.includes(':');

const under = (id: string, dir: string) => id.startsWith(`${dir}/`);

/**
 * The built files that run in a web page: the content scripts and the bundles the background
 * injects on demand (the overlay's UI, the pattern engine, the picker), with the chunks they import.
 */
export function inPage(chunks: readonly BuiltChunk[], injected: readonly string[]): BuiltChunk[] {
  const byFile = new Map(chunks.map((c) => [c.file, c]));
  const out = new Map<string, BuiltChunk>();
  const visit = (c: BuiltChunk) => {
    if (out.has(c.file)) return;
    out.set(c.file, c);
    for (const f of c.imports ?? []) {
      const next = byFile.get(f);
      if (next) visit(next);
    }
  };
  for (const c of chunks) if (under(c.file, 'content-scripts') || injected.includes(c.file)) visit(c);
  return [...out.values()];
}

/** What a script that runs in a page may not carry: the background's code, Dexie, extension pages' views. */
export function pageProblems(chunks: readonly BuiltChunk[]): string[] {
  const problems: string[] = [];
  for (const chunk of chunks) {
    for (const { id } of chunk.modules) {
      if (under(id, 'background')) problems.push(`${chunk.file} carries background code: ${id}`);
      else if (packageOf(id) === 'dexie') problems.push(`${chunk.file} carries Dexie: ${id}`);
      else if (under(id, 'pages')) problems.push(`${chunk.file} carries an extension page's view: ${id}`);
    }
  }
  return problems;
}

/** Packages the pure core may use: validation, the linear-time regex engine, URLPattern, accessible names. */
export const RULES_PACKAGES = new Set([
  'valibot',
  '@valibot/to-json-schema',
  're2js',
  'urlpattern-polyfill',
  'dom-accessibility-api',
]);

const WHY: [(id: string) => boolean, string][] = [
  [(id) => ['wxt', '@wxt-dev/browser', '@wxt-dev/webextension-polyfill'].includes(packageOf(id) ?? ''), 'WXT'],
  [(id) => packageOf(id) === 'webextension-polyfill', 'a browser API (webextension-polyfill)'],
  [(id) => packageOf(id) === 'dexie', 'Dexie'],
  [(id) => ['preact', '@preact/signals'].includes(packageOf(id) ?? ''), 'Preact'],
  [isVirtual, 'a virtual module (WXT’s #imports and the like)'],
];

/**
 * Every import of a `rules/` module, in any built file, that leaves the pure core: another folder of
 * the project, or a package other than `RULES_PACKAGES` (named: WXT, Dexie, Preact, a browser API).
 * Subpaths count as their package (`preact/hooks` is Preact, `wxt/browser` is WXT).
 */
export function rulesProblems(chunks: readonly BuiltChunk[]): string[] {
  const problems = new Set<string>();
  for (const chunk of chunks) {
    for (const m of chunk.modules) {
      if (!under(m.id, 'rules')) continue;
      for (const imported of [...m.imports, ...m.dynamicImports]) {
        if (under(imported, 'rules')) continue;
        const pkg = packageOf(imported);
        if (pkg && RULES_PACKAGES.has(pkg)) continue;
        const why = WHY.find(([test]) => test(imported))?.[1] ?? (pkg ? `the package ${pkg}` : 'code outside rules/');
        problems.add(`${m.id} imports ${why}: ${imported}`);
      }
    }
  }
  return [...problems];
}

/** Source modules, by id, whose code (not only their name) is in any built file. */
export function modulesWithCode(chunks: readonly BuiltChunk[]): Set<string> {
  return new Set(chunks.flatMap((c) => c.modules.filter((m) => m.bytes > 0).map((m) => m.id)));
}
