import '../../components/page.css';
import { mountPanel } from '../../pages/sidepanel/App';
import { openPanel } from '../../pages/sidepanel/opening';
import { readSnapshot, showSnapshot, showsSnapshot } from '../../pages/sidepanel/snapshot';

const root = document.getElementById('app');
if (root) {
  // Asked first: the background answers while the picture is drawn (opening.ts). The views are
  // imported with this module, not after it, so their files load with it in one wave.
  const opening = openPanel();
  opening.then(
    async (opened) => {
      // The lists as last drawn for this page, at once, until the live answer replaces them.
      const picture = opened.answer ? null : readSnapshot(opened.url);
      if (picture) showSnapshot(root, picture);
      // Over a picture, the live panel comes with its answer (or its error), never "Loading…".
      if (showsSnapshot(root)) await opened.state?.catch(() => undefined);
      mountPanel(root, opened);
    },
    (error: unknown) => {
      root.textContent = `Stepwise could not open its panel (${String(error)}). Close the panel and open it again.`;
    },
  );
}
