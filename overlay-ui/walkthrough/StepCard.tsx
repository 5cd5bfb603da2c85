import { Card } from '../Card';
import type { CardLayout } from '../placement';
import type { Walkthrough } from './walkthrough';

/** The card of a walkthrough's current step: "2 of 5", Back, Next (or Done), Skip and Close. */
export function StepCard({ run, dir, layout }: { run: Walkthrough; dir: 'ltr' | 'rtl'; layout?: CardLayout }) {
  const { index, total, step, status } = run;
  const last = index === total - 1;
  // A step that the user's own action advances offers Skip instead of Next.
  const waitsForAction = (step.advance ?? 'next') !== 'next';
  const missing = status === 'missing';
  const at = index;
  const target = missing ? null : run.target;
  return (
    <Card
      id={`sw-${run.rule.id.replace(/[^\w-]/g, '_')}`}
      title={step.title}
      brief={step.brief}
      detail={step.detail}
      detailOpen={run.detailOpen}
      onToggleDetail={() => run.toggleDetail()}
      progress={`Step ${index + 1} of ${total}`}
      target={target}
      placement={step.placement}
      dir={dir}
      closeLabel="Close walkthrough"
      onClose={() => run.close()}
      onNext={() => run.next(at)}
      onBack={() => run.back(at)}
      vote={run.vote}
      onRate={(helpful) => run.rate(helpful)}
      layout={layout}
      rank={0}
      onComment={(text) => run.comment(text)}
      focusKey={`${run.rule.id}:${run.shownCount}`}
      note={
        missing ? (
          <p class="missing" role="note">
            This step's element is not on the page. You can skip it.
          </p>
        ) : (
          run.invalid && (
            <p class="missing" role="alert">
              {run.invalid}
            </p>
          )
        )
      }
    >
      <button type="button" class="link" onClick={() => run.know()}>
        I know this
      </button>
      <span class="spacer" />
      {index > 0 && (
        <button type="button" onClick={() => run.back(at)}>
          Back
        </button>
      )}
      {waitsForAction || missing ? (
        <button type="button" class={missing ? 'primary' : ''} onClick={() => run.skip(at)}>
          Skip
        </button>
      ) : (
        <button type="button" class="primary" onClick={() => run.next(at)}>
          {last ? 'Done' : 'Next'}
        </button>
      )}
    </Card>
  );
}
