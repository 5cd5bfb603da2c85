import { defineUnlistedScript } from '#imports';
import { registerUi } from '../../overlay/bridge';
import { mountOverlayUi } from '../../overlay-ui/mount';

// The overlay's UI bundle (Preact, Floating UI, the cards), injected by the background
// (`overlay.loadUi`) into a frame only once help is due there. It registers its mount function in
// the isolated world it shares with the content script, which then mounts it.
export default defineUnlistedScript(() => {
  registerUi(mountOverlayUi);
});
