/**
 * The picker for extension pages (the popup, the editor, recording): start it in a tab, read the
 * latest pick, and hear when a pick starts or ends.
 */
import type { PickRecord } from '../../messaging/areas/picker';
import { onPageNotice } from '../../messaging/page-notices';
import { sendMessage } from '../../messaging/send';

/** Starts the picker in `tabId`; resolves with the session id once it runs in the page. */
export async function startPicker(tabId: number, purpose?: string): Promise<string> {
  const { sessionId } = await sendMessage({ type: 'picker.start', tabId, ...(purpose && { purpose }) });
  return sessionId;
}

/** The latest pick in `tabId` (or in any tab). */
export async function latestPick(tabId?: number): Promise<PickRecord | null> {
  return (await sendMessage({ type: 'picker.last', ...(tabId !== undefined && { tabId }) })).pick;
}

/** Calls `listener` with each pick that starts or ends, until `signal` aborts. */
export function watchPicks(listener: (pick: PickRecord) => void, signal: AbortSignal): void {
  onPageNotice((notice) => {
    if (notice.type === 'picker.changed' && notice.pick) listener(notice.pick);
  }, signal);
}
