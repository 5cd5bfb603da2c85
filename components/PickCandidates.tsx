/**
 * What the picker found, in words: the picked element, how the recommended target finds it, and
 * every candidate with what it matches on the page now. The popup shows it; the editor can too
 * (`onChoose` lets the author take another candidate).
 */
import type { PickRecord } from '../messaging/areas/picker';
import type { TargetCandidate } from '../rules/authoring';

/** "Finds only this element" or "Finds 3 elements". */
const matchWords = (c: TargetCandidate) =>
  c.unique ? 'finds only this element' : `finds ${c.matches} elements on this page`;

/** How stable a candidate is, in a word. */
const stabilityWords = (stability: number) => (stability >= 75 ? 'sturdy' : stability >= 45 ? 'fair' : 'fragile');

export function PickCandidates({
  record,
  onChoose,
}: {
  record: PickRecord;
  onChoose?: (candidate: TargetCandidate) => void;
}) {
  if (record.status === 'picking')
    return <p class="muted">Picking in the page… click an element, or press Esc to cancel.</p>;
  if (record.status === 'cancelled' || !record.pick) return <p class="muted">The last pick was cancelled.</p>;
  const { pick } = record;
  const chosen = pick.target.selector;
  return (
    <section aria-label="Picked element">
      <p>
        Picked the <strong>{pick.element.phrase}</strong>
        {record.url && <span class="muted"> on {new URL(record.url).pathname}</span>}.
      </p>
      {pick.problems.map((p) => (
        <p class="error" key={p}>
          {p}
        </p>
      ))}
      <ol class="candidates">
        {pick.candidates.map((c) => (
          <li key={`${c.target.selector}|${c.target.text ?? ''}|${c.target.ariaLabel ?? ''}`}>
            <span>{c.explanation}</span>{' '}
            <span class="muted">
              ({stabilityWords(c.stability)}, {matchWords(c)}
              {c.target.selector === chosen && c.unique ? ', chosen' : ''})
            </span>
            <br />
            <code>{c.target.selector}</code>
            {onChoose && c.unique && (
              <button type="button" onClick={() => onChoose(c)}>
                Use this
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
