import { useState } from 'preact/hooks';
import { ClearDataSection } from './ClearDataSection';
import { ExpertiseSection } from './ExpertiseSection';
import { HelpSection } from './HelpSection';
import { PacksSection } from './PacksSection';
import { SitesSection } from './SitesSection';
import { StoreProblems } from './StoreProblems';
import { TeamServerSection } from './TeamServerSection';
import { UsageSection } from './UsageSection';

export function App() {
  // Bumped after a change that other sections show (an import, a clear): they load again.
  const [revision, setRevision] = useState(0);
  const changed = () => setRevision((r) => r + 1);
  return (
    <main class="options">
      <header class="page-header">
        <h1>Stepwise settings</h1>
        <a class="header-link" href="/insights.html">
          Insights
        </a>
      </header>
      <p class="lead">
        Which sites Stepwise helps on, the help installed, what people asked, and your data. Which walkthroughs people
        finish, where they drop off and which help broke are on the <a href="/insights.html">Insights</a> page.
      </p>
      <StoreProblems revision={revision} />
      <SitesSection />
      <PacksSection revision={revision} onChange={changed} />
      <UsageSection revision={revision} />
      <HelpSection revision={revision} />
      <ExpertiseSection revision={revision} />
      <TeamServerSection onChange={changed} />
      <ClearDataSection onCleared={changed} />
    </main>
  );
}
