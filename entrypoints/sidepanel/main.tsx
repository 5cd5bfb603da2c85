import '../../components/page.css';
import { openPanel } from '../../pages/sidepanel/opening';

const root = document.getElementById('app');
if (root) {
  // Asked first, loaded meanwhile: the background answers while the views load (opening.ts).
  const opening = openPanel();
  Promise.all([import('../../pages/sidepanel/App'), opening]).then(
    ([{ mountPanel }, opened]) => mountPanel(root, opened),
    (error: unknown) => {
      root.textContent = `Stepwise could not open its panel (${String(error)}). Close the panel and open it again.`;
    },
  );
}
