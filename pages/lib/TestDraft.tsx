/**
 * "Test on the page": runs a draft on a tab's page before it is published, shown as published
 * help is, with a marker on the page; nothing it does is counted. The popup tests on its own tab;
 * the editor page offers the open tabs of sites that are on, the one the draft matches first, and
 * when none shows one of its pages, opens the page the draft was written on and tests there. Once
 * it runs, the background follows the draft's saved edits there (`followingDrafts`).
 */
import { useEffect, useState } from 'preact/hooks';
import type { DraftTest } from '../../messaging/messages';
import { sendMessage } from '../../messaging/send';
import { ProblemList } from './ProblemList';
import { ruleMatches as matches, openTab, type TabChoice, webTabs } from './web-tabs';

export function TestDraft({
  draftId,
  rule,
  tabId,
  pageUrl,
  beforeTest,
}: {
  draftId: string;
  /** The draft's rule now (to offer the tabs it matches first). */
  rule: unknown;
  /** The tab to test in (the popup's); without it, the author chooses. */
  tabId?: number;
  /** The page the draft was written on: opened to test there when no tab shows one of its pages. */
  pageUrl?: string;
  /** Saves what is still being saved: the test runs the draft as it is shown. */
  beforeTest: () => Promise<void>;
}) {
  const [tabs, setTabs] = useState<TabChoice[] | null>(tabId === undefined ? null : []);
  const [chosen, setChosen] = useState<number | undefined>(tabId);
  const [test, setTest] = useState<DraftTest | null>(null);
  const [words, setWords] = useState('');
  const [problems, setProblems] = useState<{ path: string; message: string }[]>([]);

  useEffect(() => {
    if (tabId !== undefined) return;
    webTabs(rule).then(
      (list) => {
        setTabs(list);
        setChosen((c) => c ?? list[0]?.id);
      },
      () => setTabs([]),
    );
  }, [tabId]);

  useEffect(() => {
    if (chosen === undefined) return;
    sendMessage({ type: 'drafts.testing', tabId: chosen }).then(
      ({ test: t }) => setTest(t),
      () => setTest(null),
    );
  }, [chosen]);

  const start = async (on = chosen) => {
    if (on === undefined) return;
    setProblems([]);
    setWords('');
    try {
      await beforeTest();
      const result = await sendMessage({ type: 'drafts.test', id: draftId, tabId: on });
      if (!result.testing) {
        setProblems(result.problems);
        return;
      }
      setTest((await sendMessage({ type: 'drafts.testing', tabId: on })).test);
      setWords(
        result.matchesPage
          ? 'Testing on the page, which was loaded again to show it. Nothing is counted.'
          : 'Testing: it shows once the tab is on one of its pages. Nothing is counted.',
      );
    } catch (e) {
      setProblems([{ path: '', message: e instanceof Error ? e.message : String(e) }]);
    }
  };
  /** Opens the draft's page in a new tab (behind the editor) and tests there. */
  const openAndTest = async () => {
    if (!pageUrl) return;
    setProblems([]);
    try {
      const opened = await openTab(pageUrl);
      setTabs((list) => [opened, ...(list ?? []).filter((t) => t.id !== opened.id)]);
      setChosen(opened.id);
      await start(opened.id);
    } catch (e) {
      setProblems([{ path: '', message: e instanceof Error ? e.message : String(e) }]);
    }
  };
  const stop = async () => {
    if (chosen === undefined) return;
    await sendMessage({ type: 'drafts.stopTest', tabId: chosen });
    setTest(null);
    setWords('Testing stopped; the page was loaded again without the draft.');
  };

  const other = test && test.draftId !== draftId;
  return (
    <section class="test-draft" aria-labelledby={`test-${draftId}-heading`}>
      <h3 id={`test-${draftId}-heading`}>Test on the page</h3>
      <p class="muted small">Runs this draft on the page before it is published. Nothing it does is counted.</p>
      {tabs === null ? (
        <p class="muted">Looking for open tabs…</p>
      ) : tabId === undefined && tabs.length === 0 ? (
        <p class="muted">
          {pageUrl
            ? 'No tab shows one of its pages: open its page to test there.'
            : 'No tab shows a site Stepwise is on: open the app in a tab, then come back.'}
        </p>
      ) : (
        tabId === undefined && (
          <div class="field">
            <label for={`test-${draftId}-tab`}>Tab</label>
            <select
              id={`test-${draftId}-tab`}
              value={chosen === undefined ? '' : String(chosen)}
              onChange={(e) => setChosen(Number(e.currentTarget.value))}
            >
              {tabs.map((t) => (
                <option key={t.id} value={String(t.id)}>
                  {t.title}
                  {matches(rule, t.url) ? ' (one of its pages)' : ''}
                </option>
              ))}
            </select>
          </div>
        )
      )}
      {test && (
        <p>{other ? `Another draft is being tested there: “${test.name}”.` : `Testing “${test.name}” there now.`}</p>
      )}
      {test && !other && (
        <p class="muted small">
          The page follows your edits: a moment after each change it is loaded again with it, at the same step of a
          walkthrough. While the draft has problems, the page keeps its last version without any.
        </p>
      )}
      <div class="row">
        {tabId === undefined && pageUrl && tabs !== null && !tabs.some((t) => matches(rule, t.url)) && (
          <button type="button" class="secondary" onClick={() => void openAndTest()}>
            Open its page and test there
          </button>
        )}
        <button type="button" class="secondary" disabled={chosen === undefined} onClick={() => void start()}>
          {test && !other
            ? 'Test again from the start'
            : tabId === undefined
              ? 'Test in this tab'
              : 'Test on this page'}
        </button>
        {test && (
          <button type="button" class="secondary" onClick={() => void stop()}>
            Stop testing
          </button>
        )}
      </div>
      <p role="status" class="small">
        {words}
      </p>
      {problems.length > 0 && (
        <div role="alert">
          <p>Not tested:</p>
          <ProblemList problems={problems} />
        </div>
      )}
    </section>
  );
}
