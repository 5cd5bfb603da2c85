import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from '#imports';
import { LoadError, Loading } from '../../components/Async';
import type { PanelState } from '../../messaging/areas/panel';
import { sendMessage } from '../../messaging/send';
import { requestSite } from '../lib/sites';
import { pinnedTab, usePanelState } from '../sidepanel/use-panel';
import { openHelpPanel } from './help-panel';
import { MyTips } from './MyTips';
import { PickSection } from './PickSection';
import { QuickEditor } from './QuickEditor';
import { RecordSection } from './RecordSection';
import { SyncSection } from './SyncSection';

/** What every popup section gets: the tab's state as the side panel sees it. */
export interface SectionProps {
  state: PanelState;
  reload(): void;
}

/**
 * The popup's sections, in order. A feature with something to say or do in the popup adds its
 * own section component here.
 */
export const SECTIONS: ComponentType<SectionProps>[] = [
  SiteSection,
  HelpHereSection,
  PanelSection,
  PickerSection,
  RecorderSection,
  SyncSection,
  EditorSection,
  MyTipsSection,
];

/**
 * Whether the tab shows a web page whose elements can be pointed at: not a browser page, and not
 * a PDF (the browser's viewer lets no extension in, so picking, recording and tips cannot work).
 */
const onWebPage = (state: PanelState) => state.origin !== undefined && state.status !== 'pdf';

/** Picking an element for a rule, on a web page. */
function PickerSection({ state }: SectionProps) {
  return onWebPage(state) ? <PickSection tabId={state.tab.id} /> : null;
}

/** The person's own tips on this site, for everyone. */
function MyTipsSection({ state }: SectionProps) {
  return onWebPage(state) ? (
    <MyTips tabId={state.tab.id} url={state.tab.url ?? ''} siteOff={state.status === 'off'} />
  ) : null;
}

/** Recording a walkthrough, on a web page. */
function RecorderSection({ state }: SectionProps) {
  return onWebPage(state) ? <RecordSection tabId={state.tab.id} /> : null;
}

/** The quick editor: tips and hints on the element picked, drafts of this site. */
function EditorSection({ state }: SectionProps) {
  return onWebPage(state) ? <QuickEditor tabId={state.tab.id} url={state.tab.url ?? ''} /> : null;
}

/** The tab the popup is about: `?tabId=` (a popup opened as a page), else the active tab. */
function useTab(): number | null | undefined {
  const [tabId, setTabId] = useState<number | null | undefined>(pinnedTab());
  useEffect(() => {
    if (tabId !== undefined) return;
    browser.tabs.query({ active: true, currentWindow: true }).then(
      ([tab]) => setTabId(tab?.id ?? null),
      () => setTabId(null),
    );
  }, []);
  return tabId;
}

/** The popup: whether Stepwise is on here, how much help applies, and the way to the panel. */
export function App() {
  const tabId = useTab();
  const [state, reload] = usePanelState(tabId);
  return (
    <main class="popup">
      <header class="page-header">
        <h1>Stepwise</h1>
        <a class="header-link" href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          Settings
        </a>
      </header>
      {state.status === 'loading' && <Loading />}
      {state.status === 'no-tab' && <p class="muted">Open the web app you work in, then click Stepwise again.</p>}
      {state.status === 'error' && <LoadError error={state.error} />}
      {'tab' in state && SECTIONS.map((Section, i) => <Section key={i} state={state} reload={reload} />)}
    </main>
  );
}

function host(state: PanelState): string {
  try {
    return new URL(state.tab.url ?? '').hostname;
  } catch {
    return 'this page';
  }
}

