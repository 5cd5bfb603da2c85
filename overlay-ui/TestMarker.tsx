/**
 * The marker shown while a draft is tested on this page: which draft, that nothing is counted,
 * a way to start it (a walkthrough that does not start by itself) and to stop testing.
 */
import type { OverlayController } from './controller';

export function TestMarker({ controller }: { controller: OverlayController }) {
  const { host } = controller;
  const testing = host.state.testing;
  if (!testing) return null;
  const applies = host.engine.get(testing.ruleId) !== undefined;
  const running = controller.walkthrough?.rule.id === testing.ruleId;
  return (
    <section class="test-marker" aria-label="Stepwise: testing a draft">
      <p>
        <strong>Testing a draft:</strong> “{testing.name}”. Nothing is counted.
        {!applies && ' It does not apply on this page.'}
      </p>
      <div class="actions">
        {testing.kind === 'walkthrough' && applies && !running && (
          <button type="button" onClick={() => controller.startFromPanel(testing.ruleId)}>
            Start it
          </button>
        )}
        <button type="button" class="primary" onClick={() => void host.send({ type: 'test.stop' })}>
          Stop testing
        </button>
      </div>
    </section>
  );
}
