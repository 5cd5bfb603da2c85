import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from '#imports';
import { LoadError, Loading } from '../../components/Async';
import type { ChecklistView } from '../../messaging/areas/checklists';
import type { PanelState } from '../../messaging/areas/panel';
import { sendMessage } from '../../messaging/send';
import { requestSite } from '../lib/sites';
import { Catalog } from './Catalog';
import { Checklists } from './Checklists';
import type { Opening } from './opening';
import { Stuck } from './Stuck';
import { forgetSnapshot, pictureOf, saveSnapshot } from './snapshot';
import { useBesideTab, usePanelState } from './use-panel';

const settingsUrl = () => browser.runtime.getURL('/options.html');

/** The site's name for sentences: `crm.example.com`. */
function siteName(state: PanelState): string {
  try {
    return new URL(state.tab.url ?? '').hostname;
  } catch {
    return 'this site';
  }
}

/** Words for the live region when items tick (or untick) between two loads. */
export function progressNews(before: ChecklistView[], after: ChecklistView[]): string {
  const was = new Map(before.map((c) => [c.id, new Set(c.items.filter((i) => i.done).map((i) => i.id))]));
  const news: string[] = [];
  for (const c of after) {
    const old = was.get(c.id);
    if (!old) continue;
    const done = c.items.filter((i) => i.done);
    for (const item of c.items) {
      if (item.done && !old.has(item.id)) news.push(`Done: ${item.title}.`);
      if (!item.done && old.has(item.id)) news.push(`No longer done: ${item.title}.`);
    }
    if (done.length !== old.size) {
      news.push(
        done.length === c.items.length ? `${c.title}: all done.` : `${c.title}: ${done.length} of ${c.items.length}.`,
      );
    }
  }
  return news.join(' ');
}

/**
 * Draws the panel into `root`, starting from what it asked for on opening; a picture of the last
 * lists shown meanwhile (snapshot.ts) is replaced in the same task, so it is never seen beside or
 * after the live panel.
 */
export function mountPanel(root: HTMLElement, opening: Opening): void {
  root.replaceChildren();
  render(<App opening={opening} />, root);
}

/** Statuses whose answer has no lists to picture: a picture kept for the page is forgotten. */
const LISTLESS = new Set(['browser-page', 'pdf', 'off', 'unreachable']);

/**
 * Keeps a picture of the lists `main` shows for `state`'s page once the browser is idle, for the
 * next opening to show at once; not while a search narrows them (its words are not in the picture).
 */
function keepPicture(main: HTMLElement | null, state: PanelState): () => void {
  const url = state.tab.url;
  if (LISTLESS.has(state.status) || state.packs === 0) {
    forgetSnapshot(url);
    return () => undefined;
  }
  if (state.status !== 'ready' || !main) return () => undefined;
  const keep = () => {
    if (!main.querySelector<HTMLInputElement>('#catalog-search')?.value) saveSnapshot(url, pictureOf(main));
  };
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(keep, 200);
    return () => clearTimeout(timer);
  }
  const id = requestIdleCallback(keep, { timeout: 1000 });
  return () => cancelIdleCallback(id);
}

/** The worker's side panel: the page's checklists, the app's help catalog, and "I'm stuck". */
export function App({ opening }: { opening: Opening }) {
  const tabId = useBesideTab(opening);
  const [state, reload] = usePanelState(tabId, opening);
  const [news, setNews] = useState('');
  const previous = useRef<ChecklistView[] | null>(null);
  const main = useRef<HTMLElement>(null);
  const ready = 'tab' in state ? state : null;

  useEffect(() => {
    if (!ready) return;
    const shown = ready.checklists.filter((c) => ready.page?.checklists.includes(c.id));
    if (previous.current) {
      const words = progressNews(previous.current, shown);
      if (words) setNews(words);
    }
    previous.current = shown;
  }, [ready]);

  useEffect(() => {
    // Marks the moment the panel has drawn its lists (the benchmark reads it).
    if (ready && ready.status !== 'checking') performance.mark('stepwise:panel-rendered');
    if (ready) return keepPicture(main.current, ready);
  }, [ready]);

  return (
    <main class="panel" ref={main}>
      <header class="page-header">
        <h1>Stepwise</h1>
        <a class="header-link" href={settingsUrl()} target="_blank" rel="noreferrer">
          Settings
        </a>
      </header>
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {news}
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'no-tab' && (
        <Notice title="No tab to help with">Switch to the tab of the web app you are working in.</Notice>
      )}
      {state.status === 'error' && (
        <Notice title="Something went wrong" alert>
          {state.error}{' '}
          <button type="button" class="secondary small" onClick={reload}>
            Try again
          </button>
        </Notice>
      )}
      {ready && <Body state={ready} reload={reload} />}
    </main>
  );
}

/**
 * The options page's pack import, loaded only when there is no pack: it brings the rules core's
 * checks (a large part of the extension's code), which an opening panel with help has no use for.
 */
