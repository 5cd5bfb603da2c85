import { browser, defineUnlistedScript } from '#imports';
import { startProbe } from '../../overlay-probe/start';

// Content health from pages people already visit: injected by the background (after the overlay's
// greeting) where rules are due for a probe, it looks for their targets in idle time and reports.
export default defineUnlistedScript(() => {
  void startProbe(browser.runtime.sendMessage.bind(browser.runtime));
});
