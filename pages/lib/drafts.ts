/**
 * Drafts for extension pages (the popup's quick editor, the editor page): each edit is saved at
 * once, in order, so closing the popup (it closes when the page is clicked) loses nothing.
 */
import type { Draft } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import { rememberedId, SaveQueue, type SaveState } from './save-queue';

export type { SaveState };

/** Saves one draft's edits one after another (never an older edit over a newer one). */
export class DraftSaver extends SaveQueue<unknown> {
  constructor(
    readonly draft: Pick<Draft, 'id' | 'packId' | 'url'>,
    onState: (state: SaveState) => void,
  ) {
    super(async (rule) => {
      const { id, packId, url } = draft;
      const { updatedAt } = await sendMessage({
        type: 'drafts.save',
        id,
        rule,
        ...(packId && { packId }),
        ...(url && { url }),
      });
      return { at: updatedAt };
    }, onState);
  }
}

/** Which draft the quick editor had open, so reopening the popup shows it where it was. */
export const openDraftId = rememberedId('stepwise.quick-editor.open');
