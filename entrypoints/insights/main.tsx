import '../../components/page.css';
import '../../pages/insights/insights.css';
import { firstRequests } from '../../pages/insights/first';
import { localSource, naiveSource } from '../../pages/insights/source';

const root = document.getElementById('app');
// The baseline source is for the benchmark only: production builds always read the background's report.
const naive = import.meta.env.MODE !== 'production' && new URLSearchParams(location.search).get('source') === 'naive';
const source = naive ? naiveSource : localSource;
// The background is asked at once; the page's views load meanwhile.
const first = firstRequests(source, location);
if (root)
  Promise.all([import('preact'), import('../../pages/insights/App')]).then(
    ([{ h, render }, { App }]) => render(h(App, { source, first }), root),
    (error: unknown) => {
      root.textContent = `The Insights page could not load its code (${error instanceof Error ? error.message : String(error)}). Reload the page.`;
    },
  );
