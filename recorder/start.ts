/**
 * The recorder bundle's commands: while the background's recording runs in this tab, each click on
 * a button or link and each field filled is reported (`recording.action`) with a target from the
 * picker's own generator (`rules/authoring`), and the indicator shows the step count. Listeners
 * are passive and in the capture phase on the window (so the element is described before the app
 * changes it): nothing is stopped or prevented, and the app's handlers run as always. No value
 * typed in a field is ever read into a report.
 */
import { sendMessage } from '../messaging/send';
import { frameDocument, targetOf } from '../picker/tree';
import { generateTarget } from '../rules/authoring';
import type { RecorderCommands } from './bridge';
import { clickedControl, filledField, fromHost, secretField } from './capture';
import { RecorderIndicator } from './indicator';
import css from './recorder.css?inline';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The typed value of a field, only to keep it out of its target. */
function typed(el: Element): string {
  if ('value' in el && typeof (el as HTMLInputElement).value === 'string') return (el as HTMLInputElement).value;
  return el.getAttribute('contenteditable') !== null ? (el.textContent ?? '') : '';
}

export function recorderCommands(doc: Document = document): RecorderCommands {
  let running: { controller: AbortController; sessionId: string; indicator: RecorderIndicator } | null = null;
  const stop = () => {
    running?.controller.abort();
    running = null;
  };

  const start = (sessionId: string, steps: number) => {
    if (running?.sessionId === sessionId) {
      running.indicator.steps(steps);
      return;
    }
    stop();
    const controller = new AbortController();
    const { signal } = controller;
    const indicator = new RecorderIndicator(
      css,
      signal,
      () => {
        indicator.problem('');
        sendMessage({ type: 'recording.finish', sessionId })
          .then(stop)
          .catch((e: unknown) =>
            indicator.problem(`Stepwise did not hear Stop (${errorText(e)}). Stop from the toolbar.`),
          );
      },
      doc,
    );
    indicator.steps(steps);
    running = { controller, sessionId, indicator };
    /** The last field reported: more typing in it is the same step. */
    let lastField: Element | null = null;

    const report = (kind: 'click' | 'fill', el: Element) => {
      let message: Parameters<typeof sendMessage<'recording.action'>>[0];
      try {
        const value = kind === 'fill' ? typed(el) : '';
        const result = generateTarget(el, {
          root: doc,
          origin: doc.location.origin,
          // Some apps mirror what is typed into an attribute: never let it into the target.
          ...(value && { ignoreAttribute: (name: string) => (el.getAttribute(name) ?? '').includes(value) }),
        });
        const target = { ...result.target };
        if (value && target.text?.includes(value)) delete target.text;
        if (target.fallbacks) target.fallbacks = target.fallbacks.filter((f) => f.length <= 2000).slice(0, 10);
        message = {
          type: 'recording.action',
          sessionId,
          url: doc.location.href,
          kind,
          target,
          name: result.element.name.slice(0, 500),
          role: result.element.role.slice(0, 100),
          ...(kind === 'fill' && secretField(el) && { secret: true }),
        };
      } catch (error) {
        indicator.problem(`That step could not be recorded: ${errorText(error)}`);
        return;
      }
      sendMessage(message).then(
        (reply) => {
          if (!reply.recording) stop();
          else {
            indicator.steps(reply.steps);
            indicator.problem('');
          }
        },
        (error: unknown) => indicator.problem(`Stepwise did not get that step (${errorText(error)}).`),
      );
    };

    const options = { capture: true, passive: true, signal };
    const onClick = (event: Event) => {
      if (fromHost(event, indicator.host)) return;
      const control = clickedControl(event);
      if (!control) return;
      lastField = null;
      report('click', control);
    };
    const onFill = (event: Event) => {
      if (fromHost(event, indicator.host)) return;
      const field = filledField(event);
      if (!field || field === lastField) return;
      lastField = field;
      report('fill', field);
    };
    // Same-origin frames (a notes editor, say) are listened to as well, once per document they
    // load: when one is there at the start, when the pointer enters it, and when it takes focus.
    const listening = new WeakSet<Document>();
    const listen = (target: Document) => {
      const w = target.defaultView;
      if (!w || listening.has(target)) return;
      listening.add(target);
      w.addEventListener('click', onClick, options);
      w.addEventListener('input', onFill, options);
      w.addEventListener('change', onFill, options);
      w.addEventListener('pointerover', (event) => enter(targetOf(event)), options);
      w.addEventListener('blur', () => enter(target.activeElement), { passive: true, signal });
      for (const frame of target.querySelectorAll('iframe, frame')) enter(frame);
    };
    const enter = (el: Element | null) => {
      const inner = el && frameDocument(el);
      if (inner) listen(inner);
    };
    listen(doc);
  };

  return { start, stop };
}
