import { useLayoutEffect, useRef } from 'preact/hooks';
import { follow } from '../utils/overlay/position';

const PAD = 6;

/** Dims the page around `target`. It takes no pointer events, so it never blocks the target (or anything). */
export function Spotlight({ target }: { target: Element }) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const spot = ref.current;
    if (!spot) return;
    return follow(target, spot, (rect) => {
      spot.style.left = `${rect.x - PAD}px`;
      spot.style.top = `${rect.y - PAD}px`;
      spot.style.width = `${rect.width + PAD * 2}px`;
      spot.style.height = `${rect.height + PAD * 2}px`;
    });
  }, [target]);
  return <div ref={ref} class="spotlight" aria-hidden="true" />;
}
