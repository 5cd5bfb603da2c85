/**
 * Every problem of the draft, by JSON path, as import and publishing word them; each one the form
 * shows by a field has a button that moves the focus there.
 */
import type { Problem } from '../../../rules/index';
import { fieldId } from './rule-edit';

/** The form's control for `path`, or for the nearest part that holds it (`steps[0].target`). */
function fieldFor(path: string): HTMLElement | null {
  for (let p = path; p; p = p.replace(/(\.[^.[]*|\[[^\]]*\])$/, '')) {
    const element = document.getElementById(fieldId(p));
    if (element) return element;
    if (!/[.[]/.test(p)) break;
  }
  return null;
}

export function ProblemSummary({
  problems,
  refused,
  onGoTo,
}: {
  problems: readonly Problem[];
  /** The problems are why publishing was refused. */
  refused: boolean;
  /** Called before moving the focus (to show the form first). */
  onGoTo: () => void;
}) {
  const goTo = (path: string) => {
    onGoTo();
    // The form may only now be drawn: look once it is.
    requestAnimationFrame(() => {
      const field = fieldFor(path);
      field?.closest('details')?.setAttribute('open', '');
      field?.focus();
    });
  };
  return (
    <div id="rule-problems" role={refused ? 'alert' : undefined}>
      {problems.length === 0 ? (
        <p>No problems: ready to publish.</p>
      ) : (
        <>
          <p>
            {refused ? 'Not published:' : `${problems.length === 1 ? '1 problem' : `${problems.length} problems`}:`}
          </p>
          <ul aria-label="Problems" class="problems">
            {problems.map((p) => (
              <li key={`${p.path}|${p.message}`}>
                <code>{p.path || 'rule'}</code>: {p.message}{' '}
                {p.path && (
                  <button type="button" class="link" aria-label={`Go to ${p.path}`} onClick={() => goTo(p.path)}>
                    Go to field
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
