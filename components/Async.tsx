import type { ComponentChildren } from 'preact';
import type { AsyncState } from './useAsync';

/** What a view shows while its data loads. */
export function Loading() {
  return <p class="muted">Loading…</p>;
}

/** What a view shows when loading failed: the error, announced. */
export function LoadError({ error }: { error: string }) {
  return (
    <p class="error" role="alert">
      {error}
    </p>
  );
}

/**
 * A view's three states in one place: `Loading`, `LoadError`, or `children(value)` once the data
 * is there. The options page's sections use it; the popup and the side panel, whose state has
 * more cases, use `Loading` and `LoadError` themselves.
 */
export function Async<T>({ state, children }: { state: AsyncState<T>; children: (value: T) => ComponentChildren }) {
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <LoadError error={state.error} />;
  return <>{children(state.value)}</>;
}
