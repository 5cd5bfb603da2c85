import { useState } from 'preact/hooks';
import { ClearDataSection } from '../../components/options/ClearDataSection';
import { ExpertiseSection } from '../../components/options/ExpertiseSection';
import { PacksSection } from '../../components/options/PacksSection';
import { SitesSection } from '../../components/options/SitesSection';
import { StoreProblems } from '../../components/options/StoreProblems';
import { UsageSection } from '../../components/options/UsageSection';

export function App() {
  // Bumped after a change that other sections show (an import, a clear): they load again.
  const [revision, setRevision] = useState(0);
  const changed = () => setRevision((r) => r + 1);
  return (
    <main class="options">
      <h1>Stepwise settings</h1>
      <StoreProblems revision={revision} />
      <SitesSection />
      <PacksSection revision={revision} onChange={changed} />
      <UsageSection revision={revision} />
      <ExpertiseSection revision={revision} />
      <ClearDataSection onCleared={changed} />
    </main>
  );
}
