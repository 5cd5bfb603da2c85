import { useCallback, useEffect, useState } from 'preact/hooks';

export type AsyncState<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: string };

/** Runs `load` on mount and on `reload()`, exposing its state for rendering. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[] = []): [AsyncState<T>, () => void] {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const run = useCallback(() => {
    load().then(
      (value) => setState({ status: 'ready', value }),
      (error: unknown) => setState({ status: 'error', error: error instanceof Error ? error.message : String(error) }),
    );
  }, deps);
  useEffect(run, [run]);
  return [state, run];
}
