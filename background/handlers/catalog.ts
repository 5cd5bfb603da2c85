/** Starting a walkthrough from the side panel: the background asks the overlay in the tab. */
import type { StartOutcome } from '../../messaging/areas/catalog';
import type { Handlers } from '../router';
import type { Store } from '../store';
import { askPage, tabOf } from './panel';
import { type OriginFilter, personsRules } from './store';

export function catalogHandlers(
  store: Store,
  mayApply: OriginFilter,
  ask: typeof askPage = askPage,
): Pick<Handlers, 'catalog.start'> {
  return {
    'catalog.start': async ({ tabId, ruleId }) => {
      const tab = await tabOf(tabId);
      const outcome = await ask<StartOutcome>(tabId, { type: 'overlay.start', ruleId }).catch(
        (): StartOutcome => ({ started: false, reason: 'unreachable' }),
      );
      // A page holds only the rules for the addresses it has been at: a rule of the site that it
      // does not know (a pack's, or the person's own tip) is for another page of it.
      if (outcome.started || outcome.reason !== 'unknown' || !tab.url) return outcome;
      const { rules } = await personsRules(store);
      const url = tab.url;
      return rules.some((r) => r.id === ruleId && mayApply(r, url)) ? { started: false, reason: 'elsewhere' } : outcome;
    },
  };
}
