import { Component } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CatalogRule, CatalogTexts, StartOutcome } from '../../messaging/areas/catalog';
import type { CatalogTextMap, Search } from './search';
import { CatalogIndex, MIN_WORD, nameSearch, searchable } from './search';
import { placesOf } from './where';

export interface CatalogProps {
  rules: CatalogRule[];
  /** Changes only when the packs do: with the rules' ids, says when to build the search index again. */
  contentKey: string;
  /** Rules that apply on the page now. */
  here: ReadonlySet<string>;
  /** False while the page has not said what applies there: one list for the app, no "on this page". */
  pageKnown?: boolean;
  known: ReadonlySet<string>;
  completions: Readonly<Record<string, number>>;
  expertAfter: number;
  /** The page the person is on (to say where another rule applies). */
  pageUrl?: string;
  onStart(ruleId: string): Promise<StartOutcome>;
  onUndoKnown(ruleId: string): void;
  onGo(url: string): void;
  /** The catalog's words for the search (`catalog.texts`), asked for once the lists are drawn. */
  loadTexts(): Promise<CatalogTexts>;
  /** Builds the search (the benchmark swaps in its baseline); the catalog's index by default. */
  makeSearch?: (rules: CatalogRule[], texts: CatalogTextMap) => Search;
}

/**
 * How many of a group's rules are listed before "Show all": about a screenful of the panel. An
 * app's catalog can hold hundreds, and drawing (or removing) them made opening the panel and each
 * keystroke of a search slow (`npm run bench:panel`: 25 a group cost a keystroke twice the time of
 * 12). A search narrows the list; the best matches come first.
 */
export const FIRST = 12;

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
  const { rules, here, contentKey, makeSearch, loadTexts } = props;
  const [query, setQuery] = useState('');
  // One index per catalog: the same packs (content key) and the same rules (another site of the
  // same packs lists others), built in slices from the catalog's words, which are asked for once
  // the lists are drawn; until they come, names are searched.
  const catalogKey = useMemo(() => `${contentKey}\n${rules.map((r) => r.id).join('\n')}`, [contentKey, rules]);
  const [texts, setTexts] = useState<{ key: string; map: CatalogTextMap } | null>(null);
  useEffect(() => {
    let current = true;
    loadTexts().then(
      (reply) => {
        // Words of another version of the packs: the panel loads the new one, and asks again.
        if (current && reply.contentKey === contentKey) {
          setTexts({ key: catalogKey, map: new Map(reply.rules.map((r) => [r.id, r.text])) });
        }
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [catalogKey]);
  const words = texts?.key === catalogKey ? texts.map : null;
  const finder = useMemo(() => {
    if (!words) return { run: nameSearch(rules) };
    if (makeSearch) return { run: makeSearch(rules, words) };
    const index = new CatalogIndex(rules, words);
    return { run: (q: string) => index.search(q), index };
  }, [catalogKey, words, makeSearch]);
  useEffect(() => {
    finder.index?.prepare();
    return () => finder.index?.dispose();
  }, [finder]);
  const byId = useMemo(() => new Map(rules.map((r) => [r.id, r])), [rules]);
  const typed = query.trim();
  const looking = makeSearch ? typed !== '' : searchable(typed);
  const results = useMemo(
    () => (looking ? finder.run(typed).flatMap((id) => byId.get(id) ?? []) : rules),
    [looking, typed, finder, byId, rules],
  );
  const onPage = useMemo(() => results.filter((r) => here.has(r.id)), [results, here]);
  const elsewhere = useMemo(() => results.filter((r) => !here.has(r.id)), [results, here]);

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
          {looking
            ? `${results.length} ${results.length === 1 ? 'result' : 'results'}`
            : typed
              ? `Type ${MIN_WORD} letters or more to search.`
              : ''}
        </p>
      </div>
      {looking && results.length === 0 && (
        <p class="empty">Nothing matches “{typed}”. Try another word, or fewer words.</p>
      )}
      {props.pageKnown === false ? (
        <Group title="In this app" id="in-app" rules={results} props={props} empty="" />
      ) : (
        <>
          <Group
            title="On this page"
            id="on-page"
            rules={onPage}
            props={props}
            empty={looking ? '' : 'No walkthroughs or tips apply on this page.'}
          />
          <Group title="Elsewhere in this app" id="elsewhere" rules={elsewhere} props={props} empty="" />
        </>
      )}
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
  // After "Show all" the focus moves to the first row it brought in, not lost with the button.
  const [focusRow, setFocusRow] = useState(-1);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (focusRow < 0) return;
    const row = list.current?.children[focusRow] as HTMLElement | undefined;
    (row ?? list.current)?.focus();
    setFocusRow(-1);
  }, [focusRow]);
  if (!rules.length && !empty) return null;
  const shown = all ? rules : rules.slice(0, FIRST);
  return (
    <div class="catalog-group">
      <h3 id={`${id}-heading`}>
        {title} <span class="muted">({rules.length})</span>
      </h3>
      {rules.length ? (
        <ul class="catalog" aria-labelledby={`${id}-heading`} ref={list} tabIndex={-1}>
          {shown.map((rule, i) => (
            // Keyed by place: a keystroke that changes the results rewrites the rows' words in the
            // elements already there, rather than removing them and creating others to lay out.
            <Row key={i} rule={rule} props={props} first={all && i === FIRST} />
          ))}
        </ul>
      ) : (
        <p class="muted">{empty}</p>
      )}
      {shown.length < rules.length && (
        <button
          type="button"
          class="secondary small more"
          onClick={() => {
            setAll(true);
            setFocusRow(FIRST);
          }}
        >
          Show all {rules.length}
        </button>
      )}
    </div>
  );
}

interface RowProps {
  rule: CatalogRule;
  props: CatalogProps;
  /** The first row "Show all" brought in: it can take the focus. */
  first: boolean;
}

/**
 * A row drawn again only when its rule or the catalog's inputs change: a keystroke that keeps a
 * rule in the results leaves its row as it is (Preact's keyed list moves it if it moved).
 */
class Row extends Component<RowProps> {
  override shouldComponentUpdate(next: RowProps): boolean {
    return next.rule !== this.props.rule || next.props !== this.props.props || next.first !== this.props.first;
  }
  override render({ rule, props, first }: RowProps) {
    return <CatalogItem rule={rule} props={props} focusable={first} />;
  }
}

function CatalogItem({ rule, props, focusable }: { rule: CatalogRule; props: CatalogProps; focusable: boolean }) {
  // The row's place may show another rule after a keystroke: what a start said is this rule's only.
  const [said, setSaid] = useState<{ ruleId: string; words: string } | null>(null);
  const outcome = said?.ruleId === rule.id ? said.words : '';
  const setOutcome = (words: string) => setSaid({ ruleId: rule.id, words });
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
    <li class="rule" tabIndex={focusable ? -1 : undefined}>
      <div class="rule-head">
        <span class="rule-name">{rule.name}</span>
        <span class={`badge ${rule.kind}`}>{KIND[rule.kind]}</span>
      </div>
      <p class="rule-meta muted small">
        {walkthrough && `${rule.steps} ${rule.steps === 1 ? 'step' : 'steps'}`}
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
