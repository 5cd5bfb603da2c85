import { defineContentScript } from '#imports';
import { createEngine } from '../../rules/engine';
import { startOverlay } from '../../utils/overlay';

export default defineContentScript({
  // Registered at runtime (utils/sites.ts) for the sites the user turned Stepwise on for.
  registration: 'runtime',
  matches: [],
  runAt: 'document_idle',
  main: (ctx) => startOverlay(ctx, { createEngine }),
});
