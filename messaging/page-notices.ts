/**
 * What the background tells the extension's open pages (the side panel, the popup, the editor):
 * a panel's content changed (`panel.changed`), a pick started or ended (`picker.changed`), a
 * recording changed (`recording.changed`). Nothing answers a notice.
 *
 * Notices travel on a BroadcastChannel of the extension's origin, not as runtime messages. A page
 * that listened to `runtime.onMessage` would also be handed every message the overlay content
 * scripts send the background (each batch of usage events, each page report), which the browser
 * copies to it and it throws away: with the popup open, the store benchmark spent a quarter of
 * the browser's time on those copies. A channel is keyed by origin: web pages and content scripts
 * (whose origin is the site's) can neither hear nor send on it.
 */
import type { PanelChanged } from './areas/panel';
import type { PickerEvent } from './areas/picker';
import type { RecordingEvent } from './areas/recording';

export type PageNotice = PanelChanged | PickerEvent | RecordingEvent;

/** The channel's name (within the extension's origin). */
export const PAGE_NOTICES_CHANNEL = 'stepwise-page-notices';

let channel: BroadcastChannel | null = null;

/** Tells every open extension page `notice`; none listening is fine. */
export function noticePages(notice: PageNotice): void {
  channel ??= new BroadcastChannel(PAGE_NOTICES_CHANNEL);
  channel.postMessage(notice);
}

/** Calls `listener` with each notice the background sends, until `signal` aborts. */
export function onPageNotice(listener: (notice: PageNotice) => void, signal: AbortSignal): void {
  if (signal.aborted) return;
  const heard = new BroadcastChannel(PAGE_NOTICES_CHANNEL);
  heard.onmessage = (event: MessageEvent<PageNotice>) => listener(event.data);
  signal.addEventListener('abort', () => heard.close(), { once: true });
}
