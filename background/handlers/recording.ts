/** Recording a walkthrough: started and stopped from the popup, fed by the recorder in the page. */

import { recordingsOf } from '../recording';
import { type Handlers, sameOrigin } from '../router';
import type { Store } from '../store';

type RecordingMessages =
  | 'recording.start'
  | 'recording.stop'
  | 'recording.status'
  | 'recording.action'
  | 'recording.finish';

export function recordingHandlers(store: Store): Pick<Handlers, RecordingMessages> {
  const recordings = recordingsOf(store);
  return {
    'recording.start': ({ tabId }) => recordings.start(tabId),
    'recording.stop': ({ tabId }) => recordings.stop({ tabId }),
    'recording.status': async () => ({ recording: await recordings.status() }),
    // From the recorder in the page: only from the top frame, on the origin the browser names for it.
    'recording.action': ({ sessionId, url, kind, target, name, role, secret }, sender) =>
      recordings.add(sessionId, sender.tab?.id, sender.frameId === 0 && sameOrigin(url, sender.url) ? url : undefined, {
        kind,
        target,
        name,
        role,
        ...(secret && { secret }),
      }),
    'recording.finish': ({ sessionId }, sender) => recordings.stop({ sessionId, tabId: sender.tab?.id }),
  };
}
