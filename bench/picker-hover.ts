import type { StepwiseBrowser } from '../browser-harness/harness';

export async function measureHover(_sw: StepwiseBrowser, _url: string, _bundle: string) {
  return {
    hoverPageElements: 0,
    hoverToHighlightP95Ms: Number.NaN,
    hoverToHighlightP50Ms: Number.NaN,
    naiveHoverP95Ms: Number.NaN,
  };
}