/** On or off for this site, and the switch (which asks the browser for that one site). */
function SiteSection({ state, reload }: SectionProps) {
  const [problem, setProblem] = useState('');
  if (state.status === 'browser-page') {
    return (
      <section aria-labelledby="site-heading">
        <h2 id="site-heading">This page</h2>
        <p class="muted">Stepwise helps on web apps (http and https pages). Open one to turn it on.</p>
      </section>
    );
  }
  const on = state.status !== 'off';
  const name = host(state);
  const act = async () => {
    setProblem('');
    try {
      if (!state.origin) return;
      if (on) {
        const { removed } = await sendMessage({ type: 'sites.disable', origin: state.origin });
        if (!removed) setProblem(`Stepwise stays on for ${name}: this build was given it at install.`);
      } else if (!(await requestSite(state.origin))) {
        setProblem('Not turned on: the browser did not allow it.');
      }
      reload();
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  return (
    <section aria-labelledby="site-heading">
      <h2 id="site-heading">This site</h2>
      <div class="site-line">
        <p>
          <span class={on ? 'status-dot on' : 'status-dot'} aria-hidden="true" />
          Stepwise is <strong>{on ? 'on' : 'off'}</strong> for <span class="site">{name}</span>
        </p>
        <button type="button" class={on ? 'secondary small' : 'small'} onClick={() => void act()}>
          {on ? 'Turn off' : 'Turn on for this site'}
        </button>
      </div>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 walkthroughs, 1 tip, 1 checklist" on this page, and how much more the app has. */
export function helpSummary(state: PanelState): string {
  const here = new Set(state.page?.rules ?? []);
  const kinds = { walkthrough: 0, tip: 0, hint: 0 };
  for (const rule of state.catalog) if (here.has(rule.id)) kinds[rule.kind]++;
  const checklists = state.page?.checklists.length ?? 0;
  const parts = [
    kinds.walkthrough && plural(kinds.walkthrough, 'walkthrough'),
    kinds.tip && plural(kinds.tip, 'tip'),
    checklists && plural(checklists, 'checklist'),
  ].filter(Boolean);
  const elsewhere = state.catalog.length - kinds.walkthrough - kinds.tip;
  const more = elsewhere > 0 ? ` ${plural(elsewhere, 'more')} elsewhere in this app.` : '';
  return parts.length ? `${parts.join(', ')} on this page.${more}` : `No help on this page.${more}`;
}

/** How much help applies here. */
function HelpHereSection({ state }: SectionProps) {
  if (state.status === 'browser-page' || state.status === 'off') return null;
  const words =
    state.status === 'pdf'
      ? "Extensions can't add help inside PDF documents. Go back to the app's page to see its help."
      : state.status === 'unreachable'
        ? 'Stepwise cannot reach this page. Reload it to see its help.'
        : state.packs === 0
          ? 'No help installed yet: import a rule pack in Settings.'
          : state.status === 'checking'
            ? 'Checking this page…'
            : helpSummary(state);
  return (
    <section aria-labelledby="here-heading">
      <h2 id="here-heading">Help here</h2>
      <p>{words}</p>
    </section>
  );
}

/** The way to the side panel, and its shortcut. */
function PanelSection({ state }: SectionProps) {
  const [shortcut, setShortcut] = useState<string | null>(null);
  const [windowId, setWindowId] = useState<number | undefined>();
  useEffect(() => {
    browser.commands
      ?.getAll()
      .then((all) => {
        const command = all.find((c) => c.name === 'open-help-panel' || c.name === '_execute_sidebar_action');
        setShortcut(command?.shortcut ?? '');
      })
      .catch(() => setShortcut(''));
    browser.tabs
      .get(state.tab.id)
      .then((tab) => setWindowId(tab.windowId))
      .catch(() => undefined);
  }, [state.tab.id]);
  return (
    <section aria-labelledby="panel-heading">
      <h2 id="panel-heading">Help panel</h2>
      <p class="muted">Checklists for this page, every walkthrough and tip of the app, and “I'm stuck”.</p>
      <div class="actions">
        <button
          type="button"
          onClick={() => {
            // First, while the browser still counts the click: it opens a panel only then.
            const opening = openHelpPanel(windowId);
            void opening?.then(() => window.close());
          }}
        >
          Open help panel
        </button>
        {shortcut !== null && (
          <span class="small">
            {shortcut ? (
              <>
                Shortcut: <kbd>{shortcut}</kbd>
              </>
            ) : (
              'No shortcut set (choose one in the browser’s extension shortcuts).'
            )}
          </span>
        )}
      </div>
    </section>
  );
}
