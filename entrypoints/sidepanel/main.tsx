import '../../components/page.css';
import { openPanel } from '../../pages/sidepanel/opening';
import { readSnapshot, showSnapshot, showsSnapshot } from '../../pages/sidepanel/snapshot';

const root = document.getElementById('app');
if (root) {
  // Asked first, loaded meanwhile: the background answers while the views load (opening.ts).
  const opening = openPanel();
  // The lists as last drawn for this page, at once, until the live answer replaces them.
  opening.then(
    (opened) => {
      const picture = opened.answer ? null : readSnapshot(opened.url);
      if (picture) showSnapshot(root, picture);
    },
    () => undefined,
  );
  Promise.all([import('../../pages/sidepanel/App'), opening]).then(
    async ([{ mountPanel }, opened]) => {
      // Over a picture, the live panel comes with its answer (or its error), never "Loading…".
      if (showsSnapshot(root)) await opened.state?.catch(() => undefined);
      mountPanel(root, opened);
    },
    (error: unknown) => {
      root.textContent = `Stepwise could not open its panel (${String(error)}). Close the panel and open it again.`;
    },
  );
}
