import { useEffect, useRef, useState } from 'preact/hooks';
import type { HelpContext, StuckContext } from '../../messaging/areas/help';
import type { MessageOf } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';

const TARGET_WORDS = {
  found: 'its element was found on the page',
  ambiguous: 'its element was found several times on the page',
  missing: 'its element was not found on the page',
  waiting: 'its element had not appeared yet',
  none: 'it points at no element',
} as const;

const EVENT_WORDS: Record<string, string> = {
  shown: 'shown',
  completed: 'finished',
  dismissed: 'closed',
  helpful: 'rated helpful',
  unhelpful: 'rated not helpful',
  'target-missing': 'element not found',
};

type Part = 'url' | 'help' | 'target' | 'events' | 'browser';

/** Builds the request from what the person chose to keep. */
export function requestFrom(
  text: string,
  context: StuckContext,
  keep: Record<Part, boolean>,
  withQuery: boolean,
): MessageOf<'help.request'> {
  const details: HelpContext = {};
  const message: MessageOf<'help.request'> = { type: 'help.request', text };
  if (keep.url && context.url) message.url = withQuery && context.fullUrl ? context.fullUrl : context.url;
  if (keep.help && context.help) {
    message.ruleId = context.help.ruleId;
    message.stepId = context.help.stepId;
    details.ruleName = context.help.ruleName;
    details.ruleKind = context.help.ruleKind;
    details.stepIndex = context.help.stepIndex;
    details.stepTitle = context.help.stepTitle;
  }
  if (keep.target && context.help) details.target = context.help.target;
  if (keep.events && context.events.length) {
    details.events = context.events.map(({ at, ruleId, stepId, event }) => ({
      at,
      ruleId,
      event,
      ...(stepId !== undefined && { stepId }),
    }));
  }
  if (keep.browser) {
    details.browser = context.browser;
    details.extensionVersion = context.extensionVersion;
  }
  if (Object.keys(details).length) message.context = details;
  return message;
}

/**
 * "I'm stuck": what were you trying to do? The page's context is attached for the people who keep
 * the help current; the person sees every part and can leave any of it out before sending.
 */
export function Stuck({ tabId }: { tabId: number }) {
  const [open, setOpen] = useState(false);
  const [context, setContext] = useState<StuckContext | null>(null);
  const [problem, setProblem] = useState('');
  const [text, setText] = useState('');
  const [keep, setKeep] = useState<Record<Part, boolean>>({
    url: true,
    help: true,
    target: true,
    events: true,
    browser: true,
  });
  const [withQuery, setWithQuery] = useState(false);
  const [sent, setSent] = useState('');
  const [busy, setBusy] = useState(false);
  // The keyboard's place: into the form when it opens, back to its button when it closes.
  const field = useRef<HTMLTextAreaElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    (open ? field : opener).current?.focus();
  }, [open]);
  const show = (value: boolean) => {
    moved.current = true;
    setOpen(value);
  };

  const begin = async () => {
    show(true);
    setSent('');
    setProblem('');
    try {
      setContext(await sendMessage({ type: 'help.context', tabId }));
    } catch (error) {
      setProblem(`The page's context could not be read: ${(error as Error).message}`);
      setContext(null);
    }
  };

  const send = async (event: Event) => {
    event.preventDefault();
    if (!text.trim() || !context) return;
    setBusy(true);
    setProblem('');
    try {
      await sendMessage(requestFrom(text.trim(), context, keep, withQuery));
      setSent('Sent. The people who keep this help current will see your request.');
      setText('');
      show(false);
    } catch (error) {
      setProblem(`Not sent: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (part: Part) => (e: Event) =>
    setKeep({ ...keep, [part]: (e.currentTarget as HTMLInputElement).checked });

  return (
    <section aria-labelledby="stuck-heading" class="panel-section stuck">
      <h2 id="stuck-heading">Stuck?</h2>
      {sent && (
        <p role="status" class="ok">
          {sent}
        </p>
      )}
      {!open ? (
        <button ref={opener} type="button" class="secondary" onClick={() => void begin()}>
          I'm stuck
        </button>
      ) : (
        <form onSubmit={(e) => void send(e)} aria-labelledby="stuck-heading">
          <label for="stuck-text">What were you trying to do?</label>
          <textarea
            ref={field}
            id="stuck-text"
            rows={3}
            maxLength={5000}
            required
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          {context ? (
            <fieldset class="attached">
              <legend>Attached, so you don't have to describe it (untick what you'd rather not send)</legend>
              {context.url && (
                <div class="part">
                  <input id="keep-url" type="checkbox" checked={keep.url} onChange={toggle('url')} />
                  <label for="keep-url">
                    Page address: <code>{withQuery && context.fullUrl ? context.fullUrl : context.url}</code>
                  </label>
                  {context.fullUrl && keep.url && (
                    <div class="sub">
                      <input
                        id="keep-query"
                        type="checkbox"
                        checked={withQuery}
                        onChange={(e) => setWithQuery(e.currentTarget.checked)}
                      />
                      <label for="keep-query">Include the part after “?” (it can name records or searches)</label>
                    </div>
                  )}
                </div>
              )}
              {context.help && (
                <>
                  <div class="part">
                    <input id="keep-help" type="checkbox" checked={keep.help} onChange={toggle('help')} />
                    <label for="keep-help">
                      Help on screen: {context.help.ruleName}, step {context.help.stepIndex + 1} “
                      {context.help.stepTitle}”
                    </label>
                  </div>
                  <div class="part">
                    <input id="keep-target" type="checkbox" checked={keep.target} onChange={toggle('target')} />
                    <label for="keep-target">That step: {TARGET_WORDS[context.help.target]}</label>
                  </div>
                </>
              )}
              {context.events.length > 0 && (
                <div class="part">
                  <input id="keep-events" type="checkbox" checked={keep.events} onChange={toggle('events')} />
                  <label for="keep-events">Recent help on this page ({context.events.length})</label>
                  <ul class="events">
                    {context.events.map((e) => (
                      <li key={`${e.at}-${e.ruleId}-${e.event}`}>
                        {new Date(e.at).toLocaleTimeString()}: {e.ruleName ?? e.ruleId}
                        {e.stepId !== undefined && `, step ${e.stepId}`} {EVENT_WORDS[e.event] ?? e.event}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <div class="part">
                <input id="keep-browser" type="checkbox" checked={keep.browser} onChange={toggle('browser')} />
                <label for="keep-browser">
                  {context.browser}, Stepwise {context.extensionVersion}
                </label>
              </div>
            </fieldset>
          ) : (
            !problem && <p class="muted">Reading the page…</p>
          )}
          {problem && (
            <p class="error" role="alert">
              {problem}
            </p>
          )}
          <div class="actions">
            <button type="submit" disabled={busy || !text.trim() || !context}>
              Send request
            </button>
            <button type="button" class="secondary" onClick={() => show(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
