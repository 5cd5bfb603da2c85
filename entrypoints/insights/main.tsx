import { render } from 'preact';
import '../../components/page.css';
import '../../pages/insights/insights.css';
import { App } from '../../pages/insights/App';
import { localSource, naiveSource } from '../../pages/insights/source';

const root = document.getElementById('app');
// The baseline source is for the benchmark only: production builds always read the background's report.
const naive = import.meta.env.MODE !== 'production' && new URLSearchParams(location.search).get('source') === 'naive';
if (root) render(<App source={naive ? naiveSource : localSource} />, root);
