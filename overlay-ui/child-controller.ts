/**
 * An AbortController that also aborts when `parent` does: for listeners that end with their
 * owner (a run, the content script) or earlier on their own. `AbortSignal.any` would give a signal
 * but no way to end it early, so this is the one place the idiom lives.
 */
export function childController(parent: AbortSignal): AbortController {
  const child = new AbortController();
  if (parent.aborted) child.abort(parent.reason);
  // Removed once the child aborts, so a long-lived parent does not collect listeners.
  else parent.addEventListener('abort', () => child.abort(parent.reason), { once: true, signal: child.signal });
  return child;
}
