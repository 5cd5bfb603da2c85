/**
 * What each built file is made of, written down by the build itself: for every chunk Vite
 * (Rolldown) emits, the source modules in it with their rendered size, and for each module the
 * modules it imports. `test/build/` reads it to check what ends up in which context (no
 * background code or Dexie in what goes into a page, no browser API in `rules/`, no test tools in
 * a production build).
 *
 * Written beside the build, never inside it (`.output/module-graph/<build>/`), so it is not
 * shipped. Written by hand: Vite has no metafile of its own, and the bundler's plugin API gives
 * exactly this.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** A source module inside a built file. Ids are paths from the project root, or as the bundler names them. */
export interface BuiltModule {
  id: string;
  /** Bytes of code it contributes after tree-shaking (0: it is in the graph, none of its code is). */
  bytes: number;
  imports: string[];
  dynamicImports: string[];
}

/** A built file and the modules it is made of. */
export interface BuiltChunk {
  file: string;
  /** Other built files it imports (shared chunks). */
  imports: string[];
  modules: BuiltModule[];
}

/** Where the module graph of the build in `outDir` is written. */
export const moduleGraphDir = (outDir: string) => join(dirname(outDir), 'module-graph', basename(outDir));

/** Empties the module graph of the build in `outDir` (before a new build writes it again). */
export function clearModuleGraph(outDir: string): void {
  rmSync(moduleGraphDir(outDir), { recursive: true, force: true });
}

/** The Vite plugin that writes one `<file>.json` (a `BuiltChunk`) per built script. */
export function moduleGraph(): Plugin {
  let root = '';
  let outDir = '';
  return {
    name: 'stepwise:module-graph',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(root, config.build.outDir);
    },
    generateBundle(_options, bundle) {
      const dir = moduleGraphDir(outDir);
      mkdirSync(dir, { recursive: true });
      const name = (id: string) => (id.startsWith(`${root}/`) ? relative(root, id) : id);
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const modules = Object.entries(chunk.modules).map(([id, rendered]): BuiltModule => {
          const info = this.getModuleInfo(id);
          return {
            id: name(id),
            bytes: rendered.renderedLength,
            imports: (info?.importedIds ?? []).map(name),
            dynamicImports: (info?.dynamicallyImportedIds ?? []).map(name),
          };
        });
        const graph: BuiltChunk = {
          file: chunk.fileName,
          imports: [...chunk.imports, ...chunk.dynamicImports],
          modules,
        };
        writeFileSync(join(dir, `${chunk.fileName.replaceAll('/', '__')}.json`), JSON.stringify(graph, null, 1));
      }
    },
  };
}
