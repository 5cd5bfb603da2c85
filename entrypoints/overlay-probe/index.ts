import { defineUnlistedScript } from '#imports';
import { extensionAlive, extensionRuntime } from '../../overlay/extension';
import { startProbe } from '../../overlay-probe/start';

// Content health from pages people already visit: injected by the background (after the overlay's
// greeting) where rules are due for a probe, it looks for their targets in idle time and reports.
// It reaches the extension as the overlay does (`overlay/extension.ts`): through the browser's own
// object, which no page element can shadow.
export default defineUnlistedScript(() => {
  const runtime = extensionRuntime();
  if (runtime)
    void startProbe(
      (message) => runtime.sendMessage(message),
      () => extensionAlive(),
    );
});
