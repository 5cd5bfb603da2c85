/**
 * The Insights page: outcomes, walkthrough funnels, content health and what is recorded, for one
 * period, pack or rule. Each view is a section reached from the navigation (and by its address's
 * hash, so the toolbar badge can open `#health`); every chart has its table.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { hasPart, type InsightsReport, type ReportPart } from '../../insights/model';
import { sendMessage } from '../../messaging/send';
import { type FilterState, filterFromSearch, PART, searchOf, VIEWS, type View, viewOf } from './address';
import { Filters } from './Filters';
import { FunnelView } from './FunnelView';
import type { FirstRequests } from './first';
import { percent } from './format';
import { HealthView } from './HealthView';
import { OutcomesView } from './OutcomesView';
import { PrivacyView } from './PrivacyView';
import { type InsightsSource, reportCache, teamSource } from './source';
import { loadCharts } from './TimeChart';
import { useReport } from './use-report';

/**
 * The page: this browser's figures (`source`), or the team's when a team server is connected
 * (the team's first; a switch goes from one to the other).
 */
export function App({ source: local, first }: { source: InsightsSource; first?: FirstRequests }) {
  const [view, setView] = useState<View>(() => viewOf(location.hash));
  const [filters, setFilters] = useState<FilterState>(() => first?.filters ?? filterFromSearch(location.search));
  const [revision, setRevision] = useState(0);
  const [team, setTeam] = useState<InsightsSource | null>(null);
  const [useTeam, setUseTeam] = useState(true);
  const [checked, setChecked] = useState(false);
  const report = useMemo(
    () =>
      reportCache(
        first && { source: local, filter: first.filters.filter, part: first.part, revision: 0, report: first.report },
      ),
    [],
  );
  // The part last asked for stays while the privacy view is open (its filters are hidden).
  const [part, setPart] = useState<ReportPart>(() => first?.part ?? PART[viewOf(location.hash)] ?? 'outcomes');
  useEffect(() => {
    const wanted = PART[view];
    if (wanted) setPart(wanted);
  }, [view]);
  useLayoutEffect(() => {
    // Asked for as the page first renders, not after its first paint (a layout effect): the charts'
    // library and this browser's figures are on their way while the page learns whether a team
    // server is connected (most often none is: the local figures are then the ones shown).
    if (PART[viewOf(location.hash)]) loadCharts().catch(() => undefined);
    report(local, filters.filter, part, revision).catch(() => undefined);
    (first?.status ?? sendMessage({ type: 'sync.status' }))
      .then((status) => {
        if (status.connected) setTeam(teamSource(status.workspace?.name ?? status.serverUrl ?? 'team server'));
      })
      .catch(() => undefined)
      .finally(() => setChecked(true));
  }, []);
  const source = team && useTeam ? team : local;
  const state = useReport(
    () => (checked ? report(source, filters.filter, part, revision) : null),
    [filters, revision, source, checked, part],
  );
  // The last report drawn stays for the filters while the next is on its way.
  const last = useRef<InsightsReport | null>(null);
  if (state.status === 'ready') last.current = state.value;
  useEffect(() => {
    // The address says the filters, so the page can be linked to and reloaded as it is.
    const search = searchOf(filters, location.search);
    if (search !== location.search) history.replaceState(history.state, '', `${search}${location.hash}`);
  }, [filters]);
  useEffect(() => {
    const follow = () => setView(viewOf(location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const shown = last.current;
  // While another view's part is on its way, the figures of the one before are not shown in its place.
  const ready = shown && hasPart(shown, PART[view] ?? part) ? shown : null;

  return (
    <div class="insights">
      <header>
        <h1>Stepwise insights</h1>
        <p class="muted">{source.label}: what happens to the help, to find what to fix.</p>
        {team && (
          <fieldset class="source-switch">
            <legend>Figures of</legend>
            <label>
              <input type="radio" name="source" checked={useTeam} onChange={() => setUseTeam(true)} /> {team.label}
            </label>
            <label>
              <input type="radio" name="source" checked={!useTeam} onChange={() => setUseTeam(false)} /> {local.label}
            </label>
          </fieldset>
        )}
        <nav aria-label="Insights views">
          <ul class="tabs">
            {VIEWS.map(([id, name]) => (
              <li key={id}>
                <a href={`#${id}`} aria-current={view === id ? 'page' : undefined}>
                  {name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {view !== 'privacy' && <Filters state={filters} report={last.current} onChange={setFilters} />}
      </header>
      <main aria-busy={state.status === 'loading'}>
        {view === 'privacy' ? (
          <PrivacyView onCleared={() => setRevision((r) => r + 1)} />
        ) : state.status === 'error' ? (
          <p class="error" role="alert">
            The figures could not be read: {state.error} Reload the page to try again.
          </p>
        ) : !ready ? (
          <p class="muted">Loading…</p>
        ) : (
          <Report report={ready} view={view} />
        )}
      </main>
    </div>
  );
}

function Report({ report, view }: { report: InsightsReport; view: View }) {
  if (!report.rules.length) {
    return (
      <p class="empty">
        No rule packs yet. Import one in <a href="/options.html">Stepwise settings</a>: insights appear once its help
        has been shown on your sites.
      </p>
    );
  }
  const empty = !report.hasData && (
    <p class="empty">
      Nothing counted from {report.range.from} to {report.range.to}. Counts appear once help has been shown on one of
      your sites; try a longer period, or another pack.
    </p>
  );
  if (view === 'outcomes') return empty || <OutcomesView outcomes={report.outcomes} />;
  if (view === 'health') return <HealthView health={report.health} />;
  return empty || <Walkthroughs report={report} />;
}

function Walkthroughs({ report }: { report: InsightsReport }) {
  const [chosen, setChosen] = useState<string | null>(null);
  const funnels = report.funnels;
  if (!funnels.length) return <p class="empty">No walkthrough in this selection. Pick another pack or rule.</p>;
  const selected = funnels.find((f) => f.ruleId === chosen) ?? funnels[0]!;
  // The team server sends the most started only, and how many there are.
  const total = report.walkthroughs ?? funnels.length;
  return (
    <section aria-labelledby="walkthroughs-heading">
      <h2 id="walkthroughs-heading">Walkthroughs</h2>
      <table class="walkthrough-list">
        <caption>Walkthroughs by runs started</caption>
        <thead>
          <tr>
            <th scope="col">Walkthrough</th>
            <th scope="col">Started</th>
            <th scope="col">Completed</th>
            <th scope="col">Most drop off at</th>
          </tr>
        </thead>
        <tbody>
          {funnels.slice(0, 50).map((f) => (
            <tr key={f.ruleId} aria-selected={f === selected}>
              <th scope="row">
                <button type="button" class="link" aria-pressed={f === selected} onClick={() => setChosen(f.ruleId)}>
                  {f.name}
                </button>
              </th>
              <td>{f.started.toLocaleString()}</td>
              <td>
                {f.completed.toLocaleString()} ({percent(f.completionRate)})
              </td>
              <td>{f.dropOff ? `${f.dropOff.stepIndex + 1}. ${f.dropOff.title}` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {total > 50 && (
        <p class="muted">The 50 most started of {total} are listed; filter by pack or rule for the others.</p>
      )}
      <FunnelView key={selected.ruleId} funnel={selected} />
    </section>
  );
}
