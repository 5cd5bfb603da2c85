import { InlineMarkdown, Markdown } from '../../components/Markdown';
import type { Placement } from '../../rules/engine';
import { Attached } from '../Attached';
import { anchor, type CardLayout } from '../placement';
import type { HintView } from './hints';

/**
 * Beside the field by default (below it would cover the next field), and never on the side a step
 * card on the same field takes.
 */
export function hintPlacement(own: Placement | undefined, avoid: Placement | undefined): Placement {
  const wanted = own && own !== 'auto' ? own : 'right';
  if (!avoid) return wanted;
  const taken = avoid === 'auto' ? 'bottom' : avoid;
  if (wanted !== taken) return wanted;
  return taken === 'bottom' ? 'top' : 'bottom';
}

/**
 * A field's hint while it has focus, and its validation mark after the user leaves it. It takes no
 * pointer events and no focus, so it never gets between the user and the form (or its submit).
 * Screen readers also hear it through the overlay's live region.
 */
export function FieldHint({
  hint,
  dir,
  avoid,
  layout,
}: {
  hint: HintView;
  dir: 'ltr' | 'rtl';
  avoid?: Placement;
  layout?: CardLayout;
}) {
  const result = hint.result;
  const tone = result ? (result.ok ? 'ok' : 'bad') : '';
  return (
    <Attached
      deps={[hint.target, hint.step.placement, avoid]}
      attach={(bubble) =>
        anchor(hint.target, bubble, null, hintPlacement(hint.step.placement, avoid), { layout, rank: 2 })
      }
    >
      <div class={`hint ${tone}`} dir={dir} data-rule={hint.rule.id} role="tooltip">
        {result && (
          <p>
            <span class="mark">{result.ok ? '✓ ' : '✗ '}</span>
            <InlineMarkdown source={result.message} />
          </p>
        )}
        {hint.focused && <Markdown source={hint.step.brief} />}
      </div>
    </Attached>
  );
}
