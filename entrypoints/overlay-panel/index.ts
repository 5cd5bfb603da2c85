import { defineUnlistedScript } from '#imports';
import { attachPanel } from '../../overlay/panel-page';
import { registeredRuntime } from '../../overlay/probes';

// The side panel's part on the page: checklists and the panel's questions. Injected by the
// background into a tab's top frame only where the page has checklists or the panel asks it
// something; it attaches (once) to the runtime that the content script left in the isolated world.
export default defineUnlistedScript(() => {
  const api = registeredRuntime();
  if (api && !api.panel) api.panel = attachPanel(api);
});
