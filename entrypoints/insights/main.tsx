import { render } from 'preact';
import '../../components/page.css';
import '../../pages/insights/insights.css';
import { App } from '../../pages/insights/App';
import { localSource } from '../../pages/insights/source';

const root = document.getElementById('app');
if (root) render(<App source={localSource} />, root);
