import { defineContentScript } from '#imports';
import { startOverlay } from '../../overlay/runtime';
import { createEngine } from '../../rules/engine';

export default defineContentScript({
  // Registered at runtime (background/sites.ts) for the sites the user turned Stepwise on for.
  registration: 'runtime',
  matches: [],
  runAt: 'document_idle',
  // Resolves to nothing: Firefox's scripting.executeScript (the background restarting the overlay
  // in open tabs) clones a script's result, and the running overlay cannot be cloned.
  main: async (ctx) => {
    await startOverlay(ctx, { createEngine });
  },
});
