import { render } from 'preact';
import '../../components/page.css';
import { App } from '../../pages/editor/App';

const root = document.getElementById('app');
if (root) render(<App />, root);