function ImportPackLater({ onImported }: { onImported(): void }) {
  const [View, setView] = useState<typeof import('../options/ImportPack').ImportPack | null>(null);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    import('../options/ImportPack').then(
      (loaded) => setView(() => loaded.ImportPack),
      (error: unknown) => setProblem(String(error)),
    );
  }, []);
  if (problem) return <LoadError error={problem} />;
  return View ? <View onImported={onImported} /> : <Loading />;
}

function Notice({ title, children, alert }: { title: string; children: preact.ComponentChildren; alert?: boolean }) {
  return (
    <div class={alert ? 'notice alert' : 'notice'} role={alert ? 'alert' : undefined}>
      <h2>{title}</h2>
      <p>{children}</p>
    </div>
  );
}

function Body({ state, reload }: { state: PanelState; reload: () => void }) {
  const tabId = state.tab.id;
  const here = useMemo(() => new Set(state.page?.rules ?? []), [state.page]);
  const known = useMemo(() => new Set(state.known), [state.known]);
  const ruleNames = useMemo(() => new Map(state.catalog.map((r) => [r.id, r.name])), [state.catalog]);
  const [turnOnProblem, setTurnOnProblem] = useState('');
  const onStart = (ruleId: string) => sendMessage({ type: 'catalog.start', tabId, ruleId });

  switch (state.status) {
    case 'browser-page':
      return (
        <Notice title="Stepwise can't help on this page">
          Browser pages (a new tab, settings, extensions) and files on this computer don't let extensions in. Switch to
          a tab with your web app.
        </Notice>
      );
    case 'pdf':
      return (
        <Notice title="This tab shows a PDF">
          Extensions can't add help inside PDF documents. Go back to the app's page to see its help.
        </Notice>
      );
    case 'off':
      return (
        <div class="notice">
          <h2>Stepwise is off for {siteName(state)}</h2>
          <p>Turn it on to see this site's checklists and walkthroughs. Your browser asks you first.</p>
          <button
            type="button"
            onClick={async () => {
              setTurnOnProblem('');
              try {
                if (state.origin && (await requestSite(state.origin))) reload();
              } catch (error) {
                setTurnOnProblem((error as Error).message);
              }
            }}
          >
            Turn on for this site
          </button>
          {turnOnProblem && (
            <p class="error" role="alert">
              {turnOnProblem}
            </p>
          )}
        </div>
      );
    case 'unreachable':
      return (
        <div class="notice">
          <h2>Stepwise can't reach this page</h2>
          <p>
            The page may have opened before Stepwise was turned on, or it blocks extensions. Reload it and look again.
          </p>
          <button type="button" onClick={() => void browser.tabs.reload(tabId)}>
            Reload the page
          </button>
        </div>
      );
  }

  if (state.packs === 0) {
    return (
      <div class="notice">
        <h2>No help installed yet</h2>
        <p>
          Help comes in rule packs: the walkthroughs, tips and checklists for an app. Import the .json file your team
          shared.
        </p>
        <ImportPackLater onImported={reload} />
      </div>
    );
  }

  const pageChecklists = state.checklists.filter((c) => state.page?.checklists.includes(c.id));
  const nothingHere = state.status === 'ready' && !pageChecklists.length && !here.size;
  return (
    <>
      {state.status === 'checking' && (
        <p class="muted" role="status">
          Checking this page… The app's help is listed below meanwhile.
        </p>
      )}
      {state.catalog.length === 0 && !state.checklists.length && (
        <Notice title={`No help for ${siteName(state)} yet`}>
          The packs you have are for other apps. Import this app's pack in{' '}
          <a href={settingsUrl()} target="_blank" rel="noreferrer">
            Settings
          </a>
          .
        </Notice>
      )}
      {nothingHere && state.catalog.length > 0 && (
        <p class="notice">Nothing here is for this page. The rest of this app's help is below.</p>
      )}
      {pageChecklists.length > 0 && (
        <Checklists checklists={pageChecklists} onShow={(id) => void onStart(id)} ruleNames={ruleNames} />
      )}
      {state.status === 'ready' && !pageChecklists.length && state.checklists.length > 0 && !nothingHere && (
        <section aria-labelledby="checklists-heading" class="panel-section">
          <h2 id="checklists-heading">Checklists</h2>
          <p class="muted">
            None for this page. This app's {state.checklists.length === 1 ? 'checklist' : 'checklists'} (
            {state.checklists.map((c) => c.title).join(', ')}) {state.checklists.length === 1 ? 'shows' : 'show'} on the
            pages {state.checklists.length === 1 ? 'it is' : 'they are'} for.
          </p>
        </section>
      )}
      {state.catalog.length > 0 && (
        <Catalog
          rules={state.catalog}
          contentKey={state.contentKey}
          here={here}
          pageKnown={state.status !== 'checking'}
          known={known}
          completions={state.completions}
          expertAfter={state.expertAfter}
          pageUrl={state.page?.url ?? state.tab.url}
          onStart={onStart}
          onUndoKnown={(ruleId) => void sendMessage({ type: 'rule.known', ruleId, known: false }).then(reload)}
          loadTexts={() => sendMessage({ type: 'catalog.texts', tabId })}
          onGo={(url) => void browser.tabs.update(tabId, { url })}
        />
      )}
      <Stuck tabId={tabId} />
    </>
  );
}
