import { render } from 'preact';
import '../../components/page.css';
import { App } from '../../pages/sidepanel/App';

const root = document.getElementById('app');
if (root) render(<App />, root);
