import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import type { AliasOptions, InlineConfig } from 'vite';
import { defineConfig } from 'wxt';
import { clearModuleGraph, moduleGraph } from './build/module-graph';
import { recompress } from './build/recompress';

/**
 * Origins the demo and the e2e builds are granted at install, so the demo CRM works without the
 * permission prompt (which a headless browser cannot accept). Production builds ask at runtime.
 */
export const DEMO_ORIGINS = ['http://127.0.0.1/*'];

/**
 * Takes webextension-polyfill out of a build: `wxt/browser` then resolves to WXT's own export, the
 * browser's `browser` (Firefox) or `chrome` (Chromium) object.
 */
function withoutPolyfill(config: InlineConfig): void {
  const alias: AliasOptions = config.resolve?.alias ?? [];
  const list = Array.isArray(alias)
    ? alias
    : Object.entries(alias).map(([find, replacement]) => ({ find, replacement: replacement as string }));
  config.resolve = { ...config.resolve, alias: list.filter((a) => a.find !== 'wxt/browser') };
}

/** The always-loaded content script (an unlisted script: entrypoints/overlay). */
const isOverlayScript = (entry: { type: string; name: string }) =>
  entry.type === 'unlisted-script' && entry.name === 'overlay';

/**
 * Globs for what git ignores here (`.gitignore`): a pattern without a slash matches at any depth,
 * one with a slash from the project's root; a folder pattern takes everything in it.
 */
function gitIgnoredGlobs(): string[] {
  // Absent where the project was unpacked from its sources zip (a reviewer's rebuild).
  const file = new URL('.gitignore', import.meta.url);
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  return lines.flatMap((line) => {
    const pattern = line.trim();
    if (!pattern || pattern.startsWith('#') || pattern.startsWith('!')) return [];
    const folder = pattern.endsWith('/');
    const path = pattern.replace(/^\/|\/$/g, '');
    const glob = pattern.slice(0, -1).includes('/') ? path : `**/${path}`;
    return folder ? [`${glob}/**`] : [glob, `${glob}/**`];
  });
}

/**
 * What the sources zip (sent with the Firefox build for review) leaves out, besides WXT's own
 * exclusions (node_modules, dotfiles, tests, the build output): what git ignores (screenshots,
 * logs, local settings) and the tools around the extension that its build never reads.
 */
const NOT_FOR_REVIEW = [
  ...gitIgnoredGlobs(),
  ...['test', 'bench', 'demo-crm', 'browser-harness', 'scripts', 'docs', 'packs'].map((dir) => `${dir}/**`),
  'vitest.config.ts',
  'biome.json',
  'DEVELOPERS.md',
];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports (from '#imports') keep the dependency direction visible.
  imports: false,
  manifestVersion: 3,
  zip: { excludeSources: NOT_FOR_REVIEW },
  vite: () => ({
    // moduleGraph: what each built file is made of, for the build-output tests (test/build/).
    plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false }), moduleGraph()],
    // Rolldown warns when plugins take a large share of a build's time, which on a busy machine
    // says more about the machine than the build: a normal build prints no warning.
    build: { rolldownOptions: { checks: { bundlerTimings: false } } },
  }),
  hooks: {
    'build:before': (wxt) => clearModuleGraph(wxt.config.outDir),
    // The scripts that go into pages only send messages, and in MV3 both browsers' own
    // `runtime.sendMessage` returns a promise (the background answers every message with an
    // envelope, never a rejection). So they use the browser's own object, not the polyfill: 2.8 KB
    // of the content script's 15,000-byte gzipped budget. In Firefox the polyfill handed back the
    // native `browser` anyway. A message listener added there must answer through `sendResponse`
    // in Chromium. (The overlay itself reads no `browser` from #imports: overlay/extension.ts.)
    'vite:build:extendConfig': (entrypoints, config) => {
      if (entrypoints.some((e) => e.type === 'content-script' || isOverlayScript(e))) withoutPolyfill(config);
      if (entrypoints.some(isOverlayScript)) config.plugins = [...(config.plugins ?? []), recompress()];
    },
    // An entrypoint meant for some browsers only (`include`/`exclude`, e.g. the URLPattern polyfill,
    // Firefox's alone) is left out of the other builds on purpose: drop it before WXT warns on
    // every build that it was skipped. (With `--filter-entrypoint`, WXT still lists what it skips.)
    'entrypoints:resolved': (wxt, entrypoints) => {
      // The always-loaded content script is an unlisted script (WXT's content script context talks
      // to the page: entrypoints/overlay/index.ts); it keeps the path content scripts have.
      for (const entry of entrypoints) {
        if (isOverlayScript(entry)) entry.outputDir = resolve(wxt.config.outDir, 'content-scripts');
      }
      if (wxt.config.filterEntrypoints) return;
      for (let i = entrypoints.length - 1; i >= 0; i--) {
        const { skipped, options } = entrypoints[i]!;
        if (skipped && (options.include?.length || options.exclude?.length)) entrypoints.splice(i, 1);
      }
    },
  },
  manifest: ({ mode, browser }) => ({
    name: 'Stepwise',
    description: 'Step-by-step help, tips and checklists inside the business web apps you work in.',
    permissions: [
      'storage',
      'scripting',
      'alarms',
      'unlimitedStorage',
      'activeTab',
      // The help panel follows the tab it sits beside: it reads that tab's address to show the
      // page's help, or to say why there is none (a browser page, a PDF, a site that is off).
      'tabs',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
    // The shortcut that opens the help panel: Firefox opens its sidebar itself; in Chrome the
    // background opens the side panel (`background/panel-command.ts`).
    commands: {
      [browser === 'firefox' ? '_execute_sidebar_action' : 'open-help-panel']: {
        suggested_key: { default: 'Alt+Shift+P' },
        description: 'Open the Stepwise help panel',
      },
    },
    // No site access at install: a site is turned on by the user (or a rule pack), which asks for
    // its origin and registers the overlay there.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    host_permissions: mode === 'e2e' || mode === 'demo' ? DEMO_ORIGINS : [],
    action: { default_title: 'Stepwise' },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'stepwise@stepwise.dev',
          strict_min_version: '128.0',
          // Nothing leaves the browser unless a team points Stepwise at its own sync server.
          data_collection_permissions: { required: ['none'] },
        },
      },
    }),
  }),
});
