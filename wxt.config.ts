import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/**
 * Origins the demo and the e2e builds are granted at install, so the demo CRM works without the
 * permission prompt (which a headless browser cannot accept). Production builds ask at runtime.
 */
export const DEMO_ORIGINS = ['http://127.0.0.1/*'];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports (from '#imports') keep the dependency direction visible.
  imports: false,
  manifestVersion: 3,
  hooks: {
    // The always-loaded content script is an unlisted script (WXT's content script context talks to
    // the page: entrypoints/overlay/index.ts); it keeps the path content scripts have.
    'entrypoints:resolved': (wxt, entrypoints) => {
      for (const entry of entrypoints) {
        if (entry.type === 'unlisted-script' && entry.name === 'overlay') {
          entry.outputDir = resolve(wxt.config.outDir, 'content-scripts');
        }
      }
    },
  },
  vite: () => ({
    plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  }),
  manifest: ({ mode, browser }) => ({
    name: 'Stepwise',
    description: 'Step-by-step help, tips and checklists inside the business web apps you work in.',
    permissions: [
      'storage',
      'scripting',
      'alarms',
      'unlimitedStorage',
      'activeTab',
      ...(browser === 'firefox' ? [] : ['sidePanel']),
    ],
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
