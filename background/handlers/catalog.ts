/** Starting a walkthrough from the side panel: the background asks the overlay in the tab. */
import type { StartOutcome } from '../../messaging/areas/catalog';
import type { Handlers } from '../router';
import { askPage, tabOf } from './panel';

export function catalogHandlers(): Pick<Handlers, 'catalog.start'> {
  return {
    'catalog.start': async ({ tabId, ruleId }) => {
      await tabOf(tabId);
      return askPage<StartOutcome>(tabId, { type: 'overlay.start', ruleId }).catch(
        (): StartOutcome => ({ started: false, reason: 'unreachable' }),
      );
    },
  };
}
