/**
 * The report a promise brings, for rendering: followed as soon as the page has rendered (a layout
 * effect, not an effect that waits for the next paint), so the figures are drawn in the task that
 * brings them rather than a frame later.
 */
import { useLayoutEffect, useMemo, useState } from 'preact/hooks';
import type { AsyncState } from '../../components/useAsync';

/**
 * Calls `ask` when `deps` change and follows the promise it returns (`null`: not yet asked,
 * loading). A promise that a newer one replaced is no longer followed.
 */
export function useReport<T>(ask: () => Promise<T> | null, deps: unknown[]): AsyncState<T> {
  const promise = useMemo(ask, deps);
  const [state, setState] = useState<{ of: Promise<T> | null; state: AsyncState<T> }>({
    of: null,
    state: { status: 'loading' },
  });
  useLayoutEffect(() => {
    if (!promise) return;
    let current = true;
    promise.then(
      (value) => current && setState({ of: promise, state: { status: 'ready', value } }),
      (error: unknown) =>
        current &&
        setState({
          of: promise,
          state: { status: 'error', error: error instanceof Error ? error.message : String(error) },
        }),
    );
    return () => {
      current = false;
    };
  }, [promise]);
  return state.of === promise ? state.state : { status: 'loading' };
}
