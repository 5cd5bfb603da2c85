import { defineUnlistedScript } from '#imports';
import { startOverlayInPage } from '../../overlay/runtime';
import { createEngine } from '../../rules/engine';

// The always-loaded content script, registered at runtime (background/sites.ts) for the sites the
// user turned Stepwise on for. An unlisted script rather than a WXT content script: WXT's content
// script context announces itself to the page (a `window.postMessage` and DOM events named with
// the extension's id) and stops when the page dispatches that event. Its lifetime is ours
// (`overlay/lifetime.ts`), and wxt.config.ts writes it to content-scripts/overlay.js.
export default defineUnlistedScript({
  globalName: false,
  // Returns nothing: Firefox's scripting.executeScript (the background restarting the overlay in
  // open tabs) clones a script's result, and the running overlay cannot be cloned.
  main: () => {
    void startOverlayInPage({ createEngine });
  },
});
