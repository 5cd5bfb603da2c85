import type { ComponentChildren } from 'preact';
import { Markdown } from '../components/Markdown';
import type { Placement } from '../rules/engine';
import { Attached } from './Attached';
import { CommentForm } from './CommentForm';
import { anchor, type CardLayout } from './placement';
import { revealTarget } from './position';

export interface CardProps {
  /** Unique on the page: the ids the card's ARIA attributes point at derive from it. */
  id: string;
  title: string;
  brief: string;
  detail?: string;
  detailOpen: boolean;
  onToggleDetail(): void;
  /** e.g. "Step 2 of 5". */
  progress?: string;
  /** Anchored beside this element; `null` shows the card at the bottom of the viewport. */
  target: Element | null;
  placement?: Placement;
  dir: 'ltr' | 'rtl';
  closeLabel: string;
  onClose(): void;
  /** Arrow keys while focus is in the card. */
  onNext?(): void;
  onBack?(): void;
  vote?: 'helpful' | 'unhelpful';
  onRate(helpful: boolean): void;
  /** After "No": an optional comment for the help's authors. */
  onComment?(text: string): Promise<unknown>;
  /**
   * Changes when the card shows something new: it then takes focus if the user is not busy in the
   * app, and brings its target into view.
   */
  focusKey: string;
  /** The open cards on the page: this one keeps clear of those ranked before it. */
  layout?: CardLayout;
  /** 0 for a walkthrough step (it steps aside for a card that has nowhere else to go), 1 for a tip. */
  rank?: number;
  children?: ComponentChildren;
  note?: ComponentChildren;
}

/** Focus is nowhere in particular: the card may take it without interrupting anyone. */
export function pageIsIdle(doc: Document = document): boolean {
  const active = doc.activeElement;
  return !active || active === doc.body || active === doc.documentElement;
}

/**
 * A non-modal dialog beside its target: labelled by its title, described by its brief text, Esc
 * closes it and the arrow keys move between steps. Used for walkthrough steps and tips.
 */
export function Card(props: CardProps) {
  const { target, placement, id } = props;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // Keys typed into the comment box are text, not steps.
    if ((event.target as Element | null)?.localName === 'textarea') return;
    const rtl = props.dir === 'rtl';
    const forward = event.key === 'ArrowDown' || event.key === (rtl ? 'ArrowLeft' : 'ArrowRight');
    const backward = event.key === 'ArrowUp' || event.key === (rtl ? 'ArrowRight' : 'ArrowLeft');
    if (event.key === 'Escape') props.onClose();
    else if (forward && props.onNext) props.onNext();
    else if (backward && props.onBack) props.onBack();
    else return;
    event.preventDefault();
  };

  const card = (
    <div
      class={target ? 'card' : 'card unanchored'}
      role="dialog"
      aria-modal="false"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-brief`}
      aria-keyshortcuts="Alt+Shift+H"
      dir={props.dir}
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      {target && <div class="arrow" aria-hidden="true" />}
      <div class="head">
        <div style={{ flex: 1 }}>
          {props.progress && <p class="progress">{props.progress}</p>}
          <h2 id={`${id}-title`}>{props.title}</h2>
        </div>
        <button type="button" class="icon" aria-label={props.closeLabel} onClick={props.onClose}>
          ×
        </button>
      </div>
      <Markdown id={`${id}-brief`} source={props.brief} />
      {props.detail && props.detailOpen && (
        <div class="detail" id={`${id}-detail`}>
          <Markdown source={props.detail} />
        </div>
      )}
      {props.note}
      {props.detail && (
        <button
          type="button"
          class="link"
          aria-expanded={props.detailOpen}
          aria-controls={props.detailOpen ? `${id}-detail` : undefined}
          onClick={props.onToggleDetail}
        >
          {props.detailOpen ? 'Less detail' : 'More detail'}
        </button>
      )}
      <fieldset class="feedback">
        <legend>Helpful?</legend>
        {props.vote === 'unhelpful' && props.onComment ? (
          <CommentForm id={id} onSend={props.onComment} />
        ) : props.vote ? (
          <span>Thanks for the feedback.</span>
        ) : (
          <>
            <button type="button" onClick={() => props.onRate(true)}>
              Yes
            </button>
            <button type="button" onClick={() => props.onRate(false)}>
              No
            </button>
          </>
        )}
      </fieldset>
      <div class="actions">{props.children}</div>
    </div>
  );
  // Placed right after it is in the DOM, before the browser paints, so it never shows unplaced.
  return (
    <Attached
      deps={[target, placement]}
      attach={(el) =>
        target
          ? anchor(target, el, el.querySelector('.arrow'), placement, {
              layout: props.layout,
              rank: props.rank ?? 0,
              yields: (props.rank ?? 0) === 0,
            })
          : undefined
      }
    >
      {/* Shown anew for a new step, or when its target turns up; not when the app re-renders the
          target (another element, same step): the card follows it without taking focus again or
          scrolling the page back to it. */}
      <Attached deps={[props.focusKey, target !== null]} attach={(el) => showStep(el, target)}>
        {card}
      </Attached>
    </Attached>
  );
}

/** A step shown anew: its target comes into view, and the card takes focus if nobody is busy. */
function showStep(card: HTMLElement, target: Element | null): () => void {
  const reveal = new AbortController();
  if (target) revealTarget(target, reveal.signal);
  // Decided after the current task: a step that advanced on `change` renders while the user's Tab
  // is still moving focus (nothing has it for a moment), and must not catch it on the way.
  const timer = setTimeout(() => {
    const root = card.getRootNode() as ShadowRoot;
    // Keep focus in the card when it was there; take it when the page is idle; never steal it from
    // a field the user is typing in.
    const inside = root.activeElement && card.contains(root.activeElement);
    if (!inside && (root.activeElement || pageIsIdle())) card.focus({ preventScroll: true });
  });
  return () => {
    clearTimeout(timer);
    reveal.abort();
  };
}
