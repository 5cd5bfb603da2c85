import { useEffect, useRef } from 'preact/hooks';
import type { HintView } from '../utils/overlay/hints';
import { anchor } from '../utils/overlay/position';
import { Markdown } from './Markdown';

/**
 * A field's hint while it has focus, and its validation mark after the user leaves it. It takes no
 * pointer events and no focus, so it never gets between the user and the form (or its submit).
 * Screen readers also hear it through the overlay's live region.
 */
export function FieldHint({ hint, dir }: { hint: HintView; dir: 'ltr' | 'rtl' }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const bubble = ref.current;
    if (!bubble) return;
    return anchor(hint.target, bubble, null, hint.step.placement ?? 'right');
  }, [hint.target, hint.step.placement]);
  const result = hint.result;
  const tone = result ? (result.ok ? 'ok' : 'bad') : '';
  return (
    <div ref={ref} class={`hint ${tone}`} dir={dir} data-rule={hint.rule.id} role="tooltip">
      {result && (
        <p>
          <span class="mark">{result.ok ? '✓ ' : '✗ '}</span>
          {result.message}
        </p>
      )}
      {hint.focused && <Markdown source={hint.step.brief} />}
    </div>
  );
}
