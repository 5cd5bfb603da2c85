import { useMemo, useRef, useState } from 'preact/hooks';
import type { CatalogRule, StartOutcome } from '../../messaging/areas/catalog';
import { catalogSearch, type Search } from './search';
import { placesOf } from './where';

export interface CatalogProps {
  rules: CatalogRule[];
  /** Changes only when the packs do: the search index is built again only then. */
  contentKey: string;
  /** Rules that apply on the page now. */
  here: ReadonlySet<string>;
  known: ReadonlySet<string>;
  completions: Readonly<Record<string, number>>;
  expertAfter: number;
  /** The page the person is on (to say where another rule applies). */
  pageUrl?: string;
  onStart(ruleId: string): Promise<StartOutcome>;
  onUndoKnown(ruleId: string): void;
  onGo(url: string): void;
  /** Builds the search (the benchmark swaps in its baseline). */
  makeSearch?: (rules: CatalogRule[]) => Search;
}

/**
 * How many of a group's rules are listed before "Show all": an app's catalog can hold hundreds, and
 * drawing (or removing) them all made opening the panel and the first keystroke of a search slow
 * (`npm run bench:panel`). A search narrows the list; the best matches come first.
 */
const FIRST = 25;

const KIND = { walkthrough: 'Walkthrough', tip: 'Tip', hint: 'Hint' } as const;

const outcomeWords = (outcome: StartOutcome): string =>
  outcome.started
    ? 'Started on the page.'
    : outcome.reason === 'elsewhere'
      ? 'This walkthrough is for another page: go there, then start it.'
      : outcome.reason === 'unknown'
        ? 'This walkthrough is not available on this site any more.'
        : 'The page did not answer. Reload it and try again.';

/** Every walkthrough and tip for the app: on this page, elsewhere, searchable as you type. */
export function Catalog(props: CatalogProps) {
  const { rules, here } = props;
  const [query, setQuery] = useState('');
  const search = useRef<{ key: string; run: Search } | null>(null);
  const results = useMemo(() => {
    if (!query.trim()) return rules;
    if (search.current?.key !== props.contentKey) {
      search.current = { key: props.contentKey, run: (props.makeSearch ?? catalogSearch)(rules) };
    }
    const byId = new Map(rules.map((r) => [r.id, r]));
    return search.current.run(query).flatMap((id) => byId.get(id) ?? []);
  }, [query, rules, props.contentKey]);
  const onPage = results.filter((r) => here.has(r.id));
  const elsewhere = results.filter((r) => !here.has(r.id));

  return (
    <section aria-labelledby="catalog-heading" class="panel-section">
      <h2 id="catalog-heading">Help for this app</h2>
      <div class="search">
        <label for="catalog-search">Search walkthroughs and tips</label>
        <input
          id="catalog-search"
          type="search"
          placeholder="A task, a field, a word from a step"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          aria-describedby="catalog-count"
        />
        <p id="catalog-count" class="muted small" role="status" aria-live="polite">
          {query.trim() ? `${results.length} ${results.length === 1 ? 'result' : 'results'}` : ''}
        </p>
      </div>
      {query.trim() && results.length === 0 && (
        <p class="empty">Nothing matches “{query.trim()}”. Try another word, or fewer words.</p>
      )}
      <Group
        title="On this page"
        id="on-page"
        rules={onPage}
        props={props}
        empty={!query.trim() ? 'No walkthroughs or tips apply on this page.' : ''}
      />
      <Group title="Elsewhere in this app" id="elsewhere" rules={elsewhere} props={props} empty="" />
    </section>
  );
}

function Group({
  title,
  id,
  rules,
  props,
  empty,
}: {
  title: string;
  id: string;
  rules: CatalogRule[];
  props: CatalogProps;
  empty: string;
}) {
  const [all, setAll] = useState(false);
  if (!rules.length && !empty) return null;
  const shown = all ? rules : rules.slice(0, FIRST);
  return (
    <div class="catalog-group">
      <h3 id={`${id}-heading`}>
        {title} <span class="muted">({rules.length})</span>
      </h3>
      {rules.length ? (
        <ul class="catalog" aria-labelledby={`${id}-heading`}>
          {shown.map((rule) => (
            <CatalogItem key={rule.id} rule={rule} props={props} />
          ))}
        </ul>
      ) : (
        <p class="muted">{empty}</p>
      )}
      {shown.length < rules.length && (
        <button type="button" class="secondary small more" onClick={() => setAll(true)}>
          Show all {rules.length}
        </button>
      )}
    </div>
  );
}

function CatalogItem({ rule, props }: { rule: CatalogRule; props: CatalogProps }) {
  const [outcome, setOutcome] = useState<string>('');
  const onPage = props.here.has(rule.id);
  const count = props.completions[rule.id] ?? 0;
  const mastered = props.expertAfter > 0 && count >= props.expertAfter;
  const known = props.known.has(rule.id);
  const walkthrough = rule.kind === 'walkthrough';
  const startable = walkthrough && onPage && (rule.start !== 'auto' || mastered || known);
  const place = onPage ? undefined : placesOf(rule.urls, props.pageUrl)[0];
  const start = async () => {
    setOutcome('Starting…');
    setOutcome(outcomeWords(await props.onStart(rule.id)));
  };
  return (
    <li class="rule">
      <div class="rule-head">
        <span class="rule-name">{rule.name}</span>
        <span class={`badge ${rule.kind}`}>{KIND[rule.kind]}</span>
      </div>
      <p class="rule-meta muted small">
        {walkthrough && `${rule.steps.length} ${rule.steps.length === 1 ? 'step' : 'steps'}`}
        {walkthrough && count > 0 && !mastered && ` · Done${count > 1 ? ` ${count} times` : ''}`}
        {walkthrough && mastered && ' · Mastered'}
        {place && `${walkthrough ? ' · ' : ''}On ${place.label}`}
      </p>
      <div class="rule-actions">
        {startable && (
          <button type="button" class="small" aria-label={`Start ${rule.name}`} onClick={() => void start()}>
            Start
          </button>
        )}
        {place?.href && (
          <button
            type="button"
            class="secondary small"
            aria-label={`Go to ${place.label} for ${rule.name}`}
            onClick={() => props.onGo(place.href!)}
          >
            Go there
          </button>
        )}
        {known && (
          <>
            <span class="small">You said you know this.</span>
            <button
              type="button"
              class="link small"
              aria-label={`Undo “I know this” for ${rule.name}`}
              onClick={() => props.onUndoKnown(rule.id)}
            >
              Undo
            </button>
          </>
        )}
      </div>
      {outcome && (
        <p class="small outcome" role="status">
          {outcome}
        </p>
      )}
    </li>
  );
}
