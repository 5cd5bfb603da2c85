/**
 * Handlers backed by the extension's database. Until the data layer lands these keep nothing:
 * they answer with an empty state so the overlay can start.
 */
import { browser } from '#imports';
import type { Handlers } from '../message-router';

type StoreMessages =
  | 'overlay.hello'
  | 'usage.record'
  | 'progress.update'
  | 'rule.known'
  | 'tip.dismissed'
  | 'packs.import';

export function storeHandlers(): Pick<Handlers, StoreMessages> {
  return {
    'overlay.hello': async (_message, sender) => {
      const tabId = sender.tab?.id;
      if (tabId !== undefined) {
        await browser.action.setBadgeText({ tabId, text: 'on' });
        await browser.action.setBadgeBackgroundColor({ tabId, color: '#2b6cb0' });
      }
      return {
        enabled: true,
        rules: [],
        progress: {},
        completions: {},
        known: [],
        dismissedTips: [],
        settings: { expertAfter: 3 },
      };
    },
    'usage.record': () => {
      throw new Error('Usage counting is not available yet');
    },
    'progress.update': () => {
      throw new Error('Progress is not saved yet');
    },
    'rule.known': () => {
      throw new Error('Preferences are not saved yet');
    },
    'tip.dismissed': () => {
      throw new Error('Preferences are not saved yet');
    },
    'packs.import': () => {
      throw new Error('Importing packs is not available yet');
    },
  };
}
