/**
 * The picker bundle's commands: start a session for the background, generate the picked
 * element's target (`rules/authoring`), report it (`picker.result`), and show what was picked.
 */
import { sendMessage } from '../messaging/send';
import { type GeneratedTarget, generateTarget } from '../rules/authoring';
import type { PickerCommands } from './bridge';
import css from './picker.css?inline';
import { PickerSession } from './session';

/** How long the note of what was picked stays on the page. */
const NOTE_MS = 6_000;
/** At most this many candidates travel (the best first). */
const MAX_CANDIDATES = 30;

/** The result as the message carries it: bounded, selectors of a sane length. */
function forMessage(result: GeneratedTarget): GeneratedTarget {
  return {
    ...result,
    candidates: result.candidates.filter((c) => c.target.selector.length <= 2000).slice(0, MAX_CANDIDATES),
  };
}

export function pickerCommands(doc: Document = document): PickerCommands {
  let running: AbortController | null = null;
  const stop = () => {
    running?.abort();
    running = null;
  };
  return {
    stop,
    start(sessionId) {
      stop();
      const controller = new AbortController();
      running = controller;
      const win = doc.defaultView!;
      const later = (ms: number) => {
        const timer = win.setTimeout(() => controller.abort(), ms);
        controller.signal.addEventListener('abort', () => win.clearTimeout(timer), { once: true });
      };
      const report = (outcome: 'picked' | 'cancelled', pick?: GeneratedTarget) =>
        sendMessage({ type: 'picker.result', sessionId, url: doc.location.href, outcome, ...(pick && { pick }) });
      const session = new PickerSession({
        css,
        signal: controller.signal,
        doc,
        onPick(element) {
          let result: GeneratedTarget;
          try {
            result = generateTarget(element, { root: doc, origin: doc.location.origin });
          } catch (error) {
            session.view.showResult(null, `The target could not be worked out: ${String(error)}`);
            later(NOTE_MS);
            return;
          }
          session.view.showResult(result);
          later(NOTE_MS);
          report('picked', forMessage(result)).catch((error) =>
            session.view.showResult(null, `Stepwise did not get the pick (${String(error)}). Start the picker again.`),
          );
        },
        onCancel() {
          later(700);
          report('cancelled').catch(() => undefined);
        },
      });
    },
  };
}
