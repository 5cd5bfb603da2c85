import { defineUnlistedScript } from '#imports';

// The overlay's UI bundle, injected by the background (`overlay.loadUi`) into a frame where help
// is due, so pages without help never load it.
export default defineUnlistedScript(() => {});
