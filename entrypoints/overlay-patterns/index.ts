import { defineUnlistedScript } from '#imports';
import { registerPatterns } from '../../overlay/bridge';
import { createLinearTester } from '../../rules/patterns';

// The linear-time pattern engine (RE2), injected by the background (`overlay.loadPatterns`) into a
// frame only where a rule that tests a pattern applies: too large for the always-loaded content
// script, which picks the tester up from the isolated world they share.
export default defineUnlistedScript(() => {
  registerPatterns(createLinearTester());
});
