import { browser } from '#imports';
import type { Handlers } from '../router';
import { enabledOrigins } from '../sites';

export function siteHandlers(): Pick<Handlers, 'sites.list' | 'sites.disable'> {
  return {
    'sites.list': async () => ({ origins: await enabledOrigins() }),
    'sites.disable': async ({ origin }) => ({ removed: await browser.permissions.remove({ origins: [origin] }) }),
  };
}
