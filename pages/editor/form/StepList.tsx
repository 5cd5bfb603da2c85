/**
 * A rule's steps, in order: each with its fields, and for a walkthrough the buttons that move,
 * copy and delete it. After a move the focus follows the step, so the keys can move it on.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { useForm } from './context';
import { FieldProblems, PartProblems } from './Field';
import { addStep, duplicateStep, moveStep, otherProblems, removeStep, stepKeys, stepsOf } from './rule-edit';
import { StepFields } from './StepFields';

/** The step's fields the form has controls for (the id is kept as it is). */
const STEP_FIELDS = ['title', 'brief', 'detail', 'target', 'placement', 'advance', 'spotlight', 'validate'];

/** What gets the focus after the list changes: a control's id. */
type Focus = string | null;

export function StepList({ announce }: { announce: (words: string) => void }) {
  const { rule, edit, problems } = useForm();
  const steps = stepsOf(rule);
  const keys = stepKeys(steps);
  const focusNext = useRef<Focus>(null);
  const walkthrough = rule.kind === 'walkthrough';

  useLayoutEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const move = (from: number, to: number, direction: 'up' | 'down') => {
    focusNext.current = `step-${to}-${direction}`;
    // At the end of the list the button is off: the focus stays on the step, on its other button.
    if (to === 0 || to === steps.length - 1) focusNext.current = `step-${to}-${direction === 'up' ? 'down' : 'up'}`;
    edit(moveStep(rule, from, to));
    announce(`Step ${from + 1} is now step ${to + 1}.`);
  };

  return (
    <section class="steps" aria-labelledby="steps-heading">
      <h3 id="steps-heading">{walkthrough ? `Steps (${steps.length})` : 'Its card'}</h3>
      <PartProblems path="steps" />
      {steps.length === 0 && <p class="muted">No steps yet: add the first one.</p>}
      <ol class="step-list">
        {steps.map((step, i) => (
          <li key={keys[i]} class="step">
            <section aria-labelledby={`step-${i}-heading`}>
              <h4 id={`step-${i}-heading`} tabIndex={-1}>
                {walkthrough ? `Step ${i + 1}` : 'Card'}
                {typeof step?.title === 'string' && step.title ? `: ${step.title}` : ''}
              </h4>
              {walkthrough && (
                <div class="row step-actions">
                  <button
                    type="button"
                    class="secondary small"
                    id={`step-${i}-up`}
                    disabled={i === 0}
                    aria-label={`Move step ${i + 1} up`}
                    onClick={() => move(i, i - 1, 'up')}
                  >
                    Move up
                  </button>
                  <button
                    type="button"
                    class="secondary small"
                    id={`step-${i}-down`}
                    disabled={i === steps.length - 1}
                    aria-label={`Move step ${i + 1} down`}
                    onClick={() => move(i, i + 1, 'down')}
                  >
                    Move down
                  </button>
                  <button
                    type="button"
                    class="secondary small"
                    aria-label={`Duplicate step ${i + 1}`}
                    onClick={() => {
                      focusNext.current = `step-${i + 1}-heading`;
                      edit(duplicateStep(rule, i));
                      announce(`Step ${i + 1} copied as step ${i + 2}.`);
                    }}
                  >
                    Duplicate
                  </button>
                  <button
                    type="button"
                    class="secondary small"
                    aria-label={`Delete step ${i + 1}`}
                    onClick={() => {
                      const left = steps.length - 1;
                      focusNext.current = left === 0 ? 'add-step' : `step-${Math.min(i, left - 1)}-heading`;
                      edit(removeStep(rule, i));
                      announce(`Step ${i + 1} deleted. Undo (Ctrl+Z) brings it back.`);
                    }}
                  >
                    Delete
                  </button>
                </div>
              )}
              <PartProblems path={`steps[${i}]`} />
              <FieldProblems
                id={`step-${i}-other-problems`}
                problems={otherProblems(problems, `steps[${i}]`, STEP_FIELDS)}
              />
              <StepFields index={i} step={step} />
            </section>
          </li>
        ))}
      </ol>
      {(walkthrough || steps.length === 0) && (
        <button
          type="button"
          id="add-step"
          class="secondary"
          onClick={() => {
            focusNext.current = `field-steps-${steps.length}-title`;
            edit(addStep(rule));
            announce(`Step ${steps.length + 1} added.`);
          }}
        >
          Add a step
        </button>
      )}
    </section>
  );
}
