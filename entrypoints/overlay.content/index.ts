import { defineContentScript } from '#imports';
import { startOverlay } from '../../overlay/runtime';
import { createEngine } from '../../rules/engine';

export default defineContentScript({
  // Registered at runtime (background/sites.ts) for the sites the user turned Stepwise on for.
  registration: 'runtime',
  matches: [],
  runAt: 'document_idle',
  main: (ctx) => startOverlay(ctx, { createEngine }),
});
