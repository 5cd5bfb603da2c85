import { useId } from 'preact/hooks';
import type { ChecklistView } from '../../messaging/areas/checklists';

interface Props {
  checklists: ChecklistView[];
  /** "Show me": starts the item's walkthrough on the page. */
  onShow(ruleId: string): void;
  /** Names of the walkthroughs items can start, by rule id. */
  ruleNames: ReadonlyMap<string, string>;
}

/** "3 of 5" */
export const progressText = (c: ChecklistView) => `${c.items.filter((i) => i.done).length} of ${c.items.length}`;

/**
 * The checklists that apply on the page. Items tick themselves when the work is done in the app:
 * their boxes can be read (and reached with the keyboard) but not changed by a click.
 */
export function Checklists({ checklists, onShow, ruleNames }: Props) {
  const hint = useId();
  return (
    <section aria-labelledby="checklists-heading" class="panel-section">
      <h2 id="checklists-heading">Checklists</h2>
      <p id={hint} class="muted small">
        Items tick themselves when you do the work in the app.
      </p>
      {checklists.map((c) => (
        <Checklist key={c.id} checklist={c} hint={hint} onShow={onShow} ruleNames={ruleNames} />
      ))}
    </section>
  );
}

function Checklist({
  checklist,
  hint,
  onShow,
  ruleNames,
}: Omit<Props, 'checklists'> & { checklist: ChecklistView; hint: string }) {
  const id = useId();
  const done = checklist.items.filter((i) => i.done).length;
  const total = checklist.items.length;
  const finished = done === total;
  return (
    <article class={finished ? 'checklist finished' : 'checklist'} aria-labelledby={`${id}-title`}>
      <div class="checklist-head">
        <h3 id={`${id}-title`}>{checklist.title}</h3>
        <span class="count" id={`${id}-count`}>
          {finished ? 'All done' : `${done} of ${total}`}
        </span>
      </div>
      <progress max={total} value={done} aria-labelledby={`${id}-title`} aria-valuetext={`${done} of ${total} done`} />
      <ul class="items" aria-labelledby={`${id}-title`}>
        {checklist.items.map((item) => {
          const box = `${id}-${item.id}`;
          const rule = item.startsRule && ruleNames.get(item.startsRule);
          return (
            <li key={item.id} class={item.done ? 'done' : ''}>
              <input
                id={box}
                type="checkbox"
                checked={item.done}
                aria-readonly="true"
                aria-describedby={hint}
                // The box shows what the page says; only doing the work changes it.
                onClick={(e) => e.preventDefault()}
              />
              <label for={box}>{item.title}</label>
              {rule && !item.done && (
                <button
                  type="button"
                  class="secondary small"
                  aria-label={`Show me: ${item.title}`}
                  onClick={() => onShow(item.startsRule!)}
                >
                  Show me
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {finished && <p class="celebrate">You finished “{checklist.title}”.</p>}
    </article>
  );
}
