/**
 * Personal tips for extension pages (the popup): each edit of a tip's words is saved at once and
 * in order, because the popup closes as soon as the page is clicked; the tip being written is
 * remembered, so the popup reopens on it.
 */
import type { PersonalTip } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import { rememberedId, SaveQueue, type SaveState } from './save-queue';

/** Saves one tip's words one edit after another (never an older edit over a newer one). */
export class TipSaver extends SaveQueue<{ title: string; text: string }> {
  constructor(
    readonly id: string,
    onState: (state: SaveState) => void,
    onSaved: (tip: PersonalTip) => void = () => undefined,
  ) {
    super(async (words) => {
      const { tip } = await sendMessage({ type: 'tips.save', id, ...words });
      return { at: tip.updatedAt, afterSaved: () => onSaved(tip) };
    }, onState);
  }
}

/** Which tip the popup had open, so reopening it shows the tip where it was. */
export const openTipId = rememberedId('stepwise.my-tips.open');

/** Where a tip's suggestion stands, in words for its author. */
export function suggestionWords(tip: PersonalTip, connected: boolean): string {
  const s = tip.suggestion;
  if (!s) return 'Only you see this tip.';
  switch (s.status) {
    case 'queued':
      return connected
        ? 'Suggested to your team: it goes to your team’s server with the next sync.'
        : 'Suggested to your team: it will be sent once a team server is connected (in Settings). It waits in this browser until then; nothing is lost.';
    case 'sent':
      return 'Suggested to your team: your team’s server has it, waiting for an admin to review it.';
    case 'published':
      return `Your team published it${s.packId ? ` in the pack “${s.packId}”` : ''}: everyone on the team sees it now.`;
    case 'declined':
      return `Your team declined it${s.note ? `: “${s.note}”` : '.'} It still shows to you.`;
  }
}

/** A tip's name in a list: its title, else the start of its text. */
export function tipLabel(tip: PersonalTip): string {
  const words = (tip.title || tip.text).replace(/\s+/g, ' ').trim();
  if (!words) return 'A tip with no words yet';
  return words.length > 60 ? `${words.slice(0, 59)}…` : words;
}
