import { Component } from 'preact';
import type { OverlayController } from './controller';
import { FieldHint } from './hint/FieldHint';
import { Spotlight } from './Spotlight';
import { TestMarker } from './TestMarker';
import { Beacon } from './tip/Beacon';
import { TipCard } from './tip/TipCard';
import { StepCard } from './walkthrough/StepCard';

/** The text direction around `element` (the page's, for an unanchored card). */
function directionOf(element: Element | null | undefined): 'ltr' | 'rtl' {
  const source = element ?? document.documentElement;
  const view = source.ownerDocument.defaultView;
  return view?.getComputedStyle(source).direction === 'rtl' ? 'rtl' : 'ltr';
}

/** Everything the overlay draws, from the controller's state (redrawn whenever it tells). */
export class OverlayApp extends Component<{ controller: OverlayController }> {
  private unsubscribe?: () => void;

  override componentDidMount(): void {
    this.unsubscribe = this.props.controller.subscribe(() => this.forceUpdate());
    // Whatever changed between the first render and this subscription must not be lost.
    this.forceUpdate();
  }

  override componentWillUnmount(): void {
    this.unsubscribe?.();
  }

  render() {
    const { controller } = this.props;
    const run = controller.walkthrough;
    // While an app modal is open, help for anything outside it steps back (it would sit over the
    // dialog, or behind its backdrop, for a target the user cannot reach now).
    const showRun = run && run.status !== 'waiting' && controller.shows(run.status === 'ready' ? run.target : null);
    const tips = controller.tips.views.filter((tip) => controller.shows(tip.target));
    const openTip = tips.find((t) => t.open);
    return (
      <>
        {showRun && run.step.spotlight && run.target && run.status === 'ready' && <Spotlight target={run.target} />}
        {controller.hints.views
          .filter((hint) => controller.shows(hint.target))
          .map((hint) => (
            <FieldHint
              key={hint.rule.id}
              hint={hint}
              dir={directionOf(hint.target)}
              avoid={showRun && run.target === hint.target ? (run.step.placement ?? 'bottom') : undefined}
              layout={controller.layout}
            />
          ))}
        {tips.map((tip) => (
          <Beacon
            key={tip.rule.id}
            tip={tip}
            dir={directionOf(tip.target)}
            onToggle={() => controller.tips.toggle(tip.rule.id)}
            layout={controller.layout}
          />
        ))}
        {openTip && (
          <TipCard
            key={openTip.rule.id}
            tip={openTip}
            tips={controller.tips}
            dir={directionOf(openTip.target)}
            layout={controller.layout}
          />
        )}
        {showRun && <StepCard key={run.rule.id} run={run} dir={directionOf(run.target)} layout={controller.layout} />}
        <TestMarker controller={controller} />
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">
          {controller.announcement}
        </div>
      </>
    );
  }
}
